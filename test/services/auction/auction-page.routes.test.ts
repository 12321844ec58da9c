// What the bidder page's public endpoints reveal (issue 11: the page needs no key and its key is the
// public auctionUrl) and what its live streams cost: before the start no amount and no bidder id
// leaves the state, the event stream or the page, except a bidder's own offer to that bidder; after
// the start only labels, current offers and turns; many live pages of one run share one storage read
// per tick, and a run takes a bounded number of watchers. The page carries the tender's and the lot's
// titles and loads its chart library from this server; no input makes it answer 500. Real sockets;
// both backends.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeApp } from '../../helpers/app.ts';
import { storedTender, updateStoredTender } from '../../helpers/stored-tender.ts';
import { api, expectError, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { START } from '../../helpers/recorded-tender.ts';
import { REFERENCE_DS_KEY } from '../../helpers/reference-ds.ts';
import { storedLotBid } from '../../procedures/below-threshold/builders.ts';
import { tenderInAuction } from '../../procedures/below-threshold/auction-tenders.ts';
import { storedAuctionRuns } from '../../../src/services/auction/stored-auction-runs.ts';
import { formatIso } from '../../../src/core/time/iso.ts';

const WATCHER_CAP = 8;
const POLL_MS = 250;
const WAIT_MS = 10_000;

/** A title that would break out of the page's markup, or of a `String.replace` replacement, if pasted raw. */
const TRICKY_TITLE = 'Папір офісний </script><script>window.hacked=1</script> $& $\' <!--';

const lotBid = (lotIds: string[], amount: number): Json =>
  storedLotBid(lotIds, { lotValues: [{ relatedLot: lotIds[0], status: 'pending', value: { amount, currency: 'UAH', valueAddedTaxIncluded: false }, date: '2027-01-09T10:00:00+02:00' }] });

interface EventStream {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The `state` events received so far, parsed. */
  states: Json[];
  /** Resolves once `n` state events have arrived. */
  waitForStates(n: number): Promise<void>;
  close(): void;
}

/** GET an event stream on a real socket and collect what it sends. */
function openEventStream(origin: string, path: string): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${origin}${path}`, (res) => {
      const stream: EventStream = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        body: '',
        states: [],
        async waitForStates(n) {
          const deadline = performance.now() + WAIT_MS;
          while (stream.states.length < n) {
            if (performance.now() > deadline) throw new Error(`no ${n} state events on ${path}: ${stream.body}`);
            await sleep(10);
          }
        },
        close: () => req.destroy(),
      };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        stream.body += chunk;
        stream.states = [...stream.body.matchAll(/^event: state\ndata: (.*)$/gm)].map((m) => JSON.parse(m[1]!) as Json);
      });
      res.on('error', () => undefined);
      resolve(stream);
    });
    req.on('error', (err) => (err.message === 'socket hang up' ? undefined : reject(err)));
  });
}

describeApp('auction page: what it reveals, what its streams cost', { trustedDsKeys: [REFERENCE_DS_KEY], env: { AUCTION_PAGE_STREAMS_PER_RUN: String(WATCHER_CAP) } }, (t) => {
  let origin: string;
  let key: string;
  let pagePath: string;
  /** `?bidder=…&signature=…` of the cheaper and the dearer bid. */
  let cheapQuery: string;
  let dearQuery: string;
  /** Strings no public answer may carry: bid ids, owner tokens, participation signatures, bid dates. */
  let secrets: string[];
  const open: EventStream[] = [];
  /** The watchers the read-count test leaves open: the run is full. */
  let watchers: EventStream[] = [];

  before(async () => {
    origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
    await setClock(t.app, START);
    const tender = await tenderInAuction(t, 1, (lotIds) => [lotBid(lotIds, 480), lotBid(lotIds, 500)], { title: TRICKY_TITLE, title_en: 'Office paper' });
    await updateStoredTender(t, tender.id, (d) => {
      d.lots![0]!.title_en = 'Lot of A4 paper';
    });
    const stored = await storedTender(t, tender.id);
    key = `${tender.id}_${tender.lotIds[0]}`;
    const urls = stored.bids!.map((b) => new URL(String(b.lotValues![0]!.participationUrl)));
    pagePath = urls[0]!.pathname;
    [cheapQuery, dearQuery] = urls.map((u) => u.search) as [string, string];
    secrets = [
      ...stored.bids!.flatMap((b) => [String(b.id), String((b as Json).owner_token)]),
      ...urls.map((u) => u.searchParams.get('signature')!),
      String((stored as Json).owner_token),
      '2027-01-09',
    ];
  });
  after(() => {
    for (const stream of open) stream.close();
  });

  const follow = async (query = ''): Promise<EventStream> => {
    const stream = await openEventStream(origin, `${pagePath}/events${query}`);
    open.push(stream);
    return stream;
  };
  const assertNoSecrets = (text: string): void => {
    for (const secret of secrets) assert.ok(!text.includes(secret), `${secret} leaked in ${text}`);
  };

  test('before the start: the state, the stream and the page show the schedule only; a bidder sees its own offer alone', async () => {
    const watcher = await api(t.app, 'GET', `${pagePath}/state`, { auth: null });
    expectStatus(watcher, 200);
    assert.equal(watcher.json.status, 'scheduled');
    assert.ok(Number(watcher.json.timeLeftMs) > 0);
    assert.deepEqual([watcher.json.bidders, watcher.json.you, watcher.json.maxAllowedAmount, watcher.json.pendingAmount], [[], null, null, null]);
    assert.doesNotMatch(watcher.body, /\b(480|500)\b/);
    assertNoSecrets(watcher.body);

    const forged = await api(t.app, 'GET', `${pagePath}/state${cheapQuery.replace(/signature=[^&]+/, 'signature=forged')}`, { auth: null });
    assert.deepEqual(forged.json.bidders, [], 'a forged signature watches like anyone');

    const stream = await follow();
    await stream.waitForStates(1);
    assert.equal(stream.status, 200);
    assert.deepEqual(stream.states[0]!.bidders, []);
    assert.doesNotMatch(stream.body, /\b(480|500)\b/);
    assertNoSecrets(stream.body);

    const page = await api(t.app, 'GET', pagePath, { auth: null });
    expectStatus(page, 200);
    assert.doesNotMatch(page.body, /\b(480|500)\b/);
    assertNoSecrets(page.body);

    const cheap = await api(t.app, 'GET', `${pagePath}/state${cheapQuery}`, { auth: null });
    assert.deepEqual([cheap.json.you, cheap.json.bidders], ['Bidder 1', [{ label: 'You', bidder: 1, amount: 480, isYou: true, isTurn: false }]]);
    assert.deepEqual(cheap.json.offerHistory, [{ round: 0, offers: [{ bidder: 1, isYou: true, amount: 480 }] }]);
    assert.doesNotMatch(cheap.body, /\b500\b/);
    const cheapStream = await follow(cheapQuery);
    await cheapStream.waitForStates(1);
    assert.deepEqual(cheapStream.states[0]!.bidders, [{ label: 'You', bidder: 1, amount: 480, isYou: true, isTurn: false }]);
    const dear = await api(t.app, 'GET', `${pagePath}/state${dearQuery}`, { auth: null });
    assert.deepEqual((dear.json.bidders as Json[]).map((b) => b.amount), [500]);
    for (const s of [cheapStream, stream]) s.close();
  });

  test('after the start: labels, current offers and turns only — no bid id, token or date', async () => {
    const run = (await storedAuctionRuns(t.deps.store).load(key))!.run;
    await setClock(t.app, formatIso(run.stages[0]!.startMs + 1000));
    for (const query of ['', cheapQuery]) {
      const res = await api(t.app, 'GET', `${pagePath}/state${query}`, { auth: null });
      expectStatus(res, 200);
      assert.equal(res.json.status, 'pause');
      assert.deepEqual(Object.keys(res.json).sort(), [
        'bidders', 'leader', 'maxAllowedAmount', 'minimalStep', 'offerHistory', 'pendingAmount', 'round', 'rounds',
        'stageIndex', 'startDate', 'status', 'timeLeftMs', 'timeline', 'you', 'yourTurn',
      ]);
      const bidders = res.json.bidders as Json[];
      assert.ok(bidders.every((b) => Object.keys(b).sort().join() === 'amount,bidder,isTurn,isYou,label'));
      assert.deepEqual(res.json.offerHistory, [{ round: 0, offers: bidders.map((b) => ({ bidder: b.bidder, isYou: b.isYou, amount: b.amount })) }]);
      assert.deepEqual((res.json.timeline as Json[]).slice(0, 3).map((s) => [s.kind, s.bidder]), [['pause', null], ['turn', 2], ['turn', 1]]);
      assert.equal(res.json.leader, null);
      assert.deepEqual(bidders.map((b) => b.amount), [500, 480], 'the initial offers, worst first');
      assert.deepEqual(bidders.map((b) => b.label), query === '' ? ['Bidder 2', 'Bidder 1'] : ['Bidder 2', 'You']);
      assertNoSecrets(res.body);
    }
    await setClock(t.app, START);
  });

  test('the page: the tender\'s and the lot\'s titles in both languages (as data, never as markup), the chart library from this server', async () => {
    const page = await api(t.app, 'GET', pagePath, { auth: null });
    expectStatus(page, 200);
    assert.match(String(page.headers['content-type']), /^text\/html; charset=utf-8/);
    const json = /<script type="application\/json" id="headline">(.*?)<\/script>/s.exec(page.body);
    assert.ok(json, 'the headline data block');
    assert.deepEqual(JSON.parse(json[1]!), {
      tender: { uk: TRICKY_TITLE, en: 'Office paper' },
      lot: { uk: 'lot 0', en: 'Lot of A4 paper' },
      currency: 'UAH',
    });
    assert.ok(!page.body.includes('<script>window.hacked'), 'the title is not markup');
    assert.equal(page.body.match(/<\/script>/g)!.length, page.body.match(/<script[ >]/g)!.length, 'no element closed early');

    const src = /<script src="([^"]+)"><\/script>/.exec(page.body)?.[1];
    assert.match(src!, /^\/auctions\/static\/chart\.js-\d+\.\d+\.\d+\.umd\.min\.js$/);
    const library = await api(t.app, 'GET', src!, { auth: null });
    expectStatus(library, 200);
    assert.equal(library.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(library.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.match(library.body, /^\/\*!\n \* Chart\.js v\d/);
    assert.doesNotMatch(library.body, /sourceMappingURL/);
    for (const other of ['chart.js-0.0.1.umd.min.js', '..%2F..%2Fpackage.json', 'state', 'chart.js-0.0.1/chart.umd.min.js']) {
      assert.equal((await api(t.app, 'GET', `/auctions/static/${other}`, { auth: null })).status, 404, other);
    }
  });

  test('an unknown auction is 404 everywhere; no malformed request gets a 500', async () => {
    const unknown = `/auctions/${'f'.repeat(32)}`;
    for (const path of [unknown, `${unknown}/state`, `${unknown}/events`, `${unknown}/state${cheapQuery}`]) {
      expectError(await api(t.app, 'GET', path, { auth: null }), 404, 'url', 'no-such-auction', 'There is no such auction.');
    }
    expectError(await api(t.app, 'POST', `${unknown}/bids`, { auth: null, body: { amount: 1 } }), 404, 'url', 'no-such-auction', 'There is no such auction.');

    const bids = `${pagePath}/bids`;
    const bidder = Object.fromEntries(new URLSearchParams(cheapQuery));
    const requests: Array<[string, 'GET' | 'POST', string, unknown?, Record<string, string>?]> = [
      ['bad percent-encoding', 'GET', '/auctions/%E0%A4%A'],
      ['a very long key', 'GET', `/auctions/${'a'.repeat(5000)}`],
      ['a key of odd characters', 'GET', `/auctions/${encodeURIComponent("'; DROP TABLE runs; --")}/state`],
      ['arrays for the bidder and signature', 'GET', `${pagePath}/state?bidder[]=a&bidder[]=b&signature[]=c`],
      ['a repeated bidder parameter', 'GET', `${pagePath}/state?bidder=a&bidder=b&signature=x`],
      ['any lang', 'GET', `${pagePath}?lang=%00<x>`],
      ['no body', 'POST', bids],
      ['a body that is not JSON', 'POST', bids, '{"amount":', { 'content-type': 'application/json' }],
      ['a JSON array', 'POST', bids, [1, 2]],
      ['JSON null', 'POST', bids, 'null'],
      ['a text body', 'POST', bids, 'amount=1', { 'content-type': 'text/plain' }],
      ['an object amount', 'POST', bids, { ...bidder, amount: { value: 1 } }],
      ['a huge amount', 'POST', bids, { ...bidder, amount: 1e308 }],
      ['a string amount', 'POST', bids, { ...bidder, amount: 'lots' }],
      ['a forged signature', 'POST', bids, { ...bidder, signature: 'x'.repeat(10_000), amount: 1 }],
      ['a signature of another type', 'POST', bids, { bidder: bidder.bidder, signature: 42, amount: 1 }],
    ];
    for (const [what, method, url, body, headers] of requests) {
      const res = await api(t.app, method, url, { auth: null, body, headers });
      // A GET with odd parameters may simply be a watcher's page; a bid must be refused.
      const refused = res.status >= 400 && res.status < 500;
      assert.ok(method === 'GET' ? res.status < 300 || refused : refused, `${what}: ${res.status} ${res.body.slice(0, 300)}`);
    }

    // In the bidder's own turn the amount itself is checked.
    const run = (await storedAuctionRuns(t.deps.store).load(key))!.run;
    await setClock(t.app, formatIso(run.stages[1]!.startMs + 1000));
    try {
      const dear = Object.fromEntries(new URLSearchParams(dearQuery));
      for (const amount of [1e308, -0, -2, '9'.repeat(400), '1e999999999', ' ', 'NaN', true, null, 500]) {
        const res = await api(t.app, 'POST', bids, { auth: null, body: { ...dear, amount } });
        assert.equal(res.status, 422, `amount ${JSON.stringify(amount)}: ${res.status} ${res.body}`);
      }
    } finally {
      await setClock(t.app, START);
    }
  });

  test('many live pages of one run cost one storage read per tick', async () => {
    const store = t.deps.store;
    const getRun = store.getRun;
    let reads = 0;
    store.getRun = (k: string) => {
      if (k === key) reads += 1;
      return getRun.call(store, k);
    };
    try {
      watchers = await Promise.all(Array.from({ length: WATCHER_CAP }, () => follow()));
      const streams = [...watchers, await follow(cheapQuery), await follow(dearQuery)];
      await Promise.all(streams.map((s) => s.waitForStates(1)));
      reads = 0;
      const from = performance.now();
      await sleep(6 * POLL_MS);
      const ticks = Math.ceil((performance.now() - from) / POLL_MS);
      // Each page polling for itself would read 10 times a tick.
      assert.ok(reads >= 1 && reads <= ticks + 1, `${reads} reads in ${ticks} ticks for ${streams.length} pages`);
    } finally {
      store.getRun = getRun;
    }
  });

  test('over the cap a watcher is refused with 503 in the error envelope; bidders still get in; a closed page frees a place', async () => {
    assert.equal(watchers.length, WATCHER_CAP);
    const refused = await api(t.app, 'GET', `${pagePath}/events`, { auth: null });
    expectError(refused, 503, 'url', 'too-many-streams', 'Too many pages follow this auction live; please try again later.');
    assert.equal(refused.headers['retry-after'], '30');

    const bidder = await follow(cheapQuery);
    await bidder.waitForStates(1);
    assert.equal(bidder.status, 200);

    watchers.at(-1)!.close();
    const deadline = performance.now() + WAIT_MS;
    let again = await follow();
    while (again.status === 503 && performance.now() < deadline) {
      await sleep(20);
      again = await follow();
    }
    assert.equal(again.status, 200);
    await again.waitForStates(1);
  });
});

describeApp('auction page stream: the countdown runs on the page', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  test('with the clock running no event a second; a moved clock makes one with the new time left', async () => {
    const origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
    await setClock(t.app, START);
    const tender = await tenderInAuction(t, 1, (lotIds) => [lotBid(lotIds, 480), lotBid(lotIds, 500)]);
    const stored = await storedTender(t, tender.id);
    const startMs = Date.parse(stored.lots![0]!.auctionPeriod!.startDate!);
    // An hour before the start, time running.
    await setClock(t.app, formatIso(startMs - 3_600_000), false);
    const pagePath = new URL(String(stored.bids![0]!.lotValues![0]!.participationUrl)).pathname;
    const stream = await openEventStream(origin, `${pagePath}/events`);
    try {
      await stream.waitForStates(1);
      await sleep(2_500);
      assert.equal(stream.states.length, 1, 'the scheduled state with its time left, once');
      assert.ok(Math.abs(Number(stream.states[0]!.timeLeftMs) - 3_600_000) <= 2_000);
      await setClock(t.app, formatIso(startMs - 600_000), false);
      await stream.waitForStates(2);
      assert.ok(Math.abs(Number(stream.states[1]!.timeLeftMs) - 600_000) <= 2_000, `time left ${String(stream.states[1]!.timeLeftMs)}`);
    } finally {
      stream.close();
    }
  });
});
