// The procedure types the planning API names, read from its code list (plan-procedure-types.json):
// which types each procurement method admits, which kinds of procuring entity may plan which,
// which a plan may be completed with by hand, the first-stage types a tender from a plan may have.
// Data, not procedure behaviour: the procedures themselves live in src/procedures.
import fs from 'node:fs';

interface PlanProcedureTypes {
  centralized: string;
  byMethod: Readonly<Record<string, readonly string[]>>;
  unavailable: readonly string[];
  kinds: Readonly<Record<string, readonly string[]>>;
  kindsLikeGeneral: readonly string[];
  manuallyCompletable: readonly string[];
  budgetYears: Readonly<Record<string, number>>;
  breakdownSumUnchecked: readonly string[];
  firstStage: readonly string[];
  alsoMatching: ReadonlyArray<{ plan: string; tender: string }>;
}

export const PLAN_PROCEDURE_TYPES: PlanProcedureTypes = JSON.parse(
  fs.readFileSync(new URL('./plan-procedure-types.json', import.meta.url), 'utf8'),
) as PlanProcedureTypes;

/** The types a plan's `tender.procurementMethodType` may take, '' included. */
export const PLAN_TYPE_CHOICES: readonly string[] = ['', ...Object.values(PLAN_PROCEDURE_TYPES.byMethod).flat()];

/** The procedure types a procuring entity kind may plan, in the reference's order. */
export function kindProcedureTypes(kind: string): readonly string[] {
  const { kinds, kindsLikeGeneral } = PLAN_PROCEDURE_TYPES;
  return kinds[kind] ?? (kindsLikeGeneral.includes(kind) ? kinds.general! : []);
}

/** Budget years a plan's budget period may span for its procedure type (one unless listed). */
export const budgetYearsOf = (type: string): number => PLAN_PROCEDURE_TYPES.budgetYears[type] ?? 1;
