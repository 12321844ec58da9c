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

  it('UPLOAD_QUOTA_BYTES_PER_DAY: 10 GiB by default, 0 turns it off, anything but a whole number stops the start', () => {
    assert.equal(loadConfig({}).uploadQuotaBytesPerDay, 10 * 1024 * 1024 * 1024);
    assert.equal(loadConfig({ UPLOAD_QUOTA_BYTES_PER_DAY: '0' }).uploadQuotaBytesPerDay, 0);
    assert.equal(loadConfig({ UPLOAD_QUOTA_BYTES_PER_DAY: '1000' }).uploadQuotaBytesPerDay, 1000);
    for (const bad of ['-1', '1.5', '10GB']) {
      assert.throws(() => loadConfig({ UPLOAD_QUOTA_BYTES_PER_DAY: bad }), (err: unknown) => err instanceof ConfigError && /UPLOAD_QUOTA_BYTES_PER_DAY must be an integer/.test(err.message));
    }
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

describe('config: PostgreSQL pool', () => {
  test('10 connections by default; DATABASE_POOL_SIZE sets it; a bad value stops the start', () => {
    assert.equal(loadConfig({}).databasePoolSize, 10);
    assert.equal(loadConfig({ DATABASE_POOL_SIZE: '25' }).databasePoolSize, 25);
    assert.throws(() => loadConfig({ DATABASE_POOL_SIZE: '0' }), (err: unknown) => err instanceof ConfigError && /DATABASE_POOL_SIZE/.test(err.message));
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

describe('config: connection limits and trusted proxies', () => {
  test('defaults: timeouts set, a connection cap, no trusted proxies', () => {
    const c = loadConfig({});
    assert.deepEqual(
      [c.headersTimeoutMs, c.requestTimeoutMs, c.idleTimeoutMs, c.maxConnections, c.trustedProxies],
      [20_000, 120_000, 65_000, 2048, []],
    );
  });

  test('values are read; TRUSTED_PROXIES takes addresses, CIDRs and named ranges', () => {
    const c = loadConfig({ HEADERS_TIMEOUT_MS: '1000', REQUEST_TIMEOUT_MS: '2000', IDLE_TIMEOUT_MS: '3000', MAX_CONNECTIONS: '10', TRUSTED_PROXIES: '10.0.0.1, 192.168.0.0/16 ::1 fd00::/8,loopback' });
    assert.deepEqual([c.headersTimeoutMs, c.requestTimeoutMs, c.idleTimeoutMs, c.maxConnections], [1000, 2000, 3000, 10]);
    assert.deepEqual(c.trustedProxies, ['10.0.0.1', '192.168.0.0/16', '::1', 'fd00::/8', 'loopback']);
  });

  test('bad values stop the start with the list of problems', () => {
    assert.throws(
      () => loadConfig({ HEADERS_TIMEOUT_MS: '5000', REQUEST_TIMEOUT_MS: '1000', IDLE_TIMEOUT_MS: 'soon', MAX_CONNECTIONS: '0', TRUSTED_PROXIES: 'proxy.example,10.0.0.0/33,1.2.3.4/8/1' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.deepEqual(err.problems, [
          'TRUSTED_PROXIES entries must be IP addresses or CIDR ranges, got "proxy.example"',
          'TRUSTED_PROXIES entries must be IP addresses or CIDR ranges, got "10.0.0.0/33"',
          'TRUSTED_PROXIES entries must be IP addresses or CIDR ranges, got "1.2.3.4/8/1"',
          'IDLE_TIMEOUT_MS must be an integer, got "soon"',
          'MAX_CONNECTIONS must be between 1 and 1000000, got 0',
          'HEADERS_TIMEOUT_MS (5000) must not exceed REQUEST_TIMEOUT_MS (1000)',
        ]);
        return true;
      },
    );
  });
});
