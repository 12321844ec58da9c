// The bidder page's shared live streams (pure: a counting in-memory load, hand-driven timers).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as settled } from 'node:timers/promises';
import { createPageStreams, type IntervalTimers, type PageStreamsOptions } from '../../../src/services/auction/auction-page-streams.ts';
import type { StoredAuctionRun } from '../../../src/services/auction/auction-run-store.ts';

const POLL_MS = 250;

/** Interval timers fired by hand: `tick()` runs every live interval once. */
function manualTimers(): IntervalTimers & { tick(): Promise<void>; live(): number } {
  const live = new Map<number, () => void>();
  let next = 0;
  return {
    setInterval(callback) {
      live.set(++next, callback);
      return next;
    },
    clearInterval: (handle) => void live.delete(handle as number),
    async tick() {
      for (const callback of [...live.values()]) callback();
      await settled();
    },
    live: () => live.size,
  };
}

/** A stored run reduced to what the streams look at: its key, its revision and a "view". */
function record(key: string, revision: number, view: string): StoredAuctionRun {
  return { key, revision, run: { view } as unknown as StoredAuctionRun['run'], status: 'running', claim: null, dueAtMs: null };
}

function harness(overrides: Partial<PageStreamsOptions> = {}) {
  const timers = manualTimers();
  const stored = new Map<string, StoredAuctionRun>();
  const reads: string[] = [];
  const renders: Array<string | null> = [];
  const streams = createPageStreams({
    async load(key) {
      reads.push(key);
      return stored.get(key) ?? null;
    },
    render(rec, viewer) {
      renders.push(viewer);
      return { text: `${(rec.run as unknown as { view: string }).view} for ${viewer ?? 'watcher'}` };
    },
    pollMs: POLL_MS,
    heartbeatMs: 4 * POLL_MS,
    maxWatchersPerRun: 3,
    maxStreamsPerBidder: 2,
    onError: (err) => assert.fail(String(err)),
    timers,
    ...overrides,
  });
  const open = (key: string, viewer: string | null) => {
    const out: string[] = [];
    assert.ok(streams.hasRoom(key, viewer));
    const stream = streams.open(stored.get(key)!, viewer, (chunk) => out.push(chunk));
    return { out, close: () => stream.close() };
  };
  return { timers, stored, reads, renders, streams, open };
}

describe('auction page streams', () => {
  it('every page of a run follows one read per tick; each distinct viewer is rendered once', async () => {
    const h = harness({ maxWatchersPerRun: 100 });
    h.stored.set('A', record('A', 1, 'v1'));
    h.stored.set('B', record('B', 1, 'b1'));
    const pages = [...Array.from({ length: 20 }, () => h.open('A', null)), h.open('A', 'bid-1'), h.open('A', 'bid-2'), h.open('B', null)];
    assert.ok(pages.every((p) => p.out.length === 1 && p.out[0]!.startsWith('event: state\ndata: ')), 'the first event goes out at once');
    h.reads.length = 0;
    h.renders.length = 0;
    for (let i = 0; i < 4; i++) await h.timers.tick();
    assert.deepEqual([h.reads.filter((k) => k === 'A').length, h.reads.filter((k) => k === 'B').length], [4, 4]);
    // Three distinct viewers of A and one of B, four ticks.
    assert.equal(h.renders.length, 4 * 4);
    assert.equal(h.streams.count('A'), 22);
  });

  it('an event only when the viewer\'s view changed, a keep-alive when quiet', async () => {
    const h = harness();
    h.stored.set('A', record('A', 1, 'v1'));
    const page = h.open('A', null);
    await h.timers.tick();
    assert.deepEqual(page.out, ['event: state\ndata: v1 for watcher\n\n']);
    h.stored.set('A', record('A', 2, 'v2'));
    await h.timers.tick();
    assert.equal(page.out.at(-1), 'event: state\ndata: v2 for watcher\n\n');
    for (let i = 0; i < 4; i++) await h.timers.tick();
    assert.deepEqual(page.out.slice(2), [': keep-alive\n\n']);
  });

  it('with a key, only a changed key makes an event (a text that differs by a countdown alone does not)', async () => {
    let tick = 0;
    const h = harness({
      render(rec) {
        const view = (rec.run as unknown as { view: string }).view;
        return { text: `${view}, ${60 - tick} s left`, key: view };
      },
    });
    h.stored.set('A', record('A', 1, 'turn 1'));
    const page = h.open('A', null);
    for (; tick < 3; tick++) await h.timers.tick();
    assert.deepEqual(page.out, ['event: state\ndata: turn 1, 60 s left\n\n']);
    h.stored.set('A', record('A', 2, 'turn 2'));
    await h.timers.tick();
    assert.deepEqual(page.out.slice(1), ['event: state\ndata: turn 2, 57 s left\n\n']);
  });

  it('a poll answered with an older revision than a page just read does not step the view back', async () => {
    const h = harness();
    h.stored.set('A', record('A', 5, 'new'));
    const page = h.open('A', null);
    h.stored.set('A', record('A', 4, 'old'));
    await h.timers.tick();
    assert.deepEqual(page.out, ['event: state\ndata: new for watcher\n\n']);
  });

  it('watchers are capped per run; bidders have their own room; closing frees a place; the last page stops the poll', async () => {
    const h = harness();
    h.stored.set('A', record('A', 1, 'v1'));
    h.stored.set('B', record('B', 1, 'b1'));
    const watchers = [h.open('A', null), h.open('A', null), h.open('A', null)];
    assert.equal(h.streams.hasRoom('A', null), false);
    assert.throws(() => h.streams.open(h.stored.get('A')!, null, () => undefined), /no room/);
    assert.equal(h.streams.hasRoom('B', null), true, 'the cap is per run');
    const bidder = [h.open('A', 'bid-1'), h.open('A', 'bid-1')];
    assert.equal(h.streams.hasRoom('A', 'bid-1'), false);
    assert.equal(h.streams.hasRoom('A', 'bid-2'), true);
    watchers[0]!.close();
    assert.equal(h.streams.hasRoom('A', null), true);
    for (const page of [...watchers, ...bidder]) page.close();
    assert.equal(h.streams.count('A'), 0);
    assert.equal(h.timers.live(), 0);
    h.reads.length = 0;
    await h.timers.tick();
    assert.deepEqual(h.reads, []);
  });
});
