// One sandbox clock for every node on a store (issue 18 §1). `PUT /sandbox/clock` on any node
// stores the new setting (an offset from machine time, or a frozen instant) numbered by a
// store-wide sequence; every node applies a setting numbered above the one it applied last before
// each write request, before each chronograph pass and auction tick, and in the background, so a
// clock moved through one node holds on all of them for the next write, wherever the load balancer
// sends it. Machine clocks of the nodes are assumed synchronised (NTP), as the feed already
// assumes. Two moves through two nodes in the same instant end in either one (the sandbox clock
// has one driver: the test suite or the operator).
//
// Only stored settings are applied: a test that moves its in-process clock directly keeps that
// time until someone moves the clock through the API again. A restarted node takes the stored
// setting too, so a sandbox keeps its time across restarts.
import type { Store } from '../storage/store.ts';
import type { SandboxClock, SandboxClockSetting } from './clock.ts';

const SETTING_KEY = 'sandbox/clock';
const VERSION_SEQUENCE = 'sandbox_clock_setting';

/** `version` orders the settings: two reads racing each other never put an older one back. */
type StoredSetting = SandboxClockSetting & { version: number };

function parseSetting(bytes: Buffer): StoredSetting | null {
  try {
    const value = JSON.parse(bytes.toString('utf8')) as Partial<Record<'version' | 'offsetMs' | 'frozenAtMs', unknown>>;
    if (typeof value.version !== 'number' || !Number.isSafeInteger(value.version)) return null;
    if (typeof value.frozenAtMs === 'number' && Number.isFinite(value.frozenAtMs)) return { version: value.version, frozenAtMs: value.frozenAtMs };
    if (typeof value.offsetMs === 'number' && Number.isFinite(value.offsetMs)) return { version: value.version, offsetMs: value.offsetMs };
    return null;
  } catch {
    return null;
  }
}

export class SandboxClockSync {
  private readonly store: Store;
  private readonly clock: SandboxClock;
  private applied = 0;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(store: Store, clock: SandboxClock) {
    this.store = store;
    this.clock = clock;
  }

  /** Applies the stored setting when it is newer than the one this node applied. */
  async refresh(): Promise<void> {
    const bytes = await this.store.getBlob(SETTING_KEY);
    const stored = bytes === null ? null : parseSetting(bytes);
    if (stored === null || stored.version <= this.applied) return;
    this.applied = stored.version;
    const { version: _version, ...setting } = stored;
    this.clock.apply(setting);
  }

  /** Stores the clock's current setting for the other nodes (after a `set` on this node). */
  async publish(): Promise<void> {
    const version = await this.store.nextSequence(VERSION_SEQUENCE);
    await this.store.putBlob(SETTING_KEY, Buffer.from(JSON.stringify({ version, ...this.clock.setting() })));
    this.applied = Math.max(this.applied, version);
  }

  /** Background refresh, for the reads between writes; errors wait for the next round. */
  start(intervalMs: number, onError: (err: unknown) => void): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.refresh().catch(onError), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
