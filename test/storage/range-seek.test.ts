// Date-range filtered pages (src/storage/range-seek.ts) on both stores: whichever step answers —
// a narrow range sorted, the walk from the offset, the seek to a wide range's first match, or the
// plain query — a page holds exactly the next matches in feed order, so paging through a range in
// either direction gives every match once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachStore } from '../helpers/backends.ts';
import { diffReverse } from '../../src/core/storage/revisions.ts';
import type { BatchWrite, FeedFilters, FeedQuery, FeedRow, Store } from '../../src/core/storage/store.ts';
import { NARROW_RANGE_ROWS } from '../../src/storage/range-seek.ts';

/** Room for a wide range (over the narrow-range cap) that begins far from the feed's start. */
const COUNT = NARROW_RANGE_ROWS + 600;
const BASE = 1_800_000_000;

interface Seeded {
  ids: string[];
  /** dateModified follows the feed order (every 30 s); tenderPeriod.endDate does not. */
  modified: number[];
  periodEnd: number[];
}

async function seed(store: Store): Promise<Seeded> {
  const seeded: Seeded = { ids: [], modified: [], periodEnd: [] };
  let writes: BatchWrite[] = [];
  for (let i = 0; i < COUNT; i++) {
    const id = i.toString(16).padStart(32, '0');
    const modified = BASE + i * 30;
    // A fixed permutation of the rows: scattered across the feed.
    const periodEnd = BASE + ((i * 7919) % COUNT) * 60;
    const doc = { id, dateModified: new Date(modified * 1000).toISOString() };
    writes.push({
      kind: 'insert',
      collection: 'tenders',
      id,
      write: {
        doc,
        publicText: JSON.stringify(doc),
        meta: {
          isPublic: true, isTest: false, nextCheck: null, touchPublicModified: true,
          filters: { status: 'active.tendering', procurementMethodType: 'belowThreshold', procuringEntityId: '1', classifications: [], valueAmount: i, dateModified: modified, tenderPeriodStart: null, tenderPeriodEnd: periodEnd },
        },
        revision: { author: 'test', changes: diffReverse(doc, {}), date: doc.dateModified },
      },
    });
    seeded.ids.push(id);
    seeded.modified.push(modified);
    seeded.periodEnd.push(periodEnd);
    if (writes.length === 500) {
      await store.writeAll(writes);
      writes = [];
    }
  }
  if (writes.length > 0) await store.writeAll(writes);
  return seeded;
}

/** Every page of a filtered feed, following offsets as the feed's links do. */
async function pageThrough(store: Store, filters: FeedFilters, descending: boolean, limit: number): Promise<string[]> {
  const out: string[] = [];
  let after: number | undefined;
  for (let pages = 0; pages < COUNT; pages++) {
    const query: FeedQuery = { descending, limit, mode: 'real', watermarkSeconds: null, filters, ...(after === undefined ? {} : { after }) };
    const rows: FeedRow[] = await store.feed('tenders', query);
    if (rows.length === 0) return out;
    out.push(...rows.map((r) => r.id));
    after = rows.at(-1)!.publicModified;
  }
  throw new Error('paging did not end');
}

forEachStore('date-range filtered pages', (t) => {
  test('a wide range the feed follows, far from the start: every match once, both directions', async () => {
    const s = await seed(t.store);
    const from = 450;
    const to = from + NARROW_RANGE_ROWS + 50;
    const expected = s.ids.filter((_, i) => s.modified[i]! >= s.modified[from]! && s.modified[i]! <= s.modified[to]!);
    const filters: FeedFilters = { dateModified: { min: s.modified[from]!, max: s.modified[to]! } };
    assert.deepEqual(await pageThrough(t.store, filters, false, 100), expected);
    assert.deepEqual(await pageThrough(t.store, filters, true, 100), [...expected].reverse());
    // The first page alone (the seek answers it).
    const first = await t.store.feed('tenders', { descending: false, limit: 10, mode: 'real', watermarkSeconds: null, filters });
    assert.deepEqual(first.map((r) => r.id), expected.slice(0, 10));
    // Other filters still apply to the walked rows (a rare one: the walks come back short, the plain query answers).
    const none = await t.store.feed('tenders', { descending: false, limit: 10, mode: 'real', watermarkSeconds: null, filters: { ...filters, statuses: ['complete'] } });
    assert.deepEqual(none, []);
    const amounts = await pageThrough(t.store, { ...filters, valueAmount: { min: from + 5, max: from + 7 } }, false, 10);
    assert.deepEqual(amounts, s.ids.slice(from + 5, from + 8));
  });

  test('a narrow range the feed does not follow, and ranges with nothing past the offset', async () => {
    const s = await seed(t.store);
    const min = BASE + 500 * 60;
    const max = BASE + 540 * 60;
    const expected = s.ids.filter((_, i) => s.periodEnd[i]! >= min && s.periodEnd[i]! <= max);
    assert.equal(expected.length, 41);
    assert.deepEqual(await pageThrough(t.store, { tenderPeriodEnd: { min, max } }, false, 10), expected);
    assert.deepEqual(await pageThrough(t.store, { tenderPeriodEnd: { min, max } }, true, 10), [...expected].reverse());
    assert.deepEqual(await pageThrough(t.store, { dateModified: { min: BASE + COUNT * 30 } }, false, 10), []);
    assert.deepEqual(await pageThrough(t.store, { dateModified: { max: BASE - 1 } }, true, 10), []);
    // Open-ended ranges: the last rows, and the first ones read backwards.
    assert.deepEqual(await pageThrough(t.store, { dateModified: { min: s.modified[COUNT - 3]! } }, false, 10), s.ids.slice(-3));
    assert.deepEqual(await pageThrough(t.store, { dateModified: { max: s.modified[2]! } }, true, 10), s.ids.slice(0, 3).reverse());
  });
});
