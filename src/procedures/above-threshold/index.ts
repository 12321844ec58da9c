// aboveThreshold (open-procedures.md §5): the open family with 7 or 15 days of tendering (the
// tender's choice), one bid enough (awarded without an auction), shorter regulations (3 days),
// clarifications in calendar days, a 5-day stand-still, an optional value restriction and the
// extra cancellation reason `noOffer`; its contracts change under the martial-law (decree 1178) rationales.
import { openProcedure } from '../../core/tender/open/open-procedure.ts';
import { OPEN_REQUIRED_CRITERIA } from '../../core/tender/open/open-criteria.ts';
import { DECREE1178_RATIONALE_TYPES } from '../../core/contracting/rationale-types.ts';

export const aboveThreshold = openProcedure({
  type: 'aboveThreshold',
  numbers: {
    minTenderingDays: 15,
    minTenderingChoices: [7, 15],
    minBidsNumber: 1,
    hasValueRestrictionChoice: true,
    tenderComplainDays: 3,
    enquiryRegulationDays: 3,
    clarificationDays: 3,
    clarificationsInWorkingDays: false,
    awardComplainDays: 5,
    extensionDays: 4,
  },
  cancellationReasonTypes: ['noDemand', 'unFixable', 'forceMajeure', 'expensesCut', 'noOffer'],
  rationaleTypes: DECREE1178_RATIONALE_TYPES,
  requiredCriteria: OPEN_REQUIRED_CRITERIA,
});
