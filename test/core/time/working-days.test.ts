import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatIso, isoToMs } from '../../../src/core/time/iso.ts';
import { WorkingCalendar, addCalendarDuration, addFullDays, kyivDateOf } from '../../../src/core/time/working-days.ts';

const HOUR = 3_600_000;
const weekends = WorkingCalendar.weekendsOnly();

function full(start: string, days: number, working: boolean, calendar = weekends, accelerator?: number): string {
  return formatIso(addFullDays(isoToMs(start), days, { working, calendar, accelerator }));
}

describe('WorkingCalendar', () => {
  it('weekends only: Saturday and Sunday are off', () => {
    assert.equal(weekends.isWorkingDay('2027-01-08'), true); // Fri
    assert.equal(weekends.isWorkingDay('2027-01-09'), false); // Sat
    assert.equal(weekends.isWorkingDay('2027-01-10'), false); // Sun
    assert.equal(weekends.isWorkingDay('2027-01-11'), true); // Mon
  });

  it('holidays are off, listed weekend days are on, a date in both lists is off', () => {
    const cal = new WorkingCalendar(['2027-01-12', '2027-01-16'], ['2027-01-09', '2027-01-16']);
    assert.equal(cal.isWorkingDay('2027-01-12'), false);
    assert.equal(cal.isWorkingDay('2027-01-09'), true);
    assert.equal(cal.isWorkingDay('2027-01-16'), false);
    assert.equal(cal.isWorkingDay('2027-01-10'), false);
    assert.deepEqual(cal.holidays(), ['2027-01-12', '2027-01-16']);
    assert.deepEqual(cal.workingWeekendDays(), ['2027-01-09', '2027-01-16']);
  });

  it('rejects a malformed date', () => {
    assert.throws(() => weekends.isWorkingDay('2027-1-9'), RangeError);
    assert.throws(() => new WorkingCalendar(['09.01.2027']), RangeError);
  });
});

describe('addFullDays: every worked example of below-threshold.md §0.2', () => {
  it('Thu 2027-01-07 00:15 + 2 working → Tue 2027-01-12 00:00 (recorded complaintPeriod.endDate)', () => {
    assert.equal(full('2027-01-07T00:15:06+02:00', 2, true), '2027-01-12T00:00:00+02:00');
  });

  it('Thu 2027-01-07 00:15 + 5 working → Fri 2027-01-15 00:00 (recorded award period.endDate)', () => {
    assert.equal(full('2027-01-07T00:15:06+02:00', 5, true), '2027-01-15T00:00:00+02:00');
  });

  it('Fri 2027-01-08 00:00 (exact midnight) + 1 working → Sat 2027-01-09 00:00 (recorded clarificationsUntil)', () => {
    assert.equal(full('2027-01-08T00:00:00+02:00', 1, true), '2027-01-09T00:00:00+02:00');
  });

  it('Fri 2027-01-08 00:00:01 + 1 working → Tue 2027-01-12 00:00', () => {
    assert.equal(full('2027-01-08T00:00:01+02:00', 1, true), '2027-01-12T00:00:00+02:00');
  });

  it('one microsecond past midnight already rounds up', () => {
    assert.equal(full('2027-01-08T00:00:00.000001+02:00', 1, true), '2027-01-12T00:00:00+02:00');
  });

  it('Sat 2027-01-09 10:00 + 1 working → Tue 2027-01-12 00:00', () => {
    assert.equal(full('2027-01-09T10:00:00+02:00', 1, true), '2027-01-12T00:00:00+02:00');
  });

  it('Fri 2027-01-01 00:00 + 3 working → Wed 2027-01-06 00:00', () => {
    assert.equal(full('2027-01-01T00:00:00+02:00', 3, true), '2027-01-06T00:00:00+02:00');
  });

  it('Mon 2027-01-11 00:00 + 3 working → Thu 2027-01-14 00:00', () => {
    assert.equal(full('2027-01-11T00:00:00+02:00', 3, true), '2027-01-14T00:00:00+02:00');
  });

  it('Mon 2027-01-11 10:00 − 3 working → Wed 2027-01-06 00:00', () => {
    assert.equal(full('2027-01-11T10:00:00+02:00', -3, true), '2027-01-06T00:00:00+02:00');
  });
});

describe('addFullDays: more cases', () => {
  it('calendar days start from the next midnight unless already midnight', () => {
    assert.equal(full('2027-01-07T00:15:06+02:00', 5, false), '2027-01-13T00:00:00+02:00');
    assert.equal(full('2027-01-08T00:00:00+02:00', 3, false), '2027-01-11T00:00:00+02:00');
    assert.equal(full('2027-01-11T10:00:00+02:00', -3, false), '2027-01-08T00:00:00+02:00');
  });

  it('a value written in another offset is converted to Kyiv time first', () => {
    // 2027-01-07T22:00:00Z is exactly Kyiv midnight of Fri 2027-01-08.
    assert.equal(full('2027-01-07T22:00:00Z', 1, true), '2027-01-09T00:00:00+02:00');
    // 2027-01-08T00:00:00Z is 02:00 in Kyiv: rounds up to Sat, lands on Tue.
    assert.equal(full('2027-01-08T00:00:00Z', 1, true), '2027-01-12T00:00:00+02:00');
  });

  it('holidays are skipped while counting, but the result may fall on one', () => {
    const cal = new WorkingCalendar(['2027-01-12']);
    assert.equal(full('2027-01-07T00:15:06+02:00', 2, true, cal), '2027-01-12T00:00:00+02:00');
    assert.equal(full('2027-01-07T00:15:06+02:00', 3, true, cal), '2027-01-14T00:00:00+02:00');
  });

  it('a working weekend day counts', () => {
    const cal = new WorkingCalendar([], ['2027-01-09']);
    assert.equal(full('2027-01-08T00:00:01+02:00', 1, true, cal), '2027-01-10T00:00:00+02:00');
  });

  it('reference library cases (holidays 2018-01-01 and 2018-01-05)', () => {
    const cal = new WorkingCalendar(['2018-01-01', '2018-01-05']);
    assert.equal(full('2018-01-01T12:00:00+02:00', 1, true, cal), '2018-01-03T00:00:00+02:00');
    assert.equal(full('2017-12-31T12:00:00+02:00', 1, true, cal), '2018-01-03T00:00:00+02:00');
    assert.equal(full('2018-01-01T12:30:00+02:00', 3, true, cal), '2018-01-05T00:00:00+02:00');
    assert.equal(full('2018-01-05T12:00:00+02:00', -1, true, cal), '2018-01-04T00:00:00+02:00');
    assert.equal(full('2018-01-05T12:00:00+02:00', -3, true, cal), '2018-01-02T00:00:00+02:00');
    assert.equal(full('2018-01-08T12:00:00+02:00', -1, true, cal), '2018-01-04T00:00:00+02:00');
  });

  it('backwards from a non-working midnight: end of the previous working day, then step back', () => {
    assert.equal(full('2027-01-10T00:00:00+02:00', -1, true), '2027-01-08T00:00:00+02:00');
    assert.equal(full('2027-01-10T00:00:00+02:00', -2, true), '2027-01-07T00:00:00+02:00');
  });

  it('zero days: calendar floors to local midnight, working days are refused', () => {
    assert.equal(full('2027-01-08T10:00:00+02:00', 0, false), '2027-01-08T00:00:00+02:00');
    assert.throws(() => full('2027-01-08T10:00:00+02:00', 0, true), RangeError);
  });

  it('fractional days are refused', () => {
    assert.throws(() => full('2027-01-08T10:00:00+02:00', 1.5, false), RangeError);
  });
});

describe('addFullDays: sandbox accelerator', () => {
  it('adds days / N of plain time, no midnight or working-day logic', () => {
    assert.equal(full('2027-01-07T00:15:06+02:00', 2, true, weekends, 1440), '2027-01-07T00:17:06+02:00');
    assert.equal(full('2027-01-09T10:00:00+02:00', 1, false, weekends, 1440), '2027-01-09T10:01:00+02:00');
    assert.equal(full('2027-01-11T10:00:00+02:00', -3, true, weekends, 1440), '2027-01-11T09:57:00+02:00');
  });

  it('rounds to whole microseconds like Python timedelta division', () => {
    // 1 day / 7 = 12342.857142857… s → 12342.857143 s
    assert.equal(full('2027-01-07T00:00:00+02:00', 1, true, weekends, 7), '2027-01-07T03:25:42.857143+02:00');
  });

  it('an accelerator of 0 means none', () => {
    assert.equal(full('2027-01-08T00:00:00+02:00', 1, true, weekends, 0), '2027-01-09T00:00:00+02:00');
  });
});

describe('addFullDays: DST in Kyiv', () => {
  it('calendar day over the spring switch lands on local midnight (+03:00)', () => {
    assert.equal(full('2027-03-27T10:00:00+02:00', 1, false), '2027-03-29T00:00:00+03:00');
    const start = isoToMs('2027-03-28T00:00:00+02:00');
    const end = addFullDays(start, 1, { working: false, calendar: weekends });
    assert.equal(formatIso(end), '2027-03-29T00:00:00+03:00');
    assert.equal(end - start, 23 * HOUR);
  });

  it('calendar day over the autumn switch lands on local midnight (+02:00)', () => {
    assert.equal(full('2027-10-30T12:00:00+03:00', 1, false), '2027-11-01T00:00:00+02:00');
    const start = isoToMs('2027-10-31T00:00:00+03:00');
    const end = addFullDays(start, 1, { working: false, calendar: weekends });
    assert.equal(formatIso(end), '2027-11-01T00:00:00+02:00');
    assert.equal(end - start, 25 * HOUR);
  });

  it('working days over the switch weekends', () => {
    assert.equal(full('2027-03-26T10:00:00+02:00', 1, true), '2027-03-30T00:00:00+03:00');
    assert.equal(full('2027-10-29T10:00:00+03:00', 1, true), '2027-11-02T00:00:00+02:00');
    assert.equal(full('2027-03-30T10:00:00+03:00', -2, true), '2027-03-26T00:00:00+02:00');
    assert.equal(full('2027-11-02T00:00:00+02:00', -1, true), '2027-11-01T00:00:00+02:00');
  });

  it('the midnight test uses Kyiv wall time, whatever offset the value was written with', () => {
    assert.equal(full('2027-10-31T00:00:00+03:00', 1, false), '2027-11-01T00:00:00+02:00');
    // Same instant as the line above: Kyiv midnight.
    assert.equal(full('2027-10-30T23:00:00+02:00', 1, false), '2027-11-01T00:00:00+02:00');
    // 2027-10-31T00:00+02:00 is 01:00 Kyiv time: not midnight, rounds up to 2027-11-01.
    assert.equal(full('2027-10-31T00:00:00+02:00', 1, false), '2027-11-02T00:00:00+02:00');
  });
});

describe('addCalendarDuration (plain wall-clock addition)', () => {
  it('3 days across the spring switch is 71 h of real time', () => {
    const start = isoToMs('2027-03-26T10:00:00+02:00');
    const end = addCalendarDuration(start, { days: 3 });
    assert.equal(formatIso(end), '2027-03-29T10:00:00+03:00');
    assert.equal(end - start, 71 * HOUR);
  });

  it('3 days across the autumn switch is 73 h of real time', () => {
    const start = isoToMs('2027-10-29T10:00:00+03:00');
    const end = addCalendarDuration(start, { days: 3 });
    assert.equal(formatIso(end), '2027-11-01T10:00:00+02:00');
    assert.equal(end - start, 73 * HOUR);
  });

  it('24 hours of wall clock keep the time of day', () => {
    assert.equal(formatIso(addCalendarDuration(isoToMs('2027-03-27T12:00:00+02:00'), { hours: 24 })), '2027-03-28T12:00:00+03:00');
    assert.equal(formatIso(addCalendarDuration(isoToMs('2027-01-07T00:15:06+02:00'), { days: 1, hours: 2, minutes: 3, seconds: 4 })), '2027-01-08T02:18:10+02:00');
  });

  it('a result in the repeated autumn hour is read as winter time; one in the spring gap moves forward', () => {
    assert.equal(formatIso(addCalendarDuration(isoToMs('2027-10-28T03:30:00+03:00'), { days: 3 })), '2027-10-31T03:30:00+02:00');
    assert.equal(formatIso(addCalendarDuration(isoToMs('2027-03-25T03:30:00+02:00'), { days: 3 })), '2027-03-28T04:30:00+03:00');
  });

  it('sandbox accelerator divides the duration', () => {
    assert.equal(formatIso(addCalendarDuration(isoToMs('2027-01-07T00:15:06+02:00'), { days: 3 }, { accelerator: 1440 })), '2027-01-07T00:18:06+02:00');
  });

  it('kyivDateOf gives the local calendar date', () => {
    assert.equal(kyivDateOf(isoToMs('2027-01-16T23:30:00+00:00')), '2027-01-17');
  });
});
