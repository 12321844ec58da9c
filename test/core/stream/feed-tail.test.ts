// FeedTail without sockets: the shared buffer, clients behind it, back-pressure, moved rows and
// modes, over an in-memory feed that behaves like the stores' (ordered by public_modified).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CollectionName, FeedQuery, FeedRow } from '../../../src/core/storage/store.ts';
import { FeedTail, positionAfter, type StreamClient } from '../../../src/core/stream/feed-stream.ts';
import { composeOffset, parseOffset } from '../../../src/core/storage/feed-offset.ts';

/** A feed of documents by id; a write moves the document to the end with a fresh public_modified. */
class MemoryFeed {
  private readonly rows = new Map<string, FeedRow>();
  private clock = 1_800_000_000;
  reads = 0;

  write(id: string, isTest = false): FeedRow {
    this.clock = Math.round((this.clock + 0.001) * 1000) / 1000;
    const row = { id, publicModified: this.clock, feedText: `{"dateModified":"${this.clock}"}`, isTest };
    this.rows.delete(id);
    this.rows.set(id, row);
    return row;
  }

  async feed(_collection: CollectionName, q: FeedQuery): Promise<FeedRow[]> {
    this.reads++;
    let rows = [...this.rows.values()].sort((a, b) => a.publicModified - b.publicModified);
    if (q.mode === 'test') rows = rows.filter((r) => r.isTest);
    else if (q.mode !== '_all_') rows = rows.filter((r) => !r.isTest);
    if (q.descending) rows.reverse();
    if (q.after !== undefined) {
      const a = q.after;
      rows = rows.filter((r) => (q.descending ? (q.inclusive ? r.publicModified <= a : r.publicModified < a) : q.inclusive ? r.publicModified >= a : r.publicModified > a));
    }
    return rows.slice(0, q.limit);
  }
}

interface TestClient extends StreamClient {
  got: { id: string; eventId: string }[];
  /** How many more events the "socket" takes before it is full (Infinity: never full). */
  room: number;
}

function client(mode: 'real' | 'test' | '_all_' = 'real', room = Infinity): TestClient {
  const c: TestClient = {
    position: { value: null, ids: [] },
    paused: false,
    catchingUp: false,
    got: [],
    room,
    wants: (row) => (mode === '_all_' ? true : mode === 'test' ? row.isTest === true : row.isTest !== true),
    send: (row, eventId) => {
      c.got.push({ id: row.id, eventId });
      c.room--;
      return c.room > 0;
    },
  };
  return c;
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('FeedTail', () => {
  it('serves clients at the end from one read per wake-up, in feed order, with the polling offsets', async () => {
    const feed = new MemoryFeed();
    feed.write('old');
    const tail = new FeedTail({ store: feed, collection: 'tenders', onError: (e) => assert.fail(String(e)) });
    const clients = Array.from({ length: 50 }, () => client());
    for (const c of clients) await tail.add(c, 'end');
    const a = feed.write('a');
    const b = feed.write('b');
    const readsBefore = feed.reads;
    tail.wake();
    await settle();
    assert.ok(feed.reads - readsBefore <= 2, `one read serves every client (${feed.reads - readsBefore})`);
    for (const c of clients) {
      assert.deepEqual(c.got.map((g) => g.id), ['a', 'b'], 'the old row is before the start');
      assert.deepEqual(c.got.map((g) => g.eventId), [composeOffset([a], 'last'), composeOffset([b], 'last')]);
    }
  });

  it('resumes after an offset from the store, then follows the buffer; a moved row is sent at its new place only', async () => {
    const feed = new MemoryFeed();
    const tail = new FeedTail({ store: feed, collection: 'tenders', bufferRows: 3, onError: (e) => assert.fail(String(e)) });
    await tail.add(client(), 'end'); // the tail has started
    const first = feed.write('t0');
    for (let i = 1; i < 10; i++) feed.write(`t${i}`);
    feed.write('t3'); // moved: polling shows it last
    tail.wake();
    await settle();
    const c = client();
    await tail.add(c, await positionAfter(feed, 'tenders', parseOffset(composeOffset([first], 'last'))));
    await settle();
    assert.deepEqual(c.got.map((g) => g.id), ['t1', 't2', 't4', 't5', 't6', 't7', 't8', 't9', 't3']);
    feed.write('t10');
    tail.wake();
    await settle();
    assert.deepEqual(c.got.map((g) => g.id).slice(-1), ['t10']);
    assert.equal(new Set(c.got.map((g) => g.eventId)).size, c.got.length);
  });

  it('back-pressure: a full client waits, then goes on from where it stopped, past the buffer, without gaps', async () => {
    const feed = new MemoryFeed();
    const tail = new FeedTail({ store: feed, collection: 'tenders', bufferRows: 4, onError: (e) => assert.fail(String(e)) });
    const slow = client('real', 2);
    await tail.add(slow, 'end');
    for (let i = 0; i < 20; i++) feed.write(`d${i}`);
    tail.wake();
    await settle();
    assert.equal(slow.paused, true);
    assert.deepEqual(slow.got.map((g) => g.id), ['d0', 'd1']);
    slow.room = Infinity;
    tail.resume(slow);
    await settle();
    assert.deepEqual(slow.got.map((g) => g.id), Array.from({ length: 20 }, (_, i) => `d${i}`));
  });

  it('each client gets its own mode; other rows only move its position', async () => {
    const feed = new MemoryFeed();
    const tail = new FeedTail({ store: feed, collection: 'tenders', onError: (e) => assert.fail(String(e)) });
    const real = client('real');
    const test = client('test');
    const all = client('_all_');
    for (const c of [real, test, all]) await tail.add(c, 'end');
    feed.write('r1');
    feed.write('x1', true);
    feed.write('r2');
    tail.wake();
    await settle();
    assert.deepEqual(real.got.map((g) => g.id), ['r1', 'r2']);
    assert.deepEqual(test.got.map((g) => g.id), ['x1']);
    assert.deepEqual(all.got.map((g) => g.id), ['r1', 'x1', 'r2']);
  });

  it('a removed client gets nothing more', async () => {
    const feed = new MemoryFeed();
    const tail = new FeedTail({ store: feed, collection: 'tenders', onError: (e) => assert.fail(String(e)) });
    const c = client();
    await tail.add(c, 'end');
    tail.remove(c);
    feed.write('z');
    tail.wake();
    await settle();
    assert.deepEqual(c.got, []);
    assert.equal(tail.size, 0);
  });
});
