// reporting data: tender config schema and durations (open-procedures.md §0.3). No periods, no
// complaints, no auction: every duration is zero.
import { fixedConfigSpec, type TenderConfigSpec } from '../../core/tender/tender-config.ts';
import type { ProcedureDurations } from '../../core/tender/procedure.ts';

/** Every key has one value: no auction, no complaints, no periods (the reference's order). */
export const REPORTING_CONFIG: TenderConfigSpec = fixedConfigSpec(
  {
    hasAuction: false,
    hasAwardingOrder: true,
    hasValueRestriction: true,
    valueCurrencyEquality: true,
    hasPrequalification: false,
    minBidsNumber: 1,
    hasPreSelectionAgreement: false,
    hasTenderComplaints: false,
    hasAwardComplaints: false,
    hasCancellationComplaints: false,
    hasValueEstimation: true,
    hasQualificationComplaints: false,
    tenderComplainRegulation: 0,
    qualificationComplainDuration: 0,
    awardComplainDuration: 0,
    cancellationComplainDuration: 0,
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

/** No tendering, no stand-still, no claims: every duration of a report is zero. */
export const REPORTING_DURATIONS: ProcedureDurations = {
  minEnquiry: { days: 0, working: false, configKey: 'minEnquiriesDuration' },
  minTendering: { days: 0, working: false, configKey: 'minTenderingDuration' },
  clarifications: { days: 0, working: false, configKey: 'clarificationUntilDuration' },
  lotEditExtension: { days: 0, working: false },
  awardComplaint: { days: 0, working: false, configKey: 'awardComplainDuration' },
  claimAutoResolution: { days: 0, working: false },
  cancellationComplaint: { days: 0, working: false, configKey: 'cancellationComplainDuration' },
};
