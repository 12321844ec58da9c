// What the bidder page shows of a run (pure, fake instants).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRun, placeBid } from '../../../src/services/auction/auction-run.ts';
import type { AuctionRun } from '../../../src/services/auction/auction-run.types.ts';
import { pageRefusal, pageState, refusalMessage } from '../../../src/services/auction/auction-page.view.ts';
import { isoToMs } from '../../../src/core/time/iso.ts';

const S = isoToMs('2027-01-15T12:00:00+02:00');
const SEC = 1000;
const run = createRun({
  tenderId: 't',
  lotId: null,
  minimalStep: 5,
  startMs: S,
  participants: [
    { bidId: 'cheap', amount: 480, date: '2027-01-10T10:00:00+02:00' },
    { bidId: 'dear', amount: 500, date: '2027-01-10T10:00:00+02:00' },
  ],
});

describe('bidder page state', () => {
  it('before the start a watcher sees the schedule only: no offer, no bidder', () => {
    const state = pageState(run, S - 10 * SEC, null);
    assert.deepEqual([state.status, state.round, state.rounds, state.timeLeftMs], ['scheduled', 0, 3, 10 * SEC]);
    assert.deepEqual(state.bidders, []);
    assert.deepEqual([state.you, state.yourTurn, state.maxAllowedAmount, state.pendingAmount], [null, false, null, null]);
    assert.doesNotMatch(JSON.stringify(state), /\b(480|500)\b|cheap|dear/);
  });

  it('before the start a bidder sees its own offer and nobody else\'s', () => {
    const state = pageState(run, S - 10 * SEC, 'cheap');
    assert.deepEqual(state.bidders, [{ label: 'You', bidder: 1, amount: 480, isYou: true, isTurn: false }]);
    assert.equal(state.you, 'Bidder 1');
    assert.doesNotMatch(JSON.stringify(state), /500|dear/);
  });

  it('from the first stage (the pause) a watcher sees the anonymised initial offers in bidding order', () => {
    const state = pageState(run, S + SEC, null);
    assert.equal(state.status, 'pause');
    assert.deepEqual(state.bidders, [
      { label: 'Bidder 2', bidder: 2, amount: 500, isYou: false, isTurn: false },
      { label: 'Bidder 1', bidder: 1, amount: 480, isYou: false, isTurn: false },
    ]);
    assert.deepEqual([state.you, state.yourTurn, state.maxAllowedAmount], [null, false, null]);
    // The bids' dates never; the auction's own start (the public schedule) is shown.
    assert.doesNotMatch(JSON.stringify(state), /cheap|dear|2027-01-10/);
    assert.equal(state.startDate, '2027-01-15T12:00:00+02:00');
  });

  it('a bidder in its turn: its own line, the limit, its pending bid; the other bidder waits', () => {
    const inTurn = S + 301 * SEC;
    const after = placeBid(run, 'dear', 470, inTurn);
    assert.ok(after.ok);
    const dear = pageState(after.run, inTurn, 'dear');
    assert.deepEqual([dear.status, dear.you, dear.yourTurn, dear.maxAllowedAmount, dear.pendingAmount], ['turn', 'Bidder 2', true, 495, 470]);
    assert.deepEqual(dear.bidders.map((b) => [b.label, b.isYou, b.isTurn]), [['You', true, true], ['Bidder 1', false, false]]);
    const cheap = pageState(after.run, inTurn, 'cheap');
    assert.deepEqual([cheap.yourTurn, cheap.maxAllowedAmount, cheap.pendingAmount], [false, null, null]);
    assert.equal(cheap.bidders[0]!.amount, 500, 'a bid counts for the others only once its turn is over');
  });

  it('refusals become a status and a sentence', () => {
    assert.deepEqual(refusalMessage('step-too-small', 465), { status: 422, message: 'The amount must be at most 465 (your current amount minus the minimal step).' });
    assert.deepEqual(refusalMessage('not-your-turn'), { status: 409, message: 'It is not your turn.' });
    assert.equal(refusalMessage('not-a-bidder').status, 403);
    assert.equal(refusalMessage('no-such-auction').status, 404);
  });

  it('a refusal goes out in the API error envelope, its code as the error name', () => {
    const refusal = pageRefusal('step-too-small', 465);
    assert.equal(refusal.status, 422);
    assert.deepEqual(refusal.errors, [{ location: 'body', name: 'step-too-small', description: 'The amount must be at most 465 (your current amount minus the minimal step).' }]);
    assert.deepEqual(pageRefusal('no-such-auction').errors, [{ location: 'url', name: 'no-such-auction', description: 'There is no such auction.' }]);
    const full = pageRefusal('too-many-streams');
    assert.equal(full.status, 503);
    assert.deepEqual(full.errors, [{ location: 'url', name: 'too-many-streams', description: 'Too many pages follow this auction live; please try again later.' }]);
    assert.deepEqual(full.headers, { 'Retry-After': '30' });
  });
});

/** `run` with `bids` placed, each [bidId, amount, seconds after the start]. */
function withBids(base: AuctionRun, bids: Array<[string, number, number]>): AuctionRun {
  let current = base;
  for (const [bidId, amount, at] of bids) {
    const outcome = placeBid(current, bidId, amount, S + at * SEC);
    assert.ok(outcome.ok, `${bidId} ${amount} at ${at}: ${JSON.stringify(outcome)}`);
    current = outcome.run;
  }
  return current;
}

// The schedule of `run`: pause 0–300 s · round 1: dear 300–420, cheap 420–540 · pause · round 2:
// dear 660–780, cheap 780–900 · pause · round 3 (cheap is now the worse): cheap 1020–1140, dear
// 1140–1260 · end at 1260 s.
const END = 1260;
/** dear 470 in round 1, cheap 460; round 2 dear 455; round 3 cheap 450 (its pending 440 withdrawn). */
const BIDS: Array<[string, number, number]> = [
  ['dear', 470, 301],
  ['cheap', 460, 421],
  ['dear', 455, 661],
  ['cheap', 440, 1021],
  ['cheap', -1, 1022],
  ['cheap', 450, 1023],
];
/** The run as stored at `seconds` after the start: the bids placed by then. */
const playedUntil = (seconds: number): AuctionRun => withBids(run, BIDS.filter(([, , at]) => at <= seconds));
const played = playedUntil(END);

describe('bidder page: timeline, offers per round, leader', () => {
  it('before the start the timeline shows every stage with its length, nobody\'s turn; a watcher gets no history, a bidder only its own initial offer', () => {
    const watcher = pageState(run, S - 10 * SEC, null);
    assert.equal(watcher.stageIndex, -1);
    assert.deepEqual(watcher.timeline.map((s) => [s.kind, s.round, s.durationMs]), [
      ['pause', 1, 300 * SEC], ['turn', 1, 120 * SEC], ['turn', 1, 120 * SEC],
      ['pause', 2, 120 * SEC], ['turn', 2, 120 * SEC], ['turn', 2, 120 * SEC],
      ['pause', 3, 120 * SEC], ['turn', 3, 120 * SEC], ['turn', 3, 120 * SEC],
      ['end', 4, null],
    ]);
    assert.ok(watcher.timeline.every((s) => s.bidder === null && !s.isYou), 'the turn order would rank the initial offers');
    assert.deepEqual([watcher.offerHistory, watcher.leader], [[], null]);
    const bidder = pageState(run, S - 10 * SEC, 'cheap');
    assert.ok(bidder.timeline.every((s) => s.bidder === null && !s.isYou));
    assert.deepEqual(bidder.offerHistory, [{ round: 0, offers: [{ bidder: 1, isYou: true, amount: 480 }] }]);
    assert.doesNotMatch(JSON.stringify(bidder), /\b500\b/);
  });

  it('from the start: the current stage, the turns of rounds whose order is fixed, the initial offers in turn order', () => {
    const state = pageState(run, S + SEC, 'dear');
    assert.equal(state.stageIndex, 0);
    assert.deepEqual(state.timeline.map((s) => s.bidder), [null, 2, 1, null, null, null, null, null, null, null], 'round 2 is ordered when round 1 ends');
    assert.deepEqual(state.timeline.map((s) => s.isYou), [false, true, false, false, false, false, false, false, false, false]);
    assert.deepEqual(state.offerHistory, [{ round: 0, offers: [{ bidder: 2, isYou: true, amount: 500 }, { bidder: 1, isYou: false, amount: 480 }] }]);
  });

  it('an offer of a round shows once its turn is over; a bid in a running turn shows to nobody but its bidder, as pending', () => {
    const inCheapTurn = S + 430 * SEC;
    const stored = playedUntil(430);
    for (const viewer of [null, 'dear', 'cheap']) {
      const state = pageState(stored, inCheapTurn, viewer);
      assert.equal(state.stageIndex, 2);
      assert.deepEqual(state.offerHistory.map((r) => [r.round, r.offers.map((o) => [o.bidder, o.amount])]), [
        [0, [[2, 500], [1, 480]]],
        [1, [[2, 470]]],
      ]);
      const text = JSON.stringify({ ...state, pendingAmount: null });
      assert.doesNotMatch(text, /\b460\b/, `cheap's running bid leaks to ${viewer}`);
    }
    assert.equal(pageState(stored, inCheapTurn, 'cheap').pendingAmount, 460);
    // Round 1 over: its offers, and round 2's order (the worse offer first).
    const afterRound1 = pageState(stored, S + 541 * SEC, null);
    assert.deepEqual(afterRound1.offerHistory.at(-1), { round: 1, offers: [{ bidder: 2, isYou: false, amount: 470 }, { bidder: 1, isYou: false, amount: 460 }] });
    assert.deepEqual(afterRound1.timeline.slice(3, 6).map((s) => s.bidder), [null, 2, 1]);
    assert.deepEqual(afterRound1.timeline.slice(7, 9).map((s) => s.bidder), [null, null]);
  });

  it('at the end: every round\'s offers (a bidder that did not bid keeps its amount), the leader with the lowest price', () => {
    const watcher = pageState(played, S + END * SEC, null);
    assert.equal(watcher.status, 'finished');
    assert.equal(watcher.stageIndex, watcher.timeline.length - 1);
    assert.deepEqual(watcher.offerHistory.map((r) => [r.round, r.offers.map((o) => [o.bidder, o.amount])]), [
      [0, [[2, 500], [1, 480]]],
      [1, [[2, 470], [1, 460]]],
      [2, [[2, 455], [1, 460]]],
      [3, [[1, 450], [2, 455]]],
    ]);
    assert.deepEqual(watcher.leader, { bidder: 1, isYou: false, amount: 450 });
    assert.deepEqual(pageState(played, S + END * SEC, 'cheap').leader, { bidder: 1, isYou: true, amount: 450 });
    assert.ok(watcher.timeline.filter((s) => s.kind === 'turn').every((s) => s.bidder !== null));
    const text = JSON.stringify(watcher);
    assert.doesNotMatch(text, /cheap|dear|2027-01-10|\b440\b/, 'no bid id, bid date or withdrawn bid');
  });

  it('before the end nobody leads yet', () => {
    assert.equal(pageState(playedUntil(END - 1), S + (END - 1) * SEC, null).leader, null);
  });

  it('the leader is the lowest price; between equal prices the earlier offer; with MEAT the lowest weighted price', () => {
    const tie = createRun({
      tenderId: 't',
      lotId: null,
      minimalStep: 5,
      startMs: S,
      participants: [
        { bidId: 'later', amount: 480, date: '2027-01-10T11:00:00+02:00' },
        { bidId: 'earlier', amount: 480, date: '2027-01-10T10:00:00+02:00' },
      ],
    });
    assert.deepEqual(pageState(tie, S + END * SEC, null).leader, { bidder: 2, isYou: false, amount: 480 });

    // Bidder 1's parameter 0.1 of at most 0.1: coefficient 1 + 0.1/0.9 = 10/9, so 500 weighs 450 < 480.
    const meat = createRun({
      tenderId: 't',
      lotId: null,
      minimalStep: 5,
      startMs: S,
      featureMaxValues: [0.1],
      participants: [
        { bidId: 'dearer', amount: 500, date: '2027-01-10T10:00:00+02:00', parameterValues: [0.1] },
        { bidId: 'cheaper', amount: 480, date: '2027-01-10T10:00:00+02:00', parameterValues: [0] },
      ],
    });
    assert.deepEqual(pageState(meat, S + END * SEC, 'cheaper').leader, { bidder: 1, isYou: false, amount: 500 });
  });
});
