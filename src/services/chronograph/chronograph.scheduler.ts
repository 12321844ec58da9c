// The built-in chronograph (extensions.md §4): polls the tenders whose next_check is due and runs
// the same chronograph operation as `PATCH /tenders/{id}` by the chronograph user. Several nodes may
// run it at once: each pass claims the due tenders it checks in the store (extensions.md §1), so the
// nodes share the work instead of repeating it; a node that dies holding claims loses them when
// their lease ends. The revision check still decides should two writes meet.
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { AppDeps } from '../../core/context.ts';
import { runDueChronographChecks } from '../../core/tender/chronograph.service.ts';

/** How long a claim keeps other nodes off a tender (far longer than a check takes). */
const CLAIM_LEASE_MS = 60_000;

export class ChronographScheduler {
  private readonly deps: AppDeps;
  private readonly log: FastifyBaseLogger;
  private readonly intervalMs: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  private stopped = true;
  private readonly claimant = `chronograph-${randomUUID()}`;

  constructor(deps: AppDeps, log: FastifyBaseLogger, intervalMs: number) {
    this.deps = deps;
    this.log = log;
    this.intervalMs = intervalMs;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops polling and waits for a pass in progress, so the store can be closed after. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      this.inFlight = this.pass();
    }, delayMs);
  }

  private async pass(): Promise<void> {
    try {
      await this.deps.sandboxClockSync?.refresh();
      const r = await runDueChronographChecks(this.deps, this.log, { claimAs: { claimant: this.claimant, leaseMs: CLAIM_LEASE_MS } });
      if (r.checked > 0 || r.conflicts > 0) this.log.debug(r, 'chronograph pass');
    } catch (err) {
      this.log.error({ err }, 'chronograph pass failed');
    } finally {
      this.inFlight = null;
      if (!this.stopped) this.schedule(this.intervalMs);
    }
  }
}
