// The printed conformance report: per set, a line per replayed file with the emulations and the
// out-of-band steps behind it; then one table over the sets (files, status match, full match, gate).
import { NOT_IMPLEMENTED, type FileResult } from './replay.ts';
import { MIN_FULL_RATE, MIN_STATUS_RATE, type ConformanceSet } from './sets.ts';
import { stepKind, type StepKind } from './out-of-band.ts';

/** How the replay covers each kind of out-of-band step (see replay.ts, "Emulations"). */
const COVERAGE: Readonly<Record<StepKind, string>> = {
  documents: 'documents the recorded state shows',
  clock: 'status by the sandbox clock',
  api: 'state the recorded responses show',
  database: 'not emulable: only where the recorded state shows it',
  unknown: 'not emulable',
};

export interface ScenarioResult {
  scenario: string;
  results: FileResult[];
}

export interface SetReport {
  set: ConformanceSet;
  scenarios: ScenarioResult[];
  /** The replay itself failed (not a mismatch: an exception in the harness or the app's setup). */
  error?: unknown;
}

export interface Rates {
  files: number;
  status: number;
  full: number;
}

const fullMatch = (r: FileResult): boolean => r.statusOk && r.shapeOk && r.valuesOk;

/** Rates over a set's ORDER replay: recorded status, and full match (status + shape + values). */
export function orderRates(report: Pick<SetReport, 'scenarios'>): Rates {
  const results = report.scenarios.filter((s) => s.scenario === 'ORDER').flatMap((s) => s.results);
  const ratio = (n: number): number => (results.length === 0 ? 0 : n / results.length);
  return { files: results.length, status: ratio(results.filter((r) => r.statusOk).length), full: ratio(results.filter(fullMatch).length) };
}

/** Why the ORDER replay stopped early (`not implemented: …`, a 5xx, the time budget), if it did. */
export function orderStop(report: Pick<SetReport, 'scenarios'>): string | undefined {
  return report.scenarios.find((s) => s.scenario === 'ORDER')?.results.find((r) => r.skipped !== undefined)?.skipped;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

function cell(s: string, w: number): string {
  return s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w);
}

export function formatSetDetail(backend: string, report: SetReport): string {
  const { set } = report;
  const required = new Set(set.plan.requiredFiles ?? []);
  const yn = (ok: boolean, r: FileResult): string => (r.skipped !== undefined ? '-' : ok ? 'ok' : 'FAIL');
  const lines = [`=== conformance ${set.name} [${backend}] ===`];
  lines.push(`${cell('file', 50)} ${cell('rec', 4)} ${cell('ours', 4)} ${cell('status', 6)} ${cell('shape', 5)} ${cell('values', 6)} ${cell('req', 3)} first problem`);
  const emulations: string[] = [];
  for (const sr of report.scenarios) {
    lines.push(`--- ${sr.scenario}`);
    for (const r of sr.results) {
      lines.push(
        `${cell(r.file, 50)} ${cell(String(r.recordedStatus), 4)} ${cell(r.actualStatus === null ? '-' : String(r.actualStatus), 4)} ${cell(yn(r.statusOk, r), 6)} ${cell(yn(r.shapeOk, r), 5)} ${cell(yn(r.valuesOk, r), 6)} ${cell(required.has(r.file) ? '*' : '', 3)} ${(r.problems[0] ?? '').slice(0, 160)}`,
      );
      if (r.skipped !== undefined) continue;
      if (r.outOfBand.length > 0) {
        const steps = r.outOfBand.map((step) => `${step} (${COVERAGE[stepKind(step)]})`).join(', ');
        emulations.push(`  ${sr.scenario}/${r.file}: out of band in the recording: ${steps}${r.emulations.length === 0 ? '; no emulation was needed or possible' : ''}`);
      }
      for (const e of r.emulations) emulations.push(`  ${sr.scenario}/${r.file}: ${e}`);
    }
  }
  if (report.error !== undefined) lines.push(`replay error: ${String((report.error as Error)?.stack ?? report.error)}`);
  if (set.outOfBand.notes.length > 0) lines.push('OUT-OF-BAND.md notes:', ...set.outOfBand.notes.map((n) => `  ${n}`));
  if (emulations.length > 0) lines.push('emulations:', ...emulations);
  return lines.join('\n');
}

/** One line per set: ORDER files, recorded-status and full-match rates, and the gate. */
export function formatSummary(backend: string, reports: readonly SetReport[]): string {
  const lines = [`=== conformance summary [${backend}] (ORDER of each set) ===`, `${cell('set', 18)} ${cell('files', 5)} ${cell('status', 7)} ${cell('full', 7)} gate`];
  for (const report of reports) {
    const rates = orderRates(report);
    const stop = orderStop(report);
    const gate = report.set.gated
      ? `on (≥ ${pct(MIN_STATUS_RATE)} status, ≥ ${pct(MIN_FULL_RATE)} full)`
      : `off: ${stop?.startsWith(NOT_IMPLEMENTED) ? stop : 'procedure not marked implemented (IMPLEMENTED_SETS)'}`;
    lines.push(`${cell(report.set.name, 18)} ${cell(String(rates.files), 5)} ${cell(pct(rates.status), 7)} ${cell(pct(rates.full), 7)} ${gate}`);
  }
  return lines.join('\n');
}
