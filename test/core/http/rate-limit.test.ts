// Rate limiting per client (issue 7, reliability 5): a fixed minute window on the sandbox clock,
// keyed by API key user or client address; 429 in the error envelope with Retry-After.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../../src/config.ts';
import { RequestBudget } from '../../../src/core/http/rate-limit.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { api, expectError, expectStatus, setClock } from '../../helpers/api.ts';

const PING = '/api/2.5/ping';

describe('rate limit: RequestBudget', () => {
  test('allows perMinute requests per client and window, then tells the seconds left', () => {
    const budget = new RequestBudget(2);
    const t0 = 1_800_000_000_000; // a whole minute
    assert.equal(budget.take('a', t0), null);
    assert.equal(budget.take('a', t0 + 1000), null);
    assert.equal(budget.take('a', t0 + 15_000), 45);
    assert.equal(budget.take('b', t0 + 15_000), null);
    assert.equal(budget.take('a', t0 + 60_000), null, 'a new window starts afresh');
  });
});

describe('rate limit: configuration', () => {
  test('off unless RATE_LIMIT_PER_MINUTE is set; refuses non-integers', () => {
    assert.equal(loadConfig({}).rateLimitPerMinute, 0);
    assert.equal(loadConfig({ SANDBOX: '1' }).rateLimitPerMinute, 0);
    assert.equal(loadConfig({ RATE_LIMIT_PER_MINUTE: '120' }).rateLimitPerMinute, 120);
    assert.throws(() => loadConfig({ RATE_LIMIT_PER_MINUTE: '-1' }));
  });

  test('unset: no request is refused', async () => {
    const t = await buildTestApp();
    try {
      for (let i = 0; i < 50; i++) expectStatus(await api(t.app, 'GET', PING), 200);
    } finally {
      await t.close();
    }
  });
});

describe('rate limit: HTTP', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ env: { RATE_LIMIT_PER_MINUTE: '3' } });
  });
  after(() => t.close());

  test('the 4th request of a key in a minute → 429 with Retry-After; other keys and addresses keep their budget; the next minute resets', async () => {
    await setClock(t.app, '2027-01-01T00:00:00+02:00');
    for (let i = 0; i < 3; i++) expectStatus(await api(t.app, 'GET', PING, { auth: 'broker' }), 200);
    const refused = await api(t.app, 'GET', PING, { auth: 'broker' });
    expectError(refused, 429, 'url', 'too_many_requests', 'Too Many Requests');
    assert.equal(refused.headers['retry-after'], '60');
    // A write is refused the same way, before it reaches the handler.
    expectError(await api(t.app, 'POST', '/api/2.5/tenders', { auth: 'broker', body: { data: {} } }), 429, 'url', 'too_many_requests', 'Too Many Requests');

    expectStatus(await api(t.app, 'GET', PING, { auth: 'broker1' }), 200);
    // Anonymous callers (no key or an unknown key) are counted by address.
    expectStatus(await api(t.app, 'GET', PING, { auth: null }), 200);
    expectStatus(await api(t.app, 'GET', PING, { auth: 'no-such-key' }), 200);
    expectStatus(await api(t.app, 'GET', PING, { auth: null }), 200);
    const anon = await api(t.app, 'GET', PING, { auth: null });
    expectStatus(anon, 429);
    const elsewhere = await t.app.inject({ method: 'GET', url: PING, remoteAddress: '10.1.2.3' });
    assert.equal(elsewhere.statusCode, 200);

    // Half a minute later the window is the same: Retry-After counts down.
    await setClock(t.app, '2027-01-01T00:00:30+02:00');
    assert.equal((await api(t.app, 'GET', PING, { auth: 'broker' })).headers['retry-after'], '30');
    await setClock(t.app, '2027-01-01T00:01:00+02:00');
    expectStatus(await api(t.app, 'GET', PING, { auth: 'broker' }), 200);
  });
});
