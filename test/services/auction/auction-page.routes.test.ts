// What the bidder page's public endpoints reveal (issue 11: the page needs no key and its key is the
// public auctionUrl) and what its live streams cost: before the start no amount and no bidder id
// leaves the state, the event stream or the page, except a bidder's own offer to that bidder; after
// the start only labels, current offers and turns; many live pages of one run share one storage read
// per tick, and a run takes a bounded number of watchers. Real sockets; both backends.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeApp } from '../../helpers/app.ts';
import { storedTender } from '../../helpers/stored-tender.ts';
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
    const tender = await tenderInAuction(t, 1, (lotIds) => [lotBid(lotIds, 480), lotBid(lotIds, 500)]);
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
    assert.deepEqual([cheap.json.you, cheap.json.bidders], ['Bidder 1', [{ label: 'You', amount: 480, isYou: true, isTurn: false }]]);
    assert.doesNotMatch(cheap.body, /\b500\b/);
    const cheapStream = await follow(cheapQuery);
    await cheapStream.waitForStates(1);
    assert.deepEqual(cheapStream.states[0]!.bidders, [{ label: 'You', amount: 480, isYou: true, isTurn: false }]);
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
      assert.deepEqual(Object.keys(res.json).sort(), ['bidders', 'maxAllowedAmount', 'minimalStep', 'pendingAmount', 'round', 'rounds', 'status', 'timeLeftMs', 'you', 'yourTurn']);
      const bidders = res.json.bidders as Json[];
      assert.ok(bidders.every((b) => Object.keys(b).sort().join() === 'amount,isTurn,isYou,label'));
      assert.deepEqual(bidders.map((b) => b.amount), [500, 480], 'the initial offers, worst first');
      assert.deepEqual(bidders.map((b) => b.label), query === '' ? ['Bidder 2', 'Bidder 1'] : ['Bidder 2', 'You']);
      assertNoSecrets(res.body);
    }
    await setClock(t.app, START);
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
