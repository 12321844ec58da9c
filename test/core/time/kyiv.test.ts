import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  KYIV_TIME_ZONE,
  addKyivDays,
  fromKyivParts,
  kyivDayNumber,
  kyivMidnightOfDay,
  kyivOffsetMinutes,
  resolveKyivWallMs,
  startOfKyivDay,
  toKyivParts,
} from '../../../src/core/time/kyiv.ts';

const HOUR = 3_600_000;

describe('Kyiv zone', () => {
  it('uses a zone name the runtime ICU knows', () => {
    assert.ok(KYIV_TIME_ZONE === 'Europe/Kyiv' || KYIV_TIME_ZONE === 'Europe/Kiev');
  });

  it('offset is +120 in winter and +180 in summer', () => {
    assert.equal(kyivOffsetMinutes(Date.UTC(2027, 0, 15, 12)), 120);
    assert.equal(kyivOffsetMinutes(Date.UTC(2027, 6, 1, 12)), 180);
  });

  it('offset switches at 01:00 UTC on 2027-03-28 and 2027-10-31', () => {
    assert.equal(kyivOffsetMinutes(Date.UTC(2027, 2, 28, 0, 59, 59, 999)), 120);
    assert.equal(kyivOffsetMinutes(Date.UTC(2027, 2, 28, 1)), 180);
    assert.equal(kyivOffsetMinutes(Date.UTC(2027, 9, 31, 0, 59, 59, 999)), 180);
    assert.equal(kyivOffsetMinutes(Date.UTC(2027, 9, 31, 1)), 120);
  });
});

describe('toKyivParts', () => {
  it('splits an instant into Kyiv wall-clock fields with ISO weekday', () => {
    assert.deepEqual(toKyivParts(Date.UTC(2027, 0, 15, 11, 9, 55, 701)), {
      y: 2027, m: 1, d: 15, h: 13, mi: 9, s: 55, ms: 701, weekday: 5,
    });
  });

  it('crosses the local date line before UTC does', () => {
    const parts = toKyivParts(Date.UTC(2027, 0, 16, 22, 0, 11));
    assert.deepEqual([parts.y, parts.m, parts.d, parts.h, parts.mi, parts.s, parts.weekday], [2027, 1, 17, 0, 0, 11, 7]);
  });

  it('reads the last summer second and the first winter second of 2027-10-31', () => {
    const a = toKyivParts(Date.UTC(2027, 9, 31, 0, 59, 59));
    const b = toKyivParts(Date.UTC(2027, 9, 31, 1, 0, 0));
    assert.deepEqual([a.h, a.mi, a.s], [3, 59, 59]);
    assert.deepEqual([b.h, b.mi, b.s], [3, 0, 0]);
  });
});

describe('fromKyivParts', () => {
  it('converts an ordinary wall-clock time', () => {
    assert.equal(fromKyivParts({ y: 2027, m: 1, d: 15, h: 13, mi: 9, s: 55, ms: 701 }), Date.UTC(2027, 0, 15, 11, 9, 55, 701));
    assert.equal(fromKyivParts({ y: 2027, m: 7, d: 1 }), Date.UTC(2027, 5, 30, 21));
  });

  it('times just around the spring gap are exact', () => {
    assert.equal(fromKyivParts({ y: 2027, m: 3, d: 28, h: 2, mi: 59, s: 59, ms: 999 }), Date.UTC(2027, 2, 28, 0, 59, 59, 999));
    assert.equal(fromKyivParts({ y: 2027, m: 3, d: 28, h: 4 }), Date.UTC(2027, 2, 28, 1));
  });

  it('shifts a time inside the spring gap forward (03:30 → 04:30+03:00)', () => {
    assert.equal(fromKyivParts({ y: 2027, m: 3, d: 28, h: 3, mi: 30 }), Date.UTC(2027, 2, 28, 1, 30));
    assert.equal(fromKyivParts({ y: 2027, m: 3, d: 28, h: 3 }), Date.UTC(2027, 2, 28, 1));
  });

  it('picks the earlier instant for a repeated autumn time unless told otherwise', () => {
    assert.equal(fromKyivParts({ y: 2027, m: 10, d: 31, h: 3, mi: 30 }), Date.UTC(2027, 9, 31, 0, 30));
    assert.equal(fromKyivParts({ y: 2027, m: 10, d: 31, h: 3, mi: 30 }, 'later'), Date.UTC(2027, 9, 31, 1, 30));
    assert.equal(fromKyivParts({ y: 2027, m: 10, d: 31, h: 4 }), Date.UTC(2027, 9, 31, 2));
  });

  it('reports the pre-transition offset for a gap time (pytz rendering)', () => {
    const wall = Date.UTC(2027, 2, 28, 3, 30);
    assert.deepEqual(resolveKyivWallMs(wall), { ms: Date.UTC(2027, 2, 28, 1, 30), offsetMinutes: 120 });
  });
});

describe('startOfKyivDay / addKyivDays', () => {
  it('start of the spring-switch day is 00:00+02:00', () => {
    assert.equal(startOfKyivDay(Date.UTC(2027, 2, 28, 9)), Date.UTC(2027, 2, 27, 22));
  });

  it('start of the autumn-switch day is 00:00+03:00', () => {
    assert.equal(startOfKyivDay(Date.UTC(2027, 9, 31, 9)), Date.UTC(2027, 9, 30, 21));
  });

  it('exact local midnight is its own start of day', () => {
    assert.equal(startOfKyivDay(Date.UTC(2027, 0, 14, 22)), Date.UTC(2027, 0, 14, 22));
  });

  it('adding a day keeps the wall clock: 23 h real time in March, 25 h in October', () => {
    const march = Date.UTC(2027, 2, 27, 10); // 12:00+02:00
    assert.equal(addKyivDays(march, 1) - march, 23 * HOUR);
    const october = Date.UTC(2027, 9, 30, 9); // 12:00+03:00
    assert.equal(addKyivDays(october, 1) - october, 25 * HOUR);
    assert.equal(addKyivDays(october, -1), Date.UTC(2027, 9, 29, 9));
  });

  it('day numbers round-trip through local midnight', () => {
    const day = kyivDayNumber(Date.UTC(2027, 2, 28, 12));
    assert.equal(day, Date.UTC(2027, 2, 28) / 86_400_000);
    assert.equal(kyivMidnightOfDay(day), Date.UTC(2027, 2, 27, 22));
    assert.equal(kyivMidnightOfDay(day + 1), Date.UTC(2027, 2, 28, 21));
  });
});
