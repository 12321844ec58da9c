// Auction slot planning, below-threshold.md §3.5 "Planning" and §2.3 (`shouldStartAfter`).
// Pure functions: time comes in as epoch ms, randomness as a `random()` in [0, 1) so tests and
// replays can pin it. The caller decides which objects are planned (status, hasAuction, lots, bids).

import { toKyivWallMs, resolveKyivWallMs } from '../time/kyiv.ts';
import type { WorkingCalendar } from '../time/working-days.ts';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

/** First slot starts at 11:00 Kyiv time. */
export const AUCTION_DAY_START_MS = 11 * MS_PER_HOUR;
/** Half-hour slots 11:00 … 15:30 (the reference's `(16 − 11) × 2`). */
export const AUCTION_TIME_SLOTS = 10;
export const AUCTION_SLOT_MS = 30 * MS_PER_MINUTE;
export const BIDDER_TIME_MS = 6 * MS_PER_MINUTE;
export const SERVICE_TIME_MS = 9 * MS_PER_MINUTE;
export const AUCTION_STAND_STILL_MS = 15 * MS_PER_MINUTE;
export const AUCTION_REPLAN_BUFFER_MS = 60 * MS_PER_MINUTE;
/** Re-plan when `shouldStartAfter` moved earlier by more than this many whole days. */
export const SHOULD_START_EARLIER_UPDATE_DAYS = 2;
/** Sandbox `quick` planning: start this long after max(shouldStartAfter, now). */
export const QUICK_AUCTION_DELAY_MS = 60_000;

/**
 * `auctionPeriod.shouldStartAfter` from `tenderPeriod.endDate`: rounded up to the next Kyiv midnight,
 * unchanged when already exactly 00:00:00.000000 local. With sandbox `quick` the end date is used
 * as is (the reference skips the normalisation for `submissionMethodDetails` containing "quick").
 */
export function shouldStartAfter(tenderPeriodEndMs: number, opts: { quick?: boolean } = {}): number {
  if (opts.quick) return tenderPeriodEndMs;
  const wall = toKyivWallMs(tenderPeriodEndMs);
  const day = Math.floor(wall / MS_PER_DAY);
  if (wall === day * MS_PER_DAY) return tenderPeriodEndMs;
  return resolveKyivWallMs((day + 1) * MS_PER_DAY).ms;
}

export interface PlanAuctionStartInput {
  shouldStartAfterMs: number;
  nowMs: number;
  calendar: WorkingCalendar;
  /** Uniform in [0, 1); called three times: slot, second, millisecond. */
  random: () => number;
  /** Sandbox `submissionMethodDetails` containing "quick". */
  quick?: boolean;
}

function nextWorkingDay(calendar: WorkingCalendar, day: number): number {
  let next = day + 1;
  while (!calendar.isWorkingDayNumber(next)) next += 1;
  return next;
}

function randomBelow(random: () => number, n: number): number {
  return Math.min(n - 1, Math.max(0, Math.floor(random() * n)));
}

/**
 * Planned `auctionPeriod.startDate` (epoch ms).
 * Normal: T = max(shouldStartAfter, now) + 1 h; if T's Kyiv day is non-working take the next working
 * day; else if T is at/after 11:00 take the next working day; on that day pick one of 10 half-hour
 * slots from 11:00 plus 0–1799 s and 0–999 ms (so the start lies in [11:00, 16:00) local).
 * Quick: max(shouldStartAfter, now) + 60 s, no slotting.
 */
export function planAuctionStart(input: PlanAuctionStartInput): number {
  const base = Math.max(input.shouldStartAfterMs, input.nowMs);
  if (input.quick) return base + QUICK_AUCTION_DELAY_MS;

  const wall = toKyivWallMs(base + MS_PER_HOUR);
  let day = Math.floor(wall / MS_PER_DAY);
  // A non-working day moves to 00:00 of the next working day (before 11:00, so that day is used);
  // a working day at/after 11:00 moves to the same time on the next working day.
  if (!input.calendar.isWorkingDayNumber(day) || wall - day * MS_PER_DAY >= AUCTION_DAY_START_MS) {
    day = nextWorkingDay(input.calendar, day);
  }

  const slot = randomBelow(input.random, AUCTION_TIME_SLOTS);
  const second = randomBelow(input.random, AUCTION_SLOT_MS / 1000);
  const millisecond = randomBelow(input.random, 1000);
  const startWall = day * MS_PER_DAY + AUCTION_DAY_START_MS + slot * AUCTION_SLOT_MS + second * 1000 + millisecond;
  return resolveKyivWallMs(startWall, 'later').ms;
}

/** Expected auction end: start + bids × 6 min + 9 min + 15 min. */
export function auctionEndTime(startMs: number, bidsCount: number): number {
  return startMs + bidsCount * BIDDER_TIME_MS + SERVICE_TIME_MS + AUCTION_STAND_STILL_MS;
}

/** Re-plan time: expected end + 60 min buffer; the chronograph should look again at this instant. */
export function auctionReplanTime(startMs: number, bidsCount: number): number {
  return auctionEndTime(startMs, bidsCount) + AUCTION_REPLAN_BUFFER_MS;
}

/** Why the start date must be (re)computed, in the reference's order of checks. */
export type ReplanReason =
  | 'not-planned'
  | 'should-start-after-moved-forward'
  | 'should-start-after-moved-earlier'
  | 'not-finished-in-time';

/** The stored auction period, instants in epoch ms. */
export interface CurrentAuctionPeriod {
  startDate?: number;
  shouldStartAfter?: number;
  endDate?: number;
}

export interface NeedsReplanInput {
  current?: CurrentAuctionPeriod;
  newShouldStartAfterMs: number;
  nowMs: number;
  bidsCount: number;
}

/**
 * Whether `startDate` must be planned again (§3.5), or null to keep it:
 * no start yet; start earlier than the new shouldStartAfter; shouldStartAfter moved earlier by
 * ≥ 3 whole days (day part of old − new > 2); or no endDate and now is past the re-plan time.
 * A period that already has an `endDate` is finished and never re-planned.
 */
export function needsReplan(input: NeedsReplanInput): ReplanReason | null {
  const current = input.current;
  if (current?.endDate !== undefined) return null;
  if (current?.startDate === undefined) return 'not-planned';
  if (current.startDate < input.newShouldStartAfterMs) return 'should-start-after-moved-forward';
  if (current.shouldStartAfter !== undefined) {
    // Python `timedelta.days` floors.
    const wholeDays = Math.floor((current.shouldStartAfter - input.newShouldStartAfterMs) / MS_PER_DAY);
    if (wholeDays > SHOULD_START_EARLIER_UPDATE_DAYS) return 'should-start-after-moved-earlier';
  }
  if (auctionReplanTime(current.startDate, input.bidsCount) < input.nowMs) return 'not-finished-in-time';
  return null;
}

export interface PlanAuctionPeriodInput {
  current?: CurrentAuctionPeriod;
  /** Already normalised (see `shouldStartAfter`). */
  shouldStartAfterMs: number;
  nowMs: number;
  bidsCount: number;
  calendar: WorkingCalendar;
  random: () => number;
  quick?: boolean;
}

export interface PlannedAuctionPeriod {
  shouldStartAfter: number;
  /** Unchanged current start when no re-plan was needed. */
  startDate: number | undefined;
  /** Set when `startDate` was (re)computed. */
  reason: ReplanReason | null;
}

/** One planning pass for one auction period: shouldStartAfter is always refreshed, startDate only on a reason. */
export function planAuctionPeriod(input: PlanAuctionPeriodInput): PlannedAuctionPeriod {
  const reason = needsReplan({
    current: input.current,
    newShouldStartAfterMs: input.shouldStartAfterMs,
    nowMs: input.nowMs,
    bidsCount: input.bidsCount,
  });
  const startDate = reason
    ? planAuctionStart({
        shouldStartAfterMs: input.shouldStartAfterMs,
        nowMs: input.nowMs,
        calendar: input.calendar,
        random: input.random,
        quick: input.quick,
      })
    : input.current?.startDate;
  return { shouldStartAfter: input.shouldStartAfterMs, startDate, reason };
}
