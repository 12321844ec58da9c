// Conformance replay of the reference API's recorded belowThreshold tutorial
// (shared/conformance/below-threshold) against our server, per backend.
//
//   npx node --test test/conformance/
//   CONFORMANCE_DIR=/path/to/conformance npx node --test test/conformance/below-threshold.test.ts
//   CONFORMANCE_REPORT=/tmp/report.json ...   (also writes the per-file results as JSON)
//
// Prints a per-file table and totals; ASSERTS status and shape only for
// REQUIRED_FILES (extend that list as the server grows). Everything else is
// replayed and reported, not asserted.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { conformanceDir, createDsSigner, readOrder, REPLAY_DS_KEY, Replayer, type FileResult } from './replay.ts';
import { CANCELLATION_FILES, RECORDED_AWARD_FILES } from './recorded-files.ts';

/** Files whose recorded status and body shape our server must reproduce. */
export const REQUIRED_FILES: readonly string[] = [
  // ORDER, from the first step through patch-tender-funders
  'tender-post-attempt-json-data.http',
  'blank-tender-view.http',
  'initial-tender-listing.http',
  'tender-add-lot.http',
  'tender-add-relatedLot-to-item.http',
  'notice-document-required.http',
  'add-notice-document.http',
  'tender-activating.http',
  'active-tender-listing-no-auth.http',
  'create-tender-procuringEntity.http',
  'tender-listing-after-procuringEntity.http',
  'create-tender-funders.http',
  'patch-items-value-periods.http',
  'tender-listing-after-patch.http',
  'set-bid-guarantee.http',
  'patch-tender-funders.http',
  // ORDER: the documents part
  'upload-tender-notice.http',
  'tender-documents.http',
  'tender-document-add-documentType.http',
  'tender-document-edit-docType-desc.http',
  'upload-award-criteria.http',
  'tender-documents-2.http',
  'update-award-criteria.http',
  'tender-documents-3.http',
  'tender-documents-3-all.http',
  // the clock moved to tendering (status fixup)
  'update-tender-after-enquiry.http',
  // bids and their documents
  'register-bidder.http',
  'activate-bidder-without-proposal.http',
  'upload-bid-proposal.http',
  'activate-bidder.http',
  'bidder-documents.http',
  'register-bidder-invalid.http',
  'patch-pending-bid.http',
  'activate-bidder-without-sign.http',
  'register-2nd-bidder.http',
  // the auction's urls (the built-in auction sets them when the tender enters active.auction)
  'auction-url.http',
  'bidder-participation-url.http',
  'bidder2-participation-url.http',
  // questions
  'ask-question.http',
  'answer-question.http',
  'list-question.http',
  'get-answer.http',
  // awards (the built-in auction reports when the clock passes its start)
  ...RECORDED_AWARD_FILES,
  // side scenarios: document deletion
  'delete-tender-doc-invalid.http',
  'delete-tender-doc.http',
  // side scenario: cancellation of the tutorial's tender in tendering
  ...CANCELLATION_FILES,
  // side scenario: inspector and review requests (the other three review-request files were
  // recorded on a tender in the awarding stage, which this scenario's tender never reaches)
  'tender-with-inspector-post-without-funders.http',
  'tender-with-inspector-post-success.http',
  'patch-tender-inspector-success.http',
  'post-tender-review-request-already-exist.http',
  'patch-tender-with-unanswered-review-request.http',
  'patch-tender-period-with-review-request.http',
  'patch-tender-review-request-false.http',
  'second-patch-tender-review-request-false.http',
  // side scenario: two-phase commit
  'tender-post-attempt-json.http',
  'tender-post-2pc.http',
  'tender-patch-2pc.http',
];

/** Side scenarios, each replayed on a fresh app, in this order. */
export const SIDE_SCENARIOS: Readonly<Record<string, readonly string[]>> = {
  '2pc': ['tender-post-attempt-json.http', 'tender-post-2pc.http', 'tender-patch-2pc.http'],
  inspector: [
    'tender-with-inspector-post-without-funders.http',
    'tender-with-inspector-post-success.http',
    'patch-tender-inspector-success.http',
    'post-review-request-without-lot-id.http',
    'post-review-request-without-active-award.http',
    'post-tender-review-request-success.http',
    'post-tender-review-request-already-exist.http',
    'patch-tender-with-unanswered-review-request.http',
    'patch-tender-period-with-review-request.http',
    'patch-tender-review-request-true.http',
    'patch-tender-review-request-false.http',
    'second-patch-tender-review-request-false.http',
  ],
};
/**
 * Required files asserted in a side scenario rather than where ORDER replays them (ORDER reaches
 * them only through steps not implemented yet).
 */
export const REQUIRED_IN_SCENARIO: Readonly<Record<string, string>> = Object.fromEntries(CANCELLATION_FILES.map((f) => [f, 'cancellation']));

/** Replayed on the ORDER app after ORDER (they refer to the tutorial's tender). */
export const AFTER_ORDER: readonly string[] = [];

/**
 * Side scenarios built from ORDER. The deletion files refer to the tutorial's tender, but in
 * states ORDER passes through: refused while `active.enquiries` (replayed right after the
 * tutorial's first document upload there, not after ORDER, where later steps and the chronograph
 * have moved the tender on), and allowed on a draft tender (replayed right after its creation;
 * the deleted document is re-created from the recorded response).
 */
export function orderScenarios(order: readonly string[]): Record<string, string[]> {
  const firstUpload = order.indexOf('upload-tender-notice.http');
  // The tutorial cancels its tender after awarding; the recorded exchanges look the same for a
  // tender in tendering, which ORDER reaches right after the enquiry-period steps.
  const tendering = order.indexOf('update-tender-after-enquiry.http');
  return {
    cancellation: tendering < 0 ? [] : [...order.slice(0, tendering + 1), ...CANCELLATION_FILES.filter((f) => order.includes(f))],
    'delete-doc-active': firstUpload < 0 ? [] : [...order.slice(0, firstUpload + 1), 'delete-tender-doc-invalid.http'],
    'delete-doc-draft': order.length === 0 ? [] : [order[0]!, 'delete-tender-doc.http'],
  };
}

interface TestAppLike {
  app: FastifyInstance;
  close(): Promise<void>;
}
type BuildTestApp = (opts?: {
  backend?: 'sqlite' | 'postgres';
  sandbox?: boolean;
  trustedDsKeys?: string[];
  feedWatermarkSeconds?: number;
}) => Promise<TestAppLike>;

export interface ScenarioResult {
  scenario: string;
  results: FileResult[];
}

/** Scenario name → files: ORDER (+ AFTER_ORDER), the side scenarios, and any other file in "others". */
export function scenarios(dir: string): Array<{ name: string; files: string[] }> {
  const order = readOrder(dir);
  const all = readdirSync(dir).filter((f) => f.endsWith('.http')).sort();
  const list = [{ name: 'ORDER', files: [...order, ...AFTER_ORDER.filter((f) => all.includes(f))] }];
  for (const [name, files] of Object.entries({ ...SIDE_SCENARIOS, ...orderScenarios(order) })) list.push({ name, files: files.filter((f) => all.includes(f)) });
  const covered = new Set(list.flatMap((s) => s.files));
  const others = all.filter((f) => !covered.has(f));
  if (others.length > 0) list.push({ name: 'others', files: others });
  return list;
}

function cell(s: string, w: number): string {
  return s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w);
}

export function formatTable(title: string, scenarioResults: readonly ScenarioResult[]): string {
  const lines: string[] = [];
  const yn = (b: boolean, r: FileResult): string => (r.skipped !== undefined ? '-' : b ? 'ok' : 'FAIL');
  lines.push(`=== conformance below-threshold [${title}] ===`);
  lines.push(
    `${cell('file', 50)} ${cell('rec', 4)} ${cell('ours', 4)} ${cell('status', 6)} ${cell('shape', 5)} ${cell('values', 6)} ${cell('req', 3)} first problem`,
  );
  let total = 0;
  let statusOk = 0;
  let full = 0;
  const fixupLines: string[] = [];
  for (const sr of scenarioResults) {
    lines.push(`--- ${sr.scenario}`);
    for (const r of sr.results) {
      total++;
      if (r.statusOk) statusOk++;
      if (r.statusOk && r.shapeOk && r.valuesOk) full++;
      const req = REQUIRED_FILES.includes(r.file) ? '*' : '';
      lines.push(
        `${cell(r.file, 50)} ${cell(String(r.recordedStatus), 4)} ${cell(r.actualStatus === null ? '-' : String(r.actualStatus), 4)} ${cell(yn(r.statusOk, r), 6)} ${cell(yn(r.shapeOk, r), 5)} ${cell(yn(r.valuesOk, r), 6)} ${cell(req, 3)} ${(r.problems[0] ?? '').slice(0, 160)}`,
      );
      for (const f of r.fixups) fixupLines.push(`  ${sr.scenario}/${r.file}: ${f}`);
    }
  }
  const pct = (n: number): string => (total === 0 ? '0.0' : ((100 * n) / total).toFixed(1));
  const order = orderRates(scenarioResults);
  lines.push(`ORDER: exchanges: ${order.total}; recorded status: ${(100 * order.status).toFixed(1)}%; full match: ${(100 * order.full).toFixed(1)}%`);
  lines.push(`all scenarios: exchanges: ${total}; recorded status: ${statusOk} (${pct(statusOk)}%); full match: ${full} (${pct(full)}%)`);
  if (fixupLines.length > 0) lines.push('fixups applied:', ...fixupLines);
  return lines.join('\n');
}

/** Rates over the tutorial's ORDER replay: recorded status, and full match (status + shape + values). */
export function orderRates(scenarioResults: readonly ScenarioResult[]): { total: number; status: number; full: number } {
  const results = scenarioResults.filter((s) => s.scenario === 'ORDER').flatMap((s) => s.results);
  const total = results.length;
  const ratio = (n: number): number => (total === 0 ? 0 : n / total);
  return {
    total,
    status: ratio(results.filter((r) => r.statusOk).length),
    full: ratio(results.filter((r) => r.statusOk && r.shapeOk && r.valuesOk).length),
  };
}

/** Issue 6's bar for the whole ORDER replay. */
const ORDER_MIN_STATUS_RATE = 0.95;
const ORDER_MIN_FULL_RATE = 0.9;

const dir = conformanceDir();
const appHelper = fileURLToPath(new URL('../helpers/app.ts', import.meta.url));
const skipReason =
  dir === undefined
    ? `conformance directory not found (set CONFORMANCE_DIR or place shared/ beside the repo): skipping replay`
    : !existsSync(appHelper)
      ? `test/helpers/app.ts not found: skipping replay`
      : undefined;

const backendNames: Array<'sqlite' | 'postgres'> = ['sqlite'];
if (process.env.DATABASE_URL) backendNames.push('postgres');

if (skipReason !== undefined) {
  test('conformance below-threshold replay', { skip: skipReason }, () => {});
} else {
  const btDir = join(dir!, 'below-threshold');
  const allReports: Record<string, ScenarioResult[]> = {};

  for (const backend of backendNames) {
    describe(`conformance below-threshold [${backend}]`, () => {
      const scenarioResults: ScenarioResult[] = [];
      let setupError: unknown;

      before(async () => {
        try {
          const helperUrl = new URL('../helpers/app.ts', import.meta.url).href;
          const { buildTestApp } = (await import(helperUrl)) as { buildTestApp: BuildTestApp };
          for (const sc of scenarios(btDir)) {
            const signer = createDsSigner();
            const testApp = await buildTestApp({
              backend,
              sandbox: true,
              trustedDsKeys: [REPLAY_DS_KEY, signer.publicKeyHex],
              feedWatermarkSeconds: 0,
            });
            try {
              const replayer = new Replayer({ app: testApp.app, dir: btDir, signer });
              scenarioResults.push({ scenario: sc.name, results: await replayer.runFiles(sc.files) });
            } finally {
              await testApp.close();
            }
          }
        } catch (e) {
          setupError = e;
        }
        allReports[backend] = scenarioResults;
        console.log(formatTable(backend, scenarioResults));
      });

      after(() => {
        const out = process.env.CONFORMANCE_REPORT;
        if (out) writeFileSync(out, JSON.stringify(allReports, null, 2));
      });

      test('replay ran', () => {
        if (setupError !== undefined) throw setupError;
      });

      test(`the whole ORDER: ≥ ${ORDER_MIN_STATUS_RATE * 100}% recorded status, ≥ ${ORDER_MIN_FULL_RATE * 100}% full match`, () => {
        if (setupError !== undefined) throw setupError;
        const rates = orderRates(scenarioResults);
        assert.ok(rates.total > 0, 'ORDER was replayed');
        assert.ok(rates.status >= ORDER_MIN_STATUS_RATE, `recorded status rate ${(100 * rates.status).toFixed(1)}%`);
        assert.ok(rates.full >= ORDER_MIN_FULL_RATE, `full match rate ${(100 * rates.full).toFixed(1)}%`);
      });

      for (const file of REQUIRED_FILES) {
        test(`${file}: recorded status and body shape`, () => {
          if (setupError !== undefined) throw setupError;
          const scenario = REQUIRED_IN_SCENARIO[file];
          const r = scenarioResults
            .filter((s) => scenario === undefined || s.scenario === scenario)
            .flatMap((s) => s.results)
            .find((x) => x.file === file);
          assert.ok(r, `${file} was not replayed`);
          const why = [...r.problems.slice(0, 8), ...r.fixups.map((f) => `fixup: ${f}`)].join('\n  ');
          assert.ok(r.statusOk, `status: recorded ${r.recordedStatus}, ours ${r.actualStatus}\n  ${why}`);
          assert.ok(r.shapeOk, `shape differs\n  ${why}`);
        });
      }
    });
  }
}
