// The `criteria` list inside a tender write (criteria.md §3.9): a PATCH may send the whole list,
// which replaces the stored one; objects get their server ids and every list rule runs.
import type { TenderRule } from '../procedure.ts';
import { newCriterion } from './criterion.factory.ts';
import { assertPatchedCriteria } from './criteria.rules.ts';
import { criteriaOf } from './criterion.types.ts';

export const tenderCriteriaRule: TenderRule = (rc) => {
  if (!rc.procedure.criteria) return;
  const touched = rc.patch !== null && 'criteria' in rc.patch;
  if (touched) {
    const list = criteriaOf(rc.tender).map((c) => newCriterion(c as Record<string, unknown>, rc.nowIso, true));
    if (list.length > 0) rc.tender.criteria = list;
    else delete rc.tender.criteria;
  }
  assertPatchedCriteria(rc.tender, rc.before, touched, rc.standards);
};
