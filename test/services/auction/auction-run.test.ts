import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createRun,
  isFinished,
  placeBid,
  results,
  stageAt,
  standingsAt,
} from '../../../src/services/auction/auction-run.ts';
import type { AuctionRun, CreateRunInput } from '../../../src/services/auction/auction-run.types.ts';
import { formatIso, isoToMs } from '../../../src/core/time/iso.ts';
import { FakeClock } from '../../helpers/fake-clock.ts';

const S = isoToMs('2027-01-15T11:30:00+02:00');
const SEC = 1000;
const BID_DATE = '2027-01-10T12:00:00+02:00';
const LATER_DATE = '2027-01-10T13:00:00+02:00';

function input(overrides: Partial<CreateRunInput> = {}): CreateRunInput {
  return {
    tenderId: 't1',
    lotId: null,
    minimalStep: 5,
    startMs: S,
    participants: [
      { bidId: 'a', amount: 480, date: BID_DATE },
      { bidId: 'b', amount: 500, date: BID_DATE },
    ],
    ...overrides,
  };
}

/** Participants from [bidId, amount, date] triples, in tender bid order. */
function bidders(...rows: Array<[string, number, string]>): Partial<CreateRunInput> {
  return { participants: rows.map(([bidId, amount, date]) => ({ bidId, amount, date })) };
}

/** Bid and expect success; returns the new run. */
function bid(run: AuctionRun, bidderId: string, amount: number, nowMs: number): AuctionRun {
  const outcome = placeBid(run, bidderId, amount, nowMs);
  assert.ok(outcome.ok, `bid ${bidderId} ${amount} refused: ${outcome.ok ? '' : outcome.refusal.code}`);
  return outcome.run;
}

function refusal(run: AuctionRun, bidderId: string, amount: number, nowMs: number): string {
  const outcome = placeBid(run, bidderId, amount, nowMs);
  assert.ok(!outcome.ok, `bid ${bidderId} ${amount} was accepted`);
  return outcome.refusal.code;
}

/** Whose turn it is at each turn stage of each round (a walk with a fake clock). */
function turnsOf(run: AuctionRun, clock: FakeClock): string[][] {
  const rounds: string[][] = [];
  for (const stage of run.stages) {
    if (stage.kind !== 'turn') continue;
    clock.set(stage.startMs);
    const view = stageAt(run, clock.now());
    (rounds[view.round - 1] ??= []).push(view.bidderId!);
  }
  return rounds;
}

describe('auction run: stages', () => {
  it('scheduled → pause → turns → finished, with time left', () => {
    const run = createRun(input());
    assert.deepEqual(stageAt(run, S - 10 * SEC), {
      status: 'scheduled', stageIndex: -1, round: 0, bidderId: null, startMs: S, endMs: S, timeLeftMs: 10 * SEC,
    });
    assert.equal(stageAt(run, S).status, 'pause');
    assert.equal(stageAt(run, S).timeLeftMs, 300 * SEC);
    const turn = stageAt(run, S + 330 * SEC);
    assert.deepEqual([turn.status, turn.round, turn.bidderId, turn.timeLeftMs], ['turn', 1, 'b', 90 * SEC]);
    assert.equal(stageAt(run, S + 540 * SEC).status, 'pause');
    assert.equal(isFinished(run, S + 1259 * SEC), false);
    assert.equal(isFinished(run, S + 1260 * SEC), true);
    assert.deepEqual(stageAt(run, S + 1260 * SEC).status, 'finished');
  });

  it('bidding outside a turn is refused with the reason', () => {
    const run = createRun(input());
    assert.equal(refusal(run, 'b', 490, S - SEC), 'not-started');
    assert.equal(refusal(run, 'b', 490, S + 10 * SEC), 'not-bidding-stage');
    assert.equal(refusal(run, 'b', 490, S + 1260 * SEC), 'finished');
    assert.equal(refusal(run, 'zzz', 490, S + 300 * SEC), 'unknown-bidder');
    assert.equal(refusal(run, 'a', 470, S + 300 * SEC), 'not-your-turn');
  });
});

describe('auction run: order', () => {
  it('round 1 goes from the worst initial amount to the best', () => {
    const clock = new FakeClock(S);
    const run = createRun(input(bidders(['a', 480, BID_DATE], ['b', 500, BID_DATE], ['c', 490, BID_DATE])));
    assert.deepEqual(turnsOf(run, clock)[0], ['b', 'c', 'a']);
  });

  it('equal amounts: the later bid date bids first', () => {
    const clock = new FakeClock(S);
    const run = createRun(input(bidders(['early', 500, BID_DATE], ['late', 500, LATER_DATE])));
    assert.deepEqual(turnsOf(run, clock), [['late', 'early'], ['late', 'early'], ['late', 'early']]);
  });

  it('the order of a round is recomputed from the amounts at the end of the previous round', () => {
    const clock = new FakeClock(S);
    let run = createRun(input());
    // Round 1: b (500) then a (480). b undercuts a.
    run = bid(run, 'b', 470, S + 310 * SEC);
    assert.deepEqual(turnsOf(run, clock), [['b', 'a'], ['a', 'b'], ['a', 'b']]);
  });

  it('a tie created in the auction: the bidder whose amount is dated later (the auction bid) goes first', () => {
    const clock = new FakeClock(S);
    let run = createRun(input());
    run = bid(run, 'b', 480, S + 310 * SEC); // equal to a's 480, dated in the auction (later than a's bid date)
    assert.deepEqual(turnsOf(run, clock).slice(1), [['b', 'a'], ['b', 'a']]);
  });
});

describe('auction run: step rule', () => {
  const turnOfB = S + 310 * SEC; // round 1, b (500) bids first
  it('exactly own amount − minimalStep is accepted', () => {
    const run = bid(createRun(input()), 'b', 495, turnOfB);
    assert.equal(standingsAt(run, S + 420 * SEC).b.amount, 495);
  });

  it('a cent above the limit is refused, with the highest allowed amount', () => {
    const outcome = placeBid(createRun(input()), 'b', 495.01, turnOfB);
    assert.deepEqual(outcome, { ok: false, refusal: { code: 'step-too-small', maxAllowedAmount: 495 } });
  });

  it('the step is measured from the bidder\'s own amount, not from the leader\'s', () => {
    // a's own amount is 480: 476 is above 480 − 5 and refused even though b is at 500.
    const run = createRun(input());
    assert.equal(refusal(run, 'a', 476, S + 430 * SEC), 'step-too-small');
    assert.equal(refusal(run, 'a', 480, S + 430 * SEC), 'step-too-small');
    assert.equal(refusal(run, 'a', 600, S + 430 * SEC), 'step-too-small');
    bid(run, 'a', 475, S + 430 * SEC);
  });

  it('the limit is exact for decimal amounts (0.1 + 0.2 style doubles do not leak in)', () => {
    const run = createRun(input({ minimalStep: 0.1, ...bidders(['a', 0.3, BID_DATE], ['b', 0.4, BID_DATE]) }));
    bid(run, 'b', 0.3, turnOfB);
    assert.equal(refusal(run, 'b', 0.30000000000000004, turnOfB), 'step-too-small');
  });

  it('zero, negative (other than -1) and non-finite amounts are refused', () => {
    const run = createRun(input());
    for (const amount of [0, -5, -0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.equal(refusal(run, 'b', amount, turnOfB), 'amount-not-positive');
    }
  });

  it('several bids in one turn: each checked against the amount at the start of the turn; the latest counts', () => {
    let run = createRun(input());
    run = bid(run, 'b', 450, turnOfB);
    run = bid(run, 'b', 490, turnOfB + SEC); // higher than the pending 450 but still ≤ 500 − 5
    assert.equal(standingsAt(run, S + 420 * SEC).b.amount, 490);
    assert.deepEqual(run.history.map((r) => r.status), ['superseded', 'pending']);
  });
});

describe('auction run: withdraw (-1)', () => {
  const turnOfB = S + 310 * SEC;
  it('takes back the bid made in the same turn and restores the previous amount and date', () => {
    let run = bid(createRun(input()), 'b', 470, turnOfB);
    run = bid(run, 'b', -1, turnOfB + 5 * SEC);
    const after = standingsAt(run, S + 420 * SEC);
    assert.deepEqual(after.b, { amount: 500, date: BID_DATE });
    assert.deepEqual(run.history.map((r) => [r.amount, r.status]), [[470, 'withdrawn'], [-1, 'withdrawal']]);
  });

  it('a bid after the withdrawal in the same turn counts again', () => {
    let run = bid(createRun(input()), 'b', 470, turnOfB);
    run = bid(run, 'b', -1, turnOfB + SEC);
    run = bid(run, 'b', 460, turnOfB + 2 * SEC);
    assert.equal(standingsAt(run, S + 420 * SEC).b.amount, 460);
  });

  it('only a bid of the same turn can be withdrawn', () => {
    const fresh = createRun(input());
    assert.equal(refusal(fresh, 'b', -1, turnOfB), 'nothing-to-withdraw');
    // b bids in round 1; in round 2 that bid is no longer withdrawable.
    const run = bid(fresh, 'b', 470, turnOfB);
    const roundTwoTurnOfB = S + 790 * SEC; // round 2 order: a (480) then b (470)
    assert.equal(stageAt(run, roundTwoTurnOfB).bidderId, 'b');
    assert.equal(refusal(run, 'b', -1, roundTwoTurnOfB), 'nothing-to-withdraw');
    assert.equal(standingsAt(run, S + 900 * SEC).b.amount, 470);
  });
});

describe('auction run: full runs and results', () => {
  it('two bidders, three rounds: results carry the last accepted amount and its date, in tender bid order', () => {
    let run = createRun(input());
    // Round 1: b, a.
    run = bid(run, 'b', 475, S + 301 * SEC);
    const bDate = formatIso(S + 301 * SEC);
    run = bid(run, 'a', 470, S + 421 * SEC);
    // Round 2: b (475) first, then a (470).
    assert.equal(stageAt(run, S + 661 * SEC).bidderId, 'b');
    run = bid(run, 'b', 460, S + 661 * SEC);
    const bDate2 = formatIso(S + 661 * SEC);
    // a lets round 2 pass. Round 3: a (470) then b (460).
    assert.equal(stageAt(run, S + 1021 * SEC).bidderId, 'a');
    run = bid(run, 'a', 455.5, S + 1021 * SEC);
    const aDate3 = formatIso(S + 1021 * SEC);
    run = bid(run, 'b', 450.5, S + 1141 * SEC);
    run = bid(run, 'b', -1, S + 1150 * SEC); // changes its mind
    assert.ok(isFinished(run, S + 1260 * SEC));
    assert.notEqual(bDate, bDate2);
    assert.deepEqual(results(run), [
      { id: 'a', value: { amount: 455.5 }, date: aDate3 },
      { id: 'b', value: { amount: 460 }, date: bDate2 },
    ]);
  });

  it('three bidders, one never bids: it keeps its initial amount and bid date', () => {
    const clock = new FakeClock(S);
    let run = createRun(input(bidders(['a', 480, BID_DATE], ['b', 500, BID_DATE], ['idle', 490, LATER_DATE])));
    assert.deepEqual(turnsOf(run, clock)[0], ['b', 'idle', 'a']);
    run = bid(run, 'b', 470, S + 301 * SEC);
    run = bid(run, 'a', 465, S + 541 * SEC);
    assert.deepEqual(turnsOf(run, clock), [['b', 'idle', 'a'], ['idle', 'b', 'a'], ['idle', 'b', 'a']]);
    // Round 2 pause ends at 300 + 3·120 + 120 = 780 s: idle, b, a.
    run = bid(run, 'b', 460, S + 901 * SEC);
    assert.deepEqual(turnsOf(run, clock)[2], ['idle', 'a', 'b']);
    const out = results(run);
    assert.deepEqual(out.map((r) => r.id), ['a', 'b', 'idle']);
    assert.deepEqual(out[2], { id: 'idle', value: { amount: 490 }, date: LATER_DATE });
    assert.equal(out[1].value.amount, 460);
    assert.equal(out[0].value.amount, 465);
  });

  it('accelerated: the same run compressed by the accelerator', () => {
    const run = createRun(input({ accelerator: 100 }));
    assert.equal(stageAt(run, S + 2999).status, 'pause');
    assert.deepEqual([stageAt(run, S + 3000).status, stageAt(run, S + 3000).bidderId], ['turn', 'b']);
    const after = bid(run, 'b', 490, S + 3100);
    assert.equal(refusal(after, 'b', 480, S + 4200), 'not-your-turn');
    assert.ok(!isFinished(after, S + 12_599));
    assert.ok(isFinished(after, S + 12_600));
    assert.equal(results(after)[1].value.amount, 490);
  });

  it('serialize → JSON → deserialize → continue gives the same outcome as an uninterrupted run', () => {
    const script: Array<[string, number, number]> = [
      ['b', 470, S + 301 * SEC],
      ['a', 465, S + 421 * SEC],
      ['b', 455, S + 661 * SEC],
      ['a', 450, S + 781 * SEC],
      ['b', -1, S + 661 * SEC + 1],
    ];
    script.sort((x, y) => x[2] - y[2]);
    let straight = createRun(input());
    let restarted = createRun(input());
    for (const [who, amount, at] of script) {
      straight = bid(straight, who, amount, at);
      restarted = JSON.parse(JSON.stringify(bid(JSON.parse(JSON.stringify(restarted)), who, amount, at)));
    }
    assert.deepEqual(restarted, JSON.parse(JSON.stringify(straight)));
    assert.deepEqual(results(restarted), results(straight));
    assert.deepEqual(results(restarted).map((r) => r.value.amount), [450, 470]);
  });

  it('does not mutate the run it is given', () => {
    const run = createRun(input());
    const before = JSON.stringify(run);
    bid(run, 'b', 470, S + 301 * SEC);
    stageAt(run, S + 900 * SEC);
    results(run);
    assert.equal(JSON.stringify(run), before);
  });
});

describe('auction run: MEAT', () => {
  // Feature maxima 0.15 + 0.15 → divisor 0.7. a: params 0.1+0.1 → coefficient 9/7; b: none → 1.
  const meatInput = (amountA: number, amountB: number) => input({
    featureMaxValues: [0.15, 0.15],
    participants: [
      { bidId: 'a', amount: amountA, date: BID_DATE, parameterValues: [0.1, 0.1] },
      { bidId: 'b', amount: amountB, date: BID_DATE, parameterValues: [] },
    ],
  });

  it('orders by amount ÷ coefficient: a higher price with better parameters can be the better offer', () => {
    const clock = new FakeClock(S);
    // a: 1000 / (9/7) = 777.78; b: 800 → b is worse and bids first.
    assert.deepEqual(turnsOf(createRun(meatInput(1000, 800)), clock)[0], ['b', 'a']);
  });

  it('weighted amounts that are equal as fractions tie exactly and the later date goes first', () => {
    const clock = new FakeClock(S);
    // a: 900 / (9/7) = 700 exactly; b: 700.
    const run = createRun(input({
      featureMaxValues: [0.15, 0.15],
      participants: [
        { bidId: 'a', amount: 900, date: BID_DATE, parameterValues: [0.1, 0.1] },
        { bidId: 'b', amount: 700, date: LATER_DATE, parameterValues: [] },
      ],
    }));
    assert.deepEqual(turnsOf(run, clock)[0], ['b', 'a']);
  });

  it('the step applies to the bidder\'s own amount; results carry weightedValue', () => {
    let run = createRun(meatInput(1000, 800));
    assert.equal(refusal(run, 'a', 996, S + 430 * SEC), 'step-too-small');
    run = bid(run, 'a', 995, S + 430 * SEC);
    assert.deepEqual(results(run), [
      { id: 'a', value: { amount: 995 }, weightedValue: { amount: 773.89, denominator: 1.2857142857142858 }, date: formatIso(S + 430 * SEC) },
      { id: 'b', value: { amount: 800 }, weightedValue: { amount: 800, denominator: 1 }, date: BID_DATE },
    ]);
  });
});
