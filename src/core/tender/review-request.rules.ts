// Inspector review requests (below-threshold.md §8.1): rules on creating and answering them, and
// what an unanswered request blocks. Pure: (tender, input) in, the reference's ApiError out.
import { dataError, forbidden, notFound } from '../http/errors.ts';
import { pyRepr } from '../validation/model-validator.ts';
import { awardsOf } from './award-ref.ts';
import type { Tender } from './tender.types.ts';

export interface ReviewRequest {
  id: string;
  dateCreated: string;
  tenderStatus: string;
  lotID?: string;
  approved?: boolean;
  description?: string;
  date?: string;
  is_valid?: boolean;
  [key: string]: unknown;
}

/** The awarding statuses: a request may name a lot there, and they count as one review stage. */
const AWARDING_STATUSES: readonly string[] = ['active.qualification', 'active.awarded'];
/** Tender PATCH fields allowed while the tender's latest request is unanswered. */
const FIELDS_WHILE_UNDER_REVIEW = ['tenderPeriod'] as const;

export function reviewRequestsOf(tender: Tender): ReviewRequest[] {
  return Array.isArray(tender.reviewRequests) ? (tender.reviewRequests as ReviewRequest[]) : [];
}

export function findReviewRequest(tender: Tender, id: string): ReviewRequest {
  const r = reviewRequestsOf(tender).find((x) => x.id === id);
  if (!r) throw notFound('review_request_id');
  return r;
}

/** `lotID` only in the awarding statuses, of an active lot, and required there on a lot tender (422s). */
export function assertReviewRequestLot(tender: Tender, lotID: string | undefined): void {
  const lots = tender.lots ?? [];
  const awarding = AWARDING_STATUSES.includes(tender.status);
  if (lotID) {
    if (!awarding) throw dataError('lotID', `lotID could be set only in (${AWARDING_STATUSES.map(pyRepr).join(', ')}) tender statuses`);
    if (lots.length === 0) throw dataError('lotID', 'Rogue field');
    if (!lots.some((l) => l.id === lotID && (l.status ?? 'active') === 'active')) throw dataError('lotID', 'lotID should be one of lots');
  } else if (awarding && lots.length > 0) {
    throw dataError('lotID', 'Required field.');
  }
}

export function assertTenderHasInspector(tender: Tender): void {
  if (!tender.inspector) throw forbidden("Can't create reviewRequest without inspector");
}

/** Review requests are created and answered only in the procedure's review statuses. */
export function assertReviewRequestTenderStatus(tender: Tender, reviewStatuses: readonly string[]): void {
  if (!reviewStatuses.includes(tender.status)) throw forbidden(`Can't perform review request in ${tender.status} tender status`);
}

/** In the awarding statuses the reviewed lot (or tender) needs an active award. */
export function assertReviewedAwardActive(tender: Tender, lotID: string | undefined): void {
  if (!AWARDING_STATUSES.includes(tender.status)) return;
  if (!awardsOf(tender).some((a) => a.status === 'active' && (a.lotID ?? '') === (lotID ?? ''))) {
    throw forbidden(`Review request can be created only for ${lotID ? 'lot' : 'tender'} with active award`);
  }
}

/** The latest request about the same lot (or the tender), if any. */
function latestRequest(tender: Tender, lotID: string | undefined): ReviewRequest | undefined {
  return reviewRequestsOf(tender)
    .filter((r) => (r.lotID ?? '') === (lotID ?? ''))
    .at(-1);
}

export function assertNoUnansweredRequest(tender: Tender, lotID: string | undefined): void {
  const latest = latestRequest(tender, lotID);
  if (latest && latest.approved === undefined) throw forbidden('Disallowed create review request while existing another unanswered review request');
}

export function assertReviewRequestUnanswered(r: ReviewRequest): void {
  if (r.approved !== undefined) throw forbidden('Disallowed re-patching review request');
}

/** Whether the latest review request of the tender (or of lot `lotID`) waits for the inspector. */
export function isUnderReview(tender: Tender, lotID?: string): boolean {
  const latest = latestRequest(tender, lotID);
  return latest !== undefined && latest.approved === undefined;
}

/** While under review the owner may only move the tender period (422 `data`). */
export function assertTenderPatchWhileUnderReview(tender: Tender, patchKeys: readonly string[]): void {
  if (!isUnderReview(tender)) return;
  if (patchKeys.some((k) => !(FIELDS_WHILE_UNDER_REVIEW as readonly string[]).includes(k))) {
    throw dataError('data', `With unanswered review request can be patched only (${FIELDS_WHILE_UNDER_REVIEW.map(pyRepr).join(', ')},) fields`);
  }
}

/**
 * Other owner edits wait for the answer (422 `data`): documents and lots on the tender's request;
 * award decisions on their lot's request (`lotID`).
 */
export function assertNotUnderReview(tender: Tender, lotID?: string): void {
  if (isUnderReview(tender, lotID)) throw dataError('data', 'Disallowed while exist unanswered review request');
}

const stageOf = (status: string): string => (AWARDING_STATUSES.includes(status) ? 'awarding' : status);

/** An owner edit voids the approvals given at the tender's current stage. */
export function invalidateReviewApprovals(tender: Tender): void {
  const stage = stageOf(tender.status);
  for (const r of reviewRequestsOf(tender)) if (r.approved === true && stageOf(r.tenderStatus) === stage) r.is_valid = false;
}
