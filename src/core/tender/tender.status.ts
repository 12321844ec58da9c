// Time-driven tender status moves (below-threshold.md §2.2), as a listable transition table:
// the chronograph, auction results and award decisions move the tender only along these edges.
// Owner-driven edges (publication) live in tender.state.ts. Pure.
import { TransitionTable } from '../state/machine.ts';
import type { Tender } from './tender.types.ts';

export interface TenderStatusMove {
  tender: Tender;
  nowIso: string;
}

export const TENDER_STATUSES = [
  'draft',
  // the published status of procedures without tendering (owner-awarded)
  'active',
  'active.enquiries',
  'active.tendering',
  'active.auction',
  'active.qualification',
  'active.awarded',
  'complete',
  'unsuccessful',
  'cancelled',
] as const;

/** Statuses after which nothing happens to the tender any more. */
export const TERMINAL_TENDER_STATUSES: ReadonlySet<string> = new Set(['complete', 'unsuccessful', 'cancelled']);

/** An auction that has not run is pointless once the tender (or lot) cannot proceed. */
export function removeUnfinishedAuctionPeriod(obj: { auctionPeriod?: { endDate?: string } }): void {
  if (obj.auctionPeriod && obj.auctionPeriod.endDate === undefined) delete obj.auctionPeriod;
}

function removeAllUnfinishedAuctionPeriods({ tender }: TenderStatusMove): void {
  removeUnfinishedAuctionPeriod(tender);
  for (const lot of tender.lots ?? []) removeUnfinishedAuctionPeriod(lot);
}

const toUnsuccessful = (from: string) => ({ from, to: 'unsuccessful', effect: removeAllUnfinishedAuctionPeriods });
const toCancelled = (from: string) => ({ from, to: 'cancelled', effect: removeAllUnfinishedAuctionPeriods });

export const tenderTimeTransitions = new TransitionTable<TenderStatusMove>(TENDER_STATUSES, [
  // chronograph at tenderPeriod.startDate
  { from: 'active.enquiries', to: 'active.tendering' },
  // tendering end (tendering-end.ts)
  { from: 'active.tendering', to: 'active.auction' },
  { from: 'active.tendering', to: 'active.qualification' },
  // no lot got an award to decide (every lot without proposals)
  { from: 'active.tendering', to: 'active.awarded' },
  toUnsuccessful('active.tendering'),
  // auction results; the awarding of lots whose auctions are skipped
  { from: 'active.auction', to: 'active.qualification' },
  { from: 'active.auction', to: 'active.awarded' },
  toUnsuccessful('active.auction'),
  // award decisions and the chronograph after stand-still
  { from: 'active.qualification', to: 'active.awarded' },
  { from: 'active.awarded', to: 'active.qualification' },
  toUnsuccessful('active.qualification'),
  toUnsuccessful('active.awarded'),
  { from: 'active.qualification', to: 'complete' },
  { from: 'active.awarded', to: 'complete' },
  // an executed cancellation of the tender, or of its last lot (cancelling.ts; never in
  // draft or active.auction)
  toCancelled('active.enquiries'),
  toCancelled('active.tendering'),
  toCancelled('active.qualification'),
  toCancelled('active.awarded'),
  // procedures without tendering: the owner's awards and contracts end the tender
  { from: 'active', to: 'complete' },
  toUnsuccessful('active'),
  toCancelled('active'),
]);

/** Moves the tender along a time-driven edge: status, `date` = now, the edge's effect. */
export function moveTenderStatus(tender: Tender, to: string, nowIso: string): void {
  const from = tender.status;
  if (from === to) return;
  const edge = tenderTimeTransitions.find(from, to);
  if (!edge) throw new Error(`No tender transition ${from} → ${to}`);
  tender.status = to;
  tender.date = nowIso;
  edge.effect?.({ tender, nowIso });
}
