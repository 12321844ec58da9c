// Plan operations (plans.md §3.3, §3.5): create and PATCH, each the same pipeline — read the body
// with its model, apply the model and state rules, settle the status, save with the revision check.
import type { RequestCtx } from '../context.ts';
import { accreditationDenied, dataError, forbidden, permissionDenied } from '../http/errors.ts';
import { isOwner, issueAccess, type IssuedAccess } from '../auth/owner-token.ts';
import { hasLevel, isAdministrator, isBroker } from '../auth/principal.ts';
import { validateOrThrow } from '../validation/request-model.ts';
import { validateModel, toWireErrors } from '../validation/model-validator.ts';
import { ApiError } from '../http/errors.ts';
import { jsonEqual } from '../state/json-equal.ts';
import { prepareNewDocuments } from '../documents/document.service.ts';
import { parseIso } from '../time/iso.ts';
import { PlanCreateInput, PlanDocumentInput, PlanModel, PlanPatchInput } from './plan.schema.ts';
import {
  UNAVAILABLE_PROCEDURE_TYPES, assertBudgetClassifications, assertKindMayPlan, assertPlanModel, assertTerminalUnchanged, settleRationaleDate, settleStatus,
  type PlanRuleContext,
} from './plan.rules.ts';
import { assertProcuringEntityChangeAllowed } from './plan-milestone.rules.ts';
import { linkedTenderID, planInsert, savePlan, type LoadedPlan } from './plan.repository.ts';
import type { Plan, PlanStatus } from './plan.types.ts';
import { newId } from '../ids.ts';

/** Accreditation levels that may create plans (plans.md §3.3). */
/** Accreditation levels that may create a plan, and take one over (any one). */
export const PLAN_CREATE_LEVELS = ['1', '3', '5'];

export function isPlanOwner(ctx: RequestCtx, plan: Plan): boolean {
  return isOwner(ctx, plan as unknown as Record<string, unknown>);
}

export function assertPlanOwner(ctx: RequestCtx, plan: Plan, adminMay = true): void {
  if (adminMay && isAdministrator(ctx.principal)) return;
  if (!isPlanOwner(ctx, plan)) throw permissionDenied();
}

export function planRuleContext(ctx: RequestCtx, plan: Plan | null): PlanRuleContext {
  const created = plan?.dateCreated ? parseIso(plan.dateCreated)?.ms : undefined;
  return { standards: ctx.deps.standards, createdMs: created ?? ctx.now };
}

/** Server-generated ids a client left out: regenerated on every write of the containing field (plans.md §1.1). */
function fillGeneratedIds(plan: Record<string, unknown>, keys: Iterable<string>): void {
  for (const key of keys) {
    const value = plan[key] as Record<string, unknown> | Array<Record<string, unknown>> | undefined;
    if (key === 'procuringEntity' && value && !Array.isArray(value)) value.id ??= newId();
    if ((key === 'buyers' || key === 'items') && Array.isArray(value)) for (const v of value) v.id ??= newId();
    if (key === 'budget' && value && !Array.isArray(value)) for (const b of (value.breakdown ?? []) as Array<Record<string, unknown>>) b.id ??= newId();
  }
}

/** The full-model check of a plan after defaults or a merge: schema (422 per field), then the model rules. */
function assertWholePlan(ctx: RequestCtx, plan: Plan, rc: PlanRuleContext): void {
  const r = validateModel(PlanModel, plan, { applyDefaults: false });
  if (r.errors) throw new ApiError(422, toWireErrors(r.errors));
  assertPlanModel(plan, rc);
}

export interface CreatedPlan {
  plan: Plan;
  access: IssuedAccess['access'];
}

export async function createPlan(ctx: RequestCtx, readData: () => Record<string, unknown>): Promise<CreatedPlan> {
  if (!isBroker(ctx.principal)) throw permissionDenied();
  const data = readData();
  const input = validateOrThrow<Record<string, unknown>>(PlanCreateInput, data, ctx, true);
  const { id: _ignored, documents, cancellation, status, ...fields } = input;
  fillGeneratedIds(fields, ['procuringEntity', 'buyers', 'items', 'budget']);
  assertPlanModel({ ...fields, status: 'scheduled' } as unknown as Plan, planRuleContext(ctx, null));
  // The planID is taken once the model passed: every later refusal (accreditation included) burns its number.
  const id = newId();
  const day = ctx.nowIso.slice(0, 10);
  const seq = await ctx.deps.store.nextSequence(`plan_${day}`);
  if (!hasLevel(ctx.principal, ...PLAN_CREATE_LEVELS)) throw accreditationDenied('plan', 'creation');
  if (ctx.principal.permissions.has('t') && input.mode !== 'test') throw accreditationDenied('plan', 'creation', 'mode');

  const { stored: tokens, access } = issueAccess(ctx.deps.tokens);
  const plan = {
    ...fields,
    id,
    planID: `UA-P-${day}-${String(seq).padStart(6, '0')}-a`,
    owner: ctx.principal.name ?? undefined,
    ...tokens,
    dateCreated: ctx.nowIso,
    dateModified: ctx.nowIso,
    datePublished: ctx.nowIso,
  } as unknown as Plan;
  if (cancellation) plan.cancellation = { ...(cancellation as NonNullable<Plan['cancellation']>), id: newId(), date: ctx.nowIso };
  if (Array.isArray(documents) && documents.length > 0) {
    plan.documents = prepareNewDocuments(ctx, `/plans/${id}/documents`, documents as Record<string, unknown>[], undefined, planRelatedIds(plan), PlanDocumentInput);
    for (const d of plan.documents) delete (d as { author?: string }).author;
  }
  const type = plan.tender.procurementMethodType;
  if (UNAVAILABLE_PROCEDURE_TYPES.includes(type)) throw forbidden(`procedure with procurementMethodType = ${type} is not available`);
  assertKindMayPlan(plan);
  assertBudgetClassifications(plan);
  plan.status = settleStatus(plan, null, (status as PlanStatus | undefined) ?? 'scheduled');
  settleRationaleDate(plan, null, ctx.nowIso);
  await ctx.deps.store.writeAll([planInsert(ctx, plan, await linkedTenderID(ctx, plan))]);
  ctx.log.info({ planId: plan.id, planID: plan.planID }, 'plan created');
  return { plan, access };
}

/** Ids a plan document's `relatedItem` may name: items only; lots do not exist on plans (plans.md §1.10). */
export function planRelatedIds(plan: Plan): (documentOf: string) => string[] | undefined {
  return (of) => (of === 'item' ? (plan.items ?? []).map((i) => i.id) : of === 'lot' ? [] : undefined);
}

/** The shallow merge of a PATCH (plans.md §1.1): each sent key replaces the stored value; null and [] remove it. */
function mergePlanPatch(before: Plan, patch: Record<string, unknown>, nowIso: string): Plan {
  const after = structuredClone(before) as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || (Array.isArray(value) && value.length === 0)) delete after[key];
    else after[key] = structuredClone(value);
  }
  fillGeneratedIds(after, Object.keys(patch));
  if (patch.cancellation) after.cancellation = { ...(patch.cancellation as object), id: newId(), date: nowIso };
  return after as unknown as Plan;
}

export async function patchPlan(ctx: RequestCtx, loaded: LoadedPlan, readData: () => Record<string, unknown>): Promise<Plan> {
  const before = loaded.plan;
  assertPlanOwner(ctx, before);
  const data = readData();
  const patch = validateOrThrow<Record<string, unknown>>(PlanPatchInput, data, ctx, false);
  // Explicit nulls delete fields: keep them in the patch the merge sees.
  for (const [k, v] of Object.entries(data)) if (v === null && !(k in patch)) patch[k] = null;
  const stored = before as unknown as Record<string, unknown>;
  if (Object.entries(patch).every(([k, v]) => jsonEqual(stored[k] ?? null, v))) return before;

  const { status: requested, ...fields } = patch;
  const after = mergePlanPatch(before, fields, ctx.nowIso);
  const rc = planRuleContext(ctx, before);
  assertWholePlan(ctx, after, rc);
  const merged = after as unknown as Record<string, unknown>;
  const changed = Object.keys(patch).filter((k) => !jsonEqual(stored[k] ?? null, (k === 'status' ? requested : merged[k]) ?? null));
  assertTerminalUnchanged(before, changed);
  const oldType = before.tender?.procurementMethodType ?? '';
  const newType = after.tender?.procurementMethodType ?? '';
  if (newType !== oldType && UNAVAILABLE_PROCEDURE_TYPES.includes(newType)) {
    throw dataError('tender', `Plan tender.procurementMethodType can not be changed from '${oldType}' to '${newType}'`);
  }
  if (requested === 'draft' && before.status !== 'draft') throw dataError('status', "Plan status can not be changed back to 'draft'");
  assertKindMayPlan(after);
  assertBudgetClassifications(after);
  assertProcuringEntityChangeAllowed(before, after, ctx.nowIso);
  if (before.status !== 'complete' && before.status !== 'cancelled') {
    after.status = settleStatus(after, before.status, (requested as PlanStatus | undefined) ?? before.status);
  }
  settleRationaleDate(after, before, ctx.nowIso);
  return savePlan(ctx, loaded, after);
}
