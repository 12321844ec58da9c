// Unit tests for the conformance parser, id mapper and comparer (no server).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { join } from 'node:path';
import { parseHttpExchange, readHttpExchange } from './http-file.ts';
import { IdMap, learnFromUrl, learnMapping, pairArray } from './id-map.ts';
import { compareBodies, compareResponse } from './compare.ts';
import { conformanceDir, createDsSigner, latestNow } from './replay.ts';

const SAMPLE = [
  'POST /api/2.5/tenders/aaaabbbbccccddddeeeeffff00001111/documents?acc_token=0123456789abcdef0123456789abcdef HTTP/1.0',
  'Authorization: Bearer broker',
  'Content-Type: application/json',
  'Host: lb-api-sandbox.prozorro.gov.ua',
  '',
  '{',
  '  "data": {"title": "x.pdf", "relatedItem": "11112222333344445555666677778888"}',
  '}',
  '',
  '',
  'HTTP/1.0 201 Created',
  'Content-Type: application/json',
  'Location: http://lb-api-sandbox.prozorro.gov.ua/api/2.5/tenders/aaaabbbbccccddddeeeeffff00001111/documents/99998888777766665555444433332222',
  '',
  '{"data": {"id": "99998888777766665555444433332222", "title": "x.pdf"}}',
  '',
].join('\n');

function md5(s: string): string {
  return createHash('md5').update(s).digest('hex');
}

/** Alter every volatile value (ids, tokens, dates, URLs, tenderIDs) the way another server would. */
function alterVolatile(v: unknown, key?: string): unknown {
  if (typeof v === 'string') {
    if (/^[0-9a-f]{32}$/.test(v)) return md5(v);
    if (key === 'token' || key === 'transfer') return md5(`t${v}`);
    if (/^\d{4}-\d{2}-\d{2}T/.test(v)) return new Date(Date.parse(v) + 3_600_000).toISOString();
    if (/^https?:\/\//.test(v)) return v.replace(/^https?:\/\/[^/]+/, 'http://localhost:8080').replace(/[0-9a-f]{32}/g, md5);
    if (/ID$/.test(key ?? '') && v.startsWith('UA-')) return 'UA-2027-01-01-000042-a';
    return v;
  }
  if (Array.isArray(v)) return v.map((x) => alterVolatile(x, key));
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, alterVolatile(x, k)]));
  }
  return v;
}

const TENDER = {
  data: {
    id: 'fa2e9cbf88314cb6ae4f240dacbb041f',
    tenderID: 'UA-2027-01-01-000001-a',
    status: 'draft',
    title: 'футляри',
    dateModified: '2027-01-01T00:00:00+02:00',
    value: { amount: 500.0, currency: 'UAH', valueAddedTaxIncluded: false },
    items: [{ id: 'ffffffffffffffffffffffffffffffff', quantity: 5, relatedLot: '16b57ad88e0c4726ae34f727f1b9ba14' }],
    lots: [{ id: '16b57ad88e0c4726ae34f727f1b9ba14', title: 'lot title', status: 'active' }],
    documents: [
      { id: '9efcbe5d4c364b2a851f9f8796b07674', title: 'name.doc', documentType: 'contractProforma', url: 'http://public-docs-sandbox.prozorro.gov.ua/get/03a139af718d4f44a208c07ac60d32c8?Signature=x&KeyID=a8968c46' },
      { id: 'b4de033f25694a918858177ebb83f878', title: 'sign.p7s', documentType: 'notice', hash: 'md5:00000000000000000000000000000000' },
    ],
    hasEnquiries: true,
  },
  access: { token: 'dc92946b9e4b4ea583fcb7d1136d6cc8', transfer: '8e3dab97e709481e96e1460ff4bd9f0d' },
};

describe('http-file parser', () => {
  test('parses request line, headers, body, status line, response headers and body', () => {
    const ex = parseHttpExchange(SAMPLE);
    assert.equal(ex.request.method, 'POST');
    assert.equal(ex.request.path, '/api/2.5/tenders/aaaabbbbccccddddeeeeffff00001111/documents?acc_token=0123456789abcdef0123456789abcdef');
    assert.equal(ex.request.headers['host'], 'lb-api-sandbox.prozorro.gov.ua');
    assert.deepEqual(ex.request.json, { data: { title: 'x.pdf', relatedItem: '11112222333344445555666677778888' } });
    assert.equal(ex.response.status, 201);
    assert.equal(ex.response.reason, 'Created');
    assert.match(ex.response.headers['location'] ?? '', /documents\/9999/);
    assert.deepEqual(ex.response.json, { data: { id: '99998888777766665555444433332222', title: 'x.pdf' } });
  });

  test('empty request and response bodies', () => {
    const ex = parseHttpExchange('GET /api/2.5/tenders HTTP/1.0\r\nHost: h\r\n\r\n\r\nHTTP/1.0 204 No Content\r\nContent-Type: application/json\r\n\r\n');
    assert.equal(ex.request.bodyText, '');
    assert.equal(ex.request.json, undefined);
    assert.equal(ex.response.status, 204);
    assert.equal(ex.response.bodyText, '');
  });

  test('parses every recorded file', { skip: conformanceDir() === undefined ? 'conformance dir not found' : false }, () => {
    const dir = join(conformanceDir()!, 'below-threshold');
    const ex = readHttpExchange(join(dir, 'tender-post-attempt-json-data.http'));
    assert.equal(ex.response.status, 201);
    assert.equal((ex.response.json as { data: { status: string } }).data.status, 'draft');
  });
});

describe('id mapping', () => {
  test('learns ids, tokens and tenderID side by side; client-chosen ids map to themselves', () => {
    const map = new IdMap();
    const actual = alterVolatile(TENDER) as typeof TENDER;
    actual.data.items[0].id = 'ffffffffffffffffffffffffffffffff'; // chosen by the client
    learnMapping(TENDER, actual, map);
    assert.equal(map.get(TENDER.data.id), actual.data.id);
    assert.equal(map.get(TENDER.access.token), actual.access.token);
    assert.equal(map.get(TENDER.access.transfer), actual.access.transfer);
    assert.equal(map.get('UA-2027-01-01-000001-a'), 'UA-2027-01-01-000042-a');
    assert.equal(map.get('ffffffffffffffffffffffffffffffff'), 'ffffffffffffffffffffffffffffffff');
    assert.equal(map.get('16b57ad88e0c4726ae34f727f1b9ba14'), actual.data.lots[0].id);
  });

  test('rewrites path, query and body', () => {
    const map = new IdMap();
    map.set('fa2e9cbf88314cb6ae4f240dacbb041f', '00000000000000000000000000000001');
    map.set('dc92946b9e4b4ea583fcb7d1136d6cc8', '00000000000000000000000000000002');
    map.set('UA-2027-01-01-000001-a', 'UA-2027-01-01-000007-a');
    assert.equal(
      map.rewritePath('/api/2.5/tenders/fa2e9cbf88314cb6ae4f240dacbb041f?acc_token=dc92946b9e4b4ea583fcb7d1136d6cc8'),
      '/api/2.5/tenders/00000000000000000000000000000001?acc_token=00000000000000000000000000000002',
    );
    assert.equal(
      map.rewriteBody('{"relatedLot": "fa2e9cbf88314cb6ae4f240dacbb041f", "x": "UA-2027-01-01-000001-a", "k": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}'),
      '{"relatedLot": "00000000000000000000000000000001", "x": "UA-2027-01-01-000007-a", "k": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}',
    );
  });

  test('learns from Location headers', () => {
    const map = new IdMap();
    learnFromUrl('http://h/api/2.5/tenders/fa2e9cbf88314cb6ae4f240dacbb041f/lots/16b57ad88e0c4726ae34f727f1b9ba14', 'http://other/api/2.5/tenders/11111111111111111111111111111111/lots/22222222222222222222222222222222', map);
    assert.equal(map.get('16b57ad88e0c4726ae34f727f1b9ba14'), '22222222222222222222222222222222');
  });

  test('pairs arrays of objects by mapped id, then by position', () => {
    const map = new IdMap();
    map.set('a'.repeat(32), '1'.repeat(32));
    map.set('b'.repeat(32), '2'.repeat(32));
    const rec = [{ id: 'a'.repeat(32) }, { id: 'b'.repeat(32) }, { id: 'c'.repeat(32) }];
    const act = [{ id: '2'.repeat(32) }, { id: '3'.repeat(32) }, { id: '1'.repeat(32) }];
    assert.deepEqual(pairArray(rec, act, map), [2, 0, 1]);
    assert.deepEqual(pairArray([1, 2], [1], map), [0, -1]);
  });

  test('keeps the first mapping on conflict', () => {
    const map = new IdMap();
    assert.equal(map.set('x'.repeat(32), '1'.repeat(32)), true);
    assert.equal(map.set('x'.repeat(32), '2'.repeat(32)), false);
    assert.equal(map.get('x'.repeat(32)), '1'.repeat(32));
    assert.equal(map.conflicts.length, 1);
  });
});

describe('comparer', () => {
  const rec = { status: 201, headers: { location: 'http://lb/api/2.5/tenders/fa2e9cbf88314cb6ae4f240dacbb041f' }, bodyText: JSON.stringify(TENDER) };
  const altered = alterVolatile(TENDER);
  const actual = { status: 201, headers: { location: 'http://lb/api/2.5/tenders/x' }, bodyText: JSON.stringify(altered) };

  test('a body with ids, tokens and dates altered matches (no mapping known)', () => {
    const r = compareResponse(rec, actual);
    assert.deepEqual(r.problems, []);
    assert.ok(r.statusOk && r.shapeOk && r.valuesOk);
  });

  test('a body with ids altered matches with the learned mapping', () => {
    const map = new IdMap();
    learnMapping(TENDER, altered, map);
    const r = compareResponse(rec, actual, map);
    assert.deepEqual(r.problems, []);
  });

  test('ids inconsistent with the mapping fail values', () => {
    const map = new IdMap();
    map.set(TENDER.data.id, '0'.repeat(32));
    const r = compareBodies(TENDER, altered, map);
    assert.equal(r.shapeOk, true);
    assert.equal(r.valuesOk, false);
    assert.match(r.problems[0], /^data\.id: id/);
  });

  test('a changed status string fails values, not shape', () => {
    const changed = structuredClone(altered) as typeof TENDER;
    changed.data.status = 'active.enquiries';
    const r = compareResponse(rec, { ...actual, bodyText: JSON.stringify(changed) });
    assert.equal(r.statusOk, true);
    assert.equal(r.shapeOk, true);
    assert.equal(r.valuesOk, false);
    assert.deepEqual(r.problems, ['data.status: expected "draft", got "active.enquiries"']);
  });

  test('numbers compare numerically (500.0 == 500), changed amounts fail', () => {
    assert.equal(compareBodies(JSON.parse('{"a": 500.0}'), JSON.parse('{"a": 500}')).valuesOk, true);
    assert.equal(compareBodies({ a: 500 }, { a: 501 }).valuesOk, false);
    assert.equal(compareBodies({ a: true }, { a: false }).valuesOk, false);
  });

  test('a missing key fails shape; an extra key is only a note', () => {
    const missing = structuredClone(altered) as { data: Record<string, unknown> };
    delete missing.data.hasEnquiries;
    missing.data.extra = 1;
    const r = compareBodies(TENDER, missing);
    assert.equal(r.shapeOk, false);
    assert.deepEqual(r.problems, ['data.hasEnquiries: missing (recorded true)']);
    assert.deepEqual(r.notes, ['data.extra: extra key']);
  });

  test('a missing array element fails shape', () => {
    const r = compareBodies({ data: [{ id: 'a'.repeat(32) }] }, { data: [] });
    assert.equal(r.shapeOk, false);
  });

  test('a different status code fails status', () => {
    const r = compareResponse(rec, { ...actual, status: 200 });
    assert.equal(r.statusOk, false);
    assert.match(r.problems[0], /^status: expected 201, got 200/);
  });

  test('missing Location header fails shape', () => {
    const r = compareResponse(rec, { ...actual, headers: {} });
    assert.equal(r.shapeOk, false);
  });

  const errRec = {
    status: 422,
    headers: {},
    bodyText: JSON.stringify({ status: 'error', errors: [{ location: 'body', name: 'data', description: 'Data not available' }] }),
  };

  test('an identical error list matches', () => {
    const r = compareResponse(errRec, { status: 422, headers: {}, bodyText: errRec.bodyText });
    assert.ok(r.statusOk && r.shapeOk && r.valuesOk);
  });

  test('an error list mismatch fails', () => {
    for (const errors of [
      [{ location: 'body', name: 'data', description: 'No data' }],
      [{ location: 'body', name: 'data', description: 'Data not available' }, { location: 'body', name: 'x', description: 'y' }],
      [],
    ]) {
      const r = compareResponse(errRec, { status: 422, headers: {}, bodyText: JSON.stringify({ status: 'error', errors }) });
      assert.equal(r.statusOk, true);
      assert.equal(r.shapeOk, false);
      assert.equal(r.valuesOk, false);
    }
  });
});

describe('replay helpers', () => {
  test('latestNow picks the largest now-like date, ignoring period ends', () => {
    const n = latestNow({
      data: {
        dateModified: '2027-01-01T00:00:01+02:00',
        tenderPeriod: { endDate: '2027-02-01T00:00:00+02:00' },
        documents: [{ datePublished: '2027-01-01T00:10:05.123456+02:00' }],
      },
    });
    assert.equal(n?.iso, '2027-01-01T00:10:05.123+02:00');
    assert.equal(latestNow({ errors: [] }), undefined);
  });

  test('the emulation DS signer signs "<uuid>\\0<md5>" with Ed25519', () => {
    const s = createDsSigner();
    const uuid = '03a139af718d4f44a208c07ac60d32c8';
    const url = new URL(s.signUrl('http://public-docs-sandbox.prozorro.gov.ua', uuid, 'md5:00000000000000000000000000000000'));
    assert.equal(url.pathname, `/get/${uuid}`);
    assert.equal(url.searchParams.get('KeyID'), s.keyId);
    const pub = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(s.publicKeyHex, 'hex').toString('base64url') }, format: 'jwk' });
    const sig = Buffer.from(url.searchParams.get('Signature')!, 'base64');
    assert.equal(verify(null, Buffer.from(`${uuid}\0${'0'.repeat(32)}`), pub, sig), true);
  });
});
