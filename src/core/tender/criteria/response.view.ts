// How requirement responses read (criteria.md §5.1): every serialization names the requirement's
// title, its criterion's classification, and the requirement's unit and dataSchema, from the
// requirement's current version. None of these are stored.
import { criteriaOf, type Criterion, type Requirement, type RequirementResponse } from './criterion.types.ts';

export type ResponsesView = (responses: unknown) => unknown;

interface Described {
  requirement: Requirement;
  criterion: Criterion;
}

/** The responses view of one tender's criteria. */
export function responsesViewOf(tender: { criteria?: unknown }): ResponsesView {
  const byId = new Map<string, Described>();
  for (const criterion of criteriaOf(tender)) {
    for (const g of criterion.requirementGroups) {
      for (const requirement of g.requirements ?? []) {
        const known = byId.get(requirement.id);
        // The last active version wins; a cancelled one only when nothing else is known.
        if (!known || requirement.status === 'active' || known.requirement.status !== 'active') byId.set(requirement.id, { requirement, criterion });
      }
    }
  }
  return (responses) => {
    if (!Array.isArray(responses)) return responses;
    return (responses as RequirementResponse[]).map((rr) => {
      const d = rr?.requirement ? byId.get(rr.requirement.id) : undefined;
      if (!d) return rr;
      const out: Record<string, unknown> = { ...rr, requirement: { ...rr.requirement, title: d.requirement.title }, classification: d.criterion.classification };
      if (d.requirement.unit !== undefined) out.unit = d.requirement.unit;
      if (d.requirement.dataSchema !== undefined) out.dataSchema = d.requirement.dataSchema;
      return out;
    });
  };
}
