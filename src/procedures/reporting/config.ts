// reporting data: tender config schema and durations (open-procedures.md §0.3). No periods, no
// complaints, no auction: every duration is zero.
import { fixedConfigKey, type TenderConfigSpec } from '../../core/tender/tender-config.ts';
import type { ProcedureDurations } from '../../core/tender/procedure.ts';

const fixed = fixedConfigKey;

export const REPORTING_CONFIG: TenderConfigSpec = {
  hasAuction: fixed(false),
  hasAwardingOrder: fixed(true),
  hasValueRestriction: fixed(true),
  valueCurrencyEquality: fixed(true),
  hasPrequalification: fixed(false),
  minBidsNumber: fixed(1),
  hasPreSelectionAgreement: fixed(false),
  hasTenderComplaints: fixed(false),
  hasAwardComplaints: fixed(false),
  hasCancellationComplaints: fixed(false),
  hasValueEstimation: fixed(true),
  hasQualificationComplaints: fixed(false),
  tenderComplainRegulation: fixed(0),
  qualificationComplainDuration: fixed(0),
  awardComplainDuration: fixed(0),
  cancellationComplainDuration: fixed(0),
  clarificationUntilDuration: fixed(0),
  qualificationDuration: fixed(0),
  minTenderingDuration: fixed(0),
  hasEnquiries: fixed(false),
  minEnquiriesDuration: fixed(0),
  enquiryPeriodRegulation: fixed(0),
  restricted: fixed(false),
  hasMultiSourcing: { ...fixed(false), optional: true },
};

/** No tendering, no stand-still, no claims: every duration of a report is zero. */
export const REPORTING_DURATIONS: ProcedureDurations = {
  minEnquiry: { days: 0, working: false, configKey: 'minEnquiriesDuration' },
  minTendering: { days: 0, working: false, configKey: 'minTenderingDuration' },
  clarifications: { days: 0, working: false, configKey: 'clarificationUntilDuration' },
  lotEditExtension: { days: 0, working: false },
  awardComplaint: { days: 0, working: false, configKey: 'awardComplainDuration' },
  claimAutoResolution: { days: 0, working: false },
};
