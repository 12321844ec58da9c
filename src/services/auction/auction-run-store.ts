// What the auction runner needs from persistence: stored runs with a revision, written by
// compare-and-swap. The revision is what gives "exactly one node" on a shared PostgreSQL: of two
// nodes saving over the same revision one wins, the other sees a conflict and backs off — the same
// optimistic rule the tender store uses (architecture.md §3.3 step 6). Any database can implement
// it; nothing here depends on src/storage.

import type { AuctionRun } from './auction-run.types.ts';

export type StoredRunStatus =
  /** Accepting bids, or waiting for its start. */
  | 'running'
  /** Finished; a node has claimed it and is posting the results. */
  | 'posting'
  /** Results accepted by the API; nothing more to do. */
  | 'posted';

export interface PostingClaim {
  nodeId: string;
  /** After this instant another node may take the posting over (the claimant died or failed). */
  untilMs: number;
}

export interface StoredAuctionRun {
  /** `tenderId`, or `tenderId_lotId` for a lot (the reference's auction document id). */
  key: string;
  run: AuctionRun;
  status: StoredRunStatus;
  claim: PostingClaim | null;
  /** When the runner must look at it next: the run's end, or the claim's expiry; null once posted. */
  dueAtMs: number | null;
  /** Incremented by the store on every successful save. */
  revision: number;
}

export interface AuctionRunStore {
  /** Adds a new run; false when one with this key exists already. */
  create(record: Omit<StoredAuctionRun, 'revision'>): Promise<boolean>;
  load(key: string): Promise<StoredAuctionRun | null>;
  /**
   * Writes `record` when the stored revision still equals `expectedRevision`; returns the new
   * revision, or null on a conflict (someone else wrote first).
   */
  save(record: Omit<StoredAuctionRun, 'revision'>, expectedRevision: number): Promise<number | null>;
  /** Runs with `dueAtMs ≤ nowMs` (never the posted ones), oldest due first. */
  listDue(nowMs: number, limit: number): Promise<StoredAuctionRun[]>;
}

export function runKey(tenderId: string, lotId: string | null): string {
  return lotId === null ? tenderId : `${tenderId}_${lotId}`;
}
