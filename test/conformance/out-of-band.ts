// A set's OUT-OF-BAND.md: what the reference's recording test did outside the recorded exchanges.
// Lines this reader knows:
//   - out-of-band before <file>: <step>, <step>, ...   (db: edits, unrecorded API calls, clock ticks)
//   - skip <path>: <why>                               (a recording not kept in the set)
//   - flag <path>: <note>
//   - recorded under mock <name>: <file>, <file>
// Any other list line is kept as a note. A missing file is an empty record.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface OutOfBand {
  /** file → the steps the recording test took just before it. */
  before: ReadonlyMap<string, readonly string[]>;
  /** Every other entry, one printable line each (skips, flags, mocks, unknown lines). */
  notes: readonly string[];
}

/** How the replay stands in for an out-of-band step. */
export type StepKind = 'documents' | 'clock' | 'api' | 'database' | 'unknown';

export function readOutOfBand(dir: string): OutOfBand {
  const path = join(dir, 'OUT-OF-BAND.md');
  return parseOutOfBand(existsSync(path) ? readFileSync(path, 'utf8') : '');
}

export function parseOutOfBand(text: string): OutOfBand {
  const before = new Map<string, string[]>();
  const notes: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith('- ')) continue;
    const entry = line.slice(2);
    const m = /^out-of-band before (\S+\.http): (.+)$/.exec(entry);
    if (m) {
      const steps = m[2]!.split(',').map((s) => s.trim()).filter((s) => s !== '');
      before.set(basename(m[1]!), [...(before.get(basename(m[1]!)) ?? []), ...steps]);
    } else {
      notes.push(entry);
    }
  }
  return { before, notes };
}

/**
 * What kind of state an out-of-band step made: unrecorded document uploads, time (a status set in
 * the database, the chronograph, a tick), other API calls, or other database edits. The replay
 * reproduces documents and time from what the recorded responses show (and runs the chronograph
 * where a check is listed); the rest it can only report.
 */
export function stepKind(step: string): StepKind {
  if (/^add_\w*doc$/.test(step)) return 'documents';
  if (step === 'tick' || step === 'check_chronograph' || /^db:set_(status|\w*_end)$/.test(step)) return 'clock';
  if (step.startsWith('app.')) return 'api';
  if (step.startsWith('db:')) return 'database';
  return 'unknown';
}
