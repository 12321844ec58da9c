// Tender criteria operations (criteria.md §3): criteria, requirement groups, requirements (edited in
// place in draft, versioned by PUT after publication) and eligible evidences. Every write: owner
// token → body model → merged model → tender status → object checks → bid invalidation during
// tendering → the tender's derivation and rules → save with the revision check.
import type { RequestCtx } from '../../context.ts';
import { ApiError, dataError, forbidden, notFound } from '../../http/errors.ts';
import { genericError } from '../../http/error-handler.ts';
import type { ModelSchema } from '../../validation/model-validator.ts';
import { validateOrThrow } from '../../validation/request-model.ts';
import { jsonEqual } from '../../state/json-equal.ts';
import type { Procedure, ProcedureCriteriaRules } from '../procedure.ts';
import { procedureOf } from '../procedure-of.ts';
import { assertTenderOwner, deriveAndValidate } from '../tender.service.ts';
import { saveTender, type LoadedTender } from '../tender.repository.ts';
import { invalidateBidsOnTenderChange } from '../bid.state.ts';
import { assertNotUnderReview, invalidateReviewApprovals } from '../review-request.rules.ts';
import type { Tender } from '../tender.types.ts';
import {
  CriterionInput, CriterionPatchInput, EligibleEvidenceInput, EligibleEvidencePatchInput, FixedRequirementPutInput, RequirementGroupInput, RequirementGroupPatchInput,
  RequirementInput, RequirementPatchInput,
} from './criterion.schema.ts';
import {
  assertClassificationFromStandards, assertCriteriaTenderStatus, assertCriteriaUnique, assertCriterionModel, assertDataTypeRules, assertNotExclusion,
  assertTenderCriteriaIds, evidenceDocumentErrors, languageEvidenceForbidden, requirementModelErrors,
} from './criteria.rules.ts';
import { criteriaOf, isExclusion, isLanguage, isLcc, type Criterion, type EligibleEvidence, type Requirement, type RequirementGroup } from './criterion.types.ts';
import { newCriterion, newEvidence, newGroup, newRequirement } from './criterion.factory.ts';


interface CriteriaScope {
  procedure: Procedure;
  spec: ProcedureCriteriaRules;
}

/** The tender's procedure and its criteria rules; a procedure without criteria has no such routes. */
export function criteriaScope(ctx: RequestCtx, tender: Tender): CriteriaScope {
  const procedure = procedureOf(ctx.deps.procedures, tender);
  if (!procedure.criteria) throw new ApiError(404, [genericError(404)]);
  return { procedure, spec: procedure.criteria };
}

export function findCriterion(tender: Tender, id: string): Criterion {
  const c = criteriaOf(tender).find((x) => x.id === id);
  if (!c) throw notFound('criterion_id');
  return c;
}

export function findGroup(c: Criterion, id: string): RequirementGroup {
  const g = c.requirementGroups.find((x) => x.id === id);
  if (!g) throw notFound('requirementGroup_id');
  return g;
}

/** The last version with that id (§1.5). */
export function findRequirement(g: RequirementGroup, id: string): Requirement {
  const r = (g.requirements ?? []).findLast((x) => x.id === id);
  if (!r) throw notFound('requirement_id');
  return r;
}

export function findEvidence(r: Requirement, id: string): EligibleEvidence {
  const e = (r.eligibleEvidences ?? []).find((x) => x.id === id);
  if (!e) throw notFound('eligibleEvidence_id');
  return e;
}

/** Fields of `patch` that would change `stored` (a PATCH changing nothing writes nothing). */
const changes = (stored: Record<string, unknown>, patch: Record<string, unknown>): boolean => Object.entries(patch).some(([k, v]) => !jsonEqual(stored[k], v));

/** Bid invalidation and review approvals, the tender's derivation and rules, then the save. */
async function commit(ctx: RequestCtx, scope: CriteriaScope, loaded: LoadedTender, after: Tender): Promise<Tender> {
  if (ctx.principal.role !== 'Administrator') invalidateBidsOnTenderChange(after, ctx.nowIso);
  invalidateReviewApprovals(after);
  deriveAndValidate(ctx, scope.procedure, after, loaded.tender, { criteria: after.criteria });
  return saveTender(ctx, loaded, after);
}

function checkCriterion(ctx: RequestCtx, tender: Tender, c: Criterion): void {
  assertClassificationFromStandards(tender, c, ctx.deps.standards);
  assertDataTypeRules(tender, c, ctx.deps.standards);
}

// --- criteria ---------------------------------------------------------------------------------

export async function createCriteria(ctx: RequestCtx, loaded: LoadedTender, data: Record<string, unknown> | Record<string, unknown>[]): Promise<Criterion[]> {
  const tender = loaded.tender;
  const scope = criteriaScope(ctx, tender);
  assertTenderOwner(ctx, tender);
  const inputs = (Array.isArray(data) ? data : [data]).map((d) => validateOrThrow<Record<string, unknown>>(CriterionInput as unknown as ModelSchema, d, ctx, true));
  const created = inputs.map((i) => newCriterion(i, ctx.nowIso));
  for (const c of created) assertCriterionModel(tender, c, ctx.deps.standards);
  assertCriteriaTenderStatus(tender, scope.spec.writeStatuses, 'post');
  assertCriteriaUnique(criteriaOf(tender), created);
  assertNotUnderReview(tender);
  const after: Tender = structuredClone(tender);
  after.criteria = [...criteriaOf(after), ...created];
  for (const c of created) checkCriterion(ctx, after, c);
  assertTenderCriteriaIds(after);
  const saved = await commit(ctx, scope, loaded, after);
  return created.map((c) => findCriterion(saved, c.id));
}

export async function patchCriterion(ctx: RequestCtx, loaded: LoadedTender, criterionId: string, data: Record<string, unknown>): Promise<Criterion | null> {
  const tender = loaded.tender;
  const scope = criteriaScope(ctx, tender);
  const stored = findCriterion(tender, criterionId);
  assertTenderOwner(ctx, tender);
  const patch = validateOrThrow<Record<string, unknown>>(CriterionPatchInput, data, ctx, false);
  const after: Tender = structuredClone(tender);
  const c = findCriterion(after, criterionId);
  Object.assign(c, patch);
  assertCriterionModel(after, c, ctx.deps.standards);
  if (!changes(stored, patch)) return null;
  assertCriteriaTenderStatus(tender, scope.spec.writeStatuses, 'patch');
  if (scope.spec.exclusionLocked) assertNotExclusion(stored);
  if (c.classification.id !== stored.classification.id) {
    const clash = criteriaOf(after).some(
      (o) => o.id !== c.id && o.classification.id === c.classification.id && o.relatesTo === c.relatesTo && o.relatedItem === c.relatedItem && o.requirementGroups.some((g) => (g.requirements ?? []).some((r) => r.status === 'active')),
    );
    if (clash) throw forbidden('Criteria are not unique');
  }
  assertNotUnderReview(tender);
  checkCriterion(ctx, after, c);
  const saved = await commit(ctx, scope, loaded, after);
  return findCriterion(saved, criterionId);
}

export async function deleteCriterion(ctx: RequestCtx, loaded: LoadedTender, criterionId: string): Promise<Criterion> {
  const tender = loaded.tender;
  const scope = criteriaScope(ctx, tender);
  const stored = findCriterion(tender, criterionId);
  assertTenderOwner(ctx, tender);
  if (tender.status !== 'draft') throw forbidden('Only allowed in draft tender status');
  const after: Tender = structuredClone(tender);
  after.criteria = criteriaOf(after).filter((c) => c.id !== criterionId);
  if ((after.criteria as Criterion[]).length === 0) delete after.criteria;
  await commit(ctx, scope, loaded, after);
  return stored;
}

// --- requirement groups -----------------------------------------------------------------------

function assertLanguageGroup(c: Criterion, requirements: readonly Requirement[], name: string, asList: boolean): void {
  if (languageEvidenceForbidden(c, requirements)) {
    const err = { eligibleEvidences: ['This field is forbidden for current criterion'] };
    throw dataError(name, asList ? [err] : err);
  }
}

export async function createGroup(ctx: RequestCtx, loaded: LoadedTender, criterionId: string, data: Record<string, unknown>): Promise<RequirementGroup> {
  const tender = loaded.tender;
  const scope = criteriaScope(ctx, tender);
  const stored = findCriterion(tender, criterionId);
  assertTenderOwner(ctx, tender);
  const input = validateOrThrow<Record<string, unknown>>(RequirementGroupInput as unknown as ModelSchema, data, ctx, true);
  const group = newGroup(input, ctx.nowIso);
  for (const r of group.requirements ?? []) {
    const errors = requirementModelErrors(r);
    if (errors) throw dataError('requirements', [errors]);
  }
  assertCriteriaTenderStatus(tender, scope.spec.writeStatuses, 'post');
  if (scope.spec.exclusionLocked) assertNotExclusion(stored);
  const after: Tender = structuredClone(tender);
  const c = findCriterion(after, criterionId);
  c.requirementGroups.push(group);
  assertTenderCriteriaIds(after);
  assertLanguageGroup(c, group.requirements ?? [], 'requirements', true);
  assertNotUnderReview(tender);
  assertDataTypeRules(after, c, ctx.deps.standards);
  const saved = await commit(ctx, scope, loaded, after);
  return findGroup(findCriterion(saved, criterionId), group.id);
}

export async function patchGroup(ctx: RequestCtx, loaded: LoadedTender, criterionId: string, groupId: string, data: Record<string, unknown>): Promise<RequirementGroup | null> {
  const tender = loaded.tender;
  const scope = criteriaScope(ctx, tender);
  const storedCriterion = findCriterion(tender, criterionId);
  const stored = findGroup(storedCriterion, groupId);
  assertTenderOwner(ctx, tender);
  const patch = validateOrThrow<Record<string, unknown>>(RequirementGroupPatchInput, data, ctx, false);
  if (!changes(stored, patch)) return null;
  assertCriteriaTenderStatus(tender, scope.spec.writeStatuses, 'patch');
  if (scope.spec.exclusionLocked) assertNotExclusion(storedCriterion);
  const after: Tender = structuredClone(tender);
  const c = findCriterion(after, criterionId);
  const g = findGroup(c, groupId);
  for (const [k, v] of Object.entries(patch)) {
    if (k === 'requirements') g.requirements = (v as Record<string, unknown>[]).map((r) => newRequirement(r, ctx.nowIso));
    else if (v === null) delete g[k];
    else g[k] = v;
  }
  for (const r of g.requirements ?? []) {
    const errors = requirementModelErrors(r);
    if (errors) throw dataError('requirements', [errors]);
  }
  assertTenderCriteriaIds(after);
  assertLanguageGroup(c, g.requirements ?? [], 'requirements', true);
  assertNotUnderReview(tender);
  assertDataTypeRules(after, c, ctx.deps.standards);
  const saved = await commit(ctx, scope, loaded, after);
  return findGroup(findCriterion(saved, criterionId), groupId);
}

// --- requirements -----------------------------------------------------------------------------

function assertRequirementModel(tender: Tender, r: Requirement): void {
  const errors = requirementModelErrors(r);
  if (errors) {
    const [name, description] = Object.entries(errors)[0]!;
    throw dataError(name, description);
  }
  if (r.relatedFeature && !(tender.features ?? []).some((f) => f.code === r.relatedFeature)) throw dataError('relatedFeature', ['relatedFeature should be one of features']);
  const docErrors = evidenceDocumentErrors(tender, r.eligibleEvidences);
  if (docErrors) throw dataError('eligibleEvidences', [{ relatedDocument: docErrors }]);
}

export interface RequirementPath {
  criterionId: string;
  groupId: string;
}

export async function createRequirement(ctx: RequestCtx, loaded: LoadedTender, at: RequirementPath, data: Record<string, unknown>): Promise<Requirement> {
  const tender = loaded.tender;
  const scope = criteriaScope(ctx, tender);
  findGroup(findCriterion(tender, at.criterionId), at.groupId);
  assertTenderOwner(ctx, tender);
  const input = validateOrThrow<Record<string, unknown>>(RequirementInput as unknown as ModelSchema, data, ctx, true);
  const r = newRequirement(input, ctx.nowIso);
  assertRequirementModel(tender, r);
  assertCriteriaTenderStatus(tender, scope.spec.writeStatuses, 'post');
  const after: Tender = structuredClone(tender);
  const c = findCriterion(after, at.criterionId);
  const g = findGroup(c, at.groupId);
  g.requirements = [...(g.requirements ?? []), r];
  assertTenderCriteriaIds(after);
  assertLanguageGroup(c, [r], 'data', false);
  assertNotUnderReview(tender);
  assertDataTypeRules(after, c, ctx.deps.standards);
  const saved = await commit(ctx, scope, loaded, after);
  return findRequirement(findGroup(findCriterion(saved, at.criterionId), at.groupId), r.id);
}

/** Merges a requirement PATCH/PUT into a copy; `nullDeletes`: PUT removes fields sent as null. */
function mergedRequirement(stored: Requirement, patch: Record<string, unknown>, nullDeletes: boolean): Requirement {
  const r: Requirement = structuredClone(stored);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      if (nullDeletes) delete r[k];
      continue;
    }
    r[k] = k === 'eligibleEvidences' ? (v as Record<string, unknown>[]).map(newEvidence) : v;
  }
  return r;
}

function assertTitleFree(g: RequirementGroup, r: Requirement, before: Requirement): void {
  if (r.title !== before.title && (g.requirements ?? []).some((o) => o.id !== r.id && o.status === 'active' && o.title === r.title)) {
    throw dataError('data', 'Requirement title should be uniq for one requirementGroup');
  }
}

export async function patchRequirement(ctx: RequestCtx, loaded: LoadedTender, at: RequirementPath, requirementId: string, data: Record<string, unknown>): Promise<Requirement | null> {
  const tender = loaded.tender;
  const scope = criteriaScope(ctx, tender);
  const stored = findRequirement(findGroup(findCriterion(tender, at.criterionId), at.groupId), requirementId);
  assertTenderOwner(ctx, tender);
  const patch = validateOrThrow<Record<string, unknown>>(RequirementPatchInput, data, ctx, false);
  const merged = mergedRequirement(stored, patch, false);
  assertRequirementModel(tender, merged);
  if (!changes(stored, Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== null)))) return null;
  assertCriteriaTenderStatus(tender, scope.spec.draftStatuses, 'patch');
  const after: Tender = structuredClone(tender);
  const c = findCriterion(after, at.criterionId);
  const g = findGroup(c, at.groupId);
  assertTitleFree(g, merged, stored);
  const list = g.requirements ?? [];
  list[list.lastIndexOf(findRequirement(g, requirementId))] = merged;
  assertLanguageGroup(c, [merged], 'data', false);
  assertNotUnderReview(tender);
  assertDataTypeRules(after, c, ctx.deps.standards);
  const saved = await commit(ctx, scope, loaded, after);
  return findRequirement(findGroup(findCriterion(saved, at.criterionId), at.groupId), requirementId);
}

/** The previous version as a PUT answer shows it. */
const brief = (r: Requirement): Record<string, unknown> => ({ id: r.id, status: r.status, datePublished: r.datePublished, dateModified: r.dateModified });

/**
 * PUT (§1.5, §3.5): after publication a requirement changes only by a new version. Returns the
 * answer's list: the new (or now cancelled) version, then the previous one in brief.
 */
export async function putRequirement(ctx: RequestCtx, loaded: LoadedTender, at: RequirementPath, requirementId: string, data: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const tender = loaded.tender;
  const scope = criteriaScope(ctx, tender);
  const criterion = findCriterion(tender, at.criterionId);
  const current = findRequirement(findGroup(criterion, at.groupId), requirementId);
  assertTenderOwner(ctx, tender);
  const model = scope.spec.exclusionLocked && (isExclusion(criterion) || isLcc(criterion)) ? FixedRequirementPutInput : RequirementPatchInput;
  const patch = validateOrThrow<Record<string, unknown>>(model, data, ctx, false);
  const merged = mergedRequirement(current, patch, true);
  assertRequirementModel(tender, merged);
  assertCriteriaTenderStatus(tender, scope.spec.putStatuses, 'put');
  const after: Tender = structuredClone(tender);
  const c = findCriterion(after, at.criterionId);
  const g = findGroup(c, at.groupId);
  const previous = findRequirement(g, requirementId);
  assertTitleFree(g, merged, current);
  if (isLanguage(c) && (merged.eligibleEvidences ?? []).length > 0) throw dataError('data', { eligibleEvidences: ['This field is forbidden for current criterion'] });
  assertNotUnderReview(tender);

  const cancelling = patch.status === 'cancelled';
  const reactivating = current.status === 'cancelled' && patch.status === 'active';
  const { status: _s, datePublished: _p, dateModified: _m, ...before } = current;
  const { status: _s2, datePublished: _p2, dateModified: _m2, ...next } = merged;
  if ((current.status === 'cancelled' && !reactivating) || (cancelling && current.status === 'cancelled') || (!cancelling && !reactivating && jsonEqual(before, next))) {
    return [current];
  }
  if (cancelling) {
    previous.status = 'cancelled';
    previous.dateModified = ctx.nowIso;
    assertDataTypeRules(after, c, ctx.deps.standards);
    const saved = await commit(ctx, scope, loaded, after);
    const shown = findRequirement(findGroup(findCriterion(saved, at.criterionId), at.groupId), requirementId);
    return [shown, brief(shown)];
  }
  const version: Requirement = { ...next, id: requirementId, status: 'active', datePublished: ctx.nowIso } as Requirement;
  if (!reactivating) {
    previous.status = 'cancelled';
    previous.dateModified = ctx.nowIso;
  }
  g.requirements = [...(g.requirements ?? []), version];
  assertDataTypeRules(after, c, ctx.deps.standards);
  assertTenderCriteriaIds(after);
  await commit(ctx, scope, loaded, after);
  return [version, brief(previous)];
}

// --- eligible evidences -----------------------------------------------------------------------

export interface EvidencePath extends RequirementPath {
  requirementId: string;
}

async function writeEvidences(
  ctx: RequestCtx,
  loaded: LoadedTender,
  at: EvidencePath,
  method: string,
  change: (r: Requirement, tender: Tender) => void,
): Promise<Tender> {
  const tender = loaded.tender;
  const scope = criteriaScope(ctx, tender);
  assertCriteriaTenderStatus(tender, scope.spec.draftStatuses, method);
  const criterion = findCriterion(tender, at.criterionId);
  if (isLanguage(criterion)) throw forbidden('Forbidden for current criterion');
  assertNotUnderReview(tender);
  const after: Tender = structuredClone(tender);
  const r = findRequirement(findGroup(findCriterion(after, at.criterionId), at.groupId), at.requirementId);
  change(r, after);
  return commit(ctx, scope, loaded, after);
}

function evidenceTarget(ctx: RequestCtx, tender: Tender, at: EvidencePath): Requirement {
  const r = findRequirement(findGroup(findCriterion(tender, at.criterionId), at.groupId), at.requirementId);
  assertTenderOwner(ctx, tender);
  return r;
}

export async function createEvidence(ctx: RequestCtx, loaded: LoadedTender, at: EvidencePath, data: Record<string, unknown>): Promise<EligibleEvidence> {
  const r = evidenceTarget(ctx, loaded.tender, at);
  const input = validateOrThrow<Record<string, unknown>>(EligibleEvidenceInput as unknown as ModelSchema, data, ctx, true);
  const evidence = newEvidence(input);
  if ((r.eligibleEvidences ?? []).some((e) => e.id === evidence.id)) throw dataError('data', 'eligibleEvidence id should be uniq for all eligibleEvidences');
  const docErrors = evidenceDocumentErrors(loaded.tender, [evidence]);
  if (docErrors) throw dataError('relatedDocument', docErrors);
  await writeEvidences(ctx, loaded, at, 'post', (req) => {
    req.eligibleEvidences = [...(req.eligibleEvidences ?? []), evidence];
  });
  return evidence;
}

export async function patchEvidence(ctx: RequestCtx, loaded: LoadedTender, at: EvidencePath, evidenceId: string, data: Record<string, unknown>): Promise<EligibleEvidence> {
  const stored = findEvidence(evidenceTarget(ctx, loaded.tender, at), evidenceId);
  const patch = validateOrThrow<Record<string, unknown>>(EligibleEvidencePatchInput, data, ctx, false);
  const merged: EligibleEvidence = { ...stored };
  for (const [k, v] of Object.entries(patch)) if (v === null) delete merged[k];
  else merged[k] = v;
  const docErrors = evidenceDocumentErrors(loaded.tender, [merged]);
  if (docErrors) throw dataError('relatedDocument', docErrors);
  await writeEvidences(ctx, loaded, at, 'patch', (req) => {
    req.eligibleEvidences = (req.eligibleEvidences ?? []).map((e) => (e.id === evidenceId ? merged : e));
  });
  return merged;
}

export async function deleteEvidence(ctx: RequestCtx, loaded: LoadedTender, at: EvidencePath, evidenceId: string): Promise<EligibleEvidence> {
  const stored = findEvidence(evidenceTarget(ctx, loaded.tender, at), evidenceId);
  await writeEvidences(ctx, loaded, at, 'delete', (req) => {
    req.eligibleEvidences = (req.eligibleEvidences ?? []).filter((e) => e.id !== evidenceId);
    if (req.eligibleEvidences.length === 0) delete req.eligibleEvidences;
  });
  return stored;
}
