// Period arithmetic of below-threshold.md §0.2 ("N full days after T"), on Kyiv wall-clock time.
// The algorithm mirrors the reference's date library (dateorro 0.0.3, `calc_working_datetime` with
// `midnight=True`, after `calc_normalized_datetime`), re-derived from the spec's worked examples.

import { kyivDayNumber, kyivMidnightOfDay, resolveKyivWallMs, toKyivWallMs } from './kyiv.ts';

const MS_PER_DAY = 86_400_000;

function dayNumberOf(localDate: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(localDate);
  if (!match) throw new RangeError(`Not a local date (YYYY-MM-DD): ${JSON.stringify(localDate)}`);
  const t = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Math.floor(t / MS_PER_DAY);
}

function isoDateOf(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * Which Kyiv calendar days are working days: Monday–Friday, minus listed holidays, plus listed
 * working weekend days. A date listed in both sets is non-working.
 */
export class WorkingCalendar {
  private readonly nonWorking: ReadonlySet<number>;
  private readonly workingWeekends: ReadonlySet<number>;

  constructor(nonWorkingDates: Iterable<string> = [], workingWeekendDates: Iterable<string> = []) {
    this.nonWorking = new Set([...nonWorkingDates].map(dayNumberOf));
    this.workingWeekends = new Set([...workingWeekendDates].map(dayNumberOf));
  }

  /** Only Saturdays and Sundays are non-working (no holiday data configured). */
  static weekendsOnly(): WorkingCalendar {
    return new WorkingCalendar();
  }

  /** `localDate` is a Kyiv calendar date `YYYY-MM-DD`. */
  isWorkingDay(localDate: string): boolean {
    return this.isWorkingDayNumber(dayNumberOf(localDate));
  }

  /** Same, for a day number (days since 1970-01-01 of the local calendar). */
  isWorkingDayNumber(dayNumber: number): boolean {
    if (this.nonWorking.has(dayNumber)) return false;
    const dow = (((dayNumber + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
    const weekend = dow === 0 || dow === 6;
    return !weekend || this.workingWeekends.has(dayNumber);
  }

  /** Listed holidays, sorted (for diagnostics). */
  holidays(): string[] {
    return [...this.nonWorking].sort((a, b) => a - b).map(isoDateOf);
  }

  /** Listed working weekend days, sorted (for diagnostics). */
  workingWeekendDays(): string[] {
    return [...this.workingWeekends].sort((a, b) => a - b).map(isoDateOf);
  }
}

export interface FullDaysOptions {
  /** true = working days, false = calendar days. */
  working: boolean;
  calendar: WorkingCalendar;
  /** Sandbox `accelerator=N` (platform.md §7.8): plain `days / N` of real time, no normalisation. */
  accelerator?: number;
}

/** Python `timedelta / n` rounds to whole microseconds, half to even. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * "N full days after T" (negative N: before T), below-threshold.md §0.2.
 *
 * Forward: S = T when T is exactly 00:00:00.000000 Kyiv time, else the next local midnight; then
 * S + N calendar days, or for working days: move S to the next working day's 00:00 if needed, step
 * over N−1 further working days, and add one calendar day (= 24:00 of the N-th working day, even
 * when the following day is non-working).
 * Backward: S = T truncated to 00:00; calendar days subtract; working days move a non-working S to
 * the end (next-day 00:00) of the previous working day, step back N−1 working days, then one more.
 * Zero days: calendar → S truncated (the reference floors for a non-positive delta); working → RangeError.
 */
export function addFullDays(startMs: number, days: number, opts: FullDaysOptions): number {
  if (!Number.isInteger(days)) throw new RangeError(`Full-day durations must be whole days, got ${days}`);
  if (opts.accelerator !== undefined && opts.accelerator > 0) {
    const micros = roundHalfEven((days * MS_PER_DAY * 1000) / opts.accelerator);
    return startMs + micros / 1000;
  }
  const wall = toKyivWallMs(startMs);
  const day = Math.floor(wall / MS_PER_DAY);
  const exactMidnight = wall === day * MS_PER_DAY;

  if (days > 0) {
    let s = exactMidnight ? day : day + 1;
    if (!opts.working) return kyivMidnightOfDay(s + days);
    const cal = opts.calendar;
    while (!cal.isWorkingDayNumber(s)) s += 1;
    for (let i = 1; i < days; i++) {
      s += 1;
      while (!cal.isWorkingDayNumber(s)) s += 1;
    }
    return kyivMidnightOfDay(s + 1);
  }

  if (days === 0) {
    if (opts.working) throw new RangeError('A working-day duration cannot be zero');
    return kyivMidnightOfDay(day);
  }

  const n = -days;
  let s = day; // floor: exact midnight stays, anything later truncates to this day's 00:00
  if (!opts.working) return kyivMidnightOfDay(s - n);
  const cal = opts.calendar;
  if (!cal.isWorkingDayNumber(s)) {
    let d = s;
    while (!cal.isWorkingDayNumber(d)) d -= 1;
    s = d + 1;
  }
  for (let i = 0; i < n; i++) {
    s -= 1;
    while (!cal.isWorkingDayNumber(s)) s -= 1;
  }
  return kyivMidnightOfDay(s);
}

export interface CalendarDuration {
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
}

/**
 * Plain (non-"full") addition, below-threshold.md §0.2: add the duration to the Kyiv wall clock and
 * re-attach the Kyiv offset, so across a DST switch the real elapsed time is 1 h shorter or longer
 * (e.g. the 3-day claim auto-resolution is 71 h or 73 h). A repeated autumn hour resolves to winter
 * time and a spring-gap result moves forward, as pytz `localize` does in the reference.
 * With a sandbox accelerator N > 0 the duration / N is added to the instant instead.
 */
export function addCalendarDuration(ms: number, duration: CalendarDuration, opts: { accelerator?: number } = {}): number {
  const delta =
    (duration.days ?? 0) * MS_PER_DAY +
    (duration.hours ?? 0) * 3_600_000 +
    (duration.minutes ?? 0) * 60_000 +
    (duration.seconds ?? 0) * 1000;
  if (opts.accelerator !== undefined && opts.accelerator > 0) {
    return ms + roundHalfEven((delta * 1000) / opts.accelerator) / 1000;
  }
  return resolveKyivWallMs(toKyivWallMs(ms) + delta, 'later').ms;
}

/** Kyiv calendar date `YYYY-MM-DD` of an instant. */
export function kyivDateOf(ms: number): string {
  return isoDateOf(kyivDayNumber(ms));
}
