// MEAT weighting of bid values by features (below-threshold.md §3.6 "MEAT weighting"):
// denominator = 1 + Σ(parameter values) / (1 − Σ(max enum value of each applicable feature)),
// weightedValue.amount = round(value.amount / denominator, 2). Pure.
import type { Feature, MoneyValue, Tender } from './tender.types.ts';
import type { StoredBid } from './bid-counting.ts';
import { criteriaOf, isLcc, requirementsOf, type RequirementResponse } from './criteria/criterion.types.ts';

export interface WeightedValue {
  amount: number;
  currency?: string;
  /** MEAT: the features' divisor. */
  denominator?: number;
  /** Life-cycle cost: the bid's answers to the cost criteria, added to its price. */
  addition?: number;
}

/** Features that apply to a lot: tenderer features, the lot's own and those of its items. All of them without a lot. */
export function applicableFeatures(t: Tender, lotId?: string): Feature[] {
  const features = t.features ?? [];
  if (lotId === undefined) return features;
  const lotItems = new Set((t.items ?? []).filter((i) => i.relatedLot === lotId).map((i) => i.id));
  return features.filter(
    (f) =>
      (f.featureOf ?? 'tenderer') === 'tenderer' ||
      (f.featureOf === 'lot' && f.relatedItem === lotId) ||
      (f.featureOf === 'item' && lotItems.has(f.relatedItem)),
  );
}

export function featureDenominator(features: readonly Feature[], parameters: StoredBid['parameters']): number {
  const codes = new Set(features.map((f) => f.code));
  const given = (parameters ?? []).filter((p) => codes.has(p.code)).reduce((s, p) => s + p.value, 0);
  const maxTotal = features.reduce((s, f) => s + Math.max(0, ...f.enum.map((e) => e.value)), 0);
  return 1 + given / (1 - maxTotal);
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * Life-cycle cost (criteria.md §7): the bid's answers to the tender's LCC criteria (for a lot,
 * those not tied to another lot) add to its price; undefined when the tender has none.
 */
function lifeCycleCost(t: Tender, bid: StoredBid, value: MoneyValue, lotId: string | undefined): WeightedValue | undefined {
  const lcc = criteriaOf(t).filter((c) => isLcc(c) && (lotId === undefined || c.relatesTo !== 'lot' || c.relatedItem === lotId));
  if (lcc.length === 0) return undefined;
  const ids = new Set(lcc.flatMap((c) => requirementsOf(c).map((r) => r.id)));
  const addition = round2(
    ((bid as { requirementResponses?: RequirementResponse[] }).requirementResponses ?? [])
      .filter((rr) => ids.has(rr.requirement?.id))
      .reduce((sum, rr) => sum + (Number(rr.value) || 0), 0),
  );
  return { amount: round2(value.amount! + addition), addition, currency: value.currency };
}

/** The weighted value of `value` for a bid (lotValue when `lotId`), or undefined without features or cost criteria. */
export function weightedValueOf(t: Tender, bid: StoredBid, value: MoneyValue | undefined, lotId?: string): WeightedValue | undefined {
  if (value?.amount === undefined) return undefined;
  if (t.awardCriteria === 'lifeCycleCost') return lifeCycleCost(t, bid, value, lotId);
  const features = applicableFeatures(t, lotId);
  if (features.length === 0) return undefined;
  const denominator = featureDenominator(features, bid.parameters);
  return { amount: round2(value.amount / denominator), currency: value.currency, denominator };
}
