// The push feed (extensions.md §6, issue 16 §2): the items of a polling feed, in its order, as they
// are committed, each with its feed offset, so a client resumes exactly where it stopped.
//
// One FeedTail per collection reads what is new once per wake-up (a store write, a NOTIFY from
// another node, or a slow safety poll) into a bounded buffer of the newest rows; clients at the tail
// are served from it, however many there are. A client behind the buffer (resuming from far back,
// or slow and paused by back-pressure) reads its own pages from the store until it reaches it.
//
// Positions are (public_modified, ids delivered at that value); an event's id is the polling feed's
// offset `{F}.{n}.{h}` of the items delivered at F so far, which `?offset=` also accepts.

import type { CollectionName, FeedQuery, FeedRow, Store } from '../storage/store.ts';
import { composeOffset, hashIds } from '../storage/feed-offset.ts';
import type { ParsedOffset } from '../storage/feed-offset.ts';


/** Rows read per store query, for the tail and for a catching-up client. */
const PAGE = 500;

export interface StreamPosition {
  /** public_modified of the last delivered row; null: before the first row. */
  value: number | null;
  /** Ids delivered at `value` (normally one: public_modified is strictly increasing per collection). */
  ids: string[];
}

/**
 * Where a client starts after an offset: past the rows the offset says were delivered at its
 * value (its `n` and hash, checked against the rows stored there, as the polling feed does).
 */
export async function positionAfter(store: Pick<Store, 'feed'>, collection: CollectionName, offset: ParsedOffset): Promise<StreamPosition> {
  if (offset.value === null) return { value: null, ids: [] };
  if (offset.n <= 0 || offset.hash === null) return { value: offset.value, ids: [] };
  const rows = await store.feed(collection, { descending: false, limit: Math.min(offset.n, 1000) + 1, mode: '_all_', watermarkSeconds: null, after: offset.value, inclusive: true });
  const atValue = rows.filter((r) => r.publicModified === offset.value).map((r) => r.id);
  const delivered = atValue.slice(0, offset.n);
  return delivered.length === offset.n && hashIds(delivered) === offset.hash ? { value: offset.value, ids: delivered } : { value: offset.value, ids: [] };
}

/** The event id of a row: the polling feed's offset for the rows delivered at its public_modified. */
export function eventIdOf(row: FeedRow, deliveredAtValue: readonly string[]): string {
  const ids = [...deliveredAtValue, row.id];
  return composeOffset(ids.map((id) => ({ id, publicModified: row.publicModified })), 'last');
}

const after = (row: FeedRow, pos: StreamPosition): boolean =>
  pos.value === null || row.publicModified > pos.value || (row.publicModified === pos.value && !pos.ids.includes(row.id));

function advance(pos: StreamPosition, row: FeedRow): StreamPosition {
  return row.publicModified === pos.value ? { value: pos.value, ids: [...pos.ids, row.id] } : { value: row.publicModified, ids: [row.id] };
}

/** A reader of the stream: writes events, says whether it can take more now. */
export interface StreamClient {
  position: StreamPosition;
  /** Whether `row` (a row of any mode) belongs to this client's feed. */
  wants(row: FeedRow): boolean;
  /** Writes one event; false when the connection's buffer is full (wait for `resume`). */
  send(row: FeedRow, eventId: string): boolean;
  paused: boolean;
  /** Reading from the store in progress (catch-up): the tail leaves the client alone meanwhile. */
  catchingUp: boolean;
}

export interface FeedTailOptions {
  store: Pick<Store, 'feed'>;
  collection: CollectionName;
  /** Newest rows kept for clients at the tail. */
  bufferRows?: number;
  onError(err: unknown): void;
}

/**
 * The newest rows of one collection's feed (all modes), refreshed on `wake()`, and the clients
 * following it.
 */
export class FeedTail {
  private readonly store: Pick<Store, 'feed'>;
  private readonly collection: CollectionName;
  private readonly bufferRows: number;
  private readonly onError: (err: unknown) => void;
  /** Newest rows, oldest first; a row that moved is kept at its newest place only. */
  private rows: FeedRow[] = [];
  /** Everything up to here is in `rows` or older than it (null: not read yet). */
  private head: StreamPosition | null = null;
  /** The first position the buffer covers completely (rows after it are all in `rows`). */
  private floor: StreamPosition | null = null;
  private readonly clients = new Set<StreamClient>();
  private reading: Promise<void> | null = null;
  private again = false;

  constructor(opts: FeedTailOptions) {
    this.store = opts.store;
    this.collection = opts.collection;
    this.bufferRows = opts.bufferRows ?? 2000;
    this.onError = opts.onError;
  }

  get size(): number {
    return this.clients.size;
  }

  /** Starts following: from the current end ('end'), or after a position (resume). */
  async add(client: StreamClient, from: StreamPosition | 'end'): Promise<void> {
    await this.refresh();
    client.position = from === 'end' ? (this.head ?? { value: null, ids: [] }) : from;
    this.clients.add(client);
    this.serve(client);
  }

  remove(client: StreamClient): void {
    this.clients.delete(client);
  }

  /** Something was written: read what is new and hand it out. Overlapping calls coalesce. */
  wake(): void {
    this.refresh()
      .then(() => {
        for (const client of this.clients) this.serve(client);
      })
      .catch(this.onError);
  }

  /** A paused client's connection drained: go on from its position. */
  resume(client: StreamClient): void {
    client.paused = false;
    this.serve(client);
  }

  private refresh(): Promise<void> {
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = (async () => {
      try {
        do {
          this.again = false;
          await this.readNew();
        } while (this.again);
      } finally {
        this.reading = null;
      }
    })();
    return this.reading;
  }

  private async readNew(): Promise<void> {
    if (this.head === null) {
      // First read: the newest row only marks the end; history is read by clients that ask for it.
      const newest = await this.store.feed(this.collection, { descending: true, limit: 1, mode: '_all_', watermarkSeconds: null });
      this.head = newest[0] ? { value: newest[0].publicModified, ids: [newest[0].id] } : { value: null, ids: [] };
      this.floor = this.head;
      return;
    }
    for (;;) {
      const query: FeedQuery = { descending: false, limit: PAGE, mode: '_all_', watermarkSeconds: null };
      if (this.head.value !== null) {
        query.after = this.head.value;
        query.inclusive = true;
      }
      const page = await this.store.feed(this.collection, query);
      const fresh = page.filter((r) => after(r, this.head!));
      for (const row of fresh) {
        this.rows = this.rows.filter((r) => r.id !== row.id);
        this.rows.push(row);
        this.head = advance(this.head, row);
      }
      if (this.rows.length > this.bufferRows) {
        const dropped = this.rows.splice(0, this.rows.length - this.bufferRows);
        const last = dropped.at(-1)!;
        this.floor = { value: last.publicModified, ids: [last.id] };
      }
      if (page.length < PAGE) return;
    }
  }

  /** Whether the buffer holds everything after `pos`. */
  private covers(pos: StreamPosition): boolean {
    const floor = this.floor;
    if (floor === null) return false;
    if (floor.value === null) return true;
    if (pos.value === null) return false;
    return pos.value > floor.value || (pos.value === floor.value && floor.ids.every((id) => pos.ids.includes(id)));
  }

  private serve(client: StreamClient): void {
    if (client.paused || client.catchingUp || !this.clients.has(client)) return;
    if (!this.covers(client.position)) {
      this.catchUp(client).catch((err) => {
        client.catchingUp = false;
        this.onError(err);
      });
      return;
    }
    for (const row of this.rows) {
      if (!after(row, client.position)) continue;
      if (!this.deliver(client, row)) return;
    }
  }

  /** Sends one row (or only moves past it, when not the client's); false once the client must wait. */
  private deliver(client: StreamClient, row: FeedRow): boolean {
    const delivered = row.publicModified === client.position.value ? client.position.ids : [];
    const wanted = client.wants(row);
    client.position = advance(client.position, row);
    if (!wanted) return true;
    if (client.send(row, eventIdOf(row, delivered))) return true;
    client.paused = true;
    return false;
  }

  /**
   * Pages from the store until the buffer covers the client's position. All modes are read (the
   * client skips the others), so the position walks the same rows the buffer holds.
   */
  private async catchUp(client: StreamClient): Promise<void> {
    client.catchingUp = true;
    while (this.clients.has(client) && !client.paused && !this.covers(client.position)) {
      const query: FeedQuery = { descending: false, limit: PAGE, mode: '_all_', watermarkSeconds: null };
      if (client.position.value !== null) {
        query.after = client.position.value;
        query.inclusive = true;
      }
      const page = (await this.store.feed(this.collection, query)).filter((r) => after(r, client.position));
      // Nothing after the position: it is the store's end, which the buffer covers once refreshed.
      if (page.length === 0) break;
      for (const row of page) if (!this.deliver(client, row)) break;
    }
    client.catchingUp = false;
    if (this.clients.has(client) && !client.paused && this.covers(client.position)) this.serve(client);
  }
}
