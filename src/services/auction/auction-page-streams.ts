// The bidder page's live streams (GET /auctions/{key}/events). Every open page of one run follows
// one shared poll of the stored run — one storage read per tick however many pages are open — and
// each page gets an event only when its own view changed (views differ per viewer, so each distinct
// viewer is rendered once per tick). Without the sharing a few hundred watchers of one auction
// would cost a few thousand storage reads a second.
//
// Admission: a run takes at most `maxWatchersPerRun` read-only pages at once; each bidder (proved by
// its participation signature) may hold `maxStreamsPerBidder` more of its own, so watchers, who need
// no key, cannot crowd the bidders out of their own auction.
import type { StoredAuctionRun } from './auction-run-store.ts';

export interface PageStreamsOptions {
  load(key: string): Promise<StoredAuctionRun | null>;
  /**
   * The page state of `record` for `viewer` (a bid id, or null for a watcher): `text` as sent, and
   * `key`, what must differ from the last event's for a new one to go out (default: the text) —
   * a countdown the page runs itself need not make an event a second.
   */
  render(record: StoredAuctionRun, viewer: string | null): RenderedState;
  pollMs: number;
  /** A comment line keeps idle connections (and proxies) from timing out. */
  heartbeatMs: number;
  maxWatchersPerRun: number;
  maxStreamsPerBidder: number;
  onError(err: unknown): void;
  /** The interval timers the polls use (injectable for tests). */
  timers?: IntervalTimers;
}

export interface RenderedState {
  text: string;
  key?: string;
}

export interface IntervalTimers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface PageStream {
  close(): void;
}

export interface PageStreams {
  /** Whether run `key` takes one more stream for `viewer` now. */
  hasRoom(key: string, viewer: string | null): boolean;
  /**
   * Follows `record`'s run for `viewer`, writing its first event at once (the caller has just read
   * the record) and then one on every change. Call right after `hasRoom` said yes.
   */
  open(record: StoredAuctionRun, viewer: string | null, write: (chunk: string) => void): PageStream;
  /** Open streams of a run. */
  count(key: string): number;
}

interface Subscriber {
  viewer: string | null;
  write: (chunk: string) => void;
  /** The key of the last event sent. */
  last: string;
  quietMs: number;
}

interface Channel {
  subscribers: Set<Subscriber>;
  /** The newest record seen (highest revision), by the poll or by a page that just connected. */
  latest: StoredAuctionRun;
  timer: unknown;
  busy: boolean;
}

const stateEvent = (text: string): string => `event: state\ndata: ${text}\n\n`;
const KEEP_ALIVE = ': keep-alive\n\n';

export function createPageStreams(options: PageStreamsOptions): PageStreams {
  const channels = new Map<string, Channel>();
  const timers: IntervalTimers = options.timers ?? {
    setInterval: (callback, ms) => setInterval(callback, ms),
    clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
  };

  function remember(channel: Channel, record: StoredAuctionRun): void {
    // A poll that started before a page connected may answer with an older revision.
    if (record.revision >= channel.latest.revision) channel.latest = record;
  }

  function publish(channel: Channel): void {
    const rendered = new Map<string | null, RenderedState>();
    for (const sub of channel.subscribers) {
      let state = rendered.get(sub.viewer);
      if (state === undefined) {
        state = options.render(channel.latest, sub.viewer);
        rendered.set(sub.viewer, state);
      }
      const key = state.key ?? state.text;
      if (key !== sub.last) {
        sub.last = key;
        sub.quietMs = 0;
        sub.write(stateEvent(state.text));
      } else if ((sub.quietMs += options.pollMs) >= options.heartbeatMs) {
        sub.quietMs = 0;
        sub.write(KEEP_ALIVE);
      }
    }
  }

  function poll(key: string, channel: Channel): void {
    if (channel.busy) return;
    channel.busy = true;
    options
      .load(key)
      .then((record) => {
        if (record) remember(channel, record);
        if (channels.get(key) === channel) publish(channel);
      })
      .catch(options.onError)
      .finally(() => {
        channel.busy = false;
      });
  }

  function channelOf(record: StoredAuctionRun): Channel {
    const existing = channels.get(record.key);
    if (existing) {
      remember(existing, record);
      return existing;
    }
    const channel: Channel = { subscribers: new Set(), latest: record, busy: false, timer: null };
    channel.timer = timers.setInterval(() => poll(record.key, channel), options.pollMs);
    channels.set(record.key, channel);
    return channel;
  }

  function leave(key: string, channel: Channel, sub: Subscriber): void {
    channel.subscribers.delete(sub);
    if (channel.subscribers.size > 0 || channels.get(key) !== channel) return;
    timers.clearInterval(channel.timer);
    channels.delete(key);
  }

  function hasRoom(key: string, viewer: string | null): boolean {
    let alike = 0;
    for (const sub of channels.get(key)?.subscribers ?? []) if (sub.viewer === viewer) alike += 1;
    return alike < (viewer === null ? options.maxWatchersPerRun : options.maxStreamsPerBidder);
  }

  return {
    hasRoom,

    open(record, viewer, write) {
      if (!hasRoom(record.key, viewer)) throw new Error(`auction page streams: no room on ${record.key}`);
      const channel = channelOf(record);
      const first = options.render(channel.latest, viewer);
      const sub: Subscriber = { viewer, write, last: first.key ?? first.text, quietMs: 0 };
      channel.subscribers.add(sub);
      write(stateEvent(first.text));
      return { close: () => leave(record.key, channel, sub) };
    },

    count: (key) => channels.get(key)?.subscribers.size ?? 0,
  };
}
