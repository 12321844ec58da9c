// The auction runs on the real stores: the compare-and-swap contract and "exactly one node posts"
// with two runners sharing one database (both backends).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createAuctionRunner } from '../../../src/services/auction/auction-runner.ts';
import { storedAuctionRuns } from '../../../src/services/auction/stored-auction-runs.ts';
import { createRun, endsAt } from '../../../src/services/auction/auction-run.ts';
import type { CreateRunInput } from '../../../src/services/auction/auction-run.types.ts';
import { isoToMs } from '../../../src/core/time/iso.ts';
import { FakeClock } from '../../helpers/fake-clock.ts';
import { forEachStore } from '../../helpers/backends.ts';

const S = isoToMs('2027-01-15T11:30:00+02:00');
const input: CreateRunInput = {
  tenderId: 't1',
  lotId: null,
  minimalStep: 5,
  startMs: S,
  participants: [
    { bidId: 'a', amount: 480, date: '2027-01-10T12:00:00+02:00' },
    { bidId: 'b', amount: 500, date: '2027-01-10T12:00:00+02:00' },
  ],
};

forEachStore('auction runs in the store', (t) => {

  it('create once; save only over the current revision; due listing skips posted and undue runs', async () => {
    const runs = storedAuctionRuns(t.store);
    const run = createRun(input);
    const record = { key: 't1', run, status: 'running' as const, claim: null, dueAtMs: endsAt(run) };
    assert.equal(await runs.create(record), true);
    assert.equal(await runs.create(record), false);
    const loaded = await runs.load('t1');
    assert.deepEqual(loaded, { ...record, revision: 1 });
    assert.equal(await runs.save({ ...record, status: 'posting' }, 1), 2);
    assert.equal(await runs.save({ ...record, status: 'posting' }, 1), null, 'a stale revision loses');
    assert.deepEqual(await runs.listDue(endsAt(run) - 1, 10), []);
    assert.deepEqual((await runs.listDue(endsAt(run), 10)).map((r) => [r.key, r.status, r.revision]), [['t1', 'posting', 2]]);
    assert.equal(await runs.save({ ...record, status: 'posted', dueAtMs: null }, 2), 3);
    assert.deepEqual(await runs.listDue(endsAt(run) + 1e9, 10), []);
    assert.equal(await runs.load('missing'), null);
  });

  it('two runners on one database: exactly one posts the results', async () => {
    const clock = new FakeClock(S - 1000);
    const posts: string[] = [];
    const runners = ['node-1', 'node-2'].map((nodeId) =>
      createAuctionRunner({ store: storedAuctionRuns(t.store), clock, nodeId, postResults: async (tenderId) => void posts.push(`${nodeId}:${tenderId}`) }),
    );
    await runners[0]!.schedule(input);
    assert.equal(await runners[1]!.schedule(input), false);
    clock.set(endsAt(createRun(input)));
    const reports = await Promise.all(runners.map((r) => r.tick()));
    assert.equal(posts.length, 1);
    assert.deepEqual(reports.flatMap((r) => r.posted), ['t1']);
    assert.equal((await storedAuctionRuns(t.store).load('t1'))?.status, 'posted');
  });
});
