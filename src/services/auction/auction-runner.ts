// Drives stored auction runs: creates them, records bids, and once a run has ended posts its
// results through an injected callback (the lead wires it to the same path as
// `POST /tenders/{id}/auction[/{lot}]`). Time comes from the Clock, so the sandbox clock and the
// accelerator drive it like everything else; the state lives in the store, so a restart resumes.

import type { Clock } from '../../core/time/clock.ts';
import { createRun, endsAt, isFinished, placeBid, results } from './auction-run.ts';
import type { AuctionResultEntry, CreateRunInput, PlaceBidOutcome } from './auction-run.types.ts';
import { runKey } from './auction-run-store.ts';
import type { AuctionRunStore, StoredAuctionRun } from './auction-run-store.ts';

export type PostResults = (tenderId: string, lotId: string | null, results: AuctionResultEntry[]) => Promise<void>;

/** The subset of timers the runner's loop uses (injectable for tests). */
export interface LoopTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface AuctionRunnerOptions {
  store: AuctionRunStore;
  clock: Clock;
  /** Identifies this process in posting claims. */
  nodeId: string;
  postResults: PostResults;
  /** How long a posting claim holds before another node may retry (default 60 s). */
  claimMs?: number;
  /** Loop period of `start()` (default 1 s). */
  pollMs?: number;
  /** Runs looked at per tick (default 50). */
  batchSize?: number;
  /** Told about a failed posting; the run is retried once the claim expires. */
  onPostingError?: (key: string, error: unknown) => void;
  /** Runs before each tick of the loop (a sandbox node picks up a clock moved through another node). */
  beforeLoopTick?: () => Promise<void>;
  timers?: LoopTimers;
}

export interface TickReport {
  posted: string[];
  /** Another node saved first; it owns the posting. */
  lostClaims: string[];
  failed: string[];
}

export type SubmitBidOutcome = PlaceBidOutcome | { ok: false; refusal: { code: 'no-such-auction' | 'busy' } };

const DEFAULT_CLAIM_MS = 60_000;
const DEFAULT_POLL_MS = 1_000;
const DEFAULT_BATCH = 50;
const BID_SAVE_ATTEMPTS = 5;

function withoutRevision(record: StoredAuctionRun): Omit<StoredAuctionRun, 'revision'> {
  const { revision: _revision, ...rest } = record;
  return rest;
}

export interface AuctionRunner {
  /** Stores a new run for a tender (or lot); false when it exists already (a re-plan keeps the old one). */
  schedule(input: CreateRunInput): Promise<boolean>;
  /**
   * A new start for a run that produced no result (the API re-planned the auction): replaces a stored
   * run of the key that is not posted and starts at another time. True when it replaced one.
   */
  replan(input: CreateRunInput): Promise<boolean>;
  /** A bid or `-1` at the clock's now, saved with compare-and-swap (retried on a concurrent write). */
  submitBid(key: string, bidderId: string, amount: number): Promise<SubmitBidOutcome>;
  /** One pass over due runs: claim, post, mark posted. */
  tick(): Promise<TickReport>;
  start(): void;
  stop(): void;
}

export function createAuctionRunner(options: AuctionRunnerOptions): AuctionRunner {
  const { store, clock, nodeId } = options;
  const claimMs = options.claimMs ?? DEFAULT_CLAIM_MS;
  const timers: LoopTimers = options.timers ?? {
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
  let handle: unknown = null;
  let running = false;

  async function postOne(record: StoredAuctionRun, nowMs: number, report: TickReport): Promise<void> {
    if (record.status === 'posted' || !isFinished(record.run, nowMs)) return;
    if (record.status === 'posting' && record.claim && record.claim.untilMs > nowMs) return;
    const claimed = {
      ...withoutRevision(record),
      status: 'posting' as const,
      claim: { nodeId, untilMs: nowMs + claimMs },
      dueAtMs: nowMs + claimMs,
    };
    const claimedRevision = await store.save(claimed, record.revision);
    if (claimedRevision === null) {
      report.lostClaims.push(record.key);
      return;
    }
    try {
      await options.postResults(record.run.tenderId, record.run.lotId, results(record.run));
    } catch (error) {
      // Keep the claim: the run comes due again when it expires, here or on another node.
      report.failed.push(record.key);
      options.onPostingError?.(record.key, error);
      return;
    }
    const done = await store.save({ ...claimed, status: 'posted', claim: null, dueAtMs: null }, claimedRevision);
    if (done === null) report.lostClaims.push(record.key);
    else report.posted.push(record.key);
  }

  async function tick(): Promise<TickReport> {
    const nowMs = clock.now();
    const report: TickReport = { posted: [], lostClaims: [], failed: [] };
    const due = await store.listDue(nowMs, options.batchSize ?? DEFAULT_BATCH);
    for (const record of due) await postOne(record, nowMs, report);
    return report;
  }

  function loop(): void {
    handle = timers.setTimeout(() => {
      if (!running) return;
      Promise.resolve(options.beforeLoopTick?.())
        .then(tick)
        .then(
          () => running && loop(),
          () => running && loop(),
        );
    }, options.pollMs ?? DEFAULT_POLL_MS);
  }

  return {
    async schedule(input) {
      const run = createRun(input);
      return store.create({
        key: runKey(input.tenderId, input.lotId),
        run,
        status: 'running',
        claim: null,
        dueAtMs: endsAt(run),
      });
    },

    async replan(input) {
      const key = runKey(input.tenderId, input.lotId);
      const existing = await store.load(key);
      if (!existing || existing.status === 'posted' || existing.run.stages[0]?.startMs === input.startMs) return false;
      const run = createRun(input);
      const record = { key, run, status: 'running' as const, claim: null, dueAtMs: endsAt(run) };
      return (await store.save(record, existing.revision)) !== null;
    },

    async submitBid(key, bidderId, amount) {
      for (let attempt = 0; attempt < BID_SAVE_ATTEMPTS; attempt += 1) {
        const record = await store.load(key);
        if (!record) return { ok: false, refusal: { code: 'no-such-auction' } };
        const outcome = placeBid(record.run, bidderId, amount, clock.now());
        if (!outcome.ok) return outcome;
        const saved = await store.save({ ...withoutRevision(record), run: outcome.run }, record.revision);
        if (saved !== null) return outcome;
      }
      return { ok: false, refusal: { code: 'busy' } };
    },

    tick,

    start() {
      if (running) return;
      running = true;
      loop();
    },

    stop() {
      running = false;
      if (handle !== null) timers.clearTimeout(handle);
      handle = null;
    },
  };
}
