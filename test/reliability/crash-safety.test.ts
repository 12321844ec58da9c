// Crash safety (issue 7, reliability 2) on each backend: scripts/crash-safety.ts kills a real
// server process with SIGKILL under write load and restarts it on the same store.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runCrashSafety } from '../../scripts/crash-safety.ts';
import { TEST_BACKENDS } from '../helpers/app.ts';

for (const backend of TEST_BACKENDS) {
  describe(`crash safety [${backend}]`, () => {
    test('SIGKILL under load, restart: every acknowledged write readable, store opens, feed resumes without gaps', async () => {
      const report = await runCrashSafety({ postgresUrl: backend === 'postgres' ? process.env.DATABASE_URL : undefined });
      assert.deepEqual(report.problems, []);
      assert.equal(report.backend, backend);
      assert.ok(report.acknowledgedWrites >= 150, `only ${report.acknowledgedWrites} writes acknowledged`);
      assert.ok(report.tenders > 0 && report.feedItemsBeforeKill > 0, 'writers and crawler both worked before the kill');
      assert.ok(report.feedItemsAfterRestart > 0, 'the crawler resumed from its offset and found the later changes');
    });
  });
}
