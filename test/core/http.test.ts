// HTTP-level platform behaviour (platform.md §1.1, §2.2, §2.6, §8; extensions.md §2): unknown
// routes, 405 with Allow, Accept negotiation, service endpoints and the sandbox clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describeApp } from '../helpers/app.ts';
import { api, expectError, expectStatus } from '../helpers/api.ts';
import { START } from '../helpers/recorded-tender.ts';

const PACKAGE_VERSION = (JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describeApp('routing and content negotiation', {}, (t) => {

  test('unknown route → 404 url/not_found', async () => {
    expectError(await api(t.app, 'GET', '/api/2.5/no-such-thing'), 404, 'url', 'not_found', 'Not Found');
    expectError(await api(t.app, 'POST', '/api/2.5/no-such-thing', { body: { data: {} } }), 404, 'url', 'not_found', 'Not Found');
    expectError(await api(t.app, 'GET', '/somewhere'), 404, 'url', 'not_found', 'Not Found');
  });

  test('JSON responses carry the bare application/json media type, as the reference sends', async () => {
    const list = await api(t.app, 'GET', '/api/2.5/tenders');
    expectStatus(list, 200);
    assert.equal(list.headers['content-type'], 'application/json');
    const missing = await api(t.app, 'GET', '/api/2.5/no-such-thing');
    assert.equal(missing.headers['content-type'], 'application/json');
  });

  test('GET /api/2.5 and /api/2.5/ → 404 (no root document)', async () => {
    expectError(await api(t.app, 'GET', '/api/2.5'), 404, 'url', 'not_found', 'Not Found');
    expectError(await api(t.app, 'GET', '/api/2.5/'), 404, 'url', 'not_found', 'Not Found');
  });

  test('DELETE /api/2.5/tenders → 405 with Allow', async () => {
    const res = await api(t.app, 'DELETE', '/api/2.5/tenders');
    expectError(res, 405, 'url', 'method_not_allowed', 'Method Not Allowed');
    assert.equal(res.headers.allow, 'GET, HEAD, POST');
  });

  test('PUT /api/2.5/tenders/{id} → 405 with Allow', async () => {
    const res = await api(t.app, 'PUT', '/api/2.5/tenders/ffffffffffffffffffffffffffffffff', { body: { data: {} } });
    expectError(res, 405, 'url', 'method_not_allowed', 'Method Not Allowed');
    assert.equal(res.headers.allow, 'GET, HEAD, PATCH');
  });

  test('Accept: text/html → 406', async () => {
    const res = await api(t.app, 'GET', '/api/2.5/tenders', { headers: { accept: 'text/html' } });
    expectError(res, 406, 'header', 'Accept', "Accept header should be one of ['application/json']");
  });

  test('Accept headers that admit JSON → 200', async () => {
    for (const accept of ['application/json', '*/*', 'text/html, */*;q=0.1', 'application/*']) {
      expectStatus(await api(t.app, 'GET', '/api/2.5/tenders', { headers: { accept } }), 200);
    }
  });

  test('responses carry X-Request-ID, echoing a given X-Request-ID / X-Client-Request-ID', async () => {
    const res = await api(t.app, 'GET', '/api/2.5/health', { headers: { 'x-request-id': 'req-given', 'x-client-request-id': 'client-1' } });
    assert.equal(res.headers['x-request-id'], 'req-given');
    assert.equal(res.headers['x-client-request-id'], 'client-1');
    const other = await api(t.app, 'GET', '/api/2.5/health');
    assert.match(String(other.headers['x-request-id']), /^req-/);
  });
});

describeApp('service endpoints', {}, (t) => {

  test('GET /health → {"health": "ok"}', async () => {
    const res = await api(t.app, 'GET', '/api/2.5/health', { auth: null });
    expectStatus(res, 200);
    assert.deepEqual(res.json, { health: 'ok' });
  });

  test('GET /version → API version and standards, no data envelope', async () => {
    const res = await api(t.app, 'GET', '/api/2.5/version', { auth: null });
    expectStatus(res, 200);
    assert.equal(res.json.API, PACKAGE_VERSION);
    assert.deepEqual(Object.keys(res.json).sort(), ['API', 'standards']);
    assert.deepEqual(Object.keys(res.json.standards as object).sort(), ['url', 'version']);
  });

  test('GET /brokers lists every broker with levels and permissions', async () => {
    const res = await api(t.app, 'GET', '/api/2.5/brokers', { auth: null });
    expectStatus(res, 200);
    const list = res.json.data as Array<{ name: string; title: string; levels: number[]; permissions: string[] }>;
    assert.deepEqual(list.find((b) => b.name === 'broker'), { name: 'broker', title: 'broker', levels: [1, 2, 3, 4, 5, 6], permissions: [] });
    assert.deepEqual(list.find((b) => b.name === 'broker1t'), { name: 'broker1t', title: 'broker1t', levels: [1], permissions: ['t'] });
    assert.deepEqual(list.find((b) => b.name === 'broker0'), { name: 'broker0', title: 'broker0', levels: [], permissions: [] });
    assert.equal(list.some((b) => b.name === 'administrator' || b.name === 'chronograph'), false, 'brokers group only');
  });

  test('GET /brokers?levels=6 keeps brokers having level 6', async () => {
    const res = await api(t.app, 'GET', '/api/2.5/brokers?levels=6', { auth: null });
    expectStatus(res, 200);
    assert.deepEqual(
      (res.json.data as Array<{ name: string }>).map((b) => b.name).sort(),
      ['broker', 'broker6', 'brokerr'],
    );
  });

  test('GET /brokers?levels=6,t keeps brokers having any listed flag', async () => {
    const res = await api(t.app, 'GET', '/api/2.5/brokers?levels=6,t', { auth: null });
    expectStatus(res, 200);
    assert.deepEqual(
      (res.json.data as Array<{ name: string }>).map((b) => b.name).sort(),
      ['broker', 'broker1t', 'broker2t', 'broker6', 'brokerr', 'brokert'],
    );
  });
});

describeApp('sandbox clock', {}, (t) => {

  test('PUT as Administrator moves and freezes the clock; GET (anyone) reads it', async () => {
    const put = await api(t.app, 'PUT', '/api/2.5/sandbox/clock', { auth: 'administrator', body: { data: { now: START, frozen: true } } });
    expectStatus(put, 200);
    assert.equal((put.json.data as { now: string }).now, START);
    const get = await api(t.app, 'GET', '/api/2.5/sandbox/clock', { auth: null });
    expectStatus(get, 200);
    assert.deepEqual(get.json, { data: { now: START } });
  });

  test('the clock is normalised to Kyiv time', async () => {
    const put = await api(t.app, 'PUT', '/api/2.5/sandbox/clock', { auth: 'administrator', body: { data: { now: '2027-06-30T21:00:00Z', frozen: true } } });
    expectStatus(put, 200);
    assert.deepEqual((await api(t.app, 'GET', '/api/2.5/sandbox/clock')).json, { data: { now: '2027-07-01T00:00:00+03:00' } });
  });

  test('PUT by a broker or anonymous → 403 url/permission', async () => {
    for (const auth of ['broker', 'chronograph', null]) {
      const res = await api(t.app, 'PUT', '/api/2.5/sandbox/clock', { auth, body: { data: { now: '2030-01-01T00:00:00+02:00' } } });
      expectError(res, 403, 'url', 'permission', 'Forbidden');
    }
    assert.equal(((await api(t.app, 'GET', '/api/2.5/sandbox/clock')).json.data as { now: string }).now, '2027-07-01T00:00:00+03:00');
  });

  test('PUT with an unparsable date → 422; without data → 422 Data not available', async () => {
    expectError(
      await api(t.app, 'PUT', '/api/2.5/sandbox/clock', { auth: 'administrator', body: { data: { now: 'tomorrow' } } }),
      422, 'body', 'now', ['Could not parse tomorrow. Should be ISO8601.'],
    );
    expectError(await api(t.app, 'PUT', '/api/2.5/sandbox/clock', { auth: 'administrator', body: {} }), 422, 'body', 'data', 'Data not available');
  });
});

describeApp('sandbox clock outside sandbox mode', { sandbox: false }, (t) => {

  test('GET and PUT → 404 url/not_found', async () => {
    expectError(await api(t.app, 'GET', '/api/2.5/sandbox/clock'), 404, 'url', 'not_found', 'Not Found');
    expectError(
      await api(t.app, 'PUT', '/api/2.5/sandbox/clock', { auth: 'administrator', body: { data: { now: START } } }),
      404, 'url', 'not_found', 'Not Found',
    );
  });
});
