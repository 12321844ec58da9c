import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createAuctionRunner } from '../../../src/services/auction/auction-runner.ts';
import type { AuctionRunnerOptions, PostResults } from '../../../src/services/auction/auction-runner.ts';
import type { AuctionResultEntry, CreateRunInput } from '../../../src/services/auction/auction-run.types.ts';
import { formatIso, isoToMs } from '../../../src/core/time/iso.ts';
import { FakeClock } from '../../helpers/fake-clock.ts';
import { MemoryAuctionRunStore } from '../../helpers/memory-auction-run-store.ts';

const S = isoToMs('2027-01-15T11:30:00+02:00');
const SEC = 1000;
const END = S + 1260 * SEC; // two bidders
const BID_DATE = '2027-01-10T12:00:00+02:00';

const input: CreateRunInput = {
  tenderId: 't1',
  lotId: 'lot1',
  minimalStep: 5,
  startMs: S,
  participants: [
    { bidId: 'a', amount: 480, date: BID_DATE },
    { bidId: 'b', amount: 500, date: BID_DATE },
  ],
};

interface Posted {
  tenderId: string;
  lotId: string | null;
  results: AuctionResultEntry[];
}

function setup(overrides: Partial<AuctionRunnerOptions> = {}) {
  const store = new MemoryAuctionRunStore();
  const clock = new FakeClock(S - 60 * SEC);
  const posted: Posted[] = [];
  const postResults: PostResults = async (tenderId, lotId, results) => {
    posted.push({ tenderId, lotId, results });
  };
  const runner = createAuctionRunner({ store, clock, nodeId: 'node-1', postResults, ...overrides });
  return { store, clock, posted, runner };
}

describe('auction runner', () => {
  it('schedules a run once per tender/lot key', async () => {
    const { store, runner } = setup();
    assert.equal(await runner.schedule(input), true);
    assert.equal(await runner.schedule(input), false);
    assert.deepEqual([...store.records.keys()], ['t1_lot1']);
    const stored = await store.load('t1_lot1');
    assert.deepEqual([stored!.status, stored!.dueAtMs, stored!.revision], ['running', END, 1]);
  });

  it('records bids through the store and posts the results once the run has ended', async () => {
    const { store, clock, posted, runner } = setup();
    await runner.schedule(input);
    clock.set(S + 301 * SEC);
    assert.deepEqual((await runner.submitBid('t1_lot1', 'b', 470)).ok, true);
    assert.deepEqual(await runner.submitBid('t1_lot1', 'a', 470), { ok: false, refusal: { code: 'not-your-turn' } });
    assert.deepEqual(await runner.submitBid('nope', 'a', 470), { ok: false, refusal: { code: 'no-such-auction' } });

    clock.set(END - 1);
    assert.deepEqual(await runner.tick(), { posted: [], lostClaims: [], failed: [] });
    assert.equal(posted.length, 0);

    clock.set(END);
    assert.deepEqual(await runner.tick(), { posted: ['t1_lot1'], lostClaims: [], failed: [] });
    assert.deepEqual(posted, [{
      tenderId: 't1',
      lotId: 'lot1',
      results: [
        { id: 'a', value: { amount: 480 }, date: BID_DATE },
        { id: 'b', value: { amount: 470 }, date: formatIso(S + 301 * SEC) },
      ],
    }]);
    const stored = await store.load('t1_lot1');
    assert.deepEqual([stored!.status, stored!.claim, stored!.dueAtMs], ['posted', null, null]);

    clock.advance(3600 * SEC);
    assert.deepEqual(await runner.tick(), { posted: [], lostClaims: [], failed: [] });
    assert.equal(posted.length, 1);
  });

  it('two nodes on one store ticking at once: exactly one posts', async () => {
    const shared = setup();
    await shared.runner.schedule(input);
    const other = createAuctionRunner({
      store: shared.store,
      clock: shared.clock,
      nodeId: 'node-2',
      postResults: async (tenderId, lotId, results) => {
        shared.posted.push({ tenderId, lotId, results });
      },
    });
    shared.clock.set(END + SEC);
    const [first, second] = await Promise.all([shared.runner.tick(), other.tick()]);
    assert.equal(shared.posted.length, 1);
    assert.deepEqual([...first.posted, ...second.posted], ['t1_lot1']);
    assert.deepEqual([...first.lostClaims, ...second.lostClaims], ['t1_lot1']);
  });

  it('a failed posting keeps the claim; after it expires the run is posted (by any node)', async () => {
    let failures = 1;
    const errors: string[] = [];
    const { store, clock, posted, runner } = setup({
      claimMs: 30 * SEC,
      postResults: async (tenderId, lotId, results) => {
        if (failures-- > 0) throw new Error('API unavailable');
        posted.push({ tenderId, lotId, results });
      },
      onPostingError: (key, error) => errors.push(`${key}: ${(error as Error).message}`),
    });
    await runner.schedule(input);
    clock.set(END);
    assert.deepEqual(await runner.tick(), { posted: [], lostClaims: [], failed: ['t1_lot1'] });
    assert.deepEqual(errors, ['t1_lot1: API unavailable']);
    const claimed = await store.load('t1_lot1');
    assert.deepEqual([claimed!.status, claimed!.claim], ['posting', { nodeId: 'node-1', untilMs: END + 30 * SEC }]);

    clock.set(END + 29 * SEC);
    assert.deepEqual((await runner.tick()).posted, []);
    clock.set(END + 30 * SEC);
    assert.deepEqual((await runner.tick()).posted, ['t1_lot1']);
    assert.equal(posted.length, 1);
  });

  it('survives a restart: a new runner on the same store continues the run', async () => {
    const first = setup();
    await first.runner.schedule(input);
    first.clock.set(S + 301 * SEC);
    await first.runner.submitBid('t1_lot1', 'b', 470);
    first.runner.stop();

    const posted: Posted[] = [];
    const restarted = createAuctionRunner({
      store: first.store,
      clock: first.clock,
      nodeId: 'node-1-restarted',
      postResults: async (tenderId, lotId, results) => {
        posted.push({ tenderId, lotId, results });
      },
    });
    first.clock.set(S + 421 * SEC); // a's turn in round 1
    assert.equal((await restarted.submitBid('t1_lot1', 'a', 460)).ok, true);
    first.clock.set(END);
    await restarted.tick();
    assert.deepEqual(posted[0].results.map((r) => r.value.amount), [460, 470]);
  });

  it('start() ticks on its timer until stop()', async () => {
    const scheduled: Array<() => void> = [];
    let cleared = 0;
    const { clock, posted, runner } = setup({
      pollMs: 500,
      timers: {
        setTimeout: (callback, ms) => {
          assert.equal(ms, 500);
          scheduled.push(callback);
          return scheduled.length;
        },
        clearTimeout: () => {
          cleared += 1;
        },
      },
    });
    await runner.schedule(input);
    clock.set(END);
    runner.start();
    runner.start(); // idempotent
    assert.equal(scheduled.length, 1);
    scheduled[0]();
    // Let the tick's promise chain run.
    for (let i = 0; i < 20 && posted.length === 0; i += 1) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(posted.length, 1);
    for (let i = 0; i < 20 && scheduled.length < 2; i += 1) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(scheduled.length, 2, 'the next tick is scheduled');
    runner.stop();
    assert.equal(cleared, 1);
    scheduled[1]();
    assert.equal(scheduled.length, 2, 'nothing runs after stop()');
  });
});
