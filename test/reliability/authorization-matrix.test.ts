// Authorization matrix (issue 7, reliability 4): every write route of the app, taken from its
// route table at test time, × {no key, unknown key, wrong group, other broker, wrong acc_token,
// another object's token} is refused with the reference's status and error. A write route missing
// from EXPECTED fails the test, so a new route cannot go unchecked.
//
// The reference's refusals: its ACL (`__acl__` per resource; only `brokers`, `Administrator` and
// `admins` hold create/edit permissions) and owner checks (`validate_item_owner`: user == owner and
// token == owner_token) both end in 403 url/permission/Forbidden (platform.md §3.2, §3.4); a broker
// without the operation's level gets 403 url/accreditation (§3.3).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, TEST_BACKENDS, type TestApp } from '../helpers/app.ts';
import { REFERENCE_DS_KEY, SIGNED_URLS, api, tenderBody, type Json } from '../procedures/below-threshold/builders.ts';
import { bidData, tenderer } from '../procedures/below-threshold/tendering.ts';
import { BIDDER, buildWorld, fillPattern, storedSnapshot, type World } from './world.ts';

const CASES = ['no key', 'unknown key', 'wrong group', 'other broker', 'wrong acc_token', "another object's token"] as const;
type Case = (typeof CASES)[number];

interface Refusal {
  status: number;
  error: { location: string; name: string; description: string };
}
/** Why a case does not apply to a route (e.g. creation has no owner token). */
type NotApplicable = { na: string };

/**
 * A service group with no write permission on any of these routes (bots and the auction may
 * upload tender documents in the reference, so they are no "wrong group" there).
 */
const WRONG_GROUP = 'inspector';

const PERMISSION: Refusal = { status: 403, error: { location: 'url', name: 'permission', description: 'Forbidden' } };
const NO_OWNER: NotApplicable = { na: 'creation: no owner token involved' };
const ANY_USER: NotApplicable = { na: 'any authenticated user may upload' };

const NO_TOKEN: NotApplicable = { na: 'no owner token involved' };

/** The row of a route: callers without a key or with an unknown one are always anonymous. */
function refusedWith(group: Refusal | NotApplicable, otherBroker: Refusal | NotApplicable, tokens: Refusal | NotApplicable): Record<Case, Refusal | NotApplicable> {
  return {
    'no key': PERMISSION,
    'unknown key': PERMISSION,
    'wrong group': group,
    'other broker': otherBroker,
    'wrong acc_token': tokens,
    "another object's token": tokens,
  };
}

/** Whose token the route checks; which key is the rightful caller. */
type Owner = 'tender' | 'bid' | 'none';

interface RouteExpectation {
  owner: Owner;
  /** The rightful caller's key (the owner, or the service role). */
  caller: string;
  /** A key of an authenticated user in a group the route does not allow. */
  wrongGroup?: string;
  body?: (w: World) => unknown;
  cases: Record<Case, Refusal | NotApplicable>;
  /** A broker lacking the operation's accreditation level, with the reference's refusal. */
  accreditation?: { key: string; refusal: Refusal };
}

const ownerRoute = (owner: 'tender' | 'bid', body?: (w: World) => unknown): RouteExpectation => ({
  owner,
  caller: owner === 'tender' ? 'broker' : BIDDER,
  wrongGroup: WRONG_GROUP,
  body,
  cases: refusedWith(PERMISSION, PERMISSION, PERMISSION),
});

const creationRoute = (body: (w: World) => unknown, item: string, lowLevelKey: string): RouteExpectation => ({
  owner: 'none',
  caller: 'broker',
  wrongGroup: WRONG_GROUP,
  body,
  cases: refusedWith(PERMISSION, NO_OWNER, NO_OWNER),
  accreditation: {
    key: lowLevelKey,
    refusal: { status: 403, error: { location: 'url', name: 'accreditation', description: `Broker Accreditation level does not permit ${item} creation` } },
  },
});

const serviceRoute = (caller: string, wrongGroup: string, body: unknown): RouteExpectation => ({
  owner: 'none',
  caller,
  wrongGroup,
  body: () => body,
  cases: refusedWith(PERMISSION, { na: `a service route (${caller} only): no broker owns it` }, NO_TOKEN),
});

const dsRoute: RouteExpectation = {
  owner: 'none',
  caller: 'broker',
  body: () => ({ data: { hash: `md5:${'0'.repeat(32)}` } }),
  cases: { ...refusedWith(ANY_USER, ANY_USER, NO_TOKEN), 'no key': PERMISSION, 'unknown key': PERMISSION },
};

const doc = (title: string) => () => ({ data: { title, format: 'application/pdf', ...SIGNED_URLS.notice } });
const patchData = (data: Json) => () => ({ data });
const { scale: _scale, ...questionAuthor } = tenderer();

/** Every write route (method + pattern) the app serves. */
const EXPECTED: Record<string, RouteExpectation> = {
  'POST /api/2.5/tenders': creationRoute(() => tenderBody(), 'tender', 'broker2'),
  'PATCH /api/2.5/tenders/:tender_id': ownerRoute('tender', patchData({ title: 'changed' })),
  'POST /api/2.5/tenders/:tender_id/lots': ownerRoute('tender', patchData({ title: 'lot', value: { amount: 100, currency: 'UAH' }, minimalStep: { amount: 3, currency: 'UAH' } })),
  'PATCH /api/2.5/tenders/:tender_id/lots/:lot_id': ownerRoute('tender', patchData({ title: 'changed' })),
  'DELETE /api/2.5/tenders/:tender_id/lots/:lot_id': ownerRoute('tender'),
  'POST /api/2.5/tenders/:tender_id/documents': ownerRoute('tender', doc('new.pdf')),
  'PUT /api/2.5/tenders/:tender_id/documents/:document_id': ownerRoute('tender', doc('v2.pdf')),
  'PATCH /api/2.5/tenders/:tender_id/documents/:document_id': ownerRoute('tender', patchData({ title: 'renamed.pdf' })),
  'DELETE /api/2.5/tenders/:tender_id/documents/:document_id': ownerRoute('tender'),
  'POST /api/2.5/tenders/:tender_id/questions': creationRoute(() => ({ data: { author: questionAuthor, title: 'q', description: 'd' } }), 'question', 'broker1'),
  'PATCH /api/2.5/tenders/:tender_id/questions/:question_id': ownerRoute('tender', patchData({ answer: 'answer' })),
  'POST /api/2.5/tenders/:tender_id/bids': creationRoute((w) => ({ data: bidData(w.lotId) }), 'bid', 'broker1'),
  'PATCH /api/2.5/tenders/:tender_id/bids/:bid_id': ownerRoute('bid', patchData({ status: 'pending' })),
  'DELETE /api/2.5/tenders/:tender_id/bids/:bid_id': ownerRoute('bid'),
  'PATCH /api/2.5/tenders/:tender_id/chronograph': serviceRoute('chronograph', 'broker', { data: {} }),
  'PUT /api/2.5/sandbox/clock': serviceRoute('administrator', 'broker', { data: { now: '2030-01-01T00:00:00+02:00' } }),
  'POST /ds/register': dsRoute,
  'POST /ds/upload': dsRoute,
  'POST /ds/upload/:doc_id': dsRoute,
};
for (const list of ['documents', 'financial_documents', 'eligibility_documents', 'qualification_documents']) {
  const base = `/api/2.5/tenders/:tender_id/bids/:bid_id/${list}`;
  EXPECTED[`POST ${base}`] = ownerRoute('bid', doc('new.pdf'));
  EXPECTED[`PUT ${base}/:document_id`] = ownerRoute('bid', doc('v2.pdf'));
  EXPECTED[`PATCH ${base}/:document_id`] = ownerRoute('bid', patchData({ title: 'renamed.pdf' }));
  EXPECTED[`DELETE ${base}/:document_id`] = ownerRoute('bid');
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Who calls and with which token, per case. */
function attempt(route: RouteExpectation, w: World, c: Case | 'accreditation'): { key: string | null; token: string | undefined } {
  const rightToken = route.owner === 'tender' ? w.tender.token : route.owner === 'bid' ? w.bid.token : undefined;
  const otherToken = route.owner === 'tender' ? w.otherTender.token : route.owner === 'bid' ? w.otherBid.token : undefined;
  switch (c) {
    case 'no key':
      return { key: null, token: rightToken };
    case 'unknown key':
      return { key: 'no-such-api-key', token: rightToken };
    case 'wrong group':
      return { key: route.wrongGroup ?? null, token: rightToken };
    case 'other broker':
      // Another broker with every level, presenting the rightful token.
      return { key: route.caller === 'brokerr' ? 'broker' : 'brokerr', token: rightToken };
    case 'wrong acc_token':
      return { key: route.caller, token: 'f'.repeat(32) };
    case "another object's token":
      return { key: route.caller, token: otherToken };
    case 'accreditation':
      return { key: route.accreditation?.key ?? null, token: undefined };
  }
}

for (const backend of TEST_BACKENDS) {
  describe(`authorization matrix [${backend}]`, () => {
    let t: TestApp;
    let w: World;
    let writeRoutes: string[];
    before(async () => {
      t = await buildTestApp({ backend, trustedDsKeys: [REFERENCE_DS_KEY] });
      w = await buildWorld(t);
      writeRoutes = t.app.routeTable
        .list()
        .filter((r) => WRITE_METHODS.has(r.method))
        .map((r) => `${r.method} ${r.url}`)
        .sort();
    });
    after(() => t.close());

    test('every write route of the app has an expectation row (add one for a new route)', () => {
      const missing = writeRoutes.filter((r) => !(r in EXPECTED));
      assert.deepEqual(missing, [], `write routes without an authorization expectation in ${import.meta.url}`);
      const stale = Object.keys(EXPECTED).filter((r) => !writeRoutes.includes(r));
      assert.deepEqual(stale, [], 'expectation rows for routes the app no longer serves');
    });

    test('every write route × every case is refused as the reference refuses it; nothing is stored', async () => {
      const before = await storedSnapshot(t, w);
      const failures: string[] = [];
      let checked = 0;
      for (const route of writeRoutes) {
        const expectation = EXPECTED[route];
        if (!expectation) continue;
        const [method, pattern] = route.split(' ') as ['POST' | 'PUT' | 'PATCH' | 'DELETE', string];
        const rows: Array<[Case | 'accreditation', Refusal | NotApplicable]> = Object.entries(expectation.cases) as Array<[Case, Refusal | NotApplicable]>;
        if (expectation.accreditation) rows.push(['accreditation', expectation.accreditation.refusal]);
        for (const [c, expected] of rows) {
          if ('na' in expected) continue;
          const { key, token } = attempt(expectation, w, c);
          const url = fillPattern(pattern, w) + (token ? `?acc_token=${token}` : '');
          const res = await api(t.app, method, url, { auth: key, body: expectation.body?.(w) });
          checked++;
          const actual = { status: res.status, error: (res.json.errors as unknown[] | undefined)?.[0] };
          if (res.status !== expected.status || JSON.stringify(res.json) !== JSON.stringify({ status: 'error', errors: [expected.error] })) {
            failures.push(`${route} [${c}] → ${JSON.stringify(actual)}`);
          }
        }
      }
      assert.deepEqual(failures, []);
      assert.ok(checked > writeRoutes.length * 3, `only ${checked} refusals checked`);
      assert.equal(await storedSnapshot(t, w), before, 'a refused request changed stored data');
    });

    test('the rightful callers pass these checks (the matrix tests refusals, not a dead route)', async () => {
      // One sample per owner kind: the same request with the rightful key and token gets past the
      // permission check (to a business rule or a success).
      for (const route of ['PATCH /api/2.5/tenders/:tender_id', 'PATCH /api/2.5/tenders/:tender_id/bids/:bid_id/documents/:document_id', 'PATCH /api/2.5/tenders/:tender_id/chronograph']) {
        const expectation = EXPECTED[route];
        const [method, pattern] = route.split(' ') as ['PATCH', string];
        const token = expectation.owner === 'tender' ? w.tender.token : expectation.owner === 'bid' ? w.bid.token : undefined;
        const res = await api(t.app, method, fillPattern(pattern, w) + (token ? `?acc_token=${token}` : ''), { auth: expectation.caller, body: expectation.body?.(w) });
        assert.notDeepEqual(res.json.errors, [PERMISSION.error], `${route}: ${res.body}`);
        assert.ok(res.status === 200 || (res.status === 403 && (res.json.errors as Json[])[0].location === 'body'), `${route}: ${res.body}`);
      }
    });
  });
}
