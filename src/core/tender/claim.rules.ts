// Business rules of claims (below-threshold.md §1.11, §3.3) other than the status moves
// (claim.state.ts). Pure: (tender, award, claim, now) in, the reference's ApiError out.
import { forbidden, notFound } from '../http/errors.ts';
import { isoToMs } from '../time/iso.ts';
import type { AwardRef } from './award-ref.ts';
import { EDITABLE_CLAIM_STATUSES } from './claim.state.ts';
import type { Claim, Tender } from './tender.types.ts';
import type { ProcedureClaimRules } from './procedure.ts';

/** A procedure without claims. */
export const WITHOUT_CLAIMS: ProcedureClaimRules = { awardClaimStatuses: [], tenderClaimStatuses: [], tenderClaimAuthorEditStatuses: [], awardClaimBidStatuses: [] };

/** Claim statuses in which each role may write the claim's documents. */
export const CLAIM_DOCUMENT_STATUSES_BY_ROLE: Readonly<Record<string, readonly string[]>> = {
  complaint_owner: ['draft', 'answered'],
  tender_owner: ['claim'],
};

/**
 * The groups holding `edit_complaint` in the reference's complaint ACL: anyone else (anonymous,
 * inspectors, the auction, the chronograph…) is refused before the claim's rules run.
 */
const CLAIM_EDITING_GROUPS: readonly string[] = ['brokers', 'bots', 'Administrator', 'aboveThresholdReviewers', 'admins'];

export const mayEditClaims = (role: string): boolean => CLAIM_EDITING_GROUPS.includes(role);

export function claimsOf(holder: { complaints?: unknown }): Claim[] {
  return Array.isArray(holder.complaints) ? (holder.complaints as Claim[]) : [];
}

export function findClaim(holder: { complaints?: unknown }, claimId: string): Claim {
  const claim = claimsOf(holder).find((c) => c.id === claimId);
  if (!claim) throw notFound('complaint_id');
  return claim;
}

/** `<tenderID>.a<N>`, N counting every complaint of the tender (its own, awards', cancellations', qualifications'). */
export function nextComplaintID(tender: Tender): string {
  const nested = (key: string): number =>
    Array.isArray(tender[key]) ? (tender[key] as Array<{ complaints?: unknown }>).reduce((n, o) => n + claimsOf(o).length, 0) : 0;
  const count = claimsOf(tender).length + nested('awards') + nested('cancellations') + nested('qualifications');
  return `${tender.tenderID ?? tender.id}.a${count + 1}`;
}

export function assertClaimTenderStatus(tender: Tender, statuses: readonly string[], operation: 'add' | 'update'): void {
  if (!statuses.includes(tender.status)) throw forbidden(`Can't ${operation} complaint in current (${tender.status}) tender status`);
}

/** The award's lot (if any) must be active. */
export function assertAwardLotActive(tender: Tender, award: AwardRef, message: string): void {
  if (award.lotID && (tender.lots ?? []).some((l) => l.id === award.lotID && l.status !== 'active')) throw forbidden(message);
}

/** Award claims are filed on a decided award inside its stand-still, start inclusive, end exclusive. */
export function assertInAwardComplaintPeriod(award: AwardRef, now: number): void {
  const period = award.complaintPeriod;
  const decided = award.status === 'active' || award.status === 'unsuccessful';
  if (decided && period?.startDate && period.endDate && isoToMs(period.startDate) <= now && now < isoToMs(period.endDate)) return;
  throw forbidden('Can add complaint only in complaintPeriod');
}

export function assertClaimEditable(claim: Claim): void {
  if (!EDITABLE_CLAIM_STATUSES.includes(claim.status)) throw forbidden(`Can't update complaint in current (${claim.status}) status`);
}
