// HTTP-level tests of the tender feed GET /api/2.5/tenders (platform.md §4), per backend.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeApp } from '../helpers/app.ts';
import { api, expectError, expectStatus, setClock, type Json } from '../helpers/api.ts';
import { START } from '../helpers/recorded-tender.ts';
import { REFERENCE_DS_KEY } from '../helpers/reference-ds.ts';
import { createTender, getTender, publishTender } from '../procedures/below-threshold/builders.ts';

const HOST = { host: 'api.example' };
const FEED = '/api/2.5/tenders';

interface Page {
  data: Json[];
  next_page: { offset: string; path: string; uri: string };
  prev_page?: { offset: string; path: string; uri: string };
}

describeApp('GET /tenders feed', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  const published: string[] = [];
  before(async () => {
    await setClock(t.app, START);
  });

  const feed = async (query = ''): Promise<Page> => {
    const res = await api(t.app, 'GET', `${FEED}${query}`, { auth: null, headers: HOST });
    expectStatus(res, 200);
    return res.json as unknown as Page;
  };
  const publishNew = async (data: Json = {}, auth?: string): Promise<Json> => {
    const tender = await createTender(t.app, { data, auth });
    const out = await publishTender(t.app, tender);
    return out;
  };

  test('empty feed has exactly data [] and next_page with an empty offset', async () => {
    const res = await api(t.app, 'GET', FEED, { auth: null, headers: HOST });
    expectStatus(res, 200);
    assert.deepEqual(res.json, { data: [], next_page: { offset: '', path: '/api/2.5/tenders', uri: 'http://api.example/api/2.5/tenders' } });
  });

  test('HEAD /tenders → 200', async () => {
    const res = await api(t.app, 'HEAD', FEED, { auth: null });
    expectStatus(res, 200);
    assert.equal(res.body, '');
  });

  test('drafts are hidden from the feed but readable by id', async () => {
    const draft = await createTender(t.app);
    assert.deepEqual((await feed()).data, []);
    assert.equal((await getTender(t.app, draft.id)).status, 'draft');
  });

  test('a published tender appears with id and dateModified only', async () => {
    const data = await publishNew();
    published.push(String(data.id));
    const page = await feed();
    assert.deepEqual(page.data, [{ id: data.id, dateModified: data.dateModified }]);
    assert.notEqual(page.next_page.offset, '');
    assert.equal(page.next_page.path, `/api/2.5/tenders?offset=${page.next_page.offset}`);
    assert.equal(page.next_page.uri, `http://api.example/api/2.5/tenders?offset=${page.next_page.offset}`);
    assert.equal('prev_page' in page, false);
  });

  test('mode=test lists only test tenders; the default feed excludes them; _all_ lists both', async () => {
    const testTender = await publishNew({ mode: 'test' }, 'brokert');
    assert.deepEqual((await feed()).data.map((i) => i.id), published);
    const onlyTest = await feed('?mode=test');
    assert.deepEqual(onlyTest.data.map((i) => i.id), [testTender.id]);
    assert.equal(onlyTest.next_page.path, `/api/2.5/tenders?mode=test&offset=${onlyTest.next_page.offset}`);
    const all = await feed('?mode=_all_');
    assert.deepEqual(all.data.map((i) => i.id).sort(), [...published, String(testTender.id)].sort());
  });

  test('opt_fields=status adds the field; unknown names are ignored; echoed in links', async () => {
    const page = await feed('?opt_fields=status,title,procurementMethodType');
    assert.deepEqual(page.data, [
      { id: published[0], dateModified: page.data[0]!.dateModified, status: 'active.enquiries', procurementMethodType: 'belowThreshold' },
    ]);
    assert.equal(page.next_page.path, `/api/2.5/tenders?opt_fields=procurementMethodType%2Cstatus&offset=${page.next_page.offset}`);
  });

  test('descending=1 lists newest first and gives prev_page without descending', async () => {
    const second = await publishNew();
    published.push(String(second.id));
    const page = await feed('?descending=1&limit=1');
    assert.deepEqual(page.data.map((i) => i.id), [second.id]);
    assert.ok(page.prev_page, 'prev_page present');
    assert.equal(page.next_page.path, `/api/2.5/tenders?limit=1&descending=1&offset=${page.next_page.offset}`);
    assert.equal(page.prev_page.path, `/api/2.5/tenders?limit=1&offset=${page.prev_page.offset}`);
    const older = await feed(page.next_page.path.slice(FEED.length));
    assert.deepEqual(older.data.map((i) => i.id), [published[0]]);
    const ascending = await feed();
    assert.deepEqual(ascending.data.map((i) => i.id), published);
  });

  test('limit pages through the feed in order', async () => {
    const first = await feed('?limit=1');
    assert.deepEqual(first.data.map((i) => i.id), [published[0]]);
    const second = await feed(first.next_page.path.slice(FEED.length));
    assert.deepEqual(second.data.map((i) => i.id), [published[1]]);
    const third = await feed(second.next_page.path.slice(FEED.length));
    assert.deepEqual(third.data, []);
    assert.equal(third.next_page.offset, second.next_page.offset, 'an empty page echoes the offset');
    assert.ok(third.prev_page);
    assert.equal(third.prev_page.offset, '');
  });

  test('bad offset → 404 querystring/offset', async () => {
    expectError(await api(t.app, 'GET', `${FEED}?offset=xyz`, { auth: null }), 404, 'querystring', 'offset', 'Invalid offset provided: xyz');
  });

  test('limit=abc → 400 querystring/limit', async () => {
    expectError(await api(t.app, 'GET', `${FEED}?limit=abc`, { auth: null }), 400, 'querystring', 'limit', "invalid literal for int() with base 10: 'abc'");
  });

  test('following next_page of the last (empty) page later shows only new and changed items', async () => {
    let page = await feed();
    while (page.data.length > 0) page = await feed(page.next_page.path.slice(FEED.length));
    const tail = page.next_page.path;
    assert.deepEqual((await feed(tail.slice(FEED.length))).data, []);
    const third = await publishNew();
    const after = await feed(tail.slice(FEED.length));
    assert.deepEqual(after.data.map((i) => i.id), [third.id]);
  });
});

describeApp('GET /tenders feed from the start', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  before(async () => {
    await setClock(t.app, START);
  });

  test('following next_page of an initially empty feed later shows new items', async () => {
    const empty = await api(t.app, 'GET', FEED, { auth: null });
    const next = (empty.json as unknown as Page).next_page;
    assert.deepEqual(next.offset, '');
    const tender = await createTender(t.app);
    const data = await publishTender(t.app, tender);
    const res = await api(t.app, 'GET', next.path, { auth: null });
    expectStatus(res, 200);
    assert.deepEqual((res.json as unknown as Page).data, [{ id: data.id, dateModified: data.dateModified }]);
  });

  test('a PATCH of a published tender moves it to the end of the feed', async () => {
    const other = await createTender(t.app);
    await publishTender(t.app, other);
    const before = (await api(t.app, 'GET', FEED, { auth: null })).json as unknown as Page;
    const firstId = String(before.data[0]!.id);
    assert.equal(before.data.length, 2);
    const stored = await t.deps.store.get('tenders', firstId);
    assert.ok(stored);
    // The owner token is not at hand here: the Administrator bypasses owner checks.
    await setClock(t.app, '2027-01-01T01:00:00+02:00');
    const res = await api(t.app, 'PATCH', `${FEED}/${firstId}`, { auth: 'administrator', body: { data: { description: 'changed' } } });
    expectStatus(res, 200);
    const afterPatch = (await api(t.app, 'GET', FEED, { auth: null })).json as unknown as Page;
    assert.deepEqual(afterPatch.data.map((i) => i.id), [before.data[1]!.id, firstId]);
    assert.equal(afterPatch.data[1]!.dateModified, '2027-01-01T01:00:00+02:00');
  });
});
