// Business rules of cancellations (below-threshold.md §3.8), in the reference's order. Pure:
// (tender, cancellation) in, an ApiError with the reference's exact status/name/message out.
import { dataError, forbidden, notFound } from '../http/errors.ts';
import { pyRepr } from '../validation/model-validator.ts';
import { TERMINAL_TENDER_STATUSES } from './tender.status.ts';
import { awardsOf, type Cancellation, type Tender } from './tender.types.ts';
import { compareIso } from '../time/iso.ts';
import { tenderCreatedAfter } from './rule-dates.ts';

export function findCancellation(tender: Tender, cancellationId: string): Cancellation {
  const c = (tender.cancellations ?? []).find((x) => x.id === cancellationId);
  if (!c) throw notFound('cancellation_id');
  return c;
}

/** Model-level check of `relatedLot` (422): it must name a lot of the tender. */
export function assertCancellationRelatedLot(tender: Tender, relatedLot: string | undefined): void {
  if (relatedLot !== undefined && !(tender.lots ?? []).some((l) => l.id === relatedLot)) {
    throw dataError('relatedLot', ['relatedLot should be one of lots']);
  }
}

/** Terminal tenders, drafts and running auctions (plus the procedure's extras) cannot be cancelled. */
export function assertCancellationAllowedInTenderStatus(tender: Tender, forbiddenStatuses: readonly string[]): void {
  if (TERMINAL_TENDER_STATUSES.has(tender.status) || forbiddenStatuses.includes(tender.status)) {
    throw forbidden(`Can't perform cancellation in current (${tender.status}) tender status`);
  }
}

export function assertCancellationLotActive(tender: Tender, relatedLot: string | undefined): void {
  if ((tender.lots ?? []).some((l) => l.id === relatedLot && l.status !== 'active')) {
    throw forbidden('Can perform cancellation only in active lot status');
  }
}

/** Only draft and pending cancellations may change. */
export function assertCancellationEditable(c: Cancellation): void {
  if (c.status !== 'draft' && c.status !== 'pending') throw forbidden(`Can't update cancellation in current (${c.status}) status`);
}

/** `reasonType` is required and must be one of the tender's choices (422, list description). */
export function assertCancellationReasonType(reasonType: string | undefined, choices: readonly string[]): void {
  if (!reasonType) throw dataError('reasonType', ['This field is required']);
  if (!choices.includes(reasonType)) throw dataError('reasonType', [`Value must be one of ${pyRepr(choices)}`]);
}

/** The status a cancellation is moved to must be one of the procedure's (422, list description). */
export function assertCancellationStatusChoice(status: string | undefined, choices: readonly string[]): void {
  if (status !== undefined && !choices.includes(status)) throw dataError('status', [`Value must be one of ${pyRepr(choices)}`]);
}

/**
 * One pending cancellation at a time in a scope: not a second one for the same lot, none for the
 * tender beside a lot's, none for a lot beside the tender's.
 */
export function assertNoPendingCancellationInScope(tender: Tender, c: Pick<Cancellation, 'status' | 'relatedLot' | 'id'>): void {
  if (c.status === 'pending') return;
  const lot = c.relatedLot;
  const clash = (tender.cancellations ?? []).some(
    (x) => x.status === 'pending' && x.id !== c.id && (x.relatedLot === lot || x.relatedLot === undefined || lot === undefined),
  );
  if (clash) throw forbidden('Forbidden because of a pending cancellation');
}

/** No cancellation while an award of its scope is in its stand-still (start and end exclusive). */
export function assertNoRunningAwardStandStill(tender: Tender, relatedLot: string | undefined, nowIso: string, op: 'add' | 'update'): void {
  for (const award of awardsOf(tender)) {
    if (relatedLot !== undefined && relatedLot !== award.lotID) continue;
    const { startDate, endDate } = award.complaintPeriod ?? {};
    if (startDate && endDate && compareIso(startDate, nowIso) < 0 && compareIso(nowIso, endDate) < 0) {
      throw forbidden(`Cancellation can't be ${op} when exists active complaint period`);
    }
  }
}

/** A procedure's reason types, with `noLocalization` for tenders created after its date (below-threshold.md §1.15). */
export function reasonTypesFrom(base: readonly string[]): (tender: Tender) => readonly string[] {
  const withNoLocalization = [...base, 'noLocalization'];
  return (tender) => (tenderCreatedAfter(tender, 'noLocalizationCancellationReason') ? withNoLocalization : base);
}
