// aboveThresholdUA (open-procedures.md §3): the open family with 15 calendar days of tendering, two
// bids at least, clarifications in working days and a 10-day award stand-still; 13 required
// criteria (the EU set plus payment of taxes).
import { openProcedure } from '../../core/tender/open/open-procedure.ts';
import type { OpenProcedureNumbers } from '../../core/tender/open/open-config.ts';
import { OPEN_REQUIRED_CRITERIA } from '../../core/tender/open/open-criteria.ts';
import { LAW922_RATIONALE_TYPES } from '../../core/contracting/rationale-types.ts';

/** UA's numbers; aboveThresholdEU states its own as a delta of these. */
export const UA_NUMBERS: OpenProcedureNumbers = {
  minTenderingDays: 15,
  minBidsNumber: 2,
  hasValueRestrictionChoice: false,
  tenderComplainDays: 4,
  enquiryRegulationDays: 10,
  clarificationDays: 3,
  clarificationsInWorkingDays: true,
  awardComplainDays: 10,
  extensionDays: 7,
};

export const UA_CANCELLATION_REASONS: readonly string[] = ['noDemand', 'unFixable', 'forceMajeure', 'expensesCut'];

export const aboveThresholdUA = openProcedure({
  type: 'aboveThresholdUA',
  numbers: UA_NUMBERS,
  cancellationReasonTypes: UA_CANCELLATION_REASONS,
  rationaleTypes: LAW922_RATIONALE_TYPES,
  requiredCriteria: { ...OPEN_REQUIRED_CRITERIA, 'CRITERION.EXCLUSION.CONTRIBUTIONS.PAYMENT_OF_TAXES': ['required'] },
});
