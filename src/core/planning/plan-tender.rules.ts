// The checks that a tender matches the plans it is created from or linked to (plans.md §3.8,
// §3.9): first-stage procedure types, procedure type, procuring entity identifier, CPV class or
// group of the items, budget breakdown, and the donors of funder programmes. Pure.
import type { Standards } from '../standards.ts';
import { dataError, forbidden } from '../http/errors.ts';
import type { Plan } from './plan.types.ts';
import { PLAN_PROCEDURE_TYPES } from './plan-procedure-types.ts';

/** Procedure types a tender may be created with from a plan, in a fixed order (the reference prints a Python set). */
export const FIRST_STAGE_TYPES: readonly string[] = PLAN_PROCEDURE_TYPES.firstStage;

/** The part of a tender (or of a tender-creation body) the plan checks read. */
export interface TenderForPlan {
  procurementMethodType?: unknown;
  procuringEntity?: { identifier?: { scheme?: unknown; id?: unknown } };
  items?: Array<{ classification?: { id?: unknown } }>;
  funders?: Array<{ identifier?: { scheme?: unknown; id?: unknown } }>;
}

export function assertFirstStageType(type: unknown): void {
  if (typeof type !== 'string' || !FIRST_STAGE_TYPES.includes(type)) {
    throw forbidden(`Should be one of the first stage values: {${FIRST_STAGE_TYPES.map((t) => `'${t}'`).join(', ')}}`, 'procurementMethodType');
  }
}

export function assertProcedureTypeMatches(plan: Plan, tender: TenderForPlan): void {
  const planType = plan.tender?.procurementMethodType ?? '';
  const tenderType = String(tender.procurementMethodType);
  if (planType === tenderType || planType === PLAN_PROCEDURE_TYPES.centralized) return;
  if (PLAN_PROCEDURE_TYPES.alsoMatching.some((m) => m.plan === planType && m.tender === tenderType)) return;
  throw dataError('procurementMethodType', `procurementMethodType doesn't match: ${planType} != ${tenderType}`);
}

/** The central purchasing body whose centralized plans are matched on their buyer (plans.md §3.8 step 7). */
const CENTRAL_PURCHASING_BODY_ID = '01101100';

export function assertProcuringEntityMatches(plan: Plan, tender: TenderForPlan): void {
  const usesBuyer = plan.tender?.procurementMethodType === PLAN_PROCEDURE_TYPES.centralized && plan.procuringEntity?.identifier?.id === CENTRAL_PURCHASING_BODY_ID;
  const planId = (usesBuyer ? plan.buyers?.[0]?.identifier : plan.procuringEntity?.identifier) ?? {};
  const tenderId = tender.procuringEntity?.identifier ?? {};
  if (planId.scheme === tenderId.scheme && planId.id === tenderId.id) return;
  throw dataError('procuringEntity', `procuringEntity.identifier doesn't match: ${String(planId.scheme)} ${String(planId.id)} != ${String(tenderId.scheme)} ${String(tenderId.id)}`);
}

export function assertItemsMatchPlanCpv(plan: Plan, tender: TenderForPlan): void {
  const planCpv = String(plan.classification?.id ?? '');
  const group = planCpv.startsWith('336');
  const length = group ? 3 : 4;
  const itemPrefixes = [...new Set((tender.items ?? []).filter((i) => i.classification).map((i) => String(i.classification!.id).slice(0, length)))].sort();
  const planPrefix = planCpv.slice(0, length);
  if (itemPrefixes.every((p) => p === planPrefix)) return;
  const word = group ? 'group' : 'class';
  throw dataError('items', [`CPV ${word} of items (${itemPrefixes.join(', ')}) should be identical to plan CPV ${word} (${planPrefix})`]);
}

export function assertPlanHasBreakdown(plan: Plan): void {
  if ((plan.budget?.breakdown ?? []).length === 0) throw dataError('budget.breakdown', 'Plan should contain budget breakdown');
}

/** `scheme:id` of the donor of a plan's funder programme, if it names a known one. */
export function planDonor(plan: Plan, standards: Standards): { scheme: string; id: string } | undefined {
  const project = plan.budget?.project;
  if (project?.scheme !== 'funder_program') return undefined;
  const funder = standards.funderPrograms?.get(project.id)?.funder;
  return funder?.scheme !== undefined && funder.id !== undefined ? { scheme: funder.scheme, id: funder.id } : undefined;
}

/** Every tender funder must be a donor of a linked plan's programme, and every donor a funder. */
export function assertFundersMatchDonors(donors: ReadonlyArray<{ scheme: string; id: string }>, tender: TenderForPlan): void {
  if (donors.length === 0) return;
  const key = (d: { scheme?: unknown; id?: unknown }) => `${String(d.scheme)}\u0000${String(d.id)}`;
  const donorKeys = new Set(donors.map(key));
  const funders = (tender.funders ?? []).map((f) => f.identifier ?? {});
  for (const f of funders) {
    if (!donorKeys.has(key(f))) throw dataError('funders', `Tender funder ${String(f.scheme)} ${String(f.id)} does not match any linked plan's program donor`);
  }
  const funderKeys = new Set(funders.map(key));
  const missing = donors.filter((d) => !funderKeys.has(key(d)));
  if (missing.length > 0) {
    throw dataError('funders', `Tender funders must include the plan program donor(s): [${missing.map((d) => `('${d.scheme}', '${d.id}')`).join(', ')}]`);
  }
}
