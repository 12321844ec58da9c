// Loads the holiday calendar of the standards package (below-threshold.md §0.2) from the configured
// STANDARDS_DIR, whose layout mirrors the `standards` package: `<dir>/calendars/workdays_off.json`
// (non-working dates) and `<dir>/calendars/weekends_on.json` (weekend dates worked), each if present.
// Both files are plain JSON arrays of `YYYY-MM-DD` strings. Without a directory only weekends count.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { WorkingCalendar } from './working-days.ts';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isRealDate(text: string): boolean {
  const match = DATE_RE.exec(text);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function readDateList(file: string): string[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`Holiday calendar ${file} is not readable JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(data)) {
    throw new Error(`Holiday calendar ${file} must be a JSON array of "YYYY-MM-DD" strings`);
  }
  data.forEach((entry, index) => {
    if (typeof entry !== 'string' || !isRealDate(entry)) {
      throw new Error(`Holiday calendar ${file}: entry ${index} (${JSON.stringify(entry)}) is not a "YYYY-MM-DD" date`);
    }
  });
  return data as string[];
}

/**
 * Build the working-day calendar. `standardsDir` undefined → weekends only. When given, the
 * directory must exist; each calendar file is read when present (like the other standards data,
 * see core/standards.ts). Throws an Error naming the file when one is malformed (a startup error).
 */
export function loadWorkingCalendar(standardsDir?: string): WorkingCalendar {
  if (standardsDir === undefined) return WorkingCalendar.weekendsOnly();
  if (!existsSync(standardsDir) || !statSync(standardsDir).isDirectory()) {
    throw new Error(`STANDARDS_DIR ${standardsDir} is not a directory`);
  }
  const offFile = join(standardsDir, 'calendars', 'workdays_off.json');
  const onFile = join(standardsDir, 'calendars', 'weekends_on.json');
  const holidays = existsSync(offFile) ? readDateList(offFile) : [];
  const workingWeekends = existsSync(onFile) ? readDateList(onFile) : [];
  return new WorkingCalendar(holidays, workingWeekends);
}
