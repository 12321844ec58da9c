// Requirement responses as their own resources (criteria.md §5.2, §5.5, §6): under a bid (its
// owner answers the tender's criteria), an award or a qualification (the tender owner answers the
// procuring entity's). One service over a container descriptor per parent kind.
import type { RequestCtx } from '../../context.ts';
import { ApiError, dataError, forbidden, notFound, permissionDenied, type WireError } from '../../http/errors.ts';
import { isOwner } from '../../auth/owner-token.ts';
import type { ModelSchema } from '../../validation/model-validator.ts';
import { validateOrThrow } from '../../validation/request-model.ts';
import { jsonEqual } from '../../state/json-equal.ts';
import { saveTender, type LoadedTender } from '../tender.repository.ts';
import { procedureOf } from '../procedure-of.ts';
import { findAward } from '../award-ref.ts';
import { findBid } from '../bid.service.ts';
import { bidAnswersTo24hMilestone } from '../award-milestones.ts';
import { awardsOf, type Tender } from '../tender.types.ts';
import { RequirementResponseInput, RequirementResponsePatchInput, ResponseEvidenceInput, ResponseEvidencePatchInput } from './criterion.schema.ts';
import type { RequirementResponse, ResponseEvidence } from './criterion.types.ts';
import { locateRequirement, responseFailure, responseShapeFailure, responsesOf, withResponseIds, type ResponseParent } from './requirement-responses.ts';
import { assertCriteriaTenderStatus } from './criteria.rules.ts';
import { newId } from '../../ids.ts';

/** Tender statuses in which bidders write their responses (as the error lists them). */
const BID_RESPONSE_STATUSES = ['draft', 'draft.pending', 'draft.stage2', 'active.tendering'];
/** Tender statuses in which bids are sealed from everyone, their owners included, on these routes. */
const SEALED_RESPONSE_STATUSES = ['active.tendering', 'active.auction'];
/** Bid statuses whose responses are checked against the tender (others accept anything well-typed). */
const CHECKED_BID_STATUSES = new Set(['pending', 'active']);
/** Bid statuses that do not hold a winner's evidences back. */
const EVIDENCE_FREE_BID_STATUSES = new Set(['draft', 'invalid', 'invalid.pre-qualification', 'unsuccessful', 'deleted']);
const WINNER_EVIDENCE_STATUSES = ['active.awarded', 'active.qualification', 'active.pre-qualification'];

/** Where a parent's responses live and who writes them when. */
export interface ResponseContainer {
  readonly parent: ResponseParent;
  /** The parent in the (mutable) tender; 404 when absent. */
  locate(tender: Tender, params: Readonly<Record<string, string>>): Record<string, unknown>;
  /** Throws unless the caller may read the responses now. */
  assertReadable(tender: Tender): void;
  /** Throws unless the caller may write them (token first). */
  assertWriter(ctx: RequestCtx, tender: Tender, holder: Record<string, unknown>): void;
  /** Throws unless the tender (and parent) allow writes now. */
  assertWritable(ctx: RequestCtx, tender: Tender, holder: Record<string, unknown>, method: string): void;
  /** Whether the parent's responses are checked against the tender now. */
  checked(holder: Record<string, unknown>): boolean;
  /** Whether a write of this kind moves the tender's dateModified (`beforeTenderingEnd`: the procedure's stage). */
  modifiesTender(tender: Tender, evidence: boolean, beforeTenderingEnd: readonly string[]): boolean;
  /** What a successful write does to the parent besides the change (a pending bid must be re-submitted). */
  afterWrite?(tender: Tender, holder: Record<string, unknown>): void;
}

export const BID_RESPONSES: ResponseContainer = {
  parent: 'bid',
  locate: (tender, params) => findBid(tender, params.bid_id!) as unknown as Record<string, unknown>,
  assertReadable(tender) {
    if (SEALED_RESPONSE_STATUSES.includes(tender.status)) throw forbidden(`Can't view bid in current (${tender.status}) tender status`);
  },
  assertWriter(ctx, _tender, holder) {
    if (ctx.principal.role !== 'Administrator' && !isOwner(ctx, holder as never)) throw permissionDenied();
  },
  assertWritable(ctx, tender, holder, method) {
    // A pending award of the bid with a running 24h milestone lets its bidder answer after tendering.
    if (bidAnswersTo24hMilestone(tender, String(holder.id), ctx.now)) return;
    assertCriteriaTenderStatus(tender, BID_RESPONSE_STATUSES, method);
  },
  checked: (holder) => CHECKED_BID_STATUSES.has(String(holder.status)),
  // Bid responses are the bidder's; evidences move the tender once tendering is over.
  modifiesTender: (tender, evidence, beforeTenderingEnd) => evidence && (tender.status === 'draft' || !beforeTenderingEnd.includes(tender.status)),
  afterWrite(tender, holder) {
    if (tender.status === 'active.tendering' && holder.status === 'pending') holder.status = 'invalid';
  },
};

export const AWARD_RESPONSES: ResponseContainer = {
  parent: 'award',
  locate: (tender, params) => findAward(tender, params.award_id!) as unknown as Record<string, unknown>,
  assertReadable: () => undefined,
  assertWriter(ctx, tender) {
    // The award's responses need the tender's token, the Administrator's too.
    if (!isOwner(ctx, tender)) throw permissionDenied();
  },
  assertWritable(_ctx, tender, _holder, method) {
    assertCriteriaTenderStatus(tender, ['active.qualification'], method);
  },
  checked: (holder) => ['pending', 'active'].includes(String(holder.status)),
  modifiesTender: () => true,
};

export const QUALIFICATION_RESPONSES: ResponseContainer = {
  parent: 'qualification',
  locate(tender, params) {
    const q = (Array.isArray(tender.qualifications) ? (tender.qualifications as Array<Record<string, unknown>>) : []).find((x) => x.id === params.qualification_id);
    if (!q) throw notFound('qualification_id');
    return q;
  },
  assertReadable: () => undefined,
  assertWriter(ctx, tender) {
    if (ctx.principal.role !== 'Administrator' && !isOwner(ctx, tender)) throw permissionDenied();
  },
  assertWritable(_ctx, _tender, holder, method) {
    if (holder.status !== 'pending') throw forbidden(`Can't ${method} object if qualification not in ['pending'] statuses`);
  },
  checked: (holder) => ['pending', 'active'].includes(String(holder.status)),
  modifiesTender: () => true,
};

export function findResponse(holder: Record<string, unknown>, id: string): RequirementResponse {
  const rr = responsesOf(holder).find((r) => r.id === id);
  if (!rr) throw notFound('requirementResponse_id');
  return rr;
}

export function findResponseEvidence(rr: RequirementResponse, id: string): ResponseEvidence {
  const e = (rr.evidences ?? []).find((x) => x.id === id);
  if (!e) throw notFound('evidence_id');
  return e;
}

/** Reading: the container's visibility rule first. */
export function readableHolder(c: ResponseContainer, tender: Tender, params: Readonly<Record<string, string>>): Record<string, unknown> {
  const holder = c.locate(tender, params);
  c.assertReadable(tender);
  return holder;
}

const failureName = (failure: unknown, fallback: string): string =>
  typeof failure === 'object' && failure !== null && !Array.isArray(failure) ? (Object.keys(failure)[0] ?? fallback) : fallback;

/** §5.3 over the given responses of the parent (all of its responses for uniqueness). */
function assertResponses(tender: Tender, c: ResponseContainer, holder: Record<string, unknown>, posted: readonly RequirementResponse[], envelope: 'post' | 'patch'): void {
  const errors: WireError[] = [];
  posted.forEach((rr, i) => {
    const shape = responseShapeFailure(tender, rr);
    const failure = shape ?? (c.checked(holder) ? responseFailure(tender, holder, rr, c.parent) : null);
    if (failure === null) return;
    if (envelope === 'post') errors.push({ location: 'body', name: `requirementResponses.${i}`, description: failure });
    else {
      const name = failureName(failure, 'data');
      errors.push({ location: 'body', name, description: typeof failure === 'object' ? (failure as Record<string, unknown>)[name] : failure });
    }
  });
  if (errors.length > 0) throw new ApiError(422, envelope === 'post' ? errors : errors.slice(0, 1));
  const ids = responsesOf(holder).map((rr) => rr.requirement?.id);
  if (new Set(ids).size !== ids.length) throw dataError('requirementResponses', { requirement: 'Items should be unique by fields: requirement.id' });
}

interface Target {
  loaded: LoadedTender;
  after: Tender;
  holder: Record<string, unknown>;
}

/** The parent (and the response and evidence the URL names: unknown ones are 404 to everyone), then the writer. */
function target(ctx: RequestCtx, c: ResponseContainer, loaded: LoadedTender, params: Readonly<Record<string, string>>): Target {
  const stored = c.locate(loaded.tender, params);
  if (params.requirement_response_id !== undefined) {
    const rr = findResponse(stored, params.requirement_response_id);
    if (params.evidence_id !== undefined) findResponseEvidence(rr, params.evidence_id);
  }
  const after: Tender = structuredClone(loaded.tender);
  const holder = c.locate(after, params);
  c.assertWriter(ctx, after, holder);
  return { loaded, after, holder };
}

async function save(ctx: RequestCtx, c: ResponseContainer, t: Target, evidence: boolean): Promise<Tender> {
  c.afterWrite?.(t.after, t.holder);
  const stages = procedureOf(ctx.deps.procedures, t.after).stages;
  return saveTender(ctx, t.loaded, t.after, { modified: c.modifiesTender(t.after, evidence, stages.beforeTenderingEnd) });
}

export async function createResponses(
  ctx: RequestCtx,
  c: ResponseContainer,
  loaded: LoadedTender,
  params: Readonly<Record<string, string>>,
  data: Record<string, unknown> | Record<string, unknown>[],
): Promise<RequirementResponse[]> {
  const t = target(ctx, c, loaded, params);
  const inputs = (Array.isArray(data) ? data : [data]).map((d) => validateOrThrow<RequirementResponse>(RequirementResponseInput as unknown as ModelSchema, d, ctx, true));
  c.assertWritable(ctx, t.after, t.holder, 'post');
  const created = withResponseIds(inputs);
  t.holder.requirementResponses = [...responsesOf(t.holder), ...created];
  assertResponses(t.after, c, t.holder, created, 'post');
  await save(ctx, c, t, false);
  return created;
}

export async function patchResponse(ctx: RequestCtx, c: ResponseContainer, loaded: LoadedTender, params: Readonly<Record<string, string>>, data: Record<string, unknown>): Promise<RequirementResponse> {
  const t = target(ctx, c, loaded, params);
  const stored = findResponse(t.holder, params.requirement_response_id!);
  const patch = validateOrThrow<Record<string, unknown>>(RequirementResponsePatchInput, data, ctx, false);
  c.assertWritable(ctx, t.after, t.holder, 'patch');
  const merged: RequirementResponse = { ...stored };
  for (const [k, v] of Object.entries(data)) if (v === null) delete merged[k];
  for (const [k, v] of Object.entries(patch)) if (v !== null) merged[k] = v;
  const [withIds] = withResponseIds([merged]);
  t.holder.requirementResponses = responsesOf(t.holder).map((rr) => (rr.id === stored.id ? withIds! : rr));
  assertResponses(t.after, c, t.holder, [withIds!], 'patch');
  if (jsonEqual(stored, withIds)) return stored;
  await save(ctx, c, t, false);
  return withIds!;
}

export async function deleteResponse(ctx: RequestCtx, c: ResponseContainer, loaded: LoadedTender, params: Readonly<Record<string, string>>): Promise<RequirementResponse> {
  const t = target(ctx, c, loaded, params);
  const stored = findResponse(t.holder, params.requirement_response_id!);
  c.assertWritable(ctx, t.after, t.holder, 'delete');
  t.holder.requirementResponses = responsesOf(t.holder).filter((rr) => rr.id !== stored.id);
  if ((t.holder.requirementResponses as unknown[]).length === 0) delete t.holder.requirementResponses;
  await save(ctx, c, t, false);
  return stored;
}

/** The source of the criterion a response answers (it decides when evidences may come). */
function sourceOf(tender: Tender, rr: RequirementResponse): string | undefined {
  const located = locateRequirement(tender, rr.requirement?.id, 'latest');
  return located && (located.criterion.source ?? 'tenderer');
}

/** §5.5: when a response's evidences may change, then what they may point at. */
function assertEvidenceWritable(ctx: RequestCtx, c: ResponseContainer, t: Target, rr: RequirementResponse, method: string): void {
  if (c.parent === 'bid' && sourceOf(t.after, rr) === 'winner') {
    if (!['active.awarded', 'active.qualification'].includes(t.after.status)) throw forbidden("available only in ['active.awarded', 'active.qualification'] statuses");
    const own = awardsOf(t.after).filter((a) => a.bid_id === t.holder.id);
    if (!own.some((a) => a.status === 'active')) throw forbidden('Winner criteria available only with active award');
    return;
  }
  c.assertWritable(ctx, t.after, t.holder, method);
}

function assertEvidence(tender: Tender, c: ResponseContainer, holder: Record<string, unknown>, rr: RequirementResponse, e: ResponseEvidence): void {
  if (!c.checked(holder)) return;
  const failure = responseFailure(tender, holder, { ...rr, evidences: [e] }, c.parent);
  if (failure !== null && typeof failure === 'object' && 'evidences' in (failure as object)) throw dataError('relatedDocument', [`relatedDocument.id should be one of ${c.parent} documents`]);
  const types = (locateRequirement(tender, rr.requirement?.id, 'active')?.requirement.eligibleEvidences ?? []).map((x) => String(x.type ?? 'statement'));
  if (types.length > 0 && !types.includes(String(e.type ?? 'statement'))) throw dataError('type', ['type should be one of eligibleEvidences types']);
  if (sourceOf(tender, rr) === 'winner' && !EVIDENCE_FREE_BID_STATUSES.has(String(holder.status)) && !WINNER_EVIDENCE_STATUSES.includes(tender.status)) {
    throw dataError('evidences', [`available only in [${WINNER_EVIDENCE_STATUSES.map((x) => `'${x}'`).join(', ')}] status`]);
  }
}

export async function createResponseEvidence(ctx: RequestCtx, c: ResponseContainer, loaded: LoadedTender, params: Readonly<Record<string, string>>, data: Record<string, unknown>): Promise<ResponseEvidence> {
  const t = target(ctx, c, loaded, params);
  const rr = findResponse(t.holder, params.requirement_response_id!);
  const input = validateOrThrow<ResponseEvidence>(ResponseEvidenceInput, data, ctx, true);
  const evidence: ResponseEvidence = { ...input, id: input.id ?? newId() };
  assertEvidenceWritable(ctx, c, t, rr, 'post');
  assertEvidence(t.after, c, t.holder, rr, evidence);
  rr.evidences = [...(rr.evidences ?? []), evidence];
  await save(ctx, c, t, true);
  return evidence;
}

export async function patchResponseEvidence(ctx: RequestCtx, c: ResponseContainer, loaded: LoadedTender, params: Readonly<Record<string, string>>, data: Record<string, unknown>): Promise<ResponseEvidence> {
  const t = target(ctx, c, loaded, params);
  const rr = findResponse(t.holder, params.requirement_response_id!);
  const stored = findResponseEvidence(rr, params.evidence_id!);
  const patch = validateOrThrow<Record<string, unknown>>(ResponseEvidencePatchInput, data, ctx, false);
  assertEvidenceWritable(ctx, c, t, rr, 'patch');
  const merged: ResponseEvidence = { ...stored };
  for (const [k, v] of Object.entries(patch)) if (v === null) delete merged[k];
  else merged[k] = v;
  merged.id = stored.id;
  assertEvidence(t.after, c, t.holder, rr, merged);
  rr.evidences = (rr.evidences ?? []).map((e) => (e.id === stored.id ? merged : e));
  await save(ctx, c, t, true);
  return merged;
}

export async function deleteResponseEvidence(ctx: RequestCtx, c: ResponseContainer, loaded: LoadedTender, params: Readonly<Record<string, string>>): Promise<ResponseEvidence> {
  const t = target(ctx, c, loaded, params);
  const rr = findResponse(t.holder, params.requirement_response_id!);
  const stored = findResponseEvidence(rr, params.evidence_id!);
  assertEvidenceWritable(ctx, c, t, rr, 'delete');
  rr.evidences = (rr.evidences ?? []).filter((e) => e.id !== stored.id);
  if (rr.evidences.length === 0) delete rr.evidences;
  await save(ctx, c, t, true);
  return stored;
}
