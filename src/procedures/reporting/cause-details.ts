// When a report must name its cause (open-procedures.md §6.2 "reporting exemption").
import { causeDetailsRule } from '../../core/tender/limited/cause-details.ts';
import type { Tender } from '../../core/tender/tender.types.ts';

/** Below these amounts (by `mainProcurementCategory`) a report needs no cause. */
const CAUSE_FREE_AMOUNT: Readonly<Record<string, number>> = { goods: 100000, services: 200000, works: 1500000 };

/**
 * A report needs a cause unless the entity is `other`, a rationale is given, or the value is
 * unknown or under the category's threshold.
 */
export function reportingCauseRequired(t: Tender): boolean {
  if (t.procuringEntity?.kind === 'other') return false;
  if (t.procurementMethodRationale) return false;
  const amount = t.value?.amount;
  const threshold = CAUSE_FREE_AMOUNT[String(t.mainProcurementCategory)];
  return typeof amount === 'number' && amount > 0 && threshold !== undefined && amount >= threshold;
}

export const applyReportingCauseDetails = causeDetailsRule(reportingCauseRequired);
