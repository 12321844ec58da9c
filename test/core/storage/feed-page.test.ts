import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FeedQueryError } from '../../../src/core/storage/store.ts';
import type { CollectionName, FeedQuery, FeedRow, Store } from '../../../src/core/storage/store.ts';
import { composeOffset } from '../../../src/core/storage/feed-offset.ts';
import { pyStrRepr, quotePlus, readFeedPage } from '../../../src/core/storage/feed-page.ts';
import type { FeedPage, RawQuery } from '../../../src/core/storage/feed-page.ts';
import { readHttpExchange } from '../../conformance/http-file.ts';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

const TENDER_WHITELIST = [
  'dateCreated', 'dateModified', 'tenderPeriod', 'qualificationPeriod', 'auctionPeriod', 'awardPeriod', 'status',
  'tenderID', 'lots', 'contracts', 'agreements', 'procuringEntity', 'procurementMethodType', 'procurementMethod',
  'next_check', 'mode', 'stage2TenderID', 'public_modified', 'public_ts',
];

interface FakeRow {
  id: string;
  publicModified: number;
  doc: Record<string, unknown>;
  isPublic?: boolean;
  isTest?: boolean;
}

/** In-memory Store.feed()/dbNow() with the interface semantics (ties kept in storage order). */
class FakeStore implements Pick<Store, 'feed' | 'dbNow'> {
  rows: FakeRow[] = [];
  now: number;
  queries: FeedQuery[] = [];

  constructor(now: number) {
    this.now = now;
  }

  put(row: FakeRow): void {
    this.rows = this.rows.filter((r) => r.id !== row.id);
    this.rows.push(row);
  }

  async dbNow(): Promise<number> {
    return this.now;
  }

  async feed(_collection: CollectionName, q: FeedQuery): Promise<FeedRow[]> {
    this.queries.push({ ...q });
    const cutoff = q.watermarkSeconds === null ? Infinity : this.now - q.watermarkSeconds;
    const rows = this.rows.filter((r) => {
      if (r.isPublic === false) return false;
      const test = r.isTest === true;
      if (q.mode === 'test' && !test) return false;
      if (q.mode === 'real' && test) return false;
      if (r.publicModified > cutoff) return false;
      if (q.after !== undefined) {
        if (q.descending) return q.inclusive ? r.publicModified <= q.after : r.publicModified < q.after;
        return q.inclusive ? r.publicModified >= q.after : r.publicModified > q.after;
      }
      return true;
    });
    rows.sort((a, b) => (q.descending ? b.publicModified - a.publicModified : a.publicModified - b.publicModified));
    return rows.slice(0, q.limit).map((r) => ({ id: r.id, publicModified: r.publicModified, feedText: JSON.stringify(r.doc) }));
  }
}

const BASE = { collection: 'tenders' as const, basePath: '/api/2.5/tenders', optFieldsWhitelist: TENDER_WHITELIST, watermarkSeconds: 1 };

function read(store: FakeStore, query: RawQuery, baseUrl = 'http://host', watermarkSeconds = 1): Promise<FeedPage> {
  return readFeedPage({ ...BASE, store, query, baseUrl, watermarkSeconds });
}

function tender(id: string, publicModified: number, extra: Record<string, unknown> = {}): FakeRow {
  return { id, publicModified, doc: { id, dateModified: `dm-${id}`, status: 'active.enquiries', ...extra } };
}

const qs = (path: string): string => path.slice(path.indexOf('?') + 1);

// ---------------------------------------------------------------------------------------------
// Recorded listings (shared/conformance/below-threshold)

const CONFORMANCE = fileURLToPath(new URL('../../../../shared/conformance/below-threshold/', import.meta.url));
const SANDBOX_URL = 'http://public-api-sandbox.prozorro.gov.ua';
const FA2E = 'fa2e9cbf88314cb6ae4f240dacbb041f';
const C94 = '94cd95f5e2034cdf9695a0f556b7cbb4';
const T0 = 1798754400.0; // 2027-01-01T00:00:00+02:00
const T1 = 1798754401.0; // 2027-01-01T00:00:01+02:00

function recorded(name: string): { query: RawQuery; body: unknown } {
  const ex = readHttpExchange(CONFORMANCE + name);
  const url = new URL(ex.request.path, 'http://x');
  return { query: Object.fromEntries(url.searchParams), body: ex.response.json };
}

const haveConformance = existsSync(CONFORMANCE);

test('recorded: initial-tender-listing (empty feed)', { skip: !haveConformance }, async () => {
  const { query, body } = recorded('initial-tender-listing.http');
  const store = new FakeStore(T1 + 10);
  assert.deepEqual(await read(store, query, SANDBOX_URL), body);
});

test('recorded: active-tender-listing-no-auth (opt_pretty is not a feed parameter)', { skip: !haveConformance }, async () => {
  const { query, body } = recorded('active-tender-listing-no-auth.http');
  const store = new FakeStore(T1 + 10);
  store.put({ id: FA2E, publicModified: T0, doc: { id: FA2E, dateModified: '2027-01-01T00:00:00+02:00', title: 'x' } });
  assert.deepEqual(await read(store, query, SANDBOX_URL), body);
});

test('recorded: tender-listing-after-procuringEntity (two items share public_modified)', { skip: !haveConformance }, async () => {
  const { query, body } = recorded('tender-listing-after-procuringEntity.http');
  const store = new FakeStore(T1 + 10);
  store.put({ id: FA2E, publicModified: T0, doc: { id: FA2E, dateModified: '2027-01-01T00:00:00+02:00' } });
  store.put({ id: C94, publicModified: T0, doc: { id: C94, dateModified: '2027-01-01T00:00:00+02:00' } });
  assert.deepEqual(await read(store, query, SANDBOX_URL), body);
});

test('recorded: tender-listing-after-patch', { skip: !haveConformance }, async () => {
  const { query, body } = recorded('tender-listing-after-patch.http');
  const store = new FakeStore(T1 + 10);
  store.put({ id: FA2E, publicModified: T0, doc: { id: FA2E, dateModified: '2027-01-01T00:00:00+02:00' } });
  store.put({ id: C94, publicModified: T0, doc: { id: C94, dateModified: '2027-01-01T00:00:00+02:00' } });
  store.put({ id: FA2E, publicModified: T1, doc: { id: FA2E, dateModified: '2027-01-01T00:00:01+02:00' } });
  const page = await read(store, query, SANDBOX_URL);
  assert.deepEqual(page, body);
  assert.equal(page.next_page.offset, '1798754401.0.1.0c83243cbf195ce42c53e8755e94dcd3');
  assert.equal(JSON.stringify(page.data[0]), JSON.stringify((body as FeedPage).data[0])); // keys sorted like the recording
});

test('platform.md §4.3 example: limit=2&descending=1', async () => {
  const store = new FakeStore(1768100000);
  store.put({ id: '8e57141320ec463abf6d82c1497702fc', publicModified: 1767969651.246, doc: { dateModified: '2026-01-09T16:40:51.220780+02:00' } });
  store.put({ id: '82caff5150214ad2b43aa583f7fabcae', publicModified: 1768042320.082, doc: { dateModified: '2026-01-10T12:52:00.068344+02:00' } });
  store.put(tender('00000000000000000000000000000001', 1767000000)); // older, beyond the page
  const page = await read(store, { limit: '2', descending: '1' }, 'https://host');
  assert.deepEqual(page, {
    data: [
      { id: '82caff5150214ad2b43aa583f7fabcae', dateModified: '2026-01-10T12:52:00.068344+02:00' },
      { id: '8e57141320ec463abf6d82c1497702fc', dateModified: '2026-01-09T16:40:51.220780+02:00' },
    ],
    next_page: {
      offset: '1767969651.246.1.4325efbb2409185921e764a90ea1cb93',
      path: '/api/2.5/tenders?limit=2&descending=1&offset=1767969651.246.1.4325efbb2409185921e764a90ea1cb93',
      uri: 'https://host/api/2.5/tenders?limit=2&descending=1&offset=1767969651.246.1.4325efbb2409185921e764a90ea1cb93',
    },
    prev_page: {
      offset: '1768042320.082.1.5142ecd8a327509ce0580c5133be68f6',
      path: '/api/2.5/tenders?limit=2&offset=1768042320.082.1.5142ecd8a327509ce0580c5133be68f6',
      uri: 'https://host/api/2.5/tenders?limit=2&offset=1768042320.082.1.5142ecd8a327509ce0580c5133be68f6',
    },
  });
  assert.deepEqual(store.queries[0], { descending: true, limit: 2, mode: 'real', watermarkSeconds: 1 });
});

// ---------------------------------------------------------------------------------------------
// Links

test('links: parameter order mode, limit, descending, opt_fields, offset; prev toggles descending', async () => {
  const store = new FakeStore(1000);
  store.put(tender('a', 100, { mode: 'test' }));
  store.put(tender('b', 200, { mode: 'test' }));
  for (const r of store.rows) r.isTest = true;

  // descending request: prev drops descending
  let page = await read(store, { mode: 'test', limit: '5', descending: '1', opt_fields: 'status,tenderID', offset: '300' });
  const nextOff = `100.0.1.${md5('a')}`;
  const prevOff = `200.0.1.${md5('b')}`;
  assert.equal(page.next_page.path, `/api/2.5/tenders?mode=test&limit=5&descending=1&opt_fields=status%2CtenderID&offset=${nextOff}`);
  assert.equal(page.prev_page?.path, `/api/2.5/tenders?mode=test&limit=5&opt_fields=status%2CtenderID&offset=${prevOff}`);

  // ascending request: prev appends descending=1 after opt_fields
  page = await read(store, { mode: 'test', limit: '5', opt_fields: 'status', offset: '50' });
  assert.equal(page.next_page.path, `/api/2.5/tenders?mode=test&limit=5&opt_fields=status&offset=200.0.1.${md5('b')}`);
  assert.equal(page.prev_page?.path, `/api/2.5/tenders?mode=test&limit=5&opt_fields=status&descending=1&offset=100.0.1.${md5('a')}`);
  assert.equal(page.prev_page?.uri, `http://host${page.prev_page?.path}`);

  // spec example shape: limit=2&opt_fields=status&descending=1&offset=...
  page = await read(store, { limit: '2', opt_fields: 'status', mode: '_all_' });
  assert.equal(qs(page.next_page.path), `mode=_all_&limit=2&opt_fields=status&offset=200.0.1.${md5('b')}`);
  assert.equal(page.prev_page, undefined);
});

test('links: prev_page only for a non-empty descending or offset', async () => {
  const store = new FakeStore(1000);
  store.put(tender('a', 100));
  assert.equal((await read(store, {})).prev_page, undefined);
  assert.equal((await read(store, { descending: '' })).prev_page, undefined);
  assert.equal((await read(store, { offset: '' })).prev_page, undefined);
  assert.ok((await read(store, { descending: '0' })).prev_page); // any non-empty value is descending
  assert.ok((await read(store, { offset: '1' })).prev_page);
  assert.ok((await read(store, { offset: '0' })).prev_page); // offset 0 still makes prev_page appear
});

test('links: descending=<anything non-empty> is echoed as descending=1', async () => {
  const store = new FakeStore(1000);
  store.put(tender('a', 100));
  const page = await read(store, { descending: 'false' });
  assert.equal(qs(page.next_page.path), `descending=1&offset=100.0.1.${md5('a')}`);
  assert.equal(page.prev_page?.path, `/api/2.5/tenders?offset=100.0.1.${md5('a')}`);
  assert.equal(store.queries[0].descending, true);
});

test('links: opt_fields sorted, whitelisted, default fields removed, %2C-encoded', async () => {
  const store = new FakeStore(1000);
  store.put(tender('a', 100));
  let page = await read(store, { opt_fields: 'tenderID,bogus,status,dateModified,status' });
  assert.equal(qs(page.next_page.path), `opt_fields=status%2CtenderID&offset=100.0.1.${md5('a')}`);
  page = await read(store, { opt_fields: 'dateModified' });
  assert.equal(page.next_page.path, `/api/2.5/tenders?offset=100.0.1.${md5('a')}`);
  page = await read(store, { opt_fields: 'nothing,known' });
  assert.equal(page.next_page.path, `/api/2.5/tenders?offset=100.0.1.${md5('a')}`);
  page = await read(store, { opt_fields: 'public_modified,next_check' });
  assert.equal(qs(page.next_page.path), `opt_fields=next_check%2Cpublic_modified&offset=100.0.1.${md5('a')}`);
});

test('links: mode echoed as given (URL-encoded), non-test modes filter real objects', async () => {
  const store = new FakeStore(1000);
  const page = await read(store, { mode: 'a b&c' });
  assert.equal(page.next_page.path, '/api/2.5/tenders?mode=a+b%26c');
  assert.equal(store.queries[0].mode, 'real');
  await read(store, { mode: 'test' });
  await read(store, { mode: '_all_' });
  await read(store, { mode: '' });
  assert.deepEqual(store.queries.slice(1).map((q) => q.mode), ['test', '_all_', 'real']);
  assert.equal((await read(store, { mode: '' })).next_page.path, '/api/2.5/tenders');
});

test('links: legacy feed param ignored, repeated params use the last value', async () => {
  const store = new FakeStore(1000);
  let page = await read(store, { feed: 'changes' });
  assert.deepEqual(page, { data: [], next_page: { offset: '', path: '/api/2.5/tenders', uri: 'http://host/api/2.5/tenders' } });
  page = await read(store, { limit: ['5', '7'], mode: ['test', 'x'] });
  assert.equal(page.next_page.path, '/api/2.5/tenders?mode=x&limit=7');
});

test('quotePlus matches Python quote_plus(safe="")', () => {
  assert.equal(quotePlus("a b+c/d:e,f~g*h!i'j(k)l"), 'a+b%2Bc%2Fd%3Ae%2Cf~g%2Ah%21i%27j%28k%29l');
  assert.equal(quotePlus('ü'), '%C3%BC');
});

// ---------------------------------------------------------------------------------------------
// limit

test('limit: default 100, clamped to 1000, values < 1 fetch 1 but echo min(value, 1000)', async () => {
  const store = new FakeStore(10_000);
  for (let i = 0; i < 5; i++) store.put(tender(`t${i}`, 100 + i));

  await read(store, {});
  assert.equal(store.queries.at(-1)?.limit, 100);

  let page = await read(store, { limit: '5000' });
  assert.equal(store.queries.at(-1)?.limit, 1000);
  assert.match(page.next_page.path, /\?limit=1000&offset=/);

  page = await read(store, { limit: '0' });
  assert.equal(store.queries.at(-1)?.limit, 1);
  assert.equal(page.data.length, 1);
  assert.match(page.next_page.path, /\?limit=0&offset=/);

  page = await read(store, { limit: '-3' });
  assert.equal(store.queries.at(-1)?.limit, 1);
  assert.match(page.next_page.path, /\?limit=-3&offset=/);

  page = await read(store, { limit: ' +0_2 ' });
  assert.equal(page.data.length, 2);
  assert.match(page.next_page.path, /\?limit=2&offset=/);

  page = await read(store, { limit: '99999999999999999999' });
  assert.match(page.next_page.path, /\?limit=1000&offset=/);

  page = await read(store, { limit: '-99999999999999999999' });
  assert.match(page.next_page.path, /\?limit=-99999999999999999999&offset=/);

  page = await read(store, { limit: '' });
  assert.equal(store.queries.at(-1)?.limit, 100);
  assert.doesNotMatch(page.next_page.path, /limit/);
});

async function assertLimitError(raw: string, description: string): Promise<void> {
  await assert.rejects(read(new FakeStore(1000), { limit: raw }), (e: unknown) => {
    assert.ok(e instanceof FeedQueryError);
    assert.equal(e.param, 'limit');
    assert.equal(e.message, description);
    return true;
  });
}

test('limit: non-integer → 400 with Python int() message', async () => {
  await assertLimitError('abc', "invalid literal for int() with base 10: 'abc'");
  await assertLimitError('5.0', "invalid literal for int() with base 10: '5.0'");
  await assertLimitError("a'b", `invalid literal for int() with base 10: "a'b"`);
  await assertLimitError('a"b\'c', `invalid literal for int() with base 10: 'a"b\\'c'`);
  await assertLimitError('\\x', "invalid literal for int() with base 10: '\\\\x'");
  await assertLimitError('ü\u00a0\t', "invalid literal for int() with base 10: 'ü\\xa0\\t'");
  await assertLimitError('x'.repeat(300), `invalid literal for int() with base 10: '${'x'.repeat(199)}`);
});

test('pyStrRepr matches Python repr(str)', () => {
  assert.equal(pyStrRepr(''), "''");
  assert.equal(pyStrRepr('\u0001\u007f\u200b\u{10ffff}😀'), "'\\x01\\x7f\\u200b\\U0010ffff😀'");
});

test('offset is validated before limit (404 wins over 400)', async () => {
  await assert.rejects(read(new FakeStore(1000), { limit: 'x', offset: 'latest' }), (e: unknown) => {
    assert.ok(e instanceof FeedQueryError);
    assert.equal(e.param, 'offset');
    assert.equal(e.message, 'Invalid offset provided: latest');
    return true;
  });
});

// ---------------------------------------------------------------------------------------------
// Empty pages

test('empty page without offset: offset "" and no offset in links', async () => {
  const store = new FakeStore(1000);
  const page = await read(store, { descending: '1', limit: '10' });
  assert.deepEqual(page, {
    data: [],
    next_page: { offset: '', path: '/api/2.5/tenders?limit=10&descending=1', uri: 'http://host/api/2.5/tenders?limit=10&descending=1' },
    prev_page: { offset: '', path: '/api/2.5/tenders?limit=10', uri: 'http://host/api/2.5/tenders?limit=10' },
  });
});

test('empty page with offset: next echoes the raw offset, prev has offset ""', async () => {
  const store = new FakeStore(1000);
  store.put(tender('a', 100));
  const off = `100.0.1.${md5('a')}`;
  let page = await read(store, { offset: off, limit: '3' });
  assert.deepEqual(page, {
    data: [],
    next_page: { offset: off, path: `/api/2.5/tenders?limit=3&offset=${off}`, uri: `http://host/api/2.5/tenders?limit=3&offset=${off}` },
    prev_page: { offset: '', path: '/api/2.5/tenders?limit=3&descending=1', uri: 'http://host/api/2.5/tenders?limit=3&descending=1' },
  });
  // raw ISO offset echoed verbatim, URL-encoded in links
  page = await read(store, { offset: '2027-01-01T00:00:00 02:00' });
  assert.equal(page.next_page.offset, '2027-01-01T00:00:00 02:00');
  assert.equal(page.next_page.path, '/api/2.5/tenders?offset=2027-01-01T00%3A00%3A00+02%3A00');
});

// ---------------------------------------------------------------------------------------------
// Offsets, de-duplication

test('offset: strict comparison without n, inclusive with n, fetch limit + n', async () => {
  const store = new FakeStore(1000);
  store.put(tender('a', 100));
  store.put(tender('b', 200));
  await read(store, { offset: '100.0', limit: '10' });
  assert.deepEqual(store.queries.at(-1), { descending: false, limit: 10, mode: 'real', watermarkSeconds: 1, after: 100, inclusive: false });
  await read(store, { offset: `100.0.3.${md5('a')}`, limit: '10' });
  assert.deepEqual(store.queries.at(-1), { descending: false, limit: 13, mode: 'real', watermarkSeconds: 1, after: 100, inclusive: true });
  await read(store, { offset: '100.0.-2.x', limit: '10' });
  assert.deepEqual(store.queries.at(-1), { descending: false, limit: 10, mode: 'real', watermarkSeconds: 1, after: 100, inclusive: false });
  await read(store, { offset: '100.0.999999999.x', limit: '10' });
  assert.equal(store.queries.at(-1)?.limit, 1010); // extra rows for n are capped
  await read(store, { offset: '200.0', descending: '1' });
  assert.deepEqual(store.queries.at(-1), { descending: true, limit: 100, mode: 'real', watermarkSeconds: null, after: 200, inclusive: false });
});

test('dedup: exact n + md5 match drops already delivered items', async () => {
  const store = new FakeStore(1000);
  store.put(tender('a', 100));
  store.put(tender('b', 100));
  store.put(tender('c', 200));
  const page = await read(store, { offset: `100.0.2.${md5('ab')}` });
  assert.deepEqual(page.data.map((d) => d.id), ['c']);
  assert.equal(page.next_page.offset, `200.0.1.${md5('c')}`);
});

test('dedup: mismatch in n or hash returns the items again (at least once)', async () => {
  const store = new FakeStore(1000);
  store.put(tender('a', 100));
  store.put(tender('b', 100));
  store.put(tender('c', 200));
  // client saw only "a" at 100; "b" arrived with the same timestamp afterwards
  let page = await read(store, { offset: `100.0.1.${md5('a')}`, limit: '1' });
  assert.deepEqual(page.data.map((d) => d.id), ['a', 'b']); // page holds limit + n items
  assert.equal(page.next_page.offset, `100.0.2.${md5('ab')}`);
  // wrong hash
  page = await read(store, { offset: `100.0.2.${md5('xx')}` });
  assert.deepEqual(page.data.map((d) => d.id), ['a', 'b', 'c']);
  // prev_page offset covers the first item's timestamp group
  assert.equal(page.prev_page?.offset, `100.0.2.${md5('ab')}`);
});

test('dedup: descending walk', async () => {
  const store = new FakeStore(1000);
  store.put(tender('a', 100));
  store.put(tender('b', 200));
  store.put(tender('c', 200));
  store.put(tender('d', 300));
  let page = await read(store, { descending: '1', limit: '2' });
  assert.deepEqual(page.data.map((d) => d.id), ['d', 'b']);
  assert.equal(page.next_page.offset, `200.0.1.${md5('b')}`);
  page = await read(store, { descending: '1', limit: '2', offset: page.next_page.offset });
  assert.deepEqual(page.data.map((d) => d.id), ['b', 'c', 'a']); // n mismatch → b again
  page = await read(store, { descending: '1', limit: '2', offset: page.next_page.offset });
  assert.deepEqual(page.data, []);
});

test('sync: following next_page delivers every object at least once despite many ties', async () => {
  const store = new FakeStore(10_000);
  let t = 0;
  const ids: string[] = [];
  for (let i = 0; i < 40; i++) {
    if (i % 7 !== 0) t += 1; // groups of equal timestamps
    const id = `id${String(i).padStart(2, '0')}`;
    ids.push(id);
    store.put(tender(id, 1000 + t + (i % 3 === 0 ? 0 : 0.001)));
  }
  for (const limit of ['1', '2', '3', '10']) {
    for (const descending of [undefined, '1']) {
      const seen = new Set<string>();
      let query: RawQuery = descending ? { limit, descending } : { limit };
      let guard = 0;
      for (;;) {
        const page = await read(store, query);
        if (page.data.length === 0) break;
        for (const d of page.data) seen.add(d.id as string);
        query = Object.fromEntries(new URL(page.next_page.uri).searchParams);
        assert.ok(++guard < 200, 'feed walk must terminate');
      }
      assert.deepEqual([...seen].sort(), [...ids].sort(), `limit=${limit} descending=${descending}`);
    }
  }
});

test('sync: an object modified between pages moves forward and is delivered again', async () => {
  const store = new FakeStore(1000);
  store.put(tender('a', 100));
  store.put(tender('b', 200));
  let page = await read(store, { limit: '1' });
  assert.deepEqual(page.data.map((d) => d.id), ['a']);
  store.put(tender('a', 300));
  // "a" left the offset's timestamp group, so nothing is dropped and the page holds limit + n rows
  page = await read(store, Object.fromEntries(new URL(page.next_page.uri).searchParams));
  assert.deepEqual(page.data.map((d) => d.id), ['b', 'a']);
  assert.equal(page.next_page.offset, `300.0.1.${md5('a')}`);
  page = await read(store, Object.fromEntries(new URL(page.next_page.uri).searchParams));
  assert.deepEqual(page.data, []);
});

// ---------------------------------------------------------------------------------------------
// Watermark

test('watermark: ascending always, descending only without offset', async () => {
  const store = new FakeStore(1000);
  store.put(tender('old', 998.5));
  store.put(tender('edge', 999)); // exactly dbNow − 1: still listed
  store.put(tender('fresh', 999.2)); // within the last second: held back

  let page = await read(store, {});
  assert.deepEqual(page.data.map((d) => d.id), ['old', 'edge']);
  page = await read(store, { offset: '900' });
  assert.deepEqual(page.data.map((d) => d.id), ['old', 'edge']);
  page = await read(store, { descending: '1' });
  assert.deepEqual(page.data.map((d) => d.id), ['edge', 'old']);
  page = await read(store, { descending: '1', offset: '2000' });
  assert.deepEqual(page.data.map((d) => d.id), ['fresh', 'edge', 'old']);
  assert.equal(store.queries.at(-1)?.watermarkSeconds, null);

  // configurable; 0 disables it
  page = await read(store, {}, 'http://host', 0);
  assert.deepEqual(page.data.map((d) => d.id), ['old', 'edge', 'fresh']);
  page = await read(store, {}, 'http://host', 1.2);
  assert.deepEqual(page.data.map((d) => d.id), ['old']);
});

test('offset value 0 behaves as no offset (filter and watermark) but is echoed', async () => {
  const store = new FakeStore(1000);
  store.put(tender('a', 100));
  store.put(tender('fresh', 999.9));
  let page = await read(store, { descending: '1', offset: '0' });
  assert.deepEqual(store.queries.at(-1), { descending: true, limit: 100, mode: 'real', watermarkSeconds: 1 });
  assert.deepEqual(page.data.map((d) => d.id), ['a']);
  assert.ok(page.prev_page);
  page = await read(store, { offset: '0.0', mode: 'test' });
  assert.deepEqual(page.data, []);
  assert.equal(page.next_page.offset, '0.0');
  assert.equal(page.next_page.path, '/api/2.5/tenders?mode=test&offset=0.0');
  assert.deepEqual(page.prev_page, { offset: '', path: '/api/2.5/tenders?mode=test&descending=1', uri: 'http://host/api/2.5/tenders?mode=test&descending=1' });
});

// ---------------------------------------------------------------------------------------------
// Items

test('items: id + dateModified + requested whitelisted fields; public_modified from the row', async () => {
  const store = new FakeStore(1000);
  store.put({
    id: 'a',
    publicModified: 100.5,
    doc: { id: 'a', dateModified: 'dm', status: 'active', tenderID: 'UA-1', title: 'secret-ish', public_modified: 1 },
  });
  store.put({ id: 'b', publicModified: 200, doc: { id: 'b', status: 'complete' } }); // no dateModified, no tenderID
  const page = await read(store, { opt_fields: 'status,title,tenderID,public_modified,public_ts,id' });
  assert.deepEqual(page.data, [
    { id: 'a', dateModified: 'dm', status: 'active', tenderID: 'UA-1', public_modified: 100.5 },
    { id: 'b', status: 'complete', public_modified: 200 },
  ]);
  assert.deepEqual(Object.keys(page.data[0]), ['dateModified', 'id', 'public_modified', 'status', 'tenderID']);
});

test('items: test objects and non-public ones follow the store filter', async () => {
  const store = new FakeStore(1000);
  store.put(tender('real', 100));
  store.put({ ...tender('test', 101), isTest: true });
  store.put({ ...tender('draft', 102), isPublic: false });
  assert.deepEqual((await read(store, {})).data.map((d) => d.id), ['real']);
  assert.deepEqual((await read(store, { mode: 'test' })).data.map((d) => d.id), ['test']);
  assert.deepEqual((await read(store, { mode: '_all_' })).data.map((d) => d.id), ['real', 'test']);
});

test('composeOffset is what next_page carries for the returned page', async () => {
  const store = new FakeStore(1000);
  store.put(tender('x', 100.25));
  store.put(tender('y', 100.25));
  const page = await read(store, {});
  assert.equal(
    page.next_page.offset,
    composeOffset([{ id: 'x', publicModified: 100.25 }, { id: 'y', publicModified: 100.25 }], 'last'),
  );
  assert.equal(page.next_page.offset, `100.25.2.${md5('xy')}`);
});
