// Time-driven tender status moves (below-threshold.md §2.2), as a listable transition table:
// the chronograph, auction results and award decisions move the tender only along these edges.
// This is the core default of the competitive family; a procedure merges its delta onto it
// (procedure-transitions.ts). Owner-driven edges (publication) live in tender.state.ts. Pure.
import { TransitionTable, type Edge } from '../state/machine.ts';
import type { TenderCtx } from './procedure.ts';
import type { Tender } from './tender.types.ts';

export interface TenderStatusMove {
  tender: Tender;
  nowIso: string;
}

/** The core tender statuses; a procedure adds its own stages (enquiries, pre-qualification, ...). */
export const CORE_TENDER_STATUSES = [
  'draft',
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

/** `from → unsuccessful`, dropping auctions that have not run (also for a procedure's own stages). */
export const toUnsuccessful = (from: string): Edge<TenderStatusMove> => ({ from, to: 'unsuccessful', effect: removeAllUnfinishedAuctionPeriods });
/** `from → cancelled` (an executed cancellation), dropping auctions that have not run. */
export const toCancelled = (from: string): Edge<TenderStatusMove> => ({ from, to: 'cancelled', effect: removeAllUnfinishedAuctionPeriods });

export const coreTenderTimeTransitions = new TransitionTable<TenderStatusMove>(CORE_TENDER_STATUSES, [
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
  toCancelled('active.tendering'),
  toCancelled('active.qualification'),
  toCancelled('active.awarded'),
]);

/** Moves the tender along a time-driven edge of its procedure: status, `date` = now, the edge's effect. */
export function moveTenderStatus(tender: Tender, to: string, tc: Pick<TenderCtx, 'procedure' | 'nowIso'>): void {
  const from = tender.status;
  if (from === to) return;
  const edge = tc.procedure.transitions.tenderTime.find(from, to);
  if (!edge) throw new Error(`No tender transition ${from} → ${to}`);
  tender.status = to;
  tender.date = tc.nowIso;
  edge.effect?.({ tender, nowIso: tc.nowIso });
}
