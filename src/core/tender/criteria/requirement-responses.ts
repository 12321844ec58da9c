// Requirement responses of bids (criteria.md §5): server ids, the per-response checks (§5.3) and the
// completeness rule (§5.4) a submitted bid must meet. Pure: (tender, bid) in, an ApiError with the
// reference's messages out. A check's failure is a string or an object, reported inside a list.
import { dataError } from '../../http/errors.ts';
import type { Bid, Tender } from '../tender.types.ts';
import { convertToDataType, pyStr } from './criterion.values.ts';
import { criteriaOf, type Criterion, type Requirement, type RequirementResponse } from './criterion.types.ts';
import { newId } from '../../ids.ts';

/** The containers whose documents a response's evidences may point at. */
const BID_DOCUMENT_KEYS = ['documents', 'financialDocuments', 'eligibilityDocuments', 'qualificationDocuments'];

/** What a response parent may answer, by the criterion's source. */
const SOURCE_PARENTS: Readonly<Record<string, readonly string[]>> = {
  procuringEntity: ['award', 'qualification'],
  tenderer: ['bid'],
  winner: ['bid'],
};

export type ResponseParent = 'bid' | 'award' | 'qualification';

export const responsesOf = (holder: Record<string, unknown>): RequirementResponse[] =>
  Array.isArray(holder.requirementResponses) ? (holder.requirementResponses as RequirementResponse[]) : [];

/** Server ids for new responses and evidences (client ids are kept). */
export function withResponseIds(responses: readonly RequirementResponse[]): RequirementResponse[] {
  return responses.map((rr) => ({
    ...rr,
    id: rr.id ?? newId(),
    ...(rr.evidences ? { evidences: rr.evidences.map((e) => ({ ...e, id: e.id ?? newId() })) } : {}),
  }));
}

export interface LocatedRequirement {
  requirement: Requirement;
  criterion: Criterion;
}

/**
 * A requirement with its criterion: its `active` version (what responses are matched against), or
 * its latest version whatever its status (what decides a response's shape and source).
 */
export function locateRequirement(tender: Tender, id: string | undefined, version: 'active' | 'latest'): LocatedRequirement | undefined {
  let found: LocatedRequirement | undefined;
  for (const criterion of criteriaOf(tender)) {
    for (const g of criterion.requirementGroups) {
      for (const requirement of g.requirements ?? []) {
        if (requirement.id !== id) continue;
        if (version === 'active' && requirement.status === 'active') return { requirement, criterion };
        if (version === 'latest') found = { requirement, criterion };
      }
    }
  }
  return found;
}

const present = (v: unknown): boolean => v !== undefined && v !== null;

/** Step 2: the response's value(s) against the requirement; the failure (string or object), or null. */
function valueFailure(rr: RequirementResponse, r: Requirement): unknown {
  const hasValues = Array.isArray(rr.values) && rr.values.length > 0;
  if (!present(rr.value) && !hasValues) return { value: 'Response required at least one of field ["value", "values"]' };
  if (present(rr.value) && hasValues) return { value: "Field 'value' conflicts with 'values'" };
  const raw = present(rr.value) ? [rr.value] : rr.values!;
  const values: unknown[] = [];
  for (const v of raw) {
    const c = convertToDataType(v, r.dataType);
    if (!c.ok) return { value: [c.error] };
    values.push(c.value);
  }
  const native = (v: unknown): unknown => {
    const c = convertToDataType(v, r.dataType);
    return c.ok ? c.value : v;
  };
  for (const v of values) {
    if (present(r.expectedValue) && native(r.expectedValue) !== v) {
      return `Value "${pyStr(v)}" does not match expected value "${pyStr(r.expectedValue)}" in requirement ${r.id}`;
    }
    if (present(r.minValue) && (v as number) < (native(r.minValue) as number)) return `Value ${pyStr(v)} is lower than minimal required ${pyStr(r.minValue)} in requirement ${r.id}`;
    if (present(r.maxValue) && (v as number) > (native(r.maxValue) as number)) return `Value ${pyStr(v)} is higher than required ${pyStr(r.maxValue)} in requirement ${r.id}`;
  }
  const distinct = new Set(values.map((v) => JSON.stringify(v)));
  if (r.expectedMaxItems !== undefined && r.expectedMaxItems < distinct.size) return `Count of values is higher than maximum of ${r.expectedMaxItems} for requirement ${r.id}`;
  if (r.expectedMinItems !== undefined && r.expectedMinItems > distinct.size) return `Count of values is less than minimum of ${r.expectedMinItems} for requirement ${r.id}`;
  if (r.expectedValues && r.expectedValues.length > 0) {
    const expected = new Set(r.expectedValues.map((v) => JSON.stringify(native(v))));
    if ([...distinct].some((v) => !expected.has(v))) return `One or more values are not among expected values for requirement ${r.id}`;
  }
  return null;
}

const documentIds = (holder: Record<string, unknown>): Set<string> =>
  new Set(BID_DOCUMENT_KEYS.flatMap((k) => (Array.isArray(holder[k]) ? (holder[k] as Array<{ id: string }>).map((d) => d.id) : [])));

/**
 * §5.3 steps 1–4 of one response of a pending/active parent; the failure (string or object), or null.
 * `parent` is the bid, award or qualification holding the response.
 */
export function responseFailure(tender: Tender, holder: Record<string, unknown>, rr: RequirementResponse, parent: ResponseParent): unknown {
  const found = locateRequirement(tender, rr.requirement?.id, 'active');
  if (!found) return { requirement: ['Requirement should be one of criteria requirements'] };
  const source = found.criterion.source ?? 'tenderer';
  const parents = SOURCE_PARENTS[source];
  if (parents && !parents.includes(parent)) return { requirement: [`Requirement response in ${parent} can't have requirement criteria with source: ${source}`] };
  const value = valueFailure(rr, found.requirement);
  if (value !== null) return value;
  const tenderers = Array.isArray(holder.tenderers) ? (holder.tenderers as Array<{ identifier?: { id?: string } }>) : [];
  if (rr.relatedTenderer && !tenderers.some((t) => t.identifier?.id === rr.relatedTenderer!.id)) {
    return { relatedTenderer: ['relatedTenderer should be one of bid tenderers'] };
  }
  const docs = documentIds(holder);
  if ((rr.evidences ?? []).some((e) => e.relatedDocument && !docs.has(e.relatedDocument.id))) {
    return { evidences: [{ relatedDocument: [`relatedDocument.id should be one of ${parent} documents`] }] };
  }
  return null;
}

/**
 * Step 5, for every response whatever the status: `value` and `values` must fit the requirement's
 * kind, and convert to its dataType (a type error is refused at input, criteria.md §5.1).
 */
export function responseShapeFailure(tender: Tender, rr: RequirementResponse): unknown {
  const r = locateRequirement(tender, rr.requirement?.id, 'latest')?.requirement;
  if (!r) return null;
  if (r.expectedValues && present(rr.value)) return `only 'values' allowed in response for requirement ${r.id}`;
  if (!r.expectedValues && Array.isArray(rr.values)) return `only 'value' allowed in response for requirement ${r.id}`;
  for (const v of present(rr.value) ? [rr.value] : Array.isArray(rr.values) ? rr.values : []) {
    const c = convertToDataType(v, r.dataType);
    if (!c.ok) return { value: [c.error] };
  }
  return null;
}

/** The lot a criterion is tied to (directly, or through its item); undefined for the whole tender. */
function criterionLot(tender: Tender, c: Criterion): string | null | undefined {
  if (c.relatesTo === 'lot') return c.relatedItem;
  if (c.relatesTo === 'item') {
    const item = (tender.items ?? []).find((i) => i.id === c.relatedItem);
    return item ? (item.relatedLot ?? undefined) : null;
  }
  return undefined;
}

/** §5.4: every tenderer/winner criterion of the bid's scope answered by exactly one whole group. */
export function completenessFailure(tender: Tender, bid: Bid): string | null {
  const answered = new Set(responsesOf(bid).map((rr) => rr.requirement?.id));
  const bidLots = new Set((bid.lotValues ?? []).map((lv) => lv.relatedLot));
  const unanswered: string[] = [];
  const severalGroups: string[] = [];
  const partial: string[] = [];
  for (const c of criteriaOf(tender)) {
    const lot = criterionLot(tender, c);
    if (lot === null) continue;
    if (lot !== undefined && (bid.lotValues ?? []).length > 0 && !bidLots.has(lot)) continue;
    const source = c.source ?? 'tenderer';
    if (source !== 'tenderer' && source !== 'winner') continue;
    const live = c.requirementGroups.map((g) => (g.requirements ?? []).filter((r) => r.status !== 'cancelled'));
    if (!live.some((reqs) => reqs.some((r) => r.status === 'active'))) continue;
    const groups = live.filter((reqs) => reqs.some((r) => answered.has(r.id)));
    if (groups.length === 0) unanswered.push(c.id);
    else if (groups.length > 1) severalGroups.push(c.id);
    else if (!groups[0]!.every((r) => answered.has(r.id))) partial.push(c.id);
  }
  if (unanswered.length > 0) return `Responses are required for all criteria with source tenderer/winner, failed for criteria ${unanswered.join(', ')}`;
  if (severalGroups.length > 0) return `Responses are allowed for only one group of requirements per criterion, failed for criteria ${severalGroups.join(', ')}`;
  if (partial.length > 0) return `Responses are required for all requirements in a requirement group, failed for criteria ${partial.join(', ')}`;
  return null;
}

/**
 * The bid model's response rules (bid POST/PATCH): unique requirements, the shape of every response,
 * and, for a pending/active bid, each response's checks and then completeness.
 */
export function assertBidResponses(tender: Tender, bid: Bid): void {
  const responses = responsesOf(bid);
  const ids = responses.map((rr) => rr.requirement?.id);
  if (new Set(ids).size !== ids.length) throw dataError('requirementResponses', [{ requirement: 'Items should be unique by fields: requirement.id' }]);
  for (const rr of responses) {
    const shape = responseShapeFailure(tender, rr);
    if (shape) throw dataError('requirementResponses', shape);
  }
  if (bid.status !== 'pending' && bid.status !== 'active') return;
  for (const rr of responses) {
    const failure = responseFailure(tender, bid, rr, 'bid');
    if (failure !== null) throw dataError('requirementResponses', [failure]);
  }
  const missing = completenessFailure(tender, bid);
  if (missing) throw dataError('requirementResponses', [missing]);
}

/** Responses sent whole in an award (or qualification) PATCH: server ids, then §5.3 steps 1–4 while it is pending or active. */
export function assertHolderResponses(tender: Tender, holder: Record<string, unknown>, parent: ResponseParent): void {
  if (!Array.isArray(holder.requirementResponses)) return;
  holder.requirementResponses = withResponseIds(holder.requirementResponses as RequirementResponse[]);
  if (holder.status !== 'pending' && holder.status !== 'active') return;
  for (const rr of responsesOf(holder)) {
    const failure = responseShapeFailure(tender, rr) ?? responseFailure(tender, holder, rr, parent);
    if (failure !== null) throw dataError('requirementResponses', [failure]);
  }
}
