// Criteria checked when a tender is published (criteria.md §2.2, §4): the bid guarantee criterion
// matches the guarantee amounts, and the procedure's required criteria (from the standards' rules
// file for its type, else the procedure's built-in current set) are present.
import { forbidden } from '../../http/errors.ts';
import type { CriteriaRulePeriod, Standards } from '../../standards.ts';
import { isoToMs } from '../../time/iso.ts';
import type { ActivationCheck } from '../procedure.ts';
import type { Tender } from '../tender.types.ts';
import { BID_GUARANTEE, criteriaOf } from './criterion.types.ts';

/** The article-16 selection criteria: works and services tenders need one of them. */
export const ARTICLE_16_CRITERIA: readonly string[] = [
  'CRITERION.SELECTION.ECONOMIC_FINANCIAL_STANDING',
  'CRITERION.SELECTION.TECHNICAL_PROFESSIONAL_ABILITY.REFERENCES.WORKS_PERFORMANCE',
  'CRITERION.SELECTION.TECHNICAL_PROFESSIONAL_ABILITY.TECHNICAL.EQUIPMENT',
  'CRITERION.SELECTION.TECHNICAL_PROFESSIONAL_ABILITY.TECHNICAL.STAFF_FOR_CARRYING_SCOPE',
];

/** Deployment constants a rules file names as period bounds (all in the past). */
const DEPLOYMENT_CONSTANTS: Readonly<Record<string, string>> = {
  RELEASE_ECRITERIA_ARTICLE_17: '2020-01-01T00:00:00+03:00',
  CRITERIA_ARTICLE_16_REQUIRED: '2023-06-25T00:00:00+03:00',
  NEW_ARTICLE_17_CRITERIA_REQUIRED: '2023-06-25T00:00:00+03:00',
  NEW_REQUIREMENTS_RULES_FROM: '2023-06-25T00:00:00+03:00',
  UNIFIED_CRITERIA_LOGIC_FROM: '2023-06-25T00:00:00+03:00',
};

const boundMs = (b: string | undefined): number | undefined => {
  if (b === undefined) return undefined;
  const iso = DEPLOYMENT_CONSTANTS[b] ?? b;
  try {
    return isoToMs(iso);
  } catch {
    return undefined;
  }
};

/** The current rules of one procedure, for deployments without a standards directory. */
export type CriteriaRuleSet = Readonly<Record<string, readonly string[]>>;

export interface RequiredCriteria {
  readonly required: readonly string[];
  /** Non-empty: at least one of these must be present. */
  readonly oneOf: readonly string[];
}

function rulesFor(tender: Tender, rules: readonly CriteriaRulePeriod[]): CriteriaRuleSet {
  const created = isoToMs(tender.dateCreated ?? tender.date ?? '2100-01-01T00:00:00Z');
  for (const p of rules) {
    const s = boundMs(p.period?.start_date);
    const e = boundMs(p.period?.end_date);
    if ((s === undefined || s <= created) && (e === undefined || created <= e)) {
      return Object.fromEntries(Object.entries(p.criteria ?? {}).map(([id, r]) => [id, r.rules ?? []]));
    }
  }
  return {};
}

/** What publication requires of this tender's criteria. */
export function requiredCriteria(tender: Tender, builtIn: CriteriaRuleSet, standards: Standards): RequiredCriteria {
  const fromFile = standards.criteriaRules?.get(String(tender.procurementMethodType));
  const rules = standards.criteriaRules ? (fromFile ? rulesFor(tender, fromFile) : {}) : builtIn;
  const category = String(tender.mainProcurementCategory ?? 'services');
  const required: string[] = [];
  let article16 = false;
  for (const [id, keywords] of Object.entries(rules)) {
    if (keywords.includes('required') || keywords.includes(`required_${category}`)) required.push(id);
    if (keywords.includes('required_article_16')) article16 = true;
  }
  return { required, oneOf: article16 && (category === 'works' || category === 'services') ? ARTICLE_16_CRITERIA : [] };
}

const sorted = (ids: Iterable<string>): string[] => [...ids].sort();

export const assertActivationCriteria: ActivationCheck = (rc) => {
  const spec = rc.procedure.criteria;
  if (!spec) return;
  const { required, oneOf } = requiredCriteria(rc.tender, spec.builtInRules, rc.standards);
  const present = new Set(criteriaOf(rc.tender).map((c) => c.classification?.id));
  const missing = required.filter((id) => !present.has(id));
  if (missing.length > 0) throw forbidden(`Tender must contain all required criteria: ${sorted(missing).join(', ')}`);
  if (oneOf.length > 0 && !oneOf.some((id) => present.has(id))) throw forbidden(`Tender must contain one of article 16 criteria: ${sorted(oneOf).join(', ')}`);
};

const positive = (g: { amount?: number } | undefined): boolean => (g?.amount ?? 0) > 0;

/** The bid guarantee criterion goes with a guarantee amount, per lot or for the tender. */
export const assertGuaranteeCriterion: ActivationCheck = (rc) => {
  const guarantees = criteriaOf(rc.tender).filter((c) => c.classification?.id === BID_GUARANTEE);
  const lots = rc.tender.lots ?? [];
  if (lots.length > 0) {
    for (const lot of lots) {
      const hasCriterion = guarantees.some((c) => c.relatesTo === 'lot' && c.relatedItem === lot.id);
      if (hasCriterion && !positive(lot.guarantee)) {
        throw forbidden("Should be specified 'guarantee.amount' more than 0 to lot for CRITERION.OTHER.BID.GUARANTEE");
      }
      if (!hasCriterion && positive(lot.guarantee)) throw forbidden("Should be specified CRITERION.OTHER.BID.GUARANTEE for 'guarantee.amount' more than 0 to lot");
    }
  } else if (guarantees.length > 0 !== positive(rc.tender.guarantee)) {
    throw forbidden("Should be specified CRITERION.OTHER.BID.GUARANTEE and 'guarantee.amount' more than 0");
  }
};
