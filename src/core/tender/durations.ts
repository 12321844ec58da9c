// Procedure durations applied to a tender: the days come from the tender's config when the duration
// names a config key, the working/calendar flag from the procedure (open-procedures.md §0.2).
import { addFullDays } from '../time/working-days.ts';
import type { Duration, TenderCtx } from './procedure.ts';

type DurationCtx = Pick<TenderCtx, 'config' | 'calendar' | 'accelerator'>;

/** The days of `d` for this tender. */
export function daysOf(tc: Pick<TenderCtx, 'config'>, d: Duration): number {
  const configured = d.configKey === undefined ? undefined : tc.config[d.configKey];
  return typeof configured === 'number' ? configured : d.days;
}

/** `fromMs` plus the full days of `d` (midnight-rounded, working or calendar, sandbox-accelerated). */
export function addDuration(tc: DurationCtx, fromMs: number, d: Duration): number {
  return addFullDays(fromMs, daysOf(tc, d), { working: d.working, calendar: tc.calendar, accelerator: tc.accelerator });
}
