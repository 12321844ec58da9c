// What the bidder page shows of a run (pure, fake instants).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRun, placeBid } from '../../../src/services/auction/auction-run.ts';
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
    assert.deepEqual(state.bidders, [{ label: 'You', amount: 480, isYou: true, isTurn: false }]);
    assert.equal(state.you, 'Bidder 1');
    assert.doesNotMatch(JSON.stringify(state), /500|dear/);
  });

  it('from the first stage (the pause) a watcher sees the anonymised initial offers in bidding order', () => {
    const state = pageState(run, S + SEC, null);
    assert.equal(state.status, 'pause');
    assert.deepEqual(state.bidders, [
      { label: 'Bidder 2', amount: 500, isYou: false, isTurn: false },
      { label: 'Bidder 1', amount: 480, isYou: false, isTurn: false },
    ]);
    assert.deepEqual([state.you, state.yourTurn, state.maxAllowedAmount], [null, false, null]);
    assert.doesNotMatch(JSON.stringify(state), /cheap|dear|2027-/);
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
