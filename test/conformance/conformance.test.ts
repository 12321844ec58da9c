// Conformance replay of every recorded set of the reference API (shared/conformance/<set>, one per
// folder with an ORDER) against our server, per backend.
//
//   npm test -- test/conformance
//   CONFORMANCE_DIR=/path/to/conformance npm test -- test/conformance/conformance.test.ts
//   CONFORMANCE_REPORT=/tmp/report.json ...   (also writes the per-file results as JSON)
//
// Every app gets the standards data the recordings' server had (STANDARDS_DIR, else data/ beside
// the conformance directory). Prints, per set, a line per file with the emulations of the recording's out-of-band work, then
// a summary table. A set in IMPLEMENTED_SETS (sets.ts) is gated: its ORDER must match ≥ 95 % of the
// recorded statuses and ≥ 90 % fully, and its plan's required files their status and shape. Any
// other set is replayed within a time budget and reported, not gated.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { buildTestApp, TEST_BACKENDS } from '../helpers/app.ts';
import { REFERENCE_DS_KEY } from '../helpers/reference-ds.ts';
import { updateStoredTender } from '../helpers/stored-tender.ts';
import { updateStoredPlan } from '../helpers/stored-plan.ts';
import { conformanceDir, createDsSigner, Replayer } from './replay.ts';
import { formatSetDetail, formatSummary, orderRates, type SetReport } from './report.ts';
import { conformanceSets, MIN_FULL_RATE, MIN_STATUS_RATE, recordingStandardsDir, REPORT_ONLY_BUDGET_MS, setScenarios, type ConformanceSet } from './sets.ts';

async function replaySet(set: ConformanceSet, backend: (typeof TEST_BACKENDS)[number], standardsDir: string | undefined): Promise<SetReport> {
  const report: SetReport = { set, scenarios: [] };
  const deadlineMs = set.gated ? undefined : Date.now() + REPORT_ONLY_BUDGET_MS;
  try {
    for (const scenario of setScenarios(set)) {
      const signer = createDsSigner();
      const t = await buildTestApp({
        backend,
        trustedDsKeys: [REFERENCE_DS_KEY, signer.publicKeyHex],
        feedWatermarkSeconds: 0,
        ...(standardsDir === undefined ? {} : { env: { STANDARDS_DIR: standardsDir } }),
      });
      try {
        const editStored = async (id: string, mutate: (tender: Record<string, unknown>) => void): Promise<void> => {
          await updateStoredTender(t, id, (tender) => mutate(tender as unknown as Record<string, unknown>));
        };
        const editStoredPlan = async (id: string, mutate: (plan: Record<string, unknown>) => void): Promise<void> => {
          await updateStoredPlan(t, id, mutate);
        };
        const replayer = new Replayer({ app: t.app, dir: set.dir, signer, outOfBand: set.outOfBand, deadlineMs, beforeFile: set.plan.beforeFile, editStored, editStoredPlan });
        report.scenarios.push({ scenario: scenario.name, results: await replayer.runFiles(scenario.files) });
      } finally {
        await t.close();
      }
    }
  } catch (e) {
    report.error = e;
  }
  return report;
}

const root = conformanceDir();

if (root === undefined) {
  test('conformance replay', { skip: 'conformance directory not found (set CONFORMANCE_DIR or place shared/ beside the repo)' }, () => {});
} else {
  const sets = conformanceSets(root);
  const standardsDir = recordingStandardsDir(root);
  const allReports: Record<string, SetReport[]> = {};

  for (const backend of TEST_BACKENDS) {
    describe(`conformance [${backend}]`, () => {
      const reports = new Map<string, SetReport>();
      before(async () => {
        for (const set of sets) {
          const report = await replaySet(set, backend, standardsDir);
          reports.set(set.name, report);
          console.log(formatSetDetail(backend, report));
        }
        allReports[backend] = [...reports.values()];
        console.log(formatSummary(backend, allReports[backend]));
      });
      after(() => {
        const out = process.env.CONFORMANCE_REPORT;
        if (out) writeFileSync(out, JSON.stringify(allReports, (k, v) => (k === 'set' ? v.name : k === 'error' && v !== undefined ? String(v) : v), 2));
      });

      const reportOf = (set: ConformanceSet): SetReport => {
        const report = reports.get(set.name);
        assert.ok(report, `${set.name} was not replayed`);
        if (report.error !== undefined) throw report.error;
        return report;
      };

      for (const set of sets) {
        if (!set.gated) {
          test(`${set.name}: replayed and reported (gate off until its procedure is in IMPLEMENTED_SETS)`, () => {
            const report = reportOf(set);
            const replayed = report.scenarios.find((s) => s.scenario === 'ORDER')?.results ?? [];
            assert.deepEqual(replayed.map((r) => r.file), set.order, 'every ORDER file has a result (replayed, or skipped with the reason)');
          });
          continue;
        }
        test(`${set.name}: the whole ORDER matches ≥ ${MIN_STATUS_RATE * 100}% of recorded statuses, ≥ ${MIN_FULL_RATE * 100}% fully`, () => {
          const rates = orderRates(reportOf(set));
          assert.ok(rates.files > 0, 'ORDER was replayed');
          assert.ok(rates.status >= MIN_STATUS_RATE, `recorded status rate ${(100 * rates.status).toFixed(1)}%`);
          assert.ok(rates.full >= MIN_FULL_RATE, `full match rate ${(100 * rates.full).toFixed(1)}%`);
        });
        for (const file of set.plan.requiredFiles ?? []) {
          test(`${set.name}/${file}: recorded status and body shape`, () => {
            const scenario = set.plan.requiredIn?.[file];
            const r = reportOf(set)
              .scenarios.filter((s) => scenario === undefined || s.scenario === scenario)
              .flatMap((s) => s.results)
              .find((x) => x.file === file);
            assert.ok(r, `${file} was not replayed`);
            const why = [...r.problems.slice(0, 8), ...r.emulations.map((e) => `emulation: ${e}`)].join('\n  ');
            assert.ok(r.statusOk, `status: recorded ${r.recordedStatus}, ours ${r.actualStatus}\n  ${why}`);
            assert.ok(r.shapeOk, `shape differs\n  ${why}`);
          });
        }
      }
    });
  }
}
