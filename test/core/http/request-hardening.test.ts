// Hostile request shapes answered with clean 4xx (issue 11 items 4, 6, 8): deeply nested bodies,
// money amounts a double cannot hold, forwarded headers from untrusted peers, a padded Bearer key,
// and a SESSION cookie that says nothing about the server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, describeApp, type TestApp } from '../../helpers/app.ts';
import { api, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { START, tenderBody } from '../../helpers/recorded-tender.ts';
import { createTender } from '../../procedures/below-threshold/builders.ts';
import { MAX_BODY_DEPTH } from '../../../src/core/http/body-parsers.ts';
import { MAX_MONEY_AMOUNT } from '../../../src/core/tender/schemas/common.schema.ts';

const nested = (depth: number, leaf = '1'): string => `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`;

const tooDeepError = (status: number, body: string): void => {
  assert.equal(status, 422, body);
  const errors = (JSON.parse(body) as { errors: Array<{ location: string; name: string; description: string }> }).errors;
  assert.equal(errors.length, 1);
  assert.equal(errors[0]!.location, 'body');
  assert.equal(errors[0]!.name, 'data');
  assert.match(errors[0]!.description, new RegExp(`^Nesting too deep: more than ${MAX_BODY_DEPTH} levels of arrays and objects`));
};

describeApp('request hardening', {}, (t) => {
  before(async () => {
    await setClock(t.app, START);
  });

  test('bodies nested deeper than the limit are refused with 422 everywhere, not 500', async () => {
    const tender = await createTender(t.app);
    const deep = nested(5000);
    const targets: Array<[string, string, string]> = [
      ['POST', '/api/2.5/tenders', `{"data":{"title":${deep}}}`],
      ['POST', '/api/2.5/tenders', `{"data":{"value":{"amount":${deep}}}}`],
      ['POST', `/api/2.5/tenders/${tender.id}/questions`, `{"data":{"title":${deep}}}`],
      ['POST', '/ds/register', `{"data":{"hash":${deep}}}`],
      ['PUT', '/api/2.5/sandbox/clock', `{"data":{"now":${deep}}}`],
      ['PATCH', `/api/2.5/tenders/${tender.id}?acc_token=${tender.token}`, `{"data":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`],
    ];
    for (const [method, url, payload] of targets) {
      const auth = url.includes('sandbox') ? 'administrator' : 'broker';
      const res = await api(t.app, method as 'POST', url, { auth, body: payload });
      tooDeepError(res.status, res.body);
    }
    const form = await t.app.inject({
      method: 'POST',
      url: '/api/2.5/tenders',
      headers: { authorization: 'Bearer broker', 'content-type': 'application/x-www-form-urlencoded' },
      payload: `data${'[a]'.repeat(5000)}=1`,
    });
    tooDeepError(form.statusCode, form.body);
  });

  test('nesting up to the limit still parses (brackets inside strings do not count)', async () => {
    const ok = await api(t.app, 'POST', '/api/2.5/tenders', { body: `{"data":{"title":${nested(MAX_BODY_DEPTH - 2)}, "description": "${'['.repeat(500)}"}}` });
    assert.equal(ok.status, 422);
    assert.deepEqual((ok.json.errors as Json[]).find((e) => e.name === 'title')?.description, [`Couldn't interpret ${nested(MAX_BODY_DEPTH - 2)} as string.`]);
  });

  test('money amounts beyond what a double holds exactly are refused with 422; ordinary amounts pass', async () => {
    const refused: Array<[string, unknown]> = [
      ['1e300', [`Float value should be less than or equal to ${MAX_MONEY_AMOUNT}.`]],
      [String(MAX_MONEY_AMOUNT + 1), [`Float value should be less than or equal to ${MAX_MONEY_AMOUNT}.`]],
      ['12345678901234567890.5', ["Number '12345678901234567890.5' failed to convert to a decimal."]],
      ['0.12345678901234567891', ["Number '0.12345678901234567891' failed to convert to a decimal."]],
    ];
    for (const [amount, description] of refused) {
      const body = JSON.stringify(tenderBody()).replace(/"value":\{"amount":[^,}]+/, `"value":{"amount":${amount}`);
      assert.ok(body.includes(`"amount":${amount}`));
      const res = await api(t.app, 'POST', '/api/2.5/tenders', { body });
      expectStatus(res, 422);
      assert.deepEqual(res.json.errors, [{ location: 'body', name: 'value', description: { amount: description } }], amount);
    }
    const step = await api(t.app, 'POST', '/api/2.5/tenders', { body: tenderBody({ minimalStep: { amount: 1e300, currency: 'UAH' } }) });
    expectStatus(step, 422);
    assert.equal((step.json.errors as Json[])[0]!.name, 'minimalStep');
    const draft = await createTender(t.app);
    const form = await t.app.inject({
      method: 'PATCH',
      url: `/api/2.5/tenders/${draft.id}?acc_token=${draft.token}`,
      headers: { authorization: 'Bearer broker', 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'data[guarantee][amount]=0.12345678901234567891&data[guarantee][currency]=UAH',
    });
    assert.equal(form.statusCode, 422, form.body);
    assert.deepEqual(JSON.parse(form.body).errors, [{ location: 'body', name: 'guarantee', description: { amount: ["Number '0.12345678901234567891' failed to convert to a decimal."] } }]);
    const exact = await createTender(t.app, { data: { value: { amount: 123456789.05, currency: 'UAH' } } });
    assert.equal((exact.data.value as Json).amount, 123456789.05);
  });

  test('a Bearer key with trailing whitespace is not the key (as an unknown key: anonymous)', async () => {
    for (const authorization of ['Bearer broker ', 'Bearer broker\t', 'Bearer  broker']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/2.5/tenders', headers: { authorization, 'content-type': 'application/json' }, payload: JSON.stringify(tenderBody()) });
      assert.equal(res.statusCode, 403, JSON.stringify(authorization));
      assert.deepEqual(JSON.parse(res.body).errors, [{ location: 'url', name: 'permission', description: 'Forbidden' }]);
    }
    const ok = await t.app.inject({ method: 'POST', url: '/api/2.5/tenders', headers: { authorization: 'Bearer broker', 'content-type': 'application/json' }, payload: JSON.stringify(tenderBody()) });
    assert.equal(ok.statusCode, 201);
  });

  test('the SESSION cookie is opaque: it does not reveal the storage backend', async () => {
    const res = await api(t.app, 'GET', '/api/2.5/tenders');
    const cookie = String(res.headers['set-cookie']);
    const m = /^SESSION=([A-Za-z0-9_-]+); Path=\/$/.exec(cookie);
    assert.ok(m, cookie);
    const decoded = Buffer.from(m[1]!, 'base64').toString('latin1').toLowerCase();
    for (const word of ['sqlite', 'postgres', t.deps.store.kind]) assert.ok(!decoded.includes(word) && !m[1]!.toLowerCase().includes(word), cookie);
    assert.ok(m[1]!.length >= 20, 'carries enough randomness to be meaningless');
  });

  test('forwarded headers from an untrusted peer are ignored in links', async () => {
    const res = await api(t.app, 'GET', '/api/2.5/tenders', { headers: { host: 'cdb.example:8000', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'javascript' } });
    expectStatus(res, 200);
    assert.match(String((res.json.next_page as Json).uri), /^http:\/\/cdb\.example:8000\/api\/2\.5\/tenders/);
  });
});

describe('forwarded headers with TRUSTED_PROXIES', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ env: { TRUSTED_PROXIES: '127.0.0.0/8' } });
  });
  after(() => t.close());

  const nextPage = async (headers: Record<string, string>, remoteAddress = '127.0.0.1'): Promise<string> => {
    const res = await t.app.inject({ method: 'GET', url: '/api/2.5/tenders', headers: { host: 'cdb.example', ...headers }, remoteAddress });
    assert.equal(res.statusCode, 200);
    return String((JSON.parse(res.body) as { next_page: { uri: string } }).next_page.uri);
  };

  test('a trusted proxy sets scheme and host', async () => {
    assert.match(await nextPage({ 'x-forwarded-host': 'public.example', 'x-forwarded-proto': 'https' }), /^https:\/\/public\.example\/api\/2\.5\/tenders/);
  });

  test('only http/https schemes and well-formed hosts are used, even from a trusted proxy', async () => {
    assert.match(await nextPage({ 'x-forwarded-host': 'public.example', 'x-forwarded-proto': 'javascript' }), /^http:\/\/public\.example\//);
    assert.match(await nextPage({ 'x-forwarded-host': 'evil.example/<script>', 'x-forwarded-proto': 'https' }), /^https:\/\/localhost\//);
  });

  test('a peer outside the trusted ranges is not believed', async () => {
    assert.match(await nextPage({ 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' }, '203.0.113.9'), /^http:\/\/cdb\.example\//);
  });
});
