// The persisted shape of one auction run (one tender, or one lot of a tender). Plain JSON — it is
// stored in the database so a run survives a restart — and every instant is epoch ms handed in
// by the caller's Clock.

import type { AuctionDurations, AuctionStage } from './auction-schedule.ts';
import type { FractionJson } from './fraction.ts';

export interface AuctionParticipantInput {
  bidId: string;
  /** The bid's (or lotValue's) `value.amount` before the auction. */
  amount: number;
  /** The bid's (or lotValue's) `date`, ISO as on the wire; breaks ties between equal amounts. */
  date: string;
  /** MEAT: the values of the bid's parameters that apply to this auction. */
  parameterValues?: number[];
}

export interface CreateRunInput {
  tenderId: string;
  lotId: string | null;
  /** Active bids in tender bid order; results come back in the same order. */
  participants: AuctionParticipantInput[];
  /** `minimalStep.amount` of the tender (or lot). */
  minimalStep: number;
  /** `auctionPeriod.startDate`, epoch ms. */
  startMs: number;
  /** Sandbox `accelerator=N`. */
  accelerator?: number;
  durations?: AuctionDurations;
  /**
   * MEAT: the largest enum value of each applicable feature (tenderer features, plus the lot's and
   * its items' for a lot auction). Absent means a price-only auction.
   */
  featureMaxValues?: number[];
}

export interface RunParticipant {
  bidId: string;
  initialAmount: number;
  initialDate: string;
  /** MEAT coefficient 1 + Σparams / (1 − Σmax); null for a price-only auction. */
  coefficient: FractionJson | null;
}

export interface RunStage extends AuctionStage {
  /** Whose turn (turn stages); null until the round's order is known. */
  bidderId?: string | null;
}

/** A bidder's accepted offer: the amount and the date that goes to the results. */
export interface Standing {
  amount: number;
  date: string;
}

export type BidRecordStatus =
  /** Placed in a turn that has not ended yet; the latest one counts. */
  | 'pending'
  /** Became the bidder's amount at the end of its turn. */
  | 'accepted'
  /** Replaced by a later bid in the same turn. */
  | 'superseded'
  /** Taken back by a `-1` in the same turn. */
  | 'withdrawn'
  /** The `-1` itself. */
  | 'withdrawal';

export interface BidRecord {
  bidderId: string;
  /** -1 for a withdrawal. */
  amount: number;
  atMs: number;
  /** ISO of `atMs`, Kyiv time, as the results carry it. */
  date: string;
  /** Index into `stages` of the turn it was placed in. */
  stage: number;
  status: BidRecordStatus;
}

export interface AuctionRun {
  schemaVersion: 1;
  tenderId: string;
  lotId: string | null;
  minimalStep: number;
  meat: boolean;
  participants: RunParticipant[];
  stages: RunStage[];
  /** Accepted offers per bid id, as of the end of the last settled stage. */
  standings: Record<string, Standing>;
  /** How many leading stages have ended and been applied. */
  settledStages: number;
  history: BidRecord[];
}

export type StageStatus = 'scheduled' | 'pause' | 'turn' | 'finished';

export interface StageView {
  status: StageStatus;
  /** Index into `stages`; -1 before the start. */
  stageIndex: number;
  /** 0 before the start; rounds + 1 once finished. */
  round: number;
  /** Whose turn it is (turn stages only). */
  bidderId: string | null;
  startMs: number;
  endMs: number | null;
  /** Until the current stage ends (or the auction starts); null once finished. */
  timeLeftMs: number | null;
}

export type BidRefusalCode =
  | 'not-started'
  | 'not-bidding-stage'
  | 'finished'
  | 'unknown-bidder'
  | 'not-your-turn'
  | 'amount-not-positive'
  | 'step-too-small'
  | 'nothing-to-withdraw';

export interface BidRefusal {
  code: BidRefusalCode;
  /** For `step-too-small`: the highest amount this bidder may offer now. */
  maxAllowedAmount?: number;
}

export type PlaceBidOutcome = { ok: true; run: AuctionRun } | { ok: false; refusal: BidRefusal };

/** One entry of what `POST /tenders/{id}/auction[/{lot}]` receives for an auction participant. */
export interface AuctionResultEntry {
  id: string;
  value: { amount: number };
  weightedValue?: { amount: number; denominator: number };
  date: string;
}
