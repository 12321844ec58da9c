// Stored shapes of tender criteria (criteria.md §1) and of requirement responses (§5.1).

export interface EligibleEvidence {
  id: string;
  title?: string;
  type?: string;
  relatedDocument?: { id: string; title?: string };
  [key: string]: unknown;
}

export interface Requirement {
  id: string;
  title: string;
  dataType: string;
  status: string;
  datePublished?: string;
  dateModified?: string;
  expectedValue?: unknown;
  minValue?: unknown;
  maxValue?: unknown;
  expectedValues?: unknown[];
  expectedMinItems?: number;
  expectedMaxItems?: number;
  dataSchema?: string;
  unit?: Record<string, unknown>;
  eligibleEvidences?: EligibleEvidence[];
  relatedFeature?: string;
  [key: string]: unknown;
}

export interface RequirementGroup {
  id: string;
  description?: string;
  requirements?: Requirement[];
  [key: string]: unknown;
}

export interface Criterion {
  id: string;
  title: string;
  source: string;
  relatesTo?: string;
  relatedItem?: string;
  classification: { scheme: string; id: string; [key: string]: unknown };
  legislation?: unknown[];
  requirementGroups: RequirementGroup[];
  [key: string]: unknown;
}

export interface ResponseEvidence {
  id: string;
  type?: string;
  relatedDocument?: { id: string; title?: string };
  [key: string]: unknown;
}

export interface RequirementResponse {
  id: string;
  requirement: { id: string; [key: string]: unknown };
  value?: unknown;
  values?: unknown[];
  relatedTenderer?: { id: string; title?: string };
  relatedItem?: string;
  evidences?: ResponseEvidence[];
  [key: string]: unknown;
}

export const criteriaOf = (t: { criteria?: unknown }): Criterion[] => (Array.isArray(t.criteria) ? (t.criteria as Criterion[]) : []);

export const requirementsOf = (c: Criterion): Requirement[] => c.requirementGroups.flatMap((g) => g.requirements ?? []);

/** A criterion guards (and is answered) only while one of its requirements is active; one without groups' requirements counts as active. */
export function isActiveCriterion(c: Criterion): boolean {
  const reqs = requirementsOf(c);
  return c.requirementGroups.every((g) => g.requirements === undefined) || reqs.some((r) => r.status === 'active');
}

export const EXCLUSION_PREFIX = 'CRITERION.EXCLUSION';
export const LANGUAGE_PREFIX = 'CRITERION.OTHER.BID.LANGUAGE';
export const BID_GUARANTEE = 'CRITERION.OTHER.BID.GUARANTEE';
export const CONTRACT_GUARANTEE = 'CRITERION.OTHER.CONTRACT.GUARANTEE';
export const LCC_PREFIX = 'CRITERION.OTHER.LIFE_CYCLE_COST';

export const isExclusion = (c: Criterion): boolean => c.classification.id.startsWith(EXCLUSION_PREFIX);
export const isLanguage = (c: Criterion): boolean => c.classification.id.startsWith(LANGUAGE_PREFIX);
export const isLcc = (c: Criterion): boolean => c.classification.id.startsWith(LCC_PREFIX);
