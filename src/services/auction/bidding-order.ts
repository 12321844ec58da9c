// Turn order within a round: the worst offer bids first, the best last, so the leader always
// answers. "Worst" is the highest amount (with MEAT the highest weighted amount); between equal
// amounts the later bid goes first — the earlier bid keeps the better place, as in awarding.
// The reference sorts with the same key: amount (or "amount_features"), ties by bid time.

import { compareIso } from '../../core/time/iso.ts';
import { compare } from './fraction.ts';
import type { Fraction } from './fraction.ts';

export interface RankedOffer {
  bidId: string;
  /** The comparison key: the amount, or the weighted amount with MEAT. */
  key: Fraction;
  /** ISO date of the offer (the bid's date, or when its last auction bid was placed). */
  date: string;
}

/** Negative when `a` bids before `b` (is worse). */
export function compareWorstFirst(a: RankedOffer, b: RankedOffer): number {
  const byKey = compare(b.key, a.key);
  if (byKey !== 0) return byKey;
  return compareIso(b.date, a.date);
}

/** Bid ids from the worst offer to the best; stable for fully equal offers. */
export function biddingOrder(offers: readonly RankedOffer[]): string[] {
  return [...offers].sort(compareWorstFirst).map((offer) => offer.bidId);
}
