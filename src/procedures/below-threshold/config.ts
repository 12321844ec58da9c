// belowThreshold data: durations and the tender config schema built from them (below-threshold.md §0.3).
import { fixedConfigKey, type TenderConfigSpec } from '../../core/tender/tender-config.ts';
import type { Duration, ProcedureDurations } from '../../core/tender/procedure.ts';

/** Every duration of the procedure, once; the config keys that state them are built from these. */
export const BELOW_THRESHOLD_DURATIONS = {
  minEnquiry: { days: 3, working: true, configKey: 'minEnquiriesDuration' },
  minTendering: { days: 2, working: true, configKey: 'minTenderingDuration' },
  clarifications: { days: 1, working: true, configKey: 'clarificationUntilDuration' },
  lotEditExtension: { days: 2, working: true },
  awardComplaint: { days: 2, working: true, configKey: 'awardComplainDuration' },
  claimAutoResolution: { days: 3, working: false },
  cancellationComplaint: { days: 0, working: false, configKey: 'cancellationComplainDuration' },
  /** The owner's decision window on a new award (`award.period`). */
  awardDecision: { days: 5, working: true },
  /** Funders' tendering edits need tenderPeriod.endDate ≥ now + this. */
  tenderingEditExtension: { days: 2, working: true },
} as const satisfies ProcedureDurations & Record<string, Duration>;

const fixed = fixedConfigKey;

const d = BELOW_THRESHOLD_DURATIONS;

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
  awardComplainDuration: fixed(d.awardComplaint.days),
  cancellationComplainDuration: fixed(0),
  clarificationUntilDuration: fixed(d.clarifications.days),
  qualificationDuration: fixed(0),
  minTenderingDuration: fixed(d.minTendering.days),
  hasEnquiries: fixed(true),
  minEnquiriesDuration: fixed(d.minEnquiry.days),
  enquiryPeriodRegulation: fixed(0),
  restricted: fixed(false),
  hasMultiSourcing: { ...fixed(false), optional: true },
};
