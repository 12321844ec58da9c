// belowThreshold data: tender config schema and durations (below-threshold.md §0.3).
import { fixedConfigKey, type TenderConfigSpec } from '../../core/tender/tender-config.ts';
import type { ProcedureDurations } from '../../core/tender/procedure.ts';

const fixed = fixedConfigKey;

export const BELOW_THRESHOLD_CONFIG: TenderConfigSpec = {
  hasAuction: { type: 'boolean', default: true },
  hasAwardingOrder: fixed(true),
  hasValueRestriction: { type: 'boolean', default: true },
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
  awardComplainDuration: fixed(2),
  cancellationComplainDuration: fixed(0),
  clarificationUntilDuration: fixed(1),
  qualificationDuration: fixed(0),
  minTenderingDuration: fixed(2),
  hasEnquiries: fixed(true),
  minEnquiriesDuration: fixed(3),
  enquiryPeriodRegulation: fixed(0),
  restricted: fixed(false),
  hasMultiSourcing: { ...fixed(false), optional: true },
};

export const BELOW_THRESHOLD_DURATIONS: ProcedureDurations = {
  minEnquiryWorkingDays: 3,
  minTenderingWorkingDays: 2,
  clarificationWorkingDays: 1,
  lotEditExtensionWorkingDays: 2,
};
