// The stage layout of one reverse auction (the reference worker's `prepare_auction_stages`):
//   pause (300 s) · round 1: one turn per bidder (120 s each) · pause (120 s) · round 2 … ·
//   round 3 · end.
// Every offset is taken from the start, then divided by the sandbox accelerator, so rounding never
// accumulates from stage to stage.

export interface AuctionDurations {
  firstPauseMs: number;
  turnMs: number;
  pauseBetweenRoundsMs: number;
  rounds: number;
}

export const DEFAULT_AUCTION_DURATIONS: AuctionDurations = {
  firstPauseMs: 300_000,
  turnMs: 120_000,
  pauseBetweenRoundsMs: 120_000,
  rounds: 3,
};

export type StageKind = 'pause' | 'turn' | 'end';

export interface AuctionStage {
  kind: StageKind;
  /** Pause before round N carries round N; the end stage carries rounds + 1. */
  round: number;
  /** Position in the round (turns only). */
  turn?: number;
  startMs: number;
  /** The end stage has no end. */
  endMs: number | null;
}

export interface ScheduleInput {
  startMs: number;
  bidderCount: number;
  durations?: AuctionDurations;
  /** Sandbox `accelerator=N`: every duration divided by N. */
  accelerator?: number;
}

export function buildSchedule(input: ScheduleInput): AuctionStage[] {
  const durations = input.durations ?? DEFAULT_AUCTION_DURATIONS;
  const factor = input.accelerator && input.accelerator > 0 ? input.accelerator : 1;
  const at = (offsetMs: number): number => input.startMs + Math.round(offsetMs / factor);
  const stages: AuctionStage[] = [];
  let offset = 0;
  for (let round = 1; round <= durations.rounds; round += 1) {
    const pause = round === 1 ? durations.firstPauseMs : durations.pauseBetweenRoundsMs;
    stages.push({ kind: 'pause', round, startMs: at(offset), endMs: at(offset + pause) });
    offset += pause;
    for (let turn = 0; turn < input.bidderCount; turn += 1) {
      stages.push({ kind: 'turn', round, turn, startMs: at(offset), endMs: at(offset + durations.turnMs) });
      offset += durations.turnMs;
    }
  }
  stages.push({ kind: 'end', round: durations.rounds + 1, startMs: at(offset), endMs: null });
  return stages;
}
