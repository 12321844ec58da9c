// The open family's system periods (open-procedures.md §1.1, §1.3): on every write before tendering
// ends, the enquiry period and the tender complaint period are counted back from the end of
// tendering; whatever a client sent for them is replaced. `invalidationDate` survives.
import { formatIso, parseIso } from '../../time/iso.ts';
import { addFullDays } from '../../time/working-days.ts';
import { daysOf } from '../durations.ts';
import type { Duration, TenderCtx } from '../procedure.ts';
import type { Tender } from '../tender.types.ts';

/** How far before the end of tendering each system period ends (calendar days from config keys). */
export interface OpenPeriodRegulation {
  /** enquiryPeriod.endDate = floor(tenderPeriod.endDate) − this (`enquiryPeriodRegulation`). */
  readonly enquiry: Duration;
  /** complaintPeriod.endDate = floor(tenderPeriod.endDate) − this (`tenderComplainRegulation`). */
  readonly complaint: Duration;
}

/** "N days before X": 00:00 of X's local date minus N days (no ceiling, open-procedures.md §0.2). */
function daysBefore(tc: TenderCtx, atMs: number, d: Duration): number {
  return addFullDays(atMs, -daysOf(tc, d), { working: d.working, calendar: tc.calendar, accelerator: tc.accelerator });
}

export function openPeriodsDerivation(regulation: OpenPeriodRegulation): (t: Tender, tc: TenderCtx) => void {
  return (t, tc) => {
    if (!tc.procedure.stages.beforeTenderingEnd.includes(t.status)) return;
    const tp = t.tenderPeriod;
    if (!tp?.endDate) return;
    if (!tp.startDate) tp.startDate = tc.nowIso;
    const end = parseIso(tp.endDate)?.ms;
    if (end === undefined) return;
    const invalidationDate = t.enquiryPeriod?.invalidationDate;
    t.enquiryPeriod = {
      startDate: tp.startDate,
      endDate: formatIso(daysBefore(tc, end, regulation.enquiry)),
      ...(invalidationDate === undefined ? {} : { invalidationDate }),
    };
    t.complaintPeriod = { startDate: tp.startDate, endDate: formatIso(daysBefore(tc, end, regulation.complaint)) };
  };
}
