// Criteria objects as stored from client input (criteria.md §1): server ids where the client sent
// none, requirements `active` and dated by their publication.
import type { Criterion, EligibleEvidence, Requirement, RequirementGroup } from './criterion.types.ts';
import { newId } from '../../ids.ts';

export function newEvidence(input: Record<string, unknown>): EligibleEvidence {
  return { ...input, id: typeof input.id === 'string' ? input.id : newId() } as EligibleEvidence;
}

/** `keepDates`: a requirement the client echoes back keeps its publication date (a tender PATCH of the whole list). */
export function newRequirement(input: Record<string, unknown>, nowIso: string, keepDates = false): Requirement {
  const r = { ...input, id: typeof input.id === 'string' ? input.id : newId(), status: input.status ?? 'active', datePublished: keepDates && typeof input.datePublished === 'string' ? input.datePublished : nowIso } as Requirement;
  delete r.dateModified;
  if (Array.isArray(r.eligibleEvidences)) r.eligibleEvidences = r.eligibleEvidences.map((e) => newEvidence(e as Record<string, unknown>));
  return r;
}

export function newGroup(input: Record<string, unknown>, nowIso: string, keepDates = false): RequirementGroup {
  const g = { ...input, id: typeof input.id === 'string' ? input.id : newId() } as RequirementGroup;
  if (Array.isArray(input.requirements)) g.requirements = (input.requirements as Record<string, unknown>[]).map((r) => newRequirement(r, nowIso, keepDates));
  return g;
}

export function newCriterion(input: Record<string, unknown>, nowIso: string, keepDates = false): Criterion {
  const c = { ...input, id: typeof input.id === 'string' ? input.id : newId() } as Criterion;
  c.requirementGroups = (input.requirementGroups as Record<string, unknown>[]).map((g) => newGroup(g, nowIso, keepDates));
  return c;
}

