// Inspector review requests (below-threshold.md §8.1): the tender owner asks, an inspector (group
// `inspectors`, no token) answers once. An approved, valid request lets the chronograph leave
// active.enquiries (chronograph.events.ts).
import type { RequestCtx } from '../context.ts';
import { permissionDenied } from '../http/errors.ts';
import { assertTenderOwner, chronographCtx } from './tender.service.ts';
import { validateOrThrow } from '../validation/request-model.ts';
import { saveTender, type LoadedTender } from './tender.repository.ts';
import { updateNextCheck } from './chronograph.events.ts';
import {
  assertNoUnansweredRequest, assertReviewRequestLot, assertReviewRequestTenderStatus, assertReviewRequestUnanswered, assertReviewedAwardActive,
  assertTenderHasInspector, findReviewRequest, reviewRequestsOf, type ReviewRequest,
} from './review-request.rules.ts';
import { ReviewRequestAnswerInput, ReviewRequestCreateInput } from './schemas/review-request.schema.ts';
import type { Tender } from './tender.types.ts';
import { procedureOf } from './procedure-of.ts';
import { newId } from '../ids.ts';

const INSPECTOR_ROLE = 'inspectors';

export async function createReviewRequest(ctx: RequestCtx, loaded: LoadedTender, readData: () => Record<string, unknown>): Promise<{ tender: Tender; request: ReviewRequest }> {
  const tender = loaded.tender;
  assertTenderOwner(ctx, tender);
  const input = validateOrThrow<{ lotID?: string }>(ReviewRequestCreateInput, readData(), ctx, false);
  assertReviewRequestLot(tender, input.lotID);
  assertTenderHasInspector(tender);
  assertReviewRequestTenderStatus(tender, procedureOf(ctx.deps.procedures, tender).reviewRequestStatuses);
  assertReviewedAwardActive(tender, input.lotID);
  assertNoUnansweredRequest(tender, input.lotID);

  const request: ReviewRequest = { id: newId(), ...input, dateCreated: ctx.nowIso, tenderStatus: tender.status };
  const after: Tender = structuredClone(tender);
  after.reviewRequests = [...reviewRequestsOf(after), request];
  const saved = await saveTender(ctx, loaded, after);
  return { tender: saved, request: findReviewRequest(saved, request.id) };
}

export async function answerReviewRequest(ctx: RequestCtx, loaded: LoadedTender, id: string, readData: () => Record<string, unknown>): Promise<ReviewRequest> {
  findReviewRequest(loaded.tender, id);
  if (ctx.principal.role !== INSPECTOR_ROLE) throw permissionDenied();
  const input = validateOrThrow<{ approved: boolean; description?: string }>(ReviewRequestAnswerInput, readData(), ctx, false);
  const after: Tender = structuredClone(loaded.tender);
  const request = findReviewRequest(after, id);
  assertReviewRequestUnanswered(request);
  assertReviewRequestTenderStatus(after, procedureOf(ctx.deps.procedures, after).reviewRequestStatuses);
  Object.assign(request, input, { date: ctx.nowIso });
  if (input.approved) request.is_valid = true;
  // An approval may release the enquiries-end event.
  updateNextCheck(after, chronographCtx(ctx, after));
  const saved = await saveTender(ctx, loaded, after);
  return findReviewRequest(saved, id);
}
