// The parts of a stored award that claims and cancellations rely on (below-threshold.md §1.13).
// Awarding itself (creation, decisions) lives in the awarding modules; this is only the lookup.
import { notFound } from '../http/errors.ts';
import type { Claim, Tender } from './tender.types.ts';

export interface AwardRef {
  id: string;
  status: string;
  bid_id?: string;
  lotID?: string;
  complaintPeriod?: { startDate?: string; endDate?: string };
  complaints?: Claim[];
  [key: string]: unknown;
}

export function awardsOf(tender: Tender): AwardRef[] {
  return Array.isArray(tender.awards) ? (tender.awards as AwardRef[]) : [];
}

export function findAward(tender: Tender, awardId: string): AwardRef {
  const award = awardsOf(tender).find((a) => a.id === awardId);
  if (!award) throw notFound('award_id');
  return award;
}
