// The one clock. Business code never reads the wall clock directly: the sandbox
// clock (extensions.md §2) must be able to move "now" for everything.

export interface Clock {
  /** Current instant, epoch milliseconds. */
  now(): number;
}

/**
 * The machine's time, for what must not follow the sandbox clock: leases between nodes, and telling
 * how far the sandbox clock stands from the machine's. Business time is Clock.now().
 */
export function machineNow(): number {
  return Date.now();
}

/** Production clock: the machine's time. */
export class SystemClock implements Clock {
  now(): number {
    return machineNow();
  }
}

/**
 * Sandbox clock: follows the machine's time shifted by an offset that
 * `PUT /sandbox/clock` sets; can also be frozen at an instant (tests, replays).
 */
export class SandboxClock implements Clock {
  private offsetMs = 0;
  private frozenAt: number | null = null;

  now(): number {
    return this.frozenAt ?? Date.now() + this.offsetMs;
  }

  /** Move "now" to `instantMs`; frozen keeps it there until the next set. */
  set(instantMs: number, frozen = false): void {
    if (frozen) {
      this.frozenAt = instantMs;
    } else {
      this.frozenAt = null;
      this.offsetMs = instantMs - Date.now();
    }
  }

  isFrozen(): boolean {
    return this.frozenAt !== null;
  }

  /** What `set` decided, in terms any node can apply to its own machine time. */
  setting(): SandboxClockSetting {
    return this.frozenAt !== null ? { frozenAtMs: this.frozenAt } : { offsetMs: this.offsetMs };
  }

  apply(setting: SandboxClockSetting): void {
    if ('frozenAtMs' in setting) {
      this.frozenAt = setting.frozenAtMs;
    } else {
      this.frozenAt = null;
      this.offsetMs = setting.offsetMs;
    }
  }
}

/** A sandbox clock's state: shifted from the machine's time, or frozen at an instant. */
export type SandboxClockSetting = { offsetMs: number } | { frozenAtMs: number };
