// Reading the bids stored inside the tender document (below-threshold.md §1.12, §2.2): which bids
// count at tendering end, per tender and per lot. Pure.
import type { MoneyValue, Tender } from './tender.types.ts';

export interface StoredLotValue {
  relatedLot: string;
  status?: string;
  value?: MoneyValue;
  initialValue?: MoneyValue;
  weightedValue?: Record<string, unknown>;
  date?: string;
  [key: string]: unknown;
}

export interface StoredParameter {
  code: string;
  value: number;
}

export interface StoredBid {
  id: string;
  status?: string;
  date?: string;
  value?: MoneyValue;
  initialValue?: MoneyValue;
  weightedValue?: Record<string, unknown>;
  lotValues?: StoredLotValue[];
  parameters?: StoredParameter[];
  [key: string]: unknown;
}

/** Bid (and lotValue) statuses that count as a proposal. */
export const COUNTED_BID_STATUSES: ReadonlySet<string> = new Set(['active', 'pending']);

export function bidsOf(t: Tender): StoredBid[] {
  return Array.isArray(t.bids) ? (t.bids as StoredBid[]) : [];
}

/** A stored bid without a status is an old active one (the reference's default). */
export const bidStatus = (bid: StoredBid): string => bid.status ?? 'active';

/** A lotValue without its own status follows its bid. */
export const lotValueStatus = (lv: StoredLotValue, bid: StoredBid): string => lv.status ?? bidStatus(bid);

export function isCountedBid(bid: StoredBid): boolean {
  return COUNTED_BID_STATUSES.has(bidStatus(bid));
}

export function countBids(t: Tender): number {
  return bidsOf(t).filter(isCountedBid).length;
}

/** Counted bids with a counted lotValue for `lotId`. */
export function countLotBids(t: Tender, lotId: string): number {
  return bidsOf(t).filter(
    (bid) => isCountedBid(bid) && (bid.lotValues ?? []).some((lv) => lv.relatedLot === lotId && COUNTED_BID_STATUSES.has(lotValueStatus(lv, bid))),
  ).length;
}
