// Configuration keys: the document service and uploads (extensions.md §3), the chronograph (§1, §4).
import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.ts';
import { buildTestApp } from './helpers/app.ts';

describe('config: document service', () => {
  it('defaults: mounted at /ds, DS_URL under it, 50 MiB uploads', () => {
    const c = loadConfig({});
    assert.equal(c.dsMountPath, '/ds');
    assert.equal(c.dsUrl, 'http://127.0.0.1:8000/ds');
    assert.equal(c.maxUploadBytes, 50 * 1024 * 1024);
  });

  it('DS_MOUNT_PATH moves the service (and the default DS_URL); "off" disables it', () => {
    const moved = loadConfig({ DS_MOUNT_PATH: '/files/ds', PUBLIC_URL: 'https://api.example' });
    assert.deepEqual([moved.dsMountPath, moved.dsUrl], ['/files/ds', 'https://api.example/files/ds']);
    assert.equal(loadConfig({ DS_MOUNT_PATH: 'off' }).dsMountPath, null);
  });

  it('refuses bad values with the list of problems', () => {
    assert.throws(() => loadConfig({ DS_MOUNT_PATH: 'ds', MAX_UPLOAD_BYTES: '0' }), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.problems.length, 2);
      return true;
    });
  });

  it('with the service off, its routes are not served', async () => {
    const t = await buildTestApp({ env: { DS_MOUNT_PATH: 'off' } });
    try {
      const r = await t.app.inject({ method: 'POST', url: '/ds/register', headers: { authorization: 'Bearer broker' }, payload: { data: { hash: `md5:${'0'.repeat(32)}` } } });
      assert.equal(r.statusCode, 404);
    } finally {
      await t.close();
    }
  });
});

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

describe('config: SQLite durability', () => {
  test('FULL by default; NORMAL on request; anything else stops the start', () => {
    assert.equal(loadConfig({}).sqliteSynchronous, 'FULL');
    assert.equal(loadConfig({ SQLITE_SYNCHRONOUS: 'normal' }).sqliteSynchronous, 'NORMAL');
    assert.throws(() => loadConfig({ SQLITE_SYNCHRONOUS: 'OFF' }), (err: unknown) => err instanceof ConfigError && /SQLITE_SYNCHRONOUS must be one of FULL, NORMAL/.test(err.message));
  });
});

describe('config: auction page streams', () => {
  test('200 watchers per run by default; AUCTION_PAGE_STREAMS_PER_RUN sets it; a bad value stops the start', () => {
    assert.equal(loadConfig({}).auctionPageStreamsPerRun, 200);
    assert.equal(loadConfig({ AUCTION_PAGE_STREAMS_PER_RUN: '5' }).auctionPageStreamsPerRun, 5);
    for (const bad of ['0', '-1', 'many', '100001']) {
      assert.throws(() => loadConfig({ AUCTION_PAGE_STREAMS_PER_RUN: bad }), (err: unknown) => err instanceof ConfigError && /AUCTION_PAGE_STREAMS_PER_RUN must be/.test(err.message));
    }
  });
});
