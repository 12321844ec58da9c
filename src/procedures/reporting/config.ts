// reporting data: tender config schema and durations (open-procedures.md §0.3). No periods, no
// complaints, no auction: every duration is zero.
import type { TenderConfigSpec } from '../../core/tender/tender-config.ts';
import { limitedConfigSpec } from '../../core/tender/limited/limited-shape.ts';
import type { ProcedureDurations } from '../../core/tender/procedure.ts';

/** Every key has one value: no auction, no complaints, no periods. */
export const REPORTING_CONFIG: TenderConfigSpec = limitedConfigSpec({
  hasAwardComplaints: false,
  hasCancellationComplaints: false,
  awardComplainDuration: 0,
  cancellationComplainDuration: 0,
});

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
