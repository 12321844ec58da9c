// Which OCDS release tags (releaseTag codelist, OCDS 1.1) a stored write earns, from the public
// views before and after it. Pure: two views in, tags out, in the codelist's order.

import { jsonEqual } from '../state/json-equal.ts';
import { list, type Json } from './ocds-snapshot.ts';

const TAG_ORDER = [
  'planning', 'planningUpdate',
  'tender', 'tenderAmendment', 'tenderUpdate', 'tenderCancellation',
  'award', 'awardUpdate', 'awardCancellation',
  'contract', 'contractUpdate', 'contractAmendment',
  'implementation', 'implementationUpdate', 'contractTermination',
] as const;

export type ReleaseTag = (typeof TAG_ORDER)[number];

/**
 * What the buyer announced: a change to one of these after the first release amends the tender
 * (`tenderAmendment`); any other change of the tender's own fields is news (`tenderUpdate`).
 */
const TENDER_TERMS = new Set([
  'title', 'title_en', 'description', 'description_en', 'items', 'value', 'lots', 'tenderPeriod',
  'enquiryPeriod', 'documents', 'features', 'criteria', 'milestones', 'guarantee', 'minimalStep',
  'mainProcurementCategory', 'procurementMethodRationale', 'funders', 'eligibilityCriteria',
]);

/** Fields every write moves, which are no news on their own. */
const BOOKKEEPING = new Set(['dateModified', 'next_check']);

const byCodelist = (tags: Set<ReleaseTag>): ReleaseTag[] => TAG_ORDER.filter((t) => tags.has(t));

/** Tags of objects kept in a list by id (awards, contracts): new ones, changed ones, ones that became cancelled. */
function listTags(before: unknown, after: unknown, added: ReleaseTag, changed: ReleaseTag, cancelled: ReleaseTag | null, tags: Set<ReleaseTag>): void {
  const old = new Map(list(before).map((x) => [x.id, x]));
  for (const x of list(after)) {
    const prior = old.get(x.id);
    if (!prior) tags.add(added);
    else if (!jsonEqual(prior, x)) tags.add(cancelled && x.status === 'cancelled' && prior.status !== 'cancelled' ? cancelled : changed);
  }
}

/** Tags of a tender write: `before` is null for the tender's first public state. */
export function tenderReleaseTags(before: Json | null, after: Json): ReleaseTag[] {
  if (before === null) return ['tender'];
  const tags = new Set<ReleaseTag>();
  if (after.status === 'cancelled' && before.status !== 'cancelled') tags.add('tenderCancellation');
  listTags(before.awards, after.awards, 'award', 'awardUpdate', 'awardCancellation', tags);
  listTags(before.contracts, after.contracts, 'contract', 'contractUpdate', null, tags);
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const k of keys) {
    if (k === 'awards' || k === 'contracts' || BOOKKEEPING.has(k) || jsonEqual(before[k], after[k])) continue;
    tags.add(TENDER_TERMS.has(k) ? 'tenderAmendment' : 'tenderUpdate');
  }
  if (tags.size === 0) tags.add('tenderUpdate');
  return byCodelist(tags);
}

/** Tags of a contracting write (the contract's own document, contracting.md). */
export function contractReleaseTags(before: Json | null, after: Json): ReleaseTag[] {
  if (before === null) return ['contract'];
  const tags = new Set<ReleaseTag>();
  if (after.status === 'terminated' && before.status !== 'terminated') tags.add('contractTermination');
  if (list(after.changes).length !== list(before.changes).length || !jsonEqual(before.changes, after.changes)) tags.add('contractAmendment');
  if (!jsonEqual(before.implementation, after.implementation) || !jsonEqual(before.transactions, after.transactions)) {
    tags.add(list(before.transactions).length === 0 && before.implementation === undefined ? 'implementation' : 'implementationUpdate');
  }
  if (tags.size === 0) tags.add('contractUpdate');
  return byCodelist(tags);
}

/** Tags of a plan write: its first public state plans the process, later ones update the plan. */
export function planReleaseTags(before: Json | null): ReleaseTag[] {
  return before === null ? ['planning'] : ['planningUpdate'];
}
