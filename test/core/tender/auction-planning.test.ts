import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatIso, isoToMs } from '../../../src/core/time/iso.ts';
import { WorkingCalendar } from '../../../src/core/time/working-days.ts';
import {
  auctionEndTime,
  auctionReplanTime,
  needsReplan,
  planAuctionPeriod,
  planAuctionStart,
  shouldStartAfter,
} from '../../../src/core/tender/auction-planning.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
const weekends = WorkingCalendar.weekendsOnly();

/** A random source returning the given values in order (fails the test if asked for more). */
function sequence(...values: number[]): () => number {
  let i = 0;
  return () => {
    assert.ok(i < values.length, 'random() called more often than expected');
    return values[i++];
  };
}

/** Values that make randomBelow pick slot / second / millisecond exactly. */
function pick(slot: number, second: number, millisecond: number): () => number {
  return sequence((slot + 0.5) / 10, (second + 0.5) / 1800, (millisecond + 0.5) / 1000);
}

const never = (): number => assert.fail('random() must not be called');

function plan(ssa: string, now: string, random: () => number, calendar = weekends, quick?: boolean): string {
  return formatIso(planAuctionStart({ shouldStartAfterMs: isoToMs(ssa), nowMs: isoToMs(now), calendar, random, quick }));
}

describe('shouldStartAfter (§2.3)', () => {
  it('recorded: endDate 2027-01-15T00:00:00+02:00 (exact midnight) is kept', () => {
    assert.equal(formatIso(shouldStartAfter(isoToMs('2027-01-15T00:00:00+02:00'))), '2027-01-15T00:00:00+02:00');
  });

  it('recorded: endDate 2027-01-16T00:00:11+02:00 rounds up to 2027-01-17T00:00:00+02:00', () => {
    assert.equal(formatIso(shouldStartAfter(isoToMs('2027-01-16T00:00:11+02:00'))), '2027-01-17T00:00:00+02:00');
  });

  it('midnight is judged on Kyiv time even when the value was written in UTC', () => {
    assert.equal(formatIso(shouldStartAfter(isoToMs('2027-01-14T22:00:00Z'))), '2027-01-15T00:00:00+02:00');
    assert.equal(formatIso(shouldStartAfter(isoToMs('2027-01-15T00:00:00Z'))), '2027-01-16T00:00:00+02:00');
  });

  it('next midnight across the DST switches', () => {
    assert.equal(formatIso(shouldStartAfter(isoToMs('2027-03-27T12:00:00+02:00'))), '2027-03-28T00:00:00+02:00');
    assert.equal(formatIso(shouldStartAfter(isoToMs('2027-03-28T12:00:00+03:00'))), '2027-03-29T00:00:00+03:00');
    assert.equal(formatIso(shouldStartAfter(isoToMs('2027-10-30T12:00:00+03:00'))), '2027-10-31T00:00:00+03:00');
    assert.equal(formatIso(shouldStartAfter(isoToMs('2027-10-31T12:00:00+02:00'))), '2027-11-01T00:00:00+02:00');
  });

  it('sandbox quick: no normalisation', () => {
    assert.equal(formatIso(shouldStartAfter(isoToMs('2027-01-16T00:00:11+02:00'), { quick: true })), '2027-01-16T00:00:11+02:00');
  });
});

describe('planAuctionStart (§3.5)', () => {
  const now = '2027-01-07T10:00:00+02:00';

  it('recorded example 1: shouldStartAfter Fri 2027-01-15 00:00 → 2027-01-15T13:09:55.701000+02:00', () => {
    assert.equal(plan('2027-01-15T00:00:00+02:00', now, pick(4, 595, 701)), '2027-01-15T13:09:55.701000+02:00');
  });

  it('recorded example 2: shouldStartAfter Sun 2027-01-17 00:00 → Mon 2027-01-18T12:28:35.700000+02:00', () => {
    assert.equal(plan('2027-01-17T00:00:00+02:00', now, pick(2, 1715, 700)), '2027-01-18T12:28:35.700000+02:00');
  });

  it('slots span 11:00:00.000 … 15:59:59.999', () => {
    assert.equal(plan('2027-01-15T00:00:00+02:00', now, sequence(0, 0, 0)), '2027-01-15T11:00:00+02:00');
    assert.equal(plan('2027-01-15T00:00:00+02:00', now, sequence(0.9999999, 0.9999999, 0.9999999)), '2027-01-15T15:59:59.999000+02:00');
  });

  it('every random choice lands between 11:00 and 16:00 on the planned day', () => {
    let seed = 42;
    const lcg = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const dayStart = isoToMs('2027-01-18T11:00:00+02:00');
    for (let i = 0; i < 500; i++) {
      const start = planAuctionStart({ shouldStartAfterMs: isoToMs('2027-01-17T00:00:00+02:00'), nowMs: isoToMs(now), calendar: weekends, random: lcg });
      assert.ok(start >= dayStart && start < dayStart + 5 * 60 * MINUTE, formatIso(start));
    }
  });

  it('now later than shouldStartAfter: now + 1 h before 11:00 keeps the day', () => {
    assert.equal(plan('2027-01-15T00:00:00+02:00', '2027-01-15T09:59:59.999+02:00', sequence(0, 0, 0)), '2027-01-15T11:00:00+02:00');
  });

  it('now + 1 h at or after 11:00 moves to the next working day', () => {
    assert.equal(plan('2027-01-15T00:00:00+02:00', '2027-01-15T10:00:00+02:00', sequence(0, 0, 0)), '2027-01-18T11:00:00+02:00');
    assert.equal(plan('2027-01-14T00:00:00+02:00', '2027-01-14T15:00:00+02:00', sequence(0, 0, 0)), '2027-01-15T11:00:00+02:00');
  });

  it('skips holidays as well as weekends', () => {
    const cal = new WorkingCalendar(['2027-01-18']);
    assert.equal(plan('2027-01-17T00:00:00+02:00', now, sequence(0, 0, 0), cal), '2027-01-19T11:00:00+02:00');
    assert.equal(plan('2027-01-15T00:00:00+02:00', '2027-01-15T12:00:00+02:00', sequence(0, 0, 0), cal), '2027-01-19T11:00:00+02:00');
  });

  it('a working Saturday is used', () => {
    const cal = new WorkingCalendar([], ['2027-01-16']);
    assert.equal(plan('2027-01-16T00:00:00+02:00', now, sequence(0, 0, 0), cal), '2027-01-16T11:00:00+02:00');
  });

  it('uses Kyiv local time around DST switches', () => {
    assert.equal(plan('2027-03-28T00:00:00+02:00', '2027-03-20T10:00:00+02:00', sequence(0, 0, 0)), '2027-03-29T11:00:00+03:00');
    assert.equal(plan('2027-10-31T00:00:00+03:00', '2027-10-20T10:00:00+03:00', sequence(0.9999999, 0, 0)), '2027-11-01T15:30:00+02:00');
  });

  it('sandbox quick: max(shouldStartAfter, now) + 60 s, no random slot', () => {
    assert.equal(plan('2027-01-16T00:00:11+02:00', now, never, weekends, true), '2027-01-16T00:01:11+02:00');
    assert.equal(plan('2027-01-16T00:00:11+02:00', '2027-01-17T15:20:00+02:00', never, weekends, true), '2027-01-17T15:21:00+02:00');
  });
});

describe('auction end and re-plan times', () => {
  it('end = start + bids × 6 min + 9 min + 15 min; re-plan = end + 60 min', () => {
    const start = isoToMs('2027-01-15T13:09:55.701+02:00');
    assert.equal(formatIso(auctionEndTime(start, 2)), '2027-01-15T13:45:55.701000+02:00');
    assert.equal(formatIso(auctionReplanTime(start, 2)), '2027-01-15T14:45:55.701000+02:00');
    assert.equal(auctionReplanTime(start, 0) - start, 84 * MINUTE);
  });
});

describe('needsReplan (§3.5 re-planning rules)', () => {
  const start = isoToMs('2027-01-15T13:09:55.701+02:00');
  const ssa = isoToMs('2027-01-15T00:00:00+02:00');
  const before = isoToMs('2027-01-10T12:00:00+02:00');

  it('first planning: no period, or a period without startDate', () => {
    assert.equal(needsReplan({ newShouldStartAfterMs: ssa, nowMs: before, bidsCount: 2 }), 'not-planned');
    assert.equal(needsReplan({ current: { shouldStartAfter: ssa }, newShouldStartAfterMs: ssa, nowMs: before, bidsCount: 2 }), 'not-planned');
  });

  it('unchanged shouldStartAfter before the auction: keep', () => {
    assert.equal(needsReplan({ current: { startDate: start, shouldStartAfter: ssa }, newShouldStartAfterMs: ssa, nowMs: before, bidsCount: 2 }), null);
  });

  it('a finished period (endDate set) is never re-planned', () => {
    const current = { startDate: start, shouldStartAfter: ssa, endDate: start + 30 * MINUTE };
    assert.equal(needsReplan({ current, newShouldStartAfterMs: ssa + 5 * DAY, nowMs: start + DAY, bidsCount: 2 }), null);
  });

  it('planned start earlier than the new shouldStartAfter (tender period extended)', () => {
    const newSsa = isoToMs('2027-01-16T00:00:00+02:00');
    assert.equal(needsReplan({ current: { startDate: start, shouldStartAfter: ssa }, newShouldStartAfterMs: newSsa, nowMs: before, bidsCount: 2 }), 'should-start-after-moved-forward');
    // a start equal to shouldStartAfter is not earlier
    assert.equal(needsReplan({ current: { startDate: newSsa, shouldStartAfter: newSsa }, newShouldStartAfterMs: newSsa, nowMs: before, bidsCount: 2 }), null);
  });

  it('shouldStartAfter moved earlier by 3 whole days or more', () => {
    const current = { startDate: start, shouldStartAfter: ssa };
    assert.equal(needsReplan({ current, newShouldStartAfterMs: ssa - 3 * DAY, nowMs: before, bidsCount: 2 }), 'should-start-after-moved-earlier');
    assert.equal(needsReplan({ current, newShouldStartAfterMs: ssa - 3 * DAY + 1, nowMs: before, bidsCount: 2 }), null);
    assert.equal(needsReplan({ current, newShouldStartAfterMs: ssa - 2 * DAY, nowMs: before, bidsCount: 2 }), null);
  });

  it('whole days are real elapsed time: 3 local days over the spring switch are 71 h, not enough', () => {
    const oldSsa = isoToMs('2027-03-31T00:00:00+03:00');
    const newSsa = isoToMs('2027-03-28T00:00:00+02:00');
    const current = { startDate: isoToMs('2027-03-31T12:00:00+03:00'), shouldStartAfter: oldSsa };
    assert.equal(needsReplan({ current, newShouldStartAfterMs: newSsa, nowMs: isoToMs('2027-03-20T10:00:00+02:00'), bidsCount: 2 }), null);
  });

  it('no endDate after the re-plan time (strictly later)', () => {
    const current = { startDate: start, shouldStartAfter: ssa };
    const replan = auctionReplanTime(start, 3);
    assert.equal(needsReplan({ current, newShouldStartAfterMs: ssa, nowMs: replan, bidsCount: 3 }), null);
    assert.equal(needsReplan({ current, newShouldStartAfterMs: ssa, nowMs: replan + 1, bidsCount: 3 }), 'not-finished-in-time');
  });

  it('checks run in the reference order', () => {
    const newSsa = isoToMs('2027-01-16T00:00:00+02:00');
    const current = { startDate: start, shouldStartAfter: newSsa + 10 * DAY };
    assert.equal(needsReplan({ current, newShouldStartAfterMs: newSsa, nowMs: start + DAY, bidsCount: 2 }), 'should-start-after-moved-forward');
  });
});

describe('planAuctionPeriod', () => {
  const ssa = isoToMs('2027-01-15T00:00:00+02:00');
  const now = isoToMs('2027-01-07T10:00:00+02:00');

  it('plans a new period', () => {
    const result = planAuctionPeriod({ shouldStartAfterMs: ssa, nowMs: now, bidsCount: 2, calendar: weekends, random: pick(4, 595, 701) });
    assert.equal(result.reason, 'not-planned');
    assert.equal(formatIso(result.shouldStartAfter), '2027-01-15T00:00:00+02:00');
    assert.equal(formatIso(result.startDate!), '2027-01-15T13:09:55.701000+02:00');
  });

  it('keeps the planned start when nothing requires a re-plan', () => {
    const startDate = isoToMs('2027-01-15T13:09:55.701+02:00');
    const result = planAuctionPeriod({
      current: { startDate, shouldStartAfter: ssa },
      shouldStartAfterMs: ssa,
      nowMs: now,
      bidsCount: 2,
      calendar: weekends,
      random: never,
    });
    assert.deepEqual(result, { shouldStartAfter: ssa, startDate, reason: null });
  });
});
