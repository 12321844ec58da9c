// Business rules of cancellations (below-threshold.md §3.8), in the reference's order. Pure:
// (tender, cancellation) in, an ApiError with the reference's exact status/name/message out.
import { dataError, forbidden, notFound } from '../http/errors.ts';
import { pyRepr } from '../validation/model-validator.ts';
import { TERMINAL_TENDER_STATUSES } from './tender.status.ts';
import type { Cancellation, Tender } from './tender.types.ts';

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
