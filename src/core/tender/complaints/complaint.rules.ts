// Business rules of review-body complaints (open-procedures.md §2.1, §2.4, §2.5) other than the
// status moves (complaint.state.ts): where a complaint may be filed, by whom, and what complaints
// block. Pure: (tender, container, now) in, the reference's ApiError out.
import { dataError, forbidden, permissionDenied } from '../../http/errors.ts';
import { isoToMs } from '../../time/iso.ts';
import { claimsOf } from '../claim.rules.ts';
import type { ProcedureComplaintRules } from '../procedure.ts';
import { awardsOf, type Award, type Cancellation, type Claim, type Tender } from '../tender.types.ts';
import type { ComplaintContainer } from './complaint.state.ts';

/** A procedure without review-body complaints. */
export const WITHOUT_COMPLAINTS: ProcedureComplaintRules = { tenderStatuses: [], awardStatuses: [], qualificationStatuses: [], documentStatuses: [], complainantsAreBidders: false };

/** Complaint statuses that hold the tender's progress (§2.5). */
export const BLOCKING_COMPLAINT_STATUSES: ReadonlySet<string> = new Set(['pending', 'accepted', 'satisfied']);

/** Final complaint statuses that let a pending cancellation take effect. */
const CANCELLATION_RELEASING_STATUSES: ReadonlySet<string> = new Set(['invalid', 'declined', 'stopped', 'mistaken', 'draft']);

export const isComplaint = (c: Claim): boolean => c.type === 'complaint';
export const complaintsOf = (holder: { complaints?: unknown }): Claim[] => claimsOf(holder).filter(isComplaint);

/** The config flag that allows complaints in each container. */
const CONFIG_FLAG: Readonly<Record<ComplaintContainer, string>> = {
  tender: 'hasTenderComplaints',
  award: 'hasAwardComplaints',
  qualification: 'hasQualificationComplaints',
  cancellation: 'hasCancellationComplaints',
};

export function assertComplaintsConfigured(tender: Tender, container: ComplaintContainer): void {
  if (tender.config?.[CONFIG_FLAG[container]] !== true) throw forbidden("Can't add complaint as it is forbidden by configuration");
  if (tender.config?.restricted === true) throw forbidden("Can't add complaint for restricted tender");
}

/** Tender statuses in which complaints of a container are filed and updated (cancellations: any). */
export function complaintTenderStatuses(rules: ProcedureComplaintRules, container: ComplaintContainer): readonly string[] | null {
  if (container === 'tender') return rules.tenderStatuses;
  if (container === 'award') return rules.awardStatuses;
  if (container === 'qualification') return rules.qualificationStatuses;
  return null;
}

export function assertComplaintTenderStatus(tender: Tender, statuses: readonly string[] | null, op: 'add' | 'update'): void {
  if (statuses !== null && !statuses.includes(tender.status)) throw forbidden(`Can't ${op} complaint in current (${tender.status}) tender status`);
}

/** Tender-level complaints: until the tender's complaintPeriod ends. */
export function assertInTenderComplaintPeriod(tender: Tender, now: number): void {
  const end = (tender.complaintPeriod as { endDate?: string } | undefined)?.endDate;
  if (end && now > isoToMs(end)) throw forbidden('Can submit complaint not later than complaintPeriod end date');
}

/** Award complaints: on a decided award, inside its stand-still (start inclusive, end exclusive). */
export function assertInAwardComplaintPeriod(award: Award, now: number): void {
  const period = award.complaintPeriod;
  if ((award.status === 'active' || award.status === 'unsuccessful') && period?.startDate && period.endDate) {
    if (isoToMs(period.startDate) <= now && now < isoToMs(period.endDate)) return;
  }
  throw forbidden('Can add complaint only in complaintPeriod');
}

export function assertAwardDecided(award: Award): void {
  if (award.status !== 'active' && award.status !== 'unsuccessful') {
    throw forbidden('Complaint submission is allowed only after award activation or unsuccessful award.');
  }
}

/** An unsuccessful award is contested only by its own bidder. */
export function assertOwnUnsuccessfulAward(award: Award, bidId: string | undefined): void {
  if (award.status === 'unsuccessful' && award.bid_id !== bidId) throw dataError('bid_id', 'Can add complaint only on unsuccessful award of your bid');
}

/** No complaint while the whole tender, or the contested lot, is being cancelled. */
export function assertNoPendingCancellation(tender: Tender, lotId: string | undefined): void {
  const pending = (tender.cancellations ?? []).filter((c) => c.status === 'pending');
  if (pending.some((c) => !c.relatedLot)) throw forbidden("Can't add complaint if tender have cancellation in pending status");
  if (lotId && pending.some((c) => c.relatedLot === lotId)) throw forbidden("Can't add complaint with 'pending' lot cancellation");
}

export function assertRelatedLotKnown(tender: Tender, lotId: string | undefined): void {
  if (lotId !== undefined && !(tender.lots ?? []).some((l) => l.id === lotId)) throw dataError('relatedLot', ['relatedLot should be one of lots']);
}

/** Cancellation complaints: on a pending cancellation, within its complaint period (both ends inclusive). */
export function assertInCancellationComplaintPeriod(cancellation: Cancellation, now: number): void {
  if (cancellation.status !== 'pending') throw dataError('data', 'Complaint can be add only in pending status of cancellation');
  const period = cancellation.complaintPeriod as { startDate?: string; endDate?: string } | undefined;
  const inside = period?.startDate && period.endDate ? isoToMs(period.startDate) <= now && now <= isoToMs(period.endDate) : false;
  if (!inside) throw dataError('data', "Complaint can't be add after finish of complaint period");
}

/** A `tendererAction` on a cancellation complaint only once the cancellation was made unsuccessful. */
export function assertCancellationTendererAction(data: { tendererAction?: unknown }, cancellation: Cancellation): void {
  if (data.tendererAction && cancellation.status !== 'unsuccessful') {
    throw dataError('data', "Complaint can't have tendererAction only if cancellation not in unsuccessful status");
  }
}

/** Cancellation complaints in the open family: anyone while tendering, afterwards bid owners only. */
export function assertMayComplainOnCancellation(tender: Tender, rules: ProcedureComplaintRules, ownsBid: boolean): void {
  if (rules.complainantsAreBidders && tender.status !== 'active.tendering' && !ownsBid) throw permissionDenied();
}

/** Complaint statuses in which a cancellation complaint may still change. */
const CANCELLATION_COMPLAINT_EDITABLE: ReadonlySet<string> = new Set(['draft', 'pending', 'accepted', 'satisfied', 'stopping']);

export function assertCancellationComplaintEditable(complaint: Claim): void {
  if (!CANCELLATION_COMPLAINT_EDITABLE.has(complaint.status)) throw forbidden(`Can't update complaint in current (${complaint.status}) status`);
}

/** The complainant's identity stays as filed. */
export function assertAuthorIdentityKept(before: Claim, after: Claim): void {
  const was = (before.author?.identifier ?? {}) as Record<string, unknown>;
  const now = (after.author?.identifier ?? {}) as Record<string, unknown>;
  for (const field of ['id', 'scheme', 'legalName']) {
    if (was[field] !== now[field]) throw forbidden(`Can't change complaint author ${field}`);
  }
}

// --- what complaints block (§2.5) ---------------------------------------------------------------

const blocking = (complaints: Claim[]): Claim | undefined => complaints.find((c) => isComplaint(c) && BLOCKING_COMPLAINT_STATUSES.has(c.status));

/** Tender-level complaints (and claims still waiting) hold the end of tendering. */
export function tenderComplaintsHoldTendering(t: Tender): boolean {
  return t.status === 'active.tendering' && claimsOf(t).some((c) => (isComplaint(c) ? BLOCKING_COMPLAINT_STATUSES.has(c.status) : c.status === 'claim'));
}

/** Undecided complaints on the tender (of the lot, or without one) or on the lot's awards. */
export function awardingHeldByComplaints(t: Tender, lotId: string | undefined): boolean {
  const tenderLevel = complaintsOf(t).filter((c) => c.relatedLot === undefined || c.relatedLot === lotId);
  const awardLevel = awardsOf(t).filter((a) => a.lotID === lotId).flatMap(complaintsOf);
  return blocking([...tenderLevel, ...awardLevel]) !== undefined;
}

/** A cancellation of the award's lot (or of the tender) with undecided complaints. */
export function cancellationComplaintsHoldLot(t: Tender, lotId: string | undefined): boolean {
  return (t.cancellations ?? []).some((c) => c.relatedLot === lotId && blocking(complaintsOf(c)) !== undefined);
}

/** Every complaint of the cancellation has ended without being satisfied (drafts lapse with it). */
export function cancellationComplaintsReleased(c: Cancellation): boolean {
  return complaintsOf(c).every((x) => CANCELLATION_RELEASING_STATUSES.has(x.status));
}

/**
 * No cancellation is created or advanced over an undecided complaint in its scope: a tender
 * cancellation meets every complaint, a lot one those of its lot and those without a lot.
 */
export function assertNoUndecidedComplaintsInScope(t: Tender, cancellationLot: string | undefined): void {
  const inScope = (complaintLot: string | undefined): boolean => cancellationLot === complaintLot || cancellationLot === undefined || complaintLot === undefined;
  const check = (complaints: Claim[], lot: string | undefined, what: string): void => {
    if (!inScope(lot)) return;
    const c = complaints.find((x) => BLOCKING_COMPLAINT_STATUSES.has(x.status));
    if (c) throw forbidden(`Can't perform operation for there is ${what} complaint in ${c.status} status`);
  };
  for (const c of claimsOf(t)) check([c], c.relatedLot, 'a tender');
  for (const q of (Array.isArray(t.qualifications) ? t.qualifications : []) as Array<{ lotID?: string; complaints?: unknown }>) check(claimsOf(q), q.lotID, 'a qualification');
  for (const a of awardsOf(t)) check(claimsOf(a), a.lotID, 'an award');
}
