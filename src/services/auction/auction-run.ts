// One reverse auction as a pure state machine (extensions.md §5; the reference is
// openprocurement.auction.worker). Functions take the stored run and "now" and return a new run;
// nothing here reads a clock or mutates its input.
//
// Rules, as the reference worker applies them:
// - a bidder may bid only in its own turn; several bids in one turn are allowed, the latest counts
//   when the turn ends; `-1` takes back what was bid in that turn (the amount from before stays);
// - a bid must be > 0 and at most the bidder's own amount at the start of the turn minus
//   `minimalStep` (with MEAT the reference checks weighted × coefficient − step, the same amount);
// - the order of a round is fixed when the previous round ends (round 1: from the initial bids),
//   worst offer first (bidding-order.ts);
// - a bidder that never bids keeps its initial amount and its bid date.

import { formatIso } from '../../core/time/iso.ts';
import { buildSchedule } from './auction-schedule.ts';
import { biddingOrder } from './bidding-order.ts';
import { compare, fromDecimal, fromJson, sub, toFixedHalfEven, toJson } from './fraction.ts';
import type { Fraction } from './fraction.ts';
import { meatCoefficient, weightedAmount, wireWeightedValue } from './meat-weighting.ts';
import type {
  AuctionResultEntry,
  AuctionRun,
  CreateRunInput,
  PlaceBidOutcome,
  RunParticipant,
  StageView,
} from './auction-run.types.ts';

export function createRun(input: CreateRunInput): AuctionRun {
  const ids = new Set(input.participants.map((p) => p.bidId));
  if (ids.size !== input.participants.length) throw new RangeError('Auction participants must have distinct bid ids');
  const meat = input.featureMaxValues !== undefined;
  const participants: RunParticipant[] = input.participants.map((p) => ({
    bidId: p.bidId,
    initialAmount: p.amount,
    initialDate: p.date,
    coefficient: meat ? toJson(meatCoefficient(p.parameterValues ?? [], input.featureMaxValues ?? [])) : null,
  }));
  const run: AuctionRun = {
    schemaVersion: 1,
    tenderId: input.tenderId,
    lotId: input.lotId,
    minimalStep: input.minimalStep,
    meat,
    participants,
    stages: buildSchedule({
      startMs: input.startMs,
      bidderCount: participants.length,
      durations: input.durations,
      accelerator: input.accelerator,
    }),
    standings: Object.fromEntries(participants.map((p) => [p.bidId, { amount: p.initialAmount, date: p.initialDate }])),
    settledStages: 0,
    history: [],
  };
  assignRoundOrder(run, 1);
  return run;
}

function participantOf(run: AuctionRun, bidId: string): RunParticipant | undefined {
  return run.participants.find((p) => p.bidId === bidId);
}

/** The comparison key of a bidder's current offer: the amount, or amount ÷ coefficient with MEAT. */
function offerKey(run: AuctionRun, participant: RunParticipant): Fraction {
  const amount = fromDecimal(run.standings[participant.bidId].amount);
  return participant.coefficient ? weightedAmount(amount, fromJson(participant.coefficient)) : amount;
}

/** Bid ids from the worst current offer to the best. */
function currentBiddingOrder(run: AuctionRun): string[] {
  return biddingOrder(run.participants.map((p) => ({ bidId: p.bidId, key: offerKey(run, p), date: run.standings[p.bidId].date })));
}

/** Fill the turns of `round` from the current standings (mutates the run being built). */
function assignRoundOrder(run: AuctionRun, round: number): void {
  const order = currentBiddingOrder(run);
  for (const stage of run.stages) {
    if (stage.kind === 'turn' && stage.round === round && stage.turn !== undefined) stage.bidderId = order[stage.turn];
  }
}

/**
 * The bid with the best offer in the run's standings: the lowest amount (with MEAT the lowest
 * weighted amount), the earlier offer between equals — the last in bidding order, the one awarding
 * looks at first.
 */
export function leadingBid(run: AuctionRun): string {
  const order = currentBiddingOrder(run);
  return order[order.length - 1];
}

/** Apply the end of one turn: the latest pending bid of the turn becomes the bidder's offer. */
function closeTurn(run: AuctionRun, stageIndex: number): void {
  const pending = run.history.filter((r) => r.stage === stageIndex && r.status === 'pending');
  const latest = pending.at(-1);
  if (!latest) return;
  latest.status = 'accepted';
  run.standings[latest.bidderId] = { amount: latest.amount, date: latest.date };
}

function isLastTurnOfRound(run: AuctionRun, stageIndex: number): boolean {
  const next = run.stages[stageIndex + 1];
  return run.stages[stageIndex].kind === 'turn' && (next === undefined || next.kind !== 'turn');
}

/** Apply every stage that has ended by `nowMs`. Returns the same object when nothing ended. */
export function settle(run: AuctionRun, nowMs: number): AuctionRun {
  const ended = (i: number): boolean => {
    const end = run.stages[i].endMs;
    return end !== null && end <= nowMs;
  };
  if (run.settledStages >= run.stages.length || !ended(run.settledStages)) return run;
  const next: AuctionRun = structuredClone(run);
  while (next.settledStages < next.stages.length && ended(next.settledStages)) {
    const index = next.settledStages;
    const stage = next.stages[index];
    if (stage.kind === 'turn') {
      closeTurn(next, index);
      if (isLastTurnOfRound(next, index)) assignRoundOrder(next, stage.round + 1);
    }
    next.settledStages += 1;
  }
  return next;
}

function stageIndexAt(run: AuctionRun, nowMs: number): number {
  for (let i = run.stages.length - 1; i >= 0; i -= 1) if (run.stages[i].startMs <= nowMs) return i;
  return -1;
}

export function isFinished(run: AuctionRun, nowMs: number): boolean {
  const end = run.stages[run.stages.length - 1];
  return end.startMs <= nowMs;
}

/** When the run ends (the start of its end stage). */
export function endsAt(run: AuctionRun): number {
  return run.stages[run.stages.length - 1].startMs;
}

export function stageAt(run: AuctionRun, nowMs: number): StageView {
  return viewOf(settle(run, nowMs), nowMs);
}

/** The stage view of a run already settled up to `nowMs`. */
function viewOf(current: AuctionRun, nowMs: number): StageView {
  const index = stageIndexAt(current, nowMs);
  if (index < 0) {
    const first = current.stages[0];
    return {
      status: 'scheduled',
      stageIndex: -1,
      round: 0,
      bidderId: null,
      startMs: first.startMs,
      endMs: first.startMs,
      timeLeftMs: first.startMs - nowMs,
    };
  }
  const stage = current.stages[index];
  const status = stage.kind === 'end' ? 'finished' : stage.kind;
  return {
    status,
    stageIndex: index,
    round: stage.round,
    bidderId: stage.kind === 'turn' ? (stage.bidderId ?? null) : null,
    startMs: stage.startMs,
    endMs: stage.endMs,
    timeLeftMs: stage.endMs === null ? null : stage.endMs - nowMs,
  };
}

/** The highest amount `bidderId` may offer in its turn: own accepted amount − minimalStep, exact. */
function maxAllowed(run: AuctionRun, bidderId: string): Fraction {
  return sub(fromDecimal(run.standings[bidderId].amount), fromDecimal(run.minimalStep));
}

/** A bid (`amount`) or a withdrawal (`-1`) by `bidderId` at `nowMs`. */
export function placeBid(run: AuctionRun, bidderId: string, amount: number, nowMs: number): PlaceBidOutcome {
  const current = settle(run, nowMs);
  const view = viewOf(current, nowMs);
  if (view.status === 'scheduled') return { ok: false, refusal: { code: 'not-started' } };
  if (view.status === 'finished') return { ok: false, refusal: { code: 'finished' } };
  if (!participantOf(run, bidderId)) return { ok: false, refusal: { code: 'unknown-bidder' } };
  if (view.status !== 'turn') return { ok: false, refusal: { code: 'not-bidding-stage' } };
  if (view.bidderId !== bidderId) return { ok: false, refusal: { code: 'not-your-turn' } };
  if (!Number.isFinite(amount) || (amount <= 0 && amount !== -1)) {
    return { ok: false, refusal: { code: 'amount-not-positive' } };
  }

  const working = current === run ? structuredClone(run) : current;
  const pending = working.history.filter((r) => r.stage === view.stageIndex && r.status === 'pending');
  const record = { bidderId, amount, atMs: nowMs, date: formatIso(nowMs), stage: view.stageIndex };

  if (amount === -1) {
    if (pending.length === 0) return { ok: false, refusal: { code: 'nothing-to-withdraw' } };
    for (const r of pending) r.status = 'withdrawn';
    working.history.push({ ...record, status: 'withdrawal' });
    return { ok: true, run: working };
  }

  const limit = maxAllowed(working, bidderId);
  if (compare(fromDecimal(amount), limit) > 0) {
    return { ok: false, refusal: { code: 'step-too-small', maxAllowedAmount: Number(toFixedHalfEven(limit, 2)) } };
  }
  for (const r of pending) r.status = 'superseded';
  working.history.push({ ...record, status: 'pending' });
  return { ok: true, run: working };
}

/**
 * What the auction posts, one entry per participant in tender bid order: the final amount, the date
 * of the last accepted bid (the bid's own date when it never bid) and, with MEAT, the weighted value.
 * Meant for a finished run; any turn still open is closed as if its time had run out.
 */
export function results(run: AuctionRun): AuctionResultEntry[] {
  const final = settle(run, endsAt(run));
  return final.participants.map((p) => {
    const standing = final.standings[p.bidId];
    const entry: AuctionResultEntry = { id: p.bidId, value: { amount: standing.amount }, date: standing.date };
    if (p.coefficient) entry.weightedValue = wireWeightedValue(fromDecimal(standing.amount), fromJson(p.coefficient));
    return entry;
  });
}

/** Each participant's current offer after what has ended by `nowMs` (for a bidder page). */
export function standingsAt(run: AuctionRun, nowMs: number): AuctionRun['standings'] {
  return settle(run, nowMs).standings;
}
