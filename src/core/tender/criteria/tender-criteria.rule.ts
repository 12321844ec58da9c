// The `criteria` list inside a tender write (criteria.md §3.9): a PATCH may send the whole list,
// which replaces the stored one; objects get their server ids and every list rule runs.
import type { TenderRule } from '../procedure.ts';
import { newCriterion } from './criterion.factory.ts';
import { assertPatchedCriteria } from './criteria.rules.ts';
import { criteriaOf, requirementsOf } from './criterion.types.ts';
import { forbidden } from '../../http/errors.ts';

export const tenderCriteriaRule: TenderRule = (rc) => {
  if (!rc.procedure.criteria) return;
  const touched = rc.patch !== null && 'criteria' in rc.patch;
  if (touched) {
    const list = criteriaOf(rc.tender).map((c) => newCriterion(c as Record<string, unknown>, rc.nowIso, true));
    if (list.length > 0) rc.tender.criteria = list;
    else delete rc.tender.criteria;
  }
  assertPatchedCriteria(rc.tender, rc.before, touched, rc.standards);
  // An item an active criterion is about keeps a quantity (criteria.md §7).
  if (rc.patch !== null && 'items' in rc.patch) {
    for (const item of rc.tender.items ?? []) {
      if (item.quantity !== 0) continue;
      const guarded = criteriaOf(rc.tender).some((c) => c.relatesTo === 'item' && c.relatedItem === item.id && requirementsOf(c).some((r) => r.status === 'active'));
      if (guarded) throw forbidden(`Can't set to 0 quantity of ${String(item.id)} item while related criterion has active requirements`);
    }
  }
};
