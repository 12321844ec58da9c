// Several API processes on one PostgreSQL (issue 18 §1): scripts/multi-node.ts starts two server
// processes, each with the chronograph and the built-in auction on, and drives them at once.
// PostgreSQL only: an SQLite file is one process's store (README, "Several nodes").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runMultiNode } from '../../scripts/multi-node.ts';

const postgresUrl = process.env.DATABASE_URL;

test('two nodes on one PostgreSQL: read-your-writes across nodes, no lost update, one transition and one result post per auction, a killed node loses no acknowledged write, one feed', { skip: postgresUrl ? false : 'needs PostgreSQL (DATABASE_URL)', timeout: 300_000 }, async () => {
  const report = await runMultiNode({ postgresUrl: postgresUrl!, nodes: 2 });
  assert.deepEqual(report.problems, []);
  assert.equal(report.readAcross, 20, 'every tender created on one node was read and changed through the other');
  assert.equal(report.burst.acknowledged, report.burst.clients);
  assert.ok(report.burst.conflicts > 0, 'the PATCH burst really raced across the nodes');
  assert.equal(report.auctions.resultsPosted, report.auctions.tenders);
  assert.ok(report.load.acknowledgedWrites >= 150, `only ${report.load.acknowledgedWrites} writes acknowledged`);
  assert.ok(report.load.feedItems > 0);
});
