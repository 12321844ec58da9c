// Plan business rules (plans.md §1–§2) as pure functions over a plan: the model rules that need the
// whole plan or the standards data (422, all failing top-level fields at once, like the reference's
// model validation), the state rules (procedure availability, kind ↔ procedure matrix, budget
// classifications) and the status machine.
import type { Standards } from '../standards.ts';
import { ApiError, dataError, forbidden } from '../http/errors.ts';
import { toWireErrors, type FieldErrors } from '../validation/model-validator.ts';
import { parseIso } from '../time/iso.ts';
import { addressErrors, type Address } from '../tender/tender.rules.ts';
import { KPK_SCHEMES } from './plan.schema.ts';
import { PLAN_PROCEDURE_TYPES, budgetYearsOf, kindProcedureTypes } from './plan-procedure-types.ts';
import type { Plan, PlanStatus } from './plan.types.ts';

const NOT_CPV = '99999999-9';
const NOT_CPV_SCHEMES = ['ДК003', 'ДК015', 'ДК018', 'specialNorms'];
const CHECKED_ROOT_SCHEMES = ['UA-ROAD', 'GMDN', 'GMDN-2023', 'CCCE-UA', 'КПКВ', 'КЕКВ'];

const tuple = (values: readonly string[]): string => `(${values.map((v) => `'${v}'`).join(', ')}${values.length === 1 ? ',' : ''})`;

// ---- model rules ------------------------------------------------------------------------------

function cpvErrors(c: { scheme?: string; id?: string } | undefined, standards: Standards): FieldErrors | null {
  if (!c || !standards.dk021 || standards.dk021.has(String(c.id))) return null;
  return { id: [c.scheme === 'CPV' ? 'Value must be one of CPV codes' : 'Value must be one of ДК021 codes'] };
}

function tenderErrors(tender: Plan['tender'], createdBefore2020: boolean): FieldErrors | null {
  const method = tender.procurementMethod ?? '';
  const type = tender.procurementMethodType ?? '';
  const allowed = PLAN_PROCEDURE_TYPES.byMethod[method] ?? [];
  if (!allowed.includes(type) && !(createdBefore2020 && method === '' && type === '')) {
    return { procurementMethodType: [`Value must be one of ${tuple(allowed)}.`] };
  }
  const p = tender.tenderPeriod ?? {};
  const s = p.startDate ? parseIso(p.startDate)?.ms : undefined;
  const e = p.endDate ? parseIso(p.endDate)?.ms : undefined;
  if (s !== undefined && e !== undefined && s > e) return { tenderPeriod: { startDate: ['period should begin before its end'] } };
  return null;
}

/** Exact decimal sum of JSON numbers (their shortest decimal form, as the reference's Decimal(str(x))). */
function decimalExceeds(parts: readonly number[], total: number): boolean {
  const scaleOf = (n: number) => (String(n).includes('e') ? 0 : (String(n).split('.')[1] ?? '').length);
  const scale = Math.max(scaleOf(total), ...parts.map(scaleOf));
  const units = (n: number): bigint => {
    const [whole, frac = ''] = (String(n).includes('e') ? n.toFixed(scale) : String(n)).split('.');
    const negative = whole!.startsWith('-');
    const digits = BigInt(`${whole!.replace('-', '')}${frac.padEnd(scale, '0')}`);
    return negative ? -digits : digits;
  };
  return parts.reduce((sum, n) => sum + units(n), 0n) > units(total);
}

function budgetProjectErrors(project: NonNullable<Plan['budget']['project']>, standards: Standards): FieldErrors | null {
  const programs = standards.funderPrograms;
  const planOfUkraine = standards.planOfUkraine;
  let entry: { name_uk?: string; name_en?: string } | undefined;
  let scheme = project.scheme;
  if (scheme === undefined) {
    if (programs?.has(project.id) || planOfUkraine?.has(project.id)) return { id: ['scheme is required for a known budget project id'] };
    return null;
  }
  if (scheme === 'funder_program' && programs) {
    const program = programs.get(project.id);
    if (!program) return { id: ['funder_program id not found in standards'] };
    if (program.archive === true) return { id: ['funder_program program is archived'] };
    entry = program;
  } else if (scheme === 'plan_of_ukraine' && planOfUkraine) {
    entry = planOfUkraine.get(project.id);
    if (!entry) return { id: ['plan_of_ukraine id not found in standards'] };
  }
  if (!entry) return null;
  scheme ??= 'plan_of_ukraine';
  const message = `Value should be from ${scheme} dictionary for ${project.id}`;
  const errors: FieldErrors = {};
  if (project.name !== entry.name_uk) errors.name = [message];
  if (project.name_en !== entry.name_en) errors.name_en = [message];
  return Object.keys(errors).length > 0 ? errors : null;
}

function breakdownErrors(plan: Plan, standards: Standards): FieldErrors | null {
  const budget = plan.budget;
  const breakdown = budget.breakdown ?? [];
  const perEntry = breakdown.map((b): FieldErrors | null => {
    if (b.title === 'other' && !b.description) return { description: ['This field is required.'] };
    if (standards.currencies && !standards.currencies.includes(b.value.currency)) {
      return { value: { currency: [`Currency must be only ${standards.currencies.join(', ')}.`] } };
    }
    const address = addressErrors(b.address as Address | undefined, standards);
    if (address) return { address };
    const c = b.classification;
    const codes = c ? standards.budgetClassifications?.get(c.scheme) : undefined;
    if (c && codes && !codes.has(c.id)) return { classification: { id: [`${c.scheme} id not found in standards`] } };
    return null;
  });
  if (perEntry.some((e) => e !== null)) return { breakdown: perEntry.map((e) => e ?? {}) };
  if (new Set(breakdown.map((b) => b.id)).size < breakdown.length) return { breakdown: ['Items should be unique by fields: id'] };
  if (breakdown.some((b) => b.value.currency !== budget.currency)) {
    return { breakdown: ['Currency should be identical for all budget breakdown values and budget'] };
  }
  return null;
}

function budgetErrors(plan: Plan, standards: Standards, createdAfterBreakdownRule: boolean): unknown {
  const budget = plan.budget;
  if (budget.year !== undefined) return { year: ["Can't use year field, use period field instead"] };
  if (budget.project) {
    const project = budgetProjectErrors(budget.project, standards);
    if (project) return { project };
  }
  const nested = breakdownErrors(plan, standards);
  if (nested) return nested;
  const type = plan.tender?.procurementMethodType ?? '';
  if (createdAfterBreakdownRule && (budget.breakdown ?? []).length === 0) return ['Breakdown field is required.'];
  const period = budget.period;
  if (period) {
    const year = (d: string) => Number.parseInt(d.slice(0, 4), 10);
    const span = year(period.endDate) - year(period.startDate);
    const years = budgetYearsOf(type);
    if (years === 1 && span !== 0) return [`Period startDate and endDate must be within one year for ${type}.`];
    if (span > years - 1) return [`Period startDate and endDate must be within ${years} budget years for ${type}.`];
    if (parseIso(period.startDate)!.ms > parseIso(period.endDate)!.ms) return { period: { startDate: ['period should begin before its end'] } };
  }
  if (!PLAN_PROCEDURE_TYPES.breakdownSumUnchecked.includes(type) && decimalExceeds((budget.breakdown ?? []).map((b) => b.value.amount), budget.amount)) {
    return ["Sum of the breakdown values amounts can't be greater than budget amount"];
  }
  return null;
}

function rootAdditionalErrors(list: NonNullable<Plan['additionalClassifications']>, standards: Standards): unknown {
  const perEntry = list.map((c): FieldErrors | null => {
    if (!CHECKED_ROOT_SCHEMES.includes(c.scheme)) return null;
    const codes = standards.additionalCodeLists?.get(c.scheme);
    if (codes && !codes.has(c.id)) return { id: [`${c.scheme} id not found in standards`] };
    if (c.scheme === 'UA-ROAD') {
      const expected = standards.uaRoadDescriptions?.get(c.id);
      if (expected !== undefined && expected !== c.description) return { description: ['UA-ROAD description invalid'] };
    }
    return null;
  });
  if (perEntry.some((e) => e !== null)) return perEntry.map((e) => e ?? {});
  if (list.filter((c) => c.scheme === 'CCCE-UA').length > 1) return ["Object shouldn't have more than 1 additionalClassification with scheme CCCE-UA"];
  if (list.some((c) => c.scheme === 'UKTZED')) return ['Forbidden to add UKTZED. Should be added in items.additionalClassifications.'];
  return null;
}

function itemErrors(item: NonNullable<Plan['items']>[number], standards: Standards): FieldErrors | null {
  const classification = cpvErrors(item.classification as { scheme?: string; id?: string }, standards);
  if (classification) return { classification };
  const unit = item.unit as { code?: string } | undefined;
  if (unit && standards.unitCodes && !standards.unitCodes.has(String(unit.code))) return { unit: { code: ['Code should be one of valid unit codes.'] } };
  const extra = (item.additionalClassifications ?? []) as Array<{ scheme: string; id: string }>;
  const ids = extra.map((c): FieldErrors | null => {
    const codes = c.scheme === 'UKTZED' ? standards.uktzed : c.scheme === 'CCCE-UA' ? standards.additionalCodeLists?.get('CCCE-UA') : undefined;
    return codes && !codes.has(c.id) ? { id: [`${c.scheme} id not found in standards`] } : null;
  });
  if (ids.some((e) => e !== null)) return { additionalClassifications: ids.map((e) => e ?? {}) };
  if (extra.filter((c) => c.scheme === 'CCCE-UA').length > 1) {
    return { additionalClassifications: ["Object shouldn't have more than 1 additionalClassification with scheme CCCE-UA"] };
  }
  if (item.classification.id === NOT_CPV && extra.length > 0 && !extra.some((c) => NOT_CPV_SCHEMES.includes(c.scheme))) {
    return { additionalClassifications: [`One of additional classifications should be one of [${NOT_CPV_SCHEMES.join(', ')}].`] };
  }
  const address = addressErrors(item.deliveryAddress as Address | undefined, standards);
  return address ? { deliveryAddress: address } : null;
}

function organizationErrors(org: Plan['procuringEntity'], standards: Standards): FieldErrors | null {
  const scheme = org.identifier?.scheme;
  if (scheme !== undefined && standards.identifierSchemes && !standards.identifierSchemes.has(scheme)) {
    return { identifier: { scheme: [`Value must be one of ${JSON.stringify([...standards.identifierSchemes]).replaceAll('"', "'")}.`] } };
  }
  const address = addressErrors(org.address as Address | undefined, standards);
  return address ? { address } : null;
}

export interface PlanRuleContext {
  standards: Standards;
  /** The plan's creation time (epoch ms): the date switches of plans.md §0.2 compare with it. */
  createdMs: number;
}

const BUDGET_BREAKDOWN_REQUIRED_FROM = Date.UTC(2019, 10, 1);
const PLAN_ADDRESS_KIND_REQUIRED_FROM = Date.UTC(2020, 5, 21, 21);

/** The model rules beyond the schema: 422 naming every failing top-level field, or nothing. */
export function assertPlanModel(plan: Plan, rc: PlanRuleContext): void {
  const errors: FieldErrors = {};
  const put = (field: string, e: unknown) => {
    if (e !== null && e !== undefined) errors[field] = e;
  };
  put('procuringEntity', organizationErrors(plan.procuringEntity, rc.standards));
  const buyers = (plan.buyers ?? []).map((b) => organizationErrors(b, rc.standards));
  if (buyers.some((e) => e !== null)) put('buyers', buyers.map((e) => e ?? {}));
  put('tender', tenderErrors(plan.tender, rc.createdMs < PLAN_ADDRESS_KIND_REQUIRED_FROM));
  put('budget', budgetErrors(plan, rc.standards, rc.createdMs > BUDGET_BREAKDOWN_REQUIRED_FROM));
  put('classification', cpvErrors(plan.classification, rc.standards));
  if (plan.additionalClassifications) put('additionalClassifications', rootAdditionalErrors(plan.additionalClassifications, rc.standards));
  const items = plan.items ?? [];
  const perItem = items.map((i) => itemErrors(i, rc.standards));
  if (perItem.some((e) => e !== null)) put('items', perItem.map((e) => e ?? {}));
  else if (new Set(items.map((i) => i.id)).size < items.length) put('items', ['Items should be unique by fields: id']);
  if (Object.keys(errors).length > 0) throw new ApiError(422, toWireErrors(errors));
}

// ---- state rules ------------------------------------------------------------------------------

/** Procedure types withdrawn from new plans (plans.md §1.2). */
export const UNAVAILABLE_PROCEDURE_TYPES: readonly string[] = PLAN_PROCEDURE_TYPES.unavailable;

export function assertKindMayPlan(plan: Plan): void {
  const kind = plan.procuringEntity?.kind;
  if (kind === undefined) return;
  const allowed = kindProcedureTypes(kind);
  const type = plan.tender?.procurementMethodType ?? '';
  if (!allowed.includes(type === '' ? PLAN_PROCEDURE_TYPES.centralized : type)) {
    throw forbidden(`procuringEntity with ${kind} kind cannot publish this type of procedure. Procurement method types allowed for this kind: ${allowed.join(', ')}.`, 'kind');
  }
}

/** Breakdown classification rules and the КПКВ ban (plans.md §1.3.3, plans created after 2023-06-25). */
export function assertBudgetClassifications(plan: Plan): void {
  for (const b of plan.budget?.breakdown ?? []) {
    if (b.title === 'state' && !(KPK_SCHEMES as readonly string[]).includes(b.classification?.scheme ?? '')) {
      throw dataError('budget.breakdown.classification', 'КПК is required for state budget.');
    }
    if (b.title === 'local' || b.title === 'crimea') {
      if (b.classification?.scheme !== 'ТПКВКМБ') throw dataError('budget.breakdown.classification', `ТПКВКМБ is required for ${b.title} budget.`);
      if (!b.address) throw dataError('budget.breakdown.address', `Address is required for ${b.title} budget.`);
      if (b.address.countryName === 'Україна' && !(b.address.addressDetails ?? []).some((d) => d.scheme === 'КАТОТТГ')) {
        throw dataError('budget.breakdown.address.addressDetails', `КАТОТТГ is required for ${b.title} budget.`);
      }
    }
  }
  if ((plan.additionalClassifications ?? []).some((c) => c.scheme === 'КПКВ')) {
    throw dataError('additionalClassifications', 'Forbidden to add КПКВ. Should be added in budget.breakdown.classification.');
  }
}

// ---- status machine ---------------------------------------------------------------------------

/** Types a plan may be completed with by hand, without a tender (plans.md §2.1). */
export const MANUALLY_COMPLETABLE_TYPES: readonly string[] = PLAN_PROCEDURE_TYPES.manuallyCompletable;

export const TERMINAL_PLAN_STATUSES: readonly PlanStatus[] = ['complete', 'cancelled'];

/**
 * The plan status transitions a broker asks for (plans.md §2.1), listable: from → the statuses a
 * PATCH may ask for. Automatic moves (active cancellation, tender_id) are applied by `settleStatus`.
 */
export const PLAN_STATUS_TRANSITIONS: Readonly<Record<PlanStatus, readonly PlanStatus[]>> = {
  draft: ['draft', 'scheduled', 'complete', 'cancelled'],
  scheduled: ['scheduled', 'complete', 'cancelled'],
  complete: ['complete'],
  cancelled: ['cancelled'],
};

/**
 * The status a plan ends in after a write asking for `requested`: an active cancellation cancels it,
 * a tender_id completes it; otherwise the request is checked against the table and its conditions.
 */
export function settleStatus(plan: Plan, from: PlanStatus | null, requested: PlanStatus): PlanStatus {
  if (from !== null && from !== 'draft' && requested === 'draft') throw dataError('status', "Plan status can not be changed back to 'draft'");
  if (from !== null && !PLAN_STATUS_TRANSITIONS[from].includes(requested)) throw dataError('status', `Plan status can not be changed from '${from}' to '${requested}'`);
  if (plan.cancellation?.status === 'active') return 'cancelled';
  if (requested === 'cancelled') throw dataError('status', ['An active cancellation object is required']);
  if (plan.tender_id) return 'complete';
  if (requested === 'complete' && from !== 'complete') {
    const type = plan.tender?.procurementMethodType ?? '';
    if (!MANUALLY_COMPLETABLE_TYPES.includes(type)) throw dataError('status', [`Can't complete plan with '${type}' tender.procurementMethodType`]);
  }
  return requested;
}

/** In `complete`/`cancelled` only the rationale may change (plans.md §2.2). */
export function assertTerminalUnchanged(before: Plan, changedKeys: readonly string[]): void {
  if (!TERMINAL_PLAN_STATUSES.includes(before.status)) return;
  const key = changedKeys.find((k) => k !== 'rationale');
  if (key !== undefined) throw forbidden(`Can't update ${key} in ${before.status} status`);
}

/** The rationale's date: the request time when its description changed, else the stored date (plans.md §1.7). */
export function settleRationaleDate(after: Plan, before: Plan | null, nowIso: string): void {
  if (!after.rationale) return;
  const stored = before?.rationale;
  after.rationale.date = stored && stored.description === after.rationale.description && stored.date ? stored.date : nowIso;
}
