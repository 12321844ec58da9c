import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { DEFAULT_FLAGS, KeyFileError, loadKeyFile, parseKeyFile } from '../../../src/core/auth/key-file.ts';

const SHIPPED = fileURLToPath(new URL('../../../config/auth.ini', import.meta.url));

const userOf = (text: string, key: string) => parseKeyFile(text).lookup(key);

describe('parseKeyFile: reference configparser semantics', () => {
  it('section = group, option = user (lower-cased), value = key[,flags]', () => {
    const ring = parseKeyFile('[brokers]\nBroker = broker\nbrokerH = brokerh,12345h\n\n[Administrator]\nadministrator = administrator\n');
    assert.deepEqual(ring.lookup('broker'), {
      name: 'broker',
      group: 'brokers',
      flags: '123456',
      levels: new Set(['1', '2', '3', '4', '5', '6']),
      permissions: new Set(),
    });
    const h = ring.lookup('brokerh');
    assert.equal(h?.name, 'brokerh');
    assert.equal(h?.flags, '12345h');
    assert.deepEqual(h?.levels, new Set(['1', '2', '3', '4', '5']));
    assert.deepEqual(h?.permissions, new Set(['h']));
    assert.equal(ring.lookup('administrator')?.group, 'Administrator');
    assert.equal(ring.lookup('Broker'), undefined, 'keys are compared exactly');
    assert.equal(ring.size, 3);
  });

  it('default flags are 123456 without a comma; "key," means no flags at all', () => {
    assert.equal(DEFAULT_FLAGS, '123456');
    const none = userOf('[brokers]\nb = k,\n', 'k');
    assert.equal(none?.flags, '');
    assert.equal(none?.levels.size, 0);
    assert.equal(none?.permissions.size, 0);
  });

  it('splits at the first comma only and does not strip around it', () => {
    const u = userOf('[brokers]\nb = k,1,2\n', 'k');
    assert.equal(u?.flags, '1,2');
    assert.deepEqual(u?.levels, new Set(['1', '2']));
    assert.deepEqual(u?.permissions, new Set([',']));
    assert.equal(userOf('[brokers]\nb = k , 1\n', 'k ')?.flags, ' 1');
    assert.equal(userOf('[brokers]\nb = k , 1\n', 'k'), undefined);
  });

  it('accepts ":" as delimiter, the first delimiter wins, whitespace around it is stripped', () => {
    assert.equal(userOf('[bots]\nbot: bot\n', 'bot')?.name, 'bot');
    assert.equal(userOf('[bots]\na:b = c\n', 'b = c')?.name, 'a');
    assert.equal(userOf('[bots]\nx=y\n', 'y')?.name, 'x');
  });

  it('full-line comments start with # or ; (also indented); there are no inline comments', () => {
    const ring = parseKeyFile('# top\n; also\n[brokers]\n   # indented comment\nb = broker # not a comment\n');
    assert.equal(ring.size, 1);
    assert.equal(ring.lookup('broker # not a comment')?.name, 'b');
  });

  it('keeps section case, dotted user names and unicode names', () => {
    const ring = parseKeyFile('[mörkö]\nMörkö = mörkö\n[brokers]\ntest.exit.example = 71a71d3c312244049911cf645a256ce2,1234x\n');
    assert.deepEqual([ring.lookup('mörkö')?.group, ring.lookup('mörkö')?.name], ['mörkö', 'mörkö']);
    const exited = ring.lookup('71a71d3c312244049911cf645a256ce2');
    assert.equal(exited?.name, 'test.exit.example');
    assert.deepEqual(exited?.permissions, new Set(['x']));
  });

  it('a later entry with the same key wins but keeps the first position (dict.update)', () => {
    const ring = parseKeyFile('[reviewer]\nreviewer = reviewer\n[brokers]\nb = b\n[aboveThresholdReviewers]\nreviewer = reviewer\n');
    assert.equal(ring.lookup('reviewer')?.group, 'aboveThresholdReviewers');
    assert.deepEqual(ring.users().map((u) => u.group), ['aboveThresholdReviewers', 'brokers']);
    assert.equal(ring.findByName('reviewer')?.group, 'aboveThresholdReviewers');
    assert.equal(ring.findByName('nobody'), undefined);
  });

  it('indented lines continue the previous value; blank lines inside are kept, trailing ones dropped', () => {
    const ring = parseKeyFile('[brokers]\nb = key\n  ,12\n\n[bots]\nbot = bot\n');
    assert.equal(ring.lookup('key\n')?.flags, '12');
    assert.equal(ring.lookup('bot')?.group, 'bots');
  });

  it('[DEFAULT] options appear in every section, the last section winning the key', () => {
    const ring = parseKeyFile('[DEFAULT]\nshared = shared\n[a]\nx = x\n[b]\ny = y\n');
    assert.equal(ring.lookup('shared')?.group, 'b');
    assert.equal(ring.lookup('x')?.group, 'a');
    assert.equal(ring.users().some((u) => u.group === 'DEFAULT'), false);
  });

  it('interpolates %% and %(name)s like BasicInterpolation', () => {
    const ring = parseKeyFile('[brokers]\nbase = abc\nb = k%%1\nc = %(base)s-2,3\n');
    assert.equal(ring.lookup('k%1')?.name, 'b');
    assert.equal(ring.lookup('abc-2')?.flags, '3');
  });

  it('tolerates CRLF line ends and a BOM', () => {
    assert.equal(parseKeyFile('\uFEFF[brokers]\r\nb = broker\r\n').lookup('broker')?.group, 'brokers');
  });

  const refused: Array<[string, string, number]> = [
    ['option before any section', 'b = broker\n', 1],
    ['line without a delimiter', '[brokers]\nb = broker\njustaword\n', 3],
    ['duplicate section', '[brokers]\na = a\n[brokers]\nb = b\n', 3],
    ['duplicate user in a section (after lower-casing)', '[brokers]\nb = x\nB = y\n', 3],
    ['empty user name', '[brokers]\n = key\n', 2],
    ['empty key', '[brokers]\nb = ,12\n', 2],
    ['stray %', '[brokers]\nb = 10%\n', 2],
    ['missing interpolation option', '[brokers]\nb = %(nope)s\n', 2],
  ];
  for (const [what, text, line] of refused) {
    it(`refuses ${what}, naming line ${line}`, () => {
      assert.throws(
        () => parseKeyFile(text, 'auth.ini'),
        (err: unknown) => err instanceof KeyFileError && err.line === line && err.message.startsWith(`auth.ini, line ${line}:`),
      );
    });
  }
});

describe('loadKeyFile', () => {
  it('names the file when it cannot be read', () => {
    assert.throws(() => loadKeyFile('/nonexistent/auth.ini'), /\/nonexistent\/auth\.ini/);
  });

  it('loads the shipped development key file with the reference test users', () => {
    const ring = loadKeyFile(SHIPPED);
    const expect: Array<[string, string, string, string]> = [
      // key, name, group, flags
      ['broker', 'broker', 'brokers', '123456'],
      ['broker1', 'broker1', 'brokers', '1'],
      ['broker2', 'broker2', 'brokers', '2'],
      ['broker3', 'broker3', 'brokers', '3'],
      ['broker4', 'broker4', 'brokers', '4'],
      ['broker5', 'broker5', 'brokers', '5'],
      ['broker6', 'broker6', 'brokers', '6'],
      ['brokert', 'brokert', 'brokers', '12345t'],
      ['brokerx', 'brokerx', 'brokers', '12345x'],
      ['broker0', 'broker0', 'brokers', ''],
      ['chronograph', 'chronograph', 'chronograph', '123456'],
      ['auction', 'auction', 'auction', '123456'],
      ['administrator', 'administrator', 'Administrator', '123456'],
      ['reviewer', 'reviewer', 'aboveThresholdReviewers', '123456'],
      ['bot', 'bot', 'bots', '123456'],
      ['contracting', 'contracting', 'contracting', '123456'],
      ['inspector', 'inspector', 'inspectors', '123456'],
      ['competitive_dialogue', 'competitive_dialogue', 'competitive_dialogue', 'c'],
    ];
    for (const [key, name, group, flags] of expect) {
      const u = ring.lookup(key);
      assert.deepEqual([u?.name, u?.group, u?.flags], [name, group, flags], `key ${key}`);
    }
  });
});
