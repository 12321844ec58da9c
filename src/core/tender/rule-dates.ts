// Date gates (architecture.md §3.2 rule 5): rules that apply only to tenders created after a
// date. One table, read through `tenderCreatedAfter`; nobody compares these dates inline.
import { isoToMs } from '../time/iso.ts';
import type { Tender } from './tender.types.ts';

export const RULE_DATES = {
  /** `noLocalization` becomes a cancellation reason type (below-threshold.md §1.15). */
  noLocalizationCancellationReason: '2026-05-01T00:00:00+03:00',
  /** Contract documents of confidential causes must be `buyerOnly`, others public (open-procedures.md §6.5). */
  contractConfidentialDocuments: '2023-06-25T00:00:00+03:00',
  /** Limited procedures need `causeDetails` and refuse the legacy cause fields (open-procedures.md §6.2). */
  causeDetailsRequired: '2023-06-25T00:00:00+03:00',
  /** Each procedure serves only its own procuring entity kinds (open-procedures.md §0.4). */
  procuringEntityKindByProcedure: '2027-02-23T00:00:00+02:00',
  /** Open procedures state prices without VAT (open-procedures.md §1.1). */
  openValueWithoutVat: '2026-05-11T15:00:00+03:00',
  /** Criteria must say what they relate to (criteria.md §1.1). */
  criteriaRelatesToRequired: '2020-12-01T00:00:00+02:00',
  /** Criteria classifications from the standards, dataType rules, current required sets (criteria.md §0). */
  unifiedCriteriaRules: '2023-06-25T00:00:00+03:00',
  /** Every tender PATCH re-checks that criteria are unique (criteria.md §3.9). */
  criteriaUniqueOnTenderPatch: '2024-07-02T00:00:00+03:00',
} as const;

export type RuleDate = keyof typeof RULE_DATES;

/** Whether the tender was created after the gate (a tender without dateCreated counts as new). */
export function tenderCreatedAfter(tender: Tender, gate: RuleDate): boolean {
  const created = tender.dateCreated ?? tender.date;
  return created === undefined || isoToMs(created) > isoToMs(RULE_DATES[gate]);
}
