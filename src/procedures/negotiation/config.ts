// negotiation / negotiation.quick data: tender config schemas and durations (open-procedures.md
// §0.2, §0.3). Award and cancellation complaints on, with a calendar-day stand-still (5 days,
// quick: 3) and a 10-day cancellation complaint period; nothing else runs on time.
import { limitedConfigSpec } from '../../core/tender/limited/limited-shape.ts';
import type { TenderConfigSpec } from '../../core/tender/tender-config.ts';
import type { ProcedureDurations } from '../../core/tender/procedure.ts';

const CANCELLATION_COMPLAINT_DAYS = 10;

export function negotiationConfig(awardComplainDuration: number): TenderConfigSpec {
  return limitedConfigSpec({ hasAwardComplaints: true, hasCancellationComplaints: true, awardComplainDuration, cancellationComplainDuration: CANCELLATION_COMPLAINT_DAYS });
}

export function negotiationDurations(awardComplainDuration: number): ProcedureDurations {
  return {
    minEnquiry: { days: 0, working: false, configKey: 'minEnquiriesDuration' },
    minTendering: { days: 0, working: false, configKey: 'minTenderingDuration' },
    clarifications: { days: 0, working: false, configKey: 'clarificationUntilDuration' },
    lotEditExtension: { days: 0, working: false },
    awardComplaint: { days: awardComplainDuration, working: false, configKey: 'awardComplainDuration' },
    claimAutoResolution: { days: 0, working: false },
    cancellationComplaint: { days: CANCELLATION_COMPLAINT_DAYS, working: false, configKey: 'cancellationComplainDuration' },
  };
}
