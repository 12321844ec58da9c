// The open family's tender config and durations (open-procedures.md §0.2, §0.3), built from each
// procedure's numbers: calendar-day periods (clarifications may count working days), complaints on
// the tender, its awards and its cancellations, no enquiry stage, no prequalification here.
import type { ConfigKeySpec, TenderConfigSpec } from '../tender-config.ts';
import { fixedConfigKey } from '../tender-config.ts';
import type { Duration, ProcedureDurations } from '../procedure.ts';
import type { OpenPeriodRegulation } from './open-periods.ts';

/** What one open procedure states; everything else is the family's. */
export interface OpenProcedureNumbers {
  readonly minTenderingDays: number;
  /** aboveThreshold lets the tender choose among these (the first listed is not the default: `minTenderingDays` is). */
  readonly minTenderingChoices?: readonly number[];
  readonly minBidsNumber: number;
  readonly hasValueRestrictionChoice: boolean;
  readonly tenderComplainDays: number;
  readonly enquiryRegulationDays: number;
  readonly clarificationDays: number;
  readonly clarificationsInWorkingDays: boolean;
  readonly awardComplainDays: number;
  /** Late tender edits need tenderPeriod.endDate at least this many calendar days ahead. */
  readonly extensionDays: number;
}

const CANCELLATION_COMPLAINT_DAYS = 10;

export interface OpenDurations extends ProcedureDurations {
  readonly awardDecision: Duration;
  readonly regulation: OpenPeriodRegulation;
}

export function openDurations(n: OpenProcedureNumbers): OpenDurations {
  return {
    minEnquiry: { days: 0, working: false, configKey: 'minEnquiriesDuration' },
    minTendering: { days: n.minTenderingDays, working: false, configKey: 'minTenderingDuration' },
    clarifications: { days: n.clarificationDays, working: n.clarificationsInWorkingDays, configKey: 'clarificationUntilDuration' },
    lotEditExtension: { days: n.extensionDays, working: false },
    awardComplaint: { days: n.awardComplainDays, working: false, configKey: 'awardComplainDuration' },
    claimAutoResolution: { days: 3, working: false },
    cancellationComplaint: { days: CANCELLATION_COMPLAINT_DAYS, working: false, configKey: 'cancellationComplainDuration' },
    awardDecision: { days: 5, working: true },
    regulation: {
      enquiry: { days: n.enquiryRegulationDays, working: false, configKey: 'enquiryPeriodRegulation' },
      complaint: { days: n.tenderComplainDays, working: false, configKey: 'tenderComplainRegulation' },
    },
  };
}

export function openConfigSpec(n: OpenProcedureNumbers): TenderConfigSpec {
  const fixed = fixedConfigKey;
  const minTendering: ConfigKeySpec = n.minTenderingChoices
    ? { type: 'integer', enum: n.minTenderingChoices, default: n.minTenderingDays }
    : fixed(n.minTenderingDays);
  return {
    hasAuction: { type: 'boolean', default: true },
    hasAwardingOrder: fixed(true),
    hasValueRestriction: n.hasValueRestrictionChoice ? { type: 'boolean', default: true } : fixed(true),
    valueCurrencyEquality: fixed(true),
    hasPrequalification: fixed(false),
    minBidsNumber: fixed(n.minBidsNumber),
    hasPreSelectionAgreement: fixed(false),
    hasTenderComplaints: fixed(true),
    hasAwardComplaints: fixed(true),
    hasCancellationComplaints: fixed(true),
    hasValueEstimation: fixed(true),
    hasQualificationComplaints: fixed(false),
    tenderComplainRegulation: fixed(n.tenderComplainDays),
    qualificationComplainDuration: fixed(0),
    awardComplainDuration: fixed(n.awardComplainDays),
    cancellationComplainDuration: fixed(CANCELLATION_COMPLAINT_DAYS),
    clarificationUntilDuration: fixed(n.clarificationDays),
    qualificationDuration: fixed(0),
    minTenderingDuration: minTendering,
    hasEnquiries: fixed(false),
    minEnquiriesDuration: fixed(0),
    enquiryPeriodRegulation: fixed(n.enquiryRegulationDays),
    restricted: fixed(false),
    hasMultiSourcing: { ...fixed(false), optional: true },
  };
}
