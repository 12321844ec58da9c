// Configuration keys of the built-in chronograph (extensions.md §1, §4).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('config: chronograph', () => {
  test('on by default, polling every second', () => {
    const c = loadConfig({});
    assert.equal(c.chronograph, true);
    assert.equal(c.chronographIntervalMs, 1000);
  });

  test('CHRONOGRAPH=off / 0 disables it; CHRONOGRAPH_INTERVAL_MS sets the poll', () => {
    assert.equal(loadConfig({ CHRONOGRAPH: 'off' }).chronograph, false);
    assert.equal(loadConfig({ CHRONOGRAPH: '0' }).chronograph, false);
    assert.equal(loadConfig({ CHRONOGRAPH: 'on', CHRONOGRAPH_INTERVAL_MS: '250' }).chronographIntervalMs, 250);
  });

  test('bad values stop the start with the list of problems', () => {
    assert.throws(() => loadConfig({ CHRONOGRAPH: 'sometimes', CHRONOGRAPH_INTERVAL_MS: '0' }), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.problems.length, 2);
      return true;
    });
  });
});
