// Conformance replay of the reference API's recorded reporting tutorial
// (shared/conformance/reporting) against our server, per backend, with the standards data the
// recording's server had (cause-details code lists). Gate: the whole ORDER ≥ 95 % recorded
// status and ≥ 90 % full match (issue 12).
//
//   npx node --test test/conformance/reporting.test.ts
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { conformanceDir, createDsSigner, readOrder, REPLAY_DS_KEY, Replayer, type FileResult } from './replay.ts';
import { buildTestApp, TEST_BACKENDS } from '../helpers/app.ts';

const MIN_STATUS_RATE = 0.95;
const MIN_FULL_RATE = 0.9;

const dir = conformanceDir();
const setDir = dir === undefined ? undefined : join(dir, 'reporting');
const standardsDir = process.env.STANDARDS_DIR ?? (dir === undefined ? undefined : join(dir, '..', 'data'));

if (setDir === undefined || !existsSync(setDir) || standardsDir === undefined || !existsSync(standardsDir)) {
  test('conformance reporting replay', { skip: 'conformance directory or standards data not found' }, () => {});
} else {
  for (const backend of TEST_BACKENDS) {
    describe(`conformance reporting [${backend}]`, () => {
      let results: FileResult[] = [];
      before(async () => {
        const signer = createDsSigner();
        const t = await buildTestApp({
          backend,
          sandbox: true,
          trustedDsKeys: [REPLAY_DS_KEY, signer.publicKeyHex],
          feedWatermarkSeconds: 0,
          env: { STANDARDS_DIR: standardsDir },
        });
        try {
          results = await new Replayer({ app: t.app, dir: setDir, signer }).runFiles(readOrder(setDir));
        } finally {
          await t.close();
        }
        for (const r of results) console.log(`${r.statusOk && r.shapeOk && r.valuesOk ? 'ok  ' : 'FAIL'} ${r.file} rec ${r.recordedStatus} ours ${r.actualStatus} ${r.problems.slice(0, 3).join(' | ').slice(0, 400)}`);
      });

      test(`ORDER: ≥ ${MIN_STATUS_RATE * 100}% recorded status, ≥ ${MIN_FULL_RATE * 100}% full match`, () => {
        assert.ok(results.length > 0, 'ORDER was replayed');
        const status = results.filter((r) => r.statusOk).length / results.length;
        const full = results.filter((r) => r.statusOk && r.shapeOk && r.valuesOk).length / results.length;
        assert.ok(status >= MIN_STATUS_RATE, `recorded status rate ${(100 * status).toFixed(1)}%`);
        assert.ok(full >= MIN_FULL_RATE, `full match rate ${(100 * full).toFixed(1)}%`);
      });
    });
  }
}
