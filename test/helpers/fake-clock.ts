// A Clock that moves only when a test moves it.

import type { Clock } from '../../src/core/time/clock.ts';

export class FakeClock implements Clock {
  private instantMs: number;

  constructor(startMs: number) {
    this.instantMs = startMs;
  }

  now(): number {
    return this.instantMs;
  }

  set(instantMs: number): void {
    this.instantMs = instantMs;
  }

  advance(ms: number): number {
    this.instantMs += ms;
    return this.instantMs;
  }
}
