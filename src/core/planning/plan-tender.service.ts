// Tenders and plans linked (plans.md §3.8, §3.9): a tender created from a plan, a plan linked to a
// central purchasing body's draft tender, and the donor check of tenders that name plans. The plan
// and the tender are written in one transaction.
import type { RequestCtx } from '../context.ts';
import type { Procedure } from '../tender/procedure.ts';
import type { Tender } from '../tender/tender.types.ts';
import { dataError, forbidden, notFound, permissionDenied } from '../http/errors.ts';
import { isOwner } from '../auth/owner-token.ts';
import { buildNewTender, type CreatedTender, type LinkedTenderHooks } from '../tender/tender.service.ts';
import { tenderInsert, tenderUpdate, type LoadedTender } from '../tender/tender.repository.ts';
import { jsonEqual } from '../state/json-equal.ts';
import { findPlan, planUpdate, type LoadedPlan } from './plan.repository.ts';
import { settleStatus } from './plan.rules.ts';
import {
  assertFirstStageType, assertFundersMatchDonors, assertItemsMatchPlanCpv, assertPlanHasBreakdown, assertProcedureTypeMatches, assertProcuringEntityMatches, planDonor,
  type TenderForPlan,
} from './plan-tender.rules.ts';
import type { Plan } from './plan.types.ts';

type PlanRelation = { id: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The lenient pre-check of a tender body sent to a plan (plans.md §3.8 step 2): a procuring entity with a name and an identifier. */
function assertProcuringEntitySent(data: Record<string, unknown>): void {
  const pe = data.procuringEntity;
  if (!isObject(pe)) throw dataError('procuringEntity', ['This field is required.']);
  const errors: Record<string, unknown> = {};
  if (typeof pe.name !== 'string') errors.name = ['This field is required.'];
  if (!isObject(pe.identifier)) errors.identifier = ['This field is required.'];
  else {
    const identifier: Record<string, unknown> = {};
    if (typeof pe.identifier.scheme !== 'string') identifier.scheme = ['This field is required.'];
    if (pe.identifier.id === undefined || pe.identifier.id === null) identifier.id = ['This field is required.'];
    if (Object.keys(identifier).length > 0) errors.identifier = identifier;
  }
  if (Object.keys(errors).length > 0) throw dataError('procuringEntity', errors);
}

function donorsOf(ctx: RequestCtx, plans: readonly Plan[]): Array<{ scheme: string; id: string }> {
  const seen = new Map<string, { scheme: string; id: string }>();
  for (const plan of plans) {
    const donor = planDonor(plan, ctx.deps.standards);
    if (donor) seen.set(`${donor.scheme}\u0000${donor.id}`, donor);
  }
  return [...seen.values()];
}

/** The plan completed by a tender: tender_id set, status settled (plans.md §2.1). */
function completedPlan(plan: Plan, tenderId: string, settle: boolean): Plan {
  const after = structuredClone(plan);
  after.tender_id = tenderId;
  after.status = settle ? settleStatus(after, plan.status, plan.status) : 'complete';
  return after;
}

/** POST /plans/{id}/tenders: the checks in the reference's order, then the tender as POST /tenders makes it, linked. */
export async function createTenderFromPlan(
  ctx: RequestCtx,
  loaded: LoadedPlan,
  data: Record<string, unknown>,
  rawConfig: unknown,
  procedureOf: (type: unknown) => Procedure,
): Promise<CreatedTender> {
  const plan = loaded.plan;
  assertProcuringEntitySent(data);
  if (plan.status !== undefined && plan.status !== 'scheduled') throw dataError('status', `Can't create tender in '${plan.status}' plan status`);
  if (plan.tender_id) throw dataError('tender_id', 'This plan has already got a tender');
  assertFirstStageType(data.procurementMethodType);
  const sent = data as TenderForPlan;
  assertProcedureTypeMatches(plan, sent);
  assertProcuringEntityMatches(plan, sent);
  assertItemsMatchPlanCpv(plan, sent);
  assertPlanHasBreakdown(plan);
  assertFundersMatchDonors(donorsOf(ctx, [plan]), sent);
  const procedure = procedureOf(data.procurementMethodType);
  const created = await buildNewTender(ctx, procedure, data, rawConfig, {
    beforeValidation: (tender) => {
      tender.plans = [{ id: plan.id }];
    },
  });
  const planWrite = planUpdate(ctx, loaded, completedPlan(plan, created.tender.id, true), created.tender.tenderID);
  await ctx.deps.store.writeAll(planWrite ? [tenderInsert(ctx, created.tender), planWrite] : [tenderInsert(ctx, created.tender)]);
  ctx.log.info({ tenderId: created.tender.id, tenderID: created.tender.tenderID, planId: plan.id }, 'tender created from plan');
  return created;
}

/** POST /tenders/{id}/plans: a plan joins a central purchasing body's draft tender (plans.md §3.9). */
export async function linkPlanToTender(ctx: RequestCtx, loaded: LoadedTender, relation: PlanRelation): Promise<PlanRelation[]> {
  const tender = loaded.tender;
  const found = await findPlan(ctx, relation.id);
  if (!found) throw notFound('plan_id');
  const plan = found.plan;
  if (tender.procuringEntity?.kind !== 'central') throw forbidden("Only allowed for procurementEntity.kind = 'central'");
  if (tender.status !== 'draft') throw forbidden('Only allowed in draft tender status');
  if (plan.status === 'cancelled' || plan.status === 'complete') throw dataError('status', `Can't update plan in '${plan.status}' status`);
  if (plan.tender_id) throw dataError('tender_id', 'This plan has already got a tender');
  assertPlanHasBreakdown(plan);
  assertFirstStageType(tender.procurementMethodType);
  const asLinked = tender as unknown as TenderForPlan;
  assertProcuringEntityMatches(plan, asLinked);
  assertItemsMatchPlanCpv(plan, asLinked);
  assertFundersMatchDonors(donorsOf(ctx, [plan]), asLinked);
  const relations = [...((tender.plans ?? []) as PlanRelation[])];
  if (relations.some((r) => r.id === plan.id)) throw dataError('plans', ['The list should not contain duplicates']);
  const after = structuredClone(tender);
  after.plans = [...relations, { id: plan.id }];
  const tenderWrite = tenderUpdate(ctx, loaded, after);
  const planWrite = planUpdate(ctx, found, completedPlan(plan, tender.id, false), tender.tenderID);
  await ctx.deps.store.writeAll([tenderWrite, planWrite].filter((w) => w !== null));
  return after.plans as PlanRelation[];
}

/** The tender owner with the tender's token; no Administrator exemption (plans.md §3.9). */
export function assertTenderOwnerStrict(ctx: RequestCtx, tender: Tender): void {
  if (!isOwner(ctx, tender as unknown as Record<string, unknown>)) throw permissionDenied();
}

/**
 * The donor check of a tender that names plans: on create against every referenced plan that exists,
 * on PATCH when the funders changed (plans.md §3.9).
 */
export function linkedPlansDonorCheck(ctx: RequestCtx): LinkedTenderHooks {
  return {
    async afterValidation(tender, before) {
      const relations = (tender.plans ?? []) as PlanRelation[];
      if (relations.length === 0) return;
      if (before && jsonEqual(before.funders ?? null, tender.funders ?? null)) return;
      const plans = (await Promise.all(relations.map((r) => findPlan(ctx, r.id)))).filter((p) => p !== null).map((p) => p.plan);
      assertFundersMatchDonors(donorsOf(ctx, plans), tender as unknown as TenderForPlan);
    },
  };
}
