// What the bidder page shows of a run at an instant, for one viewer: the stage, whose turn, the time
// left and the current offers, and the run's course — timeline, offers per round, the leader at the
// end (auction-page-course.ts). Other bidders are anonymised ("Bidder 2"); a signed-in bidder sees
// which line is its own, whether it may bid now and the highest amount it may offer. Pure.
//
// What it must never show (the page and its state need no key, and the key is the public
// `auctionUrl`): before the start, nothing of the bids — the API itself refuses them until the
// auction — so a watcher sees only the schedule and a bidder only its own line; at any time, no bid
// id, token or date, and no other bidder's bid before its turn is over (as the reference's page,
// which reveals the initial offers at the auction's first stage).
import { compare, fromDecimal, sub, toFixedHalfEven } from './fraction.ts';
import { settle, stageAt } from './auction-run.ts';
import { bidderNumber, pageLeader, pageOfferHistory, pageTimeline, type PageOffer, type PageRound, type PageStage } from './auction-page-course.ts';
import { formatIso } from '../../core/time/iso.ts';
import { ApiError } from '../../core/http/errors.ts';
import type { AuctionRun, BidRefusalCode, StageStatus } from './auction-run.types.ts';

export interface PageBidder {
  label: string;
  /** The N of "Bidder N" (the page words the label in its own language). */
  bidder: number;
  amount: number;
  isYou: boolean;
  isTurn: boolean;
}

export interface PageState {
  status: StageStatus;
  round: number;
  rounds: number;
  /** Until the current stage ends (or the start); null once finished. */
  timeLeftMs: number | null;
  minimalStep: number;
  /**
   * In the order they bid this round (worst offer first). Before the start: empty for a watcher,
   * only its own line for a bidder.
   */
  bidders: PageBidder[];
  /** The viewer's label, or null for a watcher. */
  you: string | null;
  yourTurn: boolean;
  /** What the viewer may offer at most now (its turn only). */
  maxAllowedAmount: number | null;
  /** The viewer's bid placed in this turn, not yet final. */
  pendingAmount: number | null;
  /** When the auction starts (its first stage), ISO, Kyiv time: the public schedule. */
  startDate: string;
  /** Index into `timeline` of the current stage; -1 before the start. */
  stageIndex: number;
  timeline: PageStage[];
  /** The offers after each round so far (round 0: the initial offers), for the history and the chart. */
  offerHistory: PageRound[];
  /** Who leads, once the auction is over. */
  leader: PageOffer | null;
}

export function bidderLabel(run: AuctionRun, bidId: string): string {
  return `Bidder ${bidderNumber(run, bidId)}`;
}

export function pageState(run: AuctionRun, nowMs: number, viewerBidId: string | null): PageState {
  const current = settle(run, nowMs);
  const view = stageAt(current, nowMs);
  const rounds = current.stages.reduce((max, s) => (s.kind === 'turn' ? Math.max(max, s.round) : max), 0);
  const order = current.stages
    .filter((s) => s.kind === 'turn' && s.round === Math.min(Math.max(view.round, 1), rounds))
    .map((s) => s.bidderId)
    .filter((id): id is string => typeof id === 'string');
  const ids = order.length === current.participants.length ? order : current.participants.map((p) => p.bidId);
  const shown = view.status === 'scheduled' ? ids.filter((id) => id === viewerBidId) : ids;
  const yourTurn = view.status === 'turn' && viewerBidId !== null && view.bidderId === viewerBidId;
  const pending = yourTurn ? current.history.filter((r) => r.stage === view.stageIndex && r.status === 'pending').at(-1) : undefined;
  let maxAllowedAmount: number | null = null;
  if (yourTurn && viewerBidId) {
    const limit = sub(fromDecimal(current.standings[viewerBidId]!.amount), fromDecimal(current.minimalStep));
    maxAllowedAmount = compare(limit, fromDecimal(0)) > 0 ? Number(toFixedHalfEven(limit, 2)) : null;
  }
  return {
    status: view.status,
    round: view.round,
    rounds,
    timeLeftMs: view.timeLeftMs,
    minimalStep: current.minimalStep,
    bidders: shown.map((id) => ({
      label: id === viewerBidId ? 'You' : bidderLabel(current, id),
      bidder: bidderNumber(current, id),
      amount: current.standings[id]!.amount,
      isYou: id === viewerBidId,
      isTurn: view.status === 'turn' && view.bidderId === id,
    })),
    you: viewerBidId && current.participants.some((p) => p.bidId === viewerBidId) ? bidderLabel(current, viewerBidId) : null,
    yourTurn,
    maxAllowedAmount,
    pendingAmount: pending ? pending.amount : null,
    startDate: formatIso(current.stages[0]!.startMs),
    stageIndex: view.stageIndex,
    timeline: pageTimeline(current, view, viewerBidId),
    offerHistory: pageOfferHistory(current, view, nowMs, viewerBidId),
    leader: pageLeader(current, view, viewerBidId),
  };
}

export type PageRefusalCode = BidRefusalCode | 'no-such-auction' | 'too-many-streams' | 'busy' | 'not-a-bidder' | 'bad-amount';

/** How long a page refused a live stream waits before it asks again, seconds (`Retry-After`). */
export const STREAM_RETRY_AFTER_S = 30;

/** The page's answer to a refused bid: HTTP status and a sentence for the bidder. */
export function refusalMessage(code: PageRefusalCode, maxAllowedAmount?: number): { status: number; message: string } {
  switch (code) {
    case 'no-such-auction':
      return { status: 404, message: 'There is no such auction.' };
    case 'too-many-streams':
      return { status: 503, message: 'Too many pages follow this auction live; please try again later.' };
    case 'busy':
      return { status: 409, message: 'The auction is busy; please try again.' };
    case 'not-a-bidder':
    case 'unknown-bidder':
      return { status: 403, message: 'Only a bidder with its participation link may bid.' };
    case 'not-started':
      return { status: 409, message: 'The auction has not started yet.' };
    case 'finished':
      return { status: 409, message: 'The auction is over.' };
    case 'not-bidding-stage':
      return { status: 409, message: 'Bids are taken only during a bidder\'s turn.' };
    case 'not-your-turn':
      return { status: 409, message: 'It is not your turn.' };
    case 'bad-amount':
    case 'amount-not-positive':
      return { status: 422, message: 'The amount must be a number greater than zero (or -1 to withdraw).' };
    case 'step-too-small':
      return { status: 422, message: `The amount must be at most ${maxAllowedAmount} (your current amount minus the minimal step).` };
    case 'nothing-to-withdraw':
      return { status: 409, message: 'You have no bid in this turn to withdraw.' };
  }
}

/**
 * A refusal in the API error envelope (one error for every JSON endpoint of the app): the code is
 * the machine-readable `name` the page may branch on, the sentence its `description`. An unknown
 * auction or a full one is the URL's fault, everything else the bid's.
 */
export function pageRefusal(code: PageRefusalCode, maxAllowedAmount?: number): ApiError {
  const { status, message } = refusalMessage(code, maxAllowedAmount);
  const error = { location: code === 'no-such-auction' || code === 'too-many-streams' ? ('url' as const) : ('body' as const), name: code, description: message };
  return new ApiError(status, [error], code === 'too-many-streams' ? { 'Retry-After': String(STREAM_RETRY_AFTER_S) } : {});
}
