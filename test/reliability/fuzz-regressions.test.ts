// One focused test per defect the malformed-request fuzz (fuzz.test.ts) found.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { utf8ErrorMessage } from '../../src/core/http/utf8-body.ts';
import { describeApp } from '../helpers/app.ts';
import { api, expectError, expectStatus } from '../helpers/api.ts';
import { tenderBody } from '../helpers/recorded-tender.ts';
import { REFERENCE_DS_KEY } from '../helpers/reference-ds.ts';
import { createPublishedTender } from '../procedures/below-threshold/tendering.ts';

describe('utf8ErrorMessage: Python codec wording', () => {
  test('invalid start byte, invalid continuation byte, unexpected end of data; valid text → null', () => {
    const bytes = (...xs: number[]) => Uint8Array.from(xs);
    assert.equal(utf8ErrorMessage(bytes(0x61, 0xff)), "'utf-8' codec can't decode byte 0xff in position 1: invalid start byte");
    assert.equal(utf8ErrorMessage(bytes(0x80)), "'utf-8' codec can't decode byte 0x80 in position 0: invalid start byte");
    assert.equal(utf8ErrorMessage(bytes(0xed, 0xa0, 0x80)), "'utf-8' codec can't decode byte 0xed in position 0: invalid continuation byte", 'a surrogate');
    assert.equal(utf8ErrorMessage(bytes(0x61, 0xc3)), "'utf-8' codec can't decode byte 0xc3 in position 1: unexpected end of data");
    assert.equal(utf8ErrorMessage(bytes(0xe2, 0x82)), "'utf-8' codec can't decode bytes in position 0-1: unexpected end of data");
    assert.equal(utf8ErrorMessage(Buffer.from('гривня €', 'utf8')), null);
  });
});

describeApp('malformed input regressions', { trustedDsKeys: [REFERENCE_DS_KEY], env: { BODY_LIMIT: '16384' } }, (t) => {

  test('a JSON body that is not UTF-8 → 422 with the codec message (was decoded with U+FFFD and stored)', async () => {
    const payload = Buffer.concat([Buffer.from('{"data":{"title":"'), Buffer.from([0xff]), Buffer.from('"}}')]);
    const res = await t.app.inject({ method: 'POST', url: '/api/2.5/tenders', headers: { authorization: 'Bearer broker', 'content-type': 'application/json' }, payload });
    assert.equal(res.statusCode, 422);
    assert.deepEqual(res.json(), { status: 'error', errors: [{ location: 'body', name: 'data', description: "'utf-8' codec can't decode byte 0xff in position 18: invalid start byte" }] });
  });

  test('Object.prototype names are Rogue fields like any unknown key (were taken for known fields)', async () => {
    for (const key of ['constructor', 'toString', 'hasOwnProperty']) {
      const body = tenderBody();
      (body.data as Record<string, unknown>)[key] = [];
      expectError(await api(t.app, 'POST', '/api/2.5/tenders', { body }), 422, 'body', key, 'Rogue field');
    }
  });

  test('a path that is not valid percent-encoded UTF-8 → 400 in the error envelope (was Fastify JSON)', async () => {
    for (const url of ['/api/2.5/tenders/%ff', '/api/2.5/tenders/%']) {
      const res = await api(t.app, 'GET', url);
      expectError(res, 400, 'url', 'bad_request', 'Bad Request');
    }
  });

  test('a long id is an unknown id (404); beyond 4096 characters → 414 in the error envelope', async () => {
    expectError(await api(t.app, 'GET', `/api/2.5/tenders/${'a'.repeat(2000)}`), 404, 'url', 'tender_id', 'Not Found');
    expectError(await api(t.app, 'GET', `/api/2.5/tenders/${'a'.repeat(5000)}`), 414, 'url', 'request-uri_too_long', 'Request-URI Too Long');
  });

  test('an id with a NUL character is an unknown id (PostgreSQL failed the query: 500)', async () => {
    expectError(await api(t.app, 'GET', '/api/2.5/tenders/%00'), 404, 'url', 'tender_id', 'Not Found');
    expectError(await api(t.app, 'GET', '/api/2.5/tenders/a%00b/bids'), 404, 'url', 'tender_id', 'Not Found');
    assert.equal(await t.deps.store.getPublic('tenders', '\u0000'), null);
    assert.deepEqual(await t.deps.store.revisions('tenders', '\u0000'), []);
  });

  test('a bidder page key with a NUL character is an unknown auction (PostgreSQL failed the query: 500)', async () => {
    const unknown = { status: 'error', errors: [{ location: 'url', name: 'no-such-auction', description: 'There is no such auction.' }] };
    for (const [method, url] of [['GET', '/auctions/%00/state'], ['GET', '/auctions/a%00b/events'], ['POST', '/auctions/%00/bids']] as const) {
      const res = await api(t.app, method, url, { auth: null, body: method === 'POST' ? { bidder: 'a', signature: 'b', amount: 1 } : undefined });
      assert.equal(res.status, 404, `${method} ${url}`);
      assert.deepEqual(res.json, unknown);
    }
    assert.equal(await t.deps.store.getRun('\u0000'), null);
  });

  test('a body over BODY_LIMIT → 413 in the error envelope', async () => {
    const res = await api(t.app, 'POST', '/api/2.5/tenders', { body: { data: { title: 'x'.repeat(20_000) } } });
    expectError(res, 413, 'body', 'data', 'Request body is too large');
  });

  test('chronograph PATCH needs a JSON body with a data object, on both paths (was run on any body)', async () => {
    const { tender } = await createPublishedTender(t.app);
    const revisions = (await t.deps.store.revisions('tenders', tender.id)).length;
    for (const url of [`/api/2.5/tenders/${tender.id}/chronograph`, `/api/2.5/tenders/${tender.id}`]) {
      expectError(await api(t.app, 'PATCH', url, { auth: 'chronograph', body: [] }), 422, 'body', 'data', 'Data not available');
      expectError(await api(t.app, 'PATCH', url, { auth: 'chronograph', body: 'x', headers: { 'content-type': 'text/plain' } }), 415, 'header', 'Content-Type', "Content-Type header should be one of ['application/json']");
      expectError(await api(t.app, 'PATCH', url, { auth: 'chronograph', body: { data: { title: 'x' } } }), 422, 'body', 'title', 'Rogue field');
      expectStatus(await api(t.app, 'PATCH', url, { auth: 'chronograph', body: { data: { id: tender.id } } }), 200);
    }
    assert.equal((await t.deps.store.revisions('tenders', tender.id)).length, revisions, 'nothing was due: no write');
  });
});
