// What the bidder page shows of a run's course besides the current offers: the timeline of its
// stages, the offers after each round (the history table and the price chart are drawn from it) and,
// once it is over, who leads. Pure; the run must be settled up to `nowMs`.
//
// The same privacy rules as the rest of the page (auction-page.view.ts): bidders appear by number
// ("Bidder N", their place in the tender's bid order) only; before the start a watcher sees no offer
// and nobody's turn (the turn order ranks the initial offers), a bidder only its own initial offer;
// a bidder's offer of a round shows once its turn in that round is over; and a round's turn order
// once it is fixed, at the end of the round before.
import { leadingBid } from './auction-run.ts';
import type { AuctionRun, StageView } from './auction-run.types.ts';
import type { StageKind } from './auction-schedule.ts';

export interface PageStage {
  kind: StageKind;
  round: number;
  /** Whose turn (turn stages), by bidder number; null while that is not to be shown. */
  bidder: number | null;
  isYou: boolean;
  /** Null for the end. The stages follow one another without gaps, so this gives every start too. */
  durationMs: number | null;
}

export interface PageOffer {
  /** The bidder's number: "Bidder N". */
  bidder: number;
  isYou: boolean;
  amount: number;
}

export interface PageRound {
  /** 0: the initial offers; then each round's. */
  round: number;
  /** The offers after the round, in the round's turn order, of the bidders whose turn is over. */
  offers: PageOffer[];
}

/** A bidder's number on the page: its place in the tender's bid order, from 1. */
export function bidderNumber(run: AuctionRun, bidId: string): number {
  return run.participants.findIndex((p) => p.bidId === bidId) + 1;
}

export function pageTimeline(current: AuctionRun, view: StageView, viewerBidId: string | null): PageStage[] {
  const started = view.status !== 'scheduled';
  return current.stages.map((stage) => {
    const shown = started && stage.kind === 'turn' && stage.round <= view.round && typeof stage.bidderId === 'string';
    return {
      kind: stage.kind,
      round: stage.round,
      bidder: shown ? bidderNumber(current, stage.bidderId!) : null,
      isYou: shown && stage.bidderId === viewerBidId,
      durationMs: stage.endMs === null ? null : stage.endMs - stage.startMs,
    };
  });
}

/** Bid ids in the turn order of `round` (as fixed so far), else in tender bid order. */
function turnOrder(current: AuctionRun, round: number): string[] {
  const order = current.stages
    .filter((s) => s.kind === 'turn' && s.round === round)
    .map((s) => s.bidderId)
    .filter((id): id is string => typeof id === 'string');
  return order.length === current.participants.length ? order : current.participants.map((p) => p.bidId);
}

export function pageOfferHistory(current: AuctionRun, view: StageView, nowMs: number, viewerBidId: string | null): PageRound[] {
  const offer = (bidId: string, amount: number): PageOffer => ({ bidder: bidderNumber(current, bidId), isYou: bidId === viewerBidId, amount });
  const initial = turnOrder(current, 1).filter((id) => view.status !== 'scheduled' || id === viewerBidId);
  if (initial.length === 0) return [];
  const amounts = new Map(current.participants.map((p) => [p.bidId, p.initialAmount]));
  const history: PageRound[] = [{ round: 0, offers: initial.map((id) => offer(id, amounts.get(id)!)) }];
  if (view.status === 'scheduled') return history;

  const rounds = current.stages.reduce((max, s) => (s.kind === 'turn' ? Math.max(max, s.round) : max), 0);
  for (let round = 1; round <= rounds; round += 1) {
    const offers: PageOffer[] = [];
    for (const id of turnOrder(current, round)) {
      const index = current.stages.findIndex((s) => s.kind === 'turn' && s.round === round && s.bidderId === id);
      const turn = current.stages[index];
      if (!turn || turn.endMs === null || turn.endMs > nowMs) continue;
      const accepted = current.history.find((r) => r.stage === index && r.status === 'accepted');
      if (accepted) amounts.set(id, accepted.amount);
      offers.push(offer(id, amounts.get(id)!));
    }
    if (offers.length === 0) break;
    history.push({ round, offers });
  }
  return history;
}

/** Who leads once the run is over: the best offer (the lowest price; with MEAT the lowest weighted). */
export function pageLeader(current: AuctionRun, view: StageView, viewerBidId: string | null): PageOffer | null {
  if (view.status !== 'finished') return null;
  const bidId = leadingBid(current);
  return { bidder: bidderNumber(current, bidId), isYou: bidId === viewerBidId, amount: current.standings[bidId]!.amount };
}
