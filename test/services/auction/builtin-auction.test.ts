// The built-in auction end to end at the HTTP level: a tender entering active.auction gets a run and
// its urls; bidders bid on the page endpoints in their turns; the sandbox clock ends the run and the
// results go through the auction API into awarding. Both backends.
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeApp } from '../../helpers/app.ts';
import { storedTender } from '../../helpers/stored-tender.ts';
import { api, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { START } from '../../helpers/recorded-tender.ts';
import { REFERENCE_DS_KEY } from '../../helpers/reference-ds.ts';
import { storedBid, storedLotBid } from '../../procedures/below-threshold/builders.ts';
import { AUCTION_NOW, tenderInAuction, tenderWithBids } from '../../procedures/below-threshold/auction-tenders.ts';
import { storedAuctionRuns } from '../../../src/services/auction/stored-auction-runs.ts';
import type { AuctionRun } from '../../../src/services/auction/auction-run.types.ts';
import { formatIso, isoToMs } from '../../../src/core/time/iso.ts';

const money = (amount: number): Json => ({ amount, currency: 'UAH', valueAddedTaxIncluded: false });

interface Participation {
  path: string;
  bidder: string;
  signature: string;
}

function participation(url: string): Participation {
  const u = new URL(url);
  return { path: u.pathname, bidder: u.searchParams.get('bidder')!, signature: u.searchParams.get('signature')! };
}

describeApp('built-in auction', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  beforeEach(() => setClock(t.app, START));

  const runOf = async (key: string): Promise<AuctionRun> => (await storedAuctionRuns(t.deps.store).load(key))!.run;
  /** The clock at `offsetMs` into stage `index` of the run. */
  const toStage = (run: AuctionRun, index: number, offsetMs = 1000) => setClock(t.app, formatIso(run.stages[index]!.startMs + offsetMs));
  const bid = (p: Participation, amount: unknown, signature = p.signature) =>
    api(t.app, 'POST', `${p.path}/bids`, { auth: null, body: { bidder: p.bidder, signature, amount } });

  test('lot auction: urls set, bids in turns with the page messages, results posted at the end → active.qualification', async () => {
    const tender = await tenderInAuction(t, 1, (lotIds) => [
      storedLotBid(lotIds, { lotValues: [{ relatedLot: lotIds[0], status: 'pending', value: money(480), date: '2027-01-09T10:00:00+02:00' }] }),
      storedLotBid(lotIds, { lotValues: [{ relatedLot: lotIds[0], status: 'pending', value: money(500), date: '2027-01-09T11:00:00+02:00' }] }),
    ]);
    const [lotId] = tender.lotIds as [string];
    const [cheap, dear] = tender.bidIds as [string, string];
    const key = `${tender.id}_${lotId}`;
    let stored = await storedTender(t, tender.id);
    assert.equal(stored.lots![0]!.auctionUrl, `http://127.0.0.1:8000/auctions/${key}`);
    const urls = stored.bids!.map((b) => String(b.lotValues![0]!.participationUrl));
    assert.ok(urls.every((u) => u.startsWith(`http://127.0.0.1:8000/auctions/${key}?bidder=`)));
    const [pCheap, pDear] = urls.map(participation) as [Participation, Participation];
    assert.equal(pCheap.bidder, cheap);
    assert.notEqual(pCheap.signature, pDear.signature);
    assert.equal((await t.deps.store.revisions('tenders', tender.id)).at(-1)?.author, 'auction');

    const run = await runOf(key);
    assert.equal(formatIso(run.stages[0]!.startMs), stored.lots![0]!.auctionPeriod!.startDate);

    // The page and its state; before the start a watcher sees no bidders (auction-page.routes.test.ts).
    const page = await api(t.app, 'GET', pCheap.path, { auth: null });
    expectStatus(page, 200);
    assert.match(String(page.headers['content-type']), /text\/html/);
    const watcher = (await api(t.app, 'GET', `${pCheap.path}/state`, { auth: null })).json;
    assert.deepEqual([watcher.status, watcher.you, watcher.yourTurn, watcher.bidders], ['scheduled', null, false, []]);
    const unknown = await api(t.app, 'GET', `/auctions/${'0'.repeat(32)}/state`, { auth: null });
    expectStatus(unknown, 404);
    assert.deepEqual(unknown.json, { status: 'error', errors: [{ location: 'url', name: 'no-such-auction', description: 'There is no such auction.' }] });

    const refused = async (res: Awaited<ReturnType<typeof bid>>, status: number, message: string) => {
      expectStatus(res, status);
      assert.equal(res.json.status, 'error');
      assert.equal((res.json.errors as Json[])[0]!.description, message);
    };
    await refused(await bid(pCheap, 470), 409, 'The auction has not started yet.');
    await refused(await bid(pCheap, 470, 'forged'), 403, 'Only a bidder with its participation link may bid.');
    await refused(await bid({ ...pCheap, bidder: dear }, 470), 403, 'Only a bidder with its participation link may bid.');

    // Round 1: the dearer offer bids first (stage 1), then the cheaper one (stage 2).
    assert.equal(run.stages[1]!.bidderId, dear);
    await toStage(run, 1);
    await refused(await bid(pCheap, 470), 409, 'It is not your turn.');
    await refused(await bid(pDear, 490), 422, 'The amount must be at most 485 (your current amount minus the minimal step).');
    await refused(await bid(pDear, 'abc'), 422, 'The amount must be a number greater than zero (or -1 to withdraw).');
    await refused(await bid(pDear, -1), 409, 'You have no bid in this turn to withdraw.');
    const placed = await bid(pDear, 470);
    expectStatus(placed, 200);
    assert.deepEqual([placed.json.yourTurn, placed.json.pendingAmount, placed.json.you], [true, 470, 'Bidder 2']);
    const dearState = (await api(t.app, 'GET', `${pDear.path}/state?bidder=${pDear.bidder}&signature=${encodeURIComponent(pDear.signature)}`, { auth: null })).json;
    assert.deepEqual([dearState.yourTurn, dearState.maxAllowedAmount], [true, 485]);

    await toStage(run, 2);
    expectStatus(await bid(pCheap, 460), 200);
    // After round 1 the dearer bidder's 470 stands; in round 2 it bids first again.
    const round2 = await runOf(key);
    await toStage(round2, 4);
    const state = (await api(t.app, 'GET', `${pDear.path}/state?bidder=${pDear.bidder}&signature=${encodeURIComponent(pDear.signature)}`, { auth: null })).json;
    assert.deepEqual((state.bidders as Json[]).map((b) => [b.label, b.amount]), [['You', 470], ['Bidder 1', 460]]);

    // The end: results posted through the auction API; awarding starts with the auction's prices.
    const ended = await runOf(key);
    await setClock(t.app, formatIso(ended.stages.at(-1)!.startMs));
    stored = await storedTender(t, tender.id);
    assert.equal(stored.status, 'active.qualification');
    assert.deepEqual(stored.bids!.map((b) => b.lotValues![0]!.value.amount), [460, 470]);
    assert.ok(stored.lots![0]!.auctionPeriod!.endDate);
    assert.equal((await storedAuctionRuns(t.deps.store).load(key))?.status, 'posted');
    assert.equal((await api(t.app, 'GET', `${pCheap.path}/state`, { auth: null })).json.status, 'finished');
  });

  // With `quick` the start is planned a minute after tendering end, so moving the clock half an hour
  // past it opens the auction and, as these runs take no time, posts its results in the same move.
  test('quick(mode:no-auction): no urls, the initial offers are posted at the start', async () => {
    const tender = await tenderWithBids(t, 0, () => [storedBid({ value: money(450) }), storedBid()], { submissionMethodDetails: 'quick(mode:no-auction)' });
    await setClock(t.app, AUCTION_NOW);
    const stored = await storedTender(t, tender.id);
    assert.equal(stored.status, 'active.qualification');
    assert.equal(stored.auctionUrl, undefined);
    assert.ok(stored.bids!.every((b) => b.participationUrl === undefined));
    assert.deepEqual(stored.bids!.map((b) => b.value!.amount), [450, 400]);
    assert.equal(stored.auctionPeriod!.endDate, AUCTION_NOW);
  });

  test('quick(mode:fast-forward): urls set, the run ends at its start and posts the initial offers', async () => {
    const tender = await tenderWithBids(t, 0, () => [storedBid(), storedBid()], { submissionMethodDetails: 'quick(mode:fast-forward)' });
    await setClock(t.app, AUCTION_NOW);
    const stored = await storedTender(t, tender.id);
    assert.equal(stored.status, 'active.qualification');
    assert.equal(stored.auctionUrl, `http://127.0.0.1:8000/auctions/${tender.id}`);
    assert.ok(stored.bids!.every((b) => typeof b.participationUrl === 'string'));
    assert.equal((await api(t.app, 'GET', `/auctions/${tender.id}/state`, { auth: null })).json.status, 'finished');
  });

  test('one clock move posts every ended run, more than one runner batch, before the chronograph could re-plan them', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 55; i++) {
      await setClock(t.app, START);
      ids.push((await tenderInAuction(t, 0, () => [storedBid(), storedBid()])).id);
    }
    const starts = await Promise.all(ids.map(async (id) => isoToMs((await storedTender(t, id)).auctionPeriod!.startDate!)));
    // Past every run's end and every re-plan time (start + 2 × 6 + 9 + 15 + 60 min).
    await setClock(t.app, formatIso(Math.max(...starts) + 97 * 60_000));
    const statuses = await Promise.all(ids.map(async (id) => (await storedTender(t, id)).status));
    assert.deepEqual([...new Set(statuses)], ['active.qualification']);
  });

  test('an auction that produced no result is re-planned and its run moves to the new start', async () => {
    const tender = await tenderInAuction(t, 0, () => [storedBid(), storedBid()]);
    const start = (await storedTender(t, tender.id)).auctionPeriod!.startDate!;
    // The run's results cannot be posted (as if every node had been down): the API re-plans.
    const runs = storedAuctionRuns(t.deps.store);
    const before = (await runs.load(tender.id))!;
    await runs.save({ ...before, status: 'posting', claim: { nodeId: 'gone', untilMs: Number.MAX_SAFE_INTEGER }, dueAtMs: null }, before.revision);
    // Past the re-plan time (start + 2 × 6 + 9 + 15 + 60 min).
    await setClock(t.app, formatIso(isoToMs(start) + 97 * 60_000));
    const stored = await storedTender(t, tender.id);
    assert.equal(stored.status, 'active.auction');
    const replanned = stored.auctionPeriod!.startDate!;
    assert.notEqual(replanned, start);
    const after = (await runs.load(tender.id))!;
    assert.deepEqual([after.status, formatIso(after.run.stages[0]!.startMs)], ['running', replanned]);
  });
});
