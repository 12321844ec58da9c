// negotiation / negotiation.quick data: tender config schemas and durations (open-procedures.md
// §0.2, §0.3). No tendering, auction or tender complaints; award and cancellation complaints on,
// with a calendar-day stand-still (5 days, quick: 3) and a 10-day cancellation complaint period.
import { fixedConfigSpec, type TenderConfigSpec } from '../../core/tender/tender-config.ts';
import type { ProcedureDurations } from '../../core/tender/procedure.ts';

/** Every key has one value (the reference's order); only the stand-still differs between the two. */
export function negotiationConfig(awardComplainDuration: number): TenderConfigSpec {
  return fixedConfigSpec(
    {
      hasAuction: false,
      hasAwardingOrder: true,
      hasValueRestriction: true,
      valueCurrencyEquality: true,
      hasPrequalification: false,
      minBidsNumber: 1,
      hasPreSelectionAgreement: false,
      hasTenderComplaints: false,
      hasAwardComplaints: true,
      hasCancellationComplaints: true,
      hasValueEstimation: true,
      hasQualificationComplaints: false,
      tenderComplainRegulation: 0,
      qualificationComplainDuration: 0,
      awardComplainDuration,
      cancellationComplainDuration: 10,
      clarificationUntilDuration: 0,
      qualificationDuration: 0,
      minTenderingDuration: 0,
      hasEnquiries: false,
      minEnquiriesDuration: 0,
      enquiryPeriodRegulation: 0,
      restricted: false,
      hasMultiSourcing: false,
    },
    ['hasMultiSourcing'],
  );
}

export function negotiationDurations(awardComplainDuration: number): ProcedureDurations {
  return {
    minEnquiry: { days: 0, working: false, configKey: 'minEnquiriesDuration' },
    minTendering: { days: 0, working: false, configKey: 'minTenderingDuration' },
    clarifications: { days: 0, working: false, configKey: 'clarificationUntilDuration' },
    lotEditExtension: { days: 0, working: false },
    awardComplaint: { days: awardComplainDuration, working: false, configKey: 'awardComplainDuration' },
    claimAutoResolution: { days: 0, working: false },
    cancellationComplaint: { days: 10, working: false, configKey: 'cancellationComplainDuration' },
  };
}
