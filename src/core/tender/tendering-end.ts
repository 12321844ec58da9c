// Tendering end (below-threshold.md §2.2 "Tendering end handler", in the reference's order):
// answered claims resolved, draft bids dropped, bids activated, bids counted (per lot), values
// fixed, then auction or awarding. Pure: mutates the tender draft it is given.
import { setObjectStatus, type StatusDated } from '../state/object-status.ts';
import { bidsOf, bidStatus, countBids, countLotBids, isCountedBid, lotValueStatus, COUNTED_BID_STATUSES, type StoredBid } from './bid-counting.ts';
import { weightedValueOf } from './bid-weighting.ts';
import { moveTenderStatus, removeUnfinishedAuctionPeriod, TERMINAL_TENDER_STATUSES } from './tender.status.ts';
import type { TenderCtx } from './procedure.ts';
import type { Tender } from './tender.types.ts';

const complaintsOf = (holder: { complaints?: unknown; [key: string]: unknown }): StatusDated[] => (Array.isArray(holder.complaints) ? (holder.complaints as StatusDated[]) : []);

export function resolveAnsweredClaims(t: Tender, nowIso: string): void {
  for (const c of complaintsOf(t)) {
    if (c.status === 'answered' && typeof c.resolutionType === 'string') setObjectStatus(c, c.resolutionType, nowIso);
  }
}

export function removeDraftBids(t: Tender): void {
  if (bidsOf(t).some((b) => (b.status ?? 'pending') === 'draft')) t.bids = bidsOf(t).filter((b) => (b.status ?? 'pending') !== 'draft') as Tender['bids'];
}

/** Every lotValue of every remaining bid becomes active (invalid bids stay invalid and uncounted). */
function activateBids(t: Tender): void {
  for (const bid of bidsOf(t)) {
    for (const lv of bid.lotValues ?? []) lv.status = 'active';
    if (bid.status === 'pending') bid.status = 'active';
  }
}

/** `claim`-status claims of a finished tender or lot are never answered now: `ignored`. */
export function ignoreClaimsOfFinishedLots(t: Tender, nowIso: string): void {
  const finished = new Set<string | undefined>();
  if (TERMINAL_TENDER_STATUSES.has(t.status)) finished.add(undefined);
  for (const lot of t.lots ?? []) if (lot.status && TERMINAL_TENDER_STATUSES.has(lot.status)) finished.add(lot.id);
  const awards = Array.isArray(t.awards) ? (t.awards as Array<Record<string, unknown>>) : [];
  for (const c of [...complaintsOf(t), ...awards.flatMap(complaintsOf)]) {
    const lot = typeof c.relatedLot === 'string' ? c.relatedLot : undefined;
    if (c.status === 'claim' && finished.has(lot)) setObjectStatus(c, 'ignored', nowIso);
  }
}

export function markBidsUnsuccessful(bids: StoredBid[]): void {
  for (const bid of bids) if (isCountedBid(bid)) bid.status = 'unsuccessful';
}

function checkLotBidsNumber(t: Tender, tc: TenderCtx): void {
  const lots = t.lots ?? [];
  const minBids = Number(tc.config.minBidsNumber ?? 1);
  let maxBids = 0;
  for (const lot of lots) {
    const n = countLotBids(t, lot.id);
    if (n < minBids) {
      removeUnfinishedAuctionPeriod(lot);
      if (lot.status === 'active') {
        setObjectStatus(lot, 'unsuccessful', tc.nowIso);
        for (const bid of bidsOf(t)) for (const lv of bid.lotValues ?? []) if (lv.relatedLot === lot.id) setObjectStatus(lv, 'unsuccessful', tc.nowIso);
      }
    }
    if (minBids === 1 && n === 1) removeUnfinishedAuctionPeriod(lot);
    maxBids = Math.max(maxBids, n);
  }
  if (minBids === 1 && maxBids === 1 && t.status === 'active.tendering') {
    removeUnfinishedAuctionPeriod(t);
    for (const lot of lots) removeUnfinishedAuctionPeriod(lot);
    tc.procedure.awarding.next(t, tc);
  }
  const activeLots = new Set(lots.filter((l) => l.status === 'active').map((l) => l.id));
  markBidsUnsuccessful(bidsOf(t).filter((bid) => !(bid.lotValues ?? []).some((lv) => activeLots.has(lv.relatedLot))));
  if (lots.every((l) => l.status === 'unsuccessful' || l.status === 'cancelled')) moveTenderStatus(t, 'unsuccessful', tc);
}

function checkBidsNumber(t: Tender, tc: TenderCtx): void {
  const minBids = Number(tc.config.minBidsNumber ?? 1);
  const n = countBids(t);
  if (n < minBids) {
    removeUnfinishedAuctionPeriod(t);
    markBidsUnsuccessful(bidsOf(t));
    moveTenderStatus(t, 'unsuccessful', tc);
  }
  if (minBids === 1 && n === 1 && t.status === 'active.tendering') {
    removeUnfinishedAuctionPeriod(t);
    tc.procedure.awarding.next(t, tc);
  }
}

/** `initialValue` and (with features) `weightedValue` on every counted bid / lotValue. */
export function fixBidValues(t: Tender): void {
  for (const bid of bidsOf(t)) {
    if (!COUNTED_BID_STATUSES.has(bidStatus(bid))) continue;
    if (bid.lotValues && bid.lotValues.length > 0) {
      for (const lv of bid.lotValues) {
        if (!COUNTED_BID_STATUSES.has(lotValueStatus(lv, bid))) continue;
        if (lv.value) lv.initialValue = { ...lv.value };
        const weighted = weightedValueOf(t, bid, lv.value, lv.relatedLot);
        if (weighted) lv.weightedValue = { ...weighted };
      }
    } else {
      if (bid.value) bid.initialValue = { ...bid.value };
      const weighted = weightedValueOf(t, bid, bid.value);
      if (weighted) bid.weightedValue = { ...weighted };
    }
  }
}

export function endTendering(t: Tender, tc: TenderCtx): void {
  resolveAnsweredClaims(t, tc.nowIso);
  removeDraftBids(t);
  activateBids(t);
  if ((t.lots ?? []).length > 0) checkLotBidsNumber(t, tc);
  else checkBidsNumber(t, tc);
  ignoreClaimsOfFinishedLots(t, tc.nowIso);
  fixBidValues(t);
  if (t.status === 'active.tendering') {
    if (tc.config.hasAuction !== false) moveTenderStatus(t, 'active.auction', tc);
    else tc.procedure.awarding.next(t, tc);
  }
}
