import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compareIso, formatIso, isoToMs, parseIso } from '../../../src/core/time/iso.ts';

describe('formatIso', () => {
  it('renders Kyiv time without a fraction when the microseconds are zero', () => {
    assert.equal(formatIso(Date.UTC(2026, 11, 31, 22)), '2027-01-01T00:00:00+02:00');
  });

  it('renders a six-digit fraction when non-zero', () => {
    assert.equal(formatIso(Date.UTC(2027, 0, 15, 11, 9, 55, 701)), '2027-01-15T13:09:55.701000+02:00');
    assert.equal(formatIso(Date.UTC(2027, 0, 18, 10, 28, 35, 700)), '2027-01-18T12:28:35.700000+02:00');
    assert.equal(formatIso(Date.UTC(2027, 0, 1, 0, 0, 0, 1)), '2027-01-01T02:00:00.001000+02:00');
  });

  it('keeps a microsecond fraction carried by the ms value', () => {
    assert.equal(formatIso(Date.UTC(2027, 0, 15, 11, 9, 55, 701) + 0.234), '2027-01-15T13:09:55.701234+02:00');
  });

  it('uses +03:00 in summer and switches exactly at the DST instants', () => {
    assert.equal(formatIso(Date.UTC(2027, 6, 1, 9)), '2027-07-01T12:00:00+03:00');
    assert.equal(formatIso(Date.UTC(2027, 2, 28, 0, 59, 59)), '2027-03-28T02:59:59+02:00');
    assert.equal(formatIso(Date.UTC(2027, 2, 28, 1)), '2027-03-28T04:00:00+03:00');
    assert.equal(formatIso(Date.UTC(2027, 9, 31, 0, 59, 59)), '2027-10-31T03:59:59+03:00');
    assert.equal(formatIso(Date.UTC(2027, 9, 31, 1)), '2027-10-31T03:00:00+02:00');
  });
});

describe('parseIso: accepted forms', () => {
  const cases: Array<[string, string, number]> = [
    ['2027-01-08T00:00:00+02:00', '2027-01-08T00:00:00+02:00', Date.UTC(2027, 0, 7, 22)],
    ['2027-01-08T00:00:00Z', '2027-01-08T00:00:00+00:00', Date.UTC(2027, 0, 8)],
    ['2027-01-08t00:00:00z', '2027-01-08T00:00:00+00:00', Date.UTC(2027, 0, 8)],
    ['2027-01-08T00:00:00-00:00', '2027-01-08T00:00:00+00:00', Date.UTC(2027, 0, 8)],
    ['2027-01-08T00:00:00', '2027-01-08T00:00:00+02:00', Date.UTC(2027, 0, 7, 22)],
    ['2027-01-08', '2027-01-08T00:00:00+02:00', Date.UTC(2027, 0, 7, 22)],
    ['2027-07-08', '2027-07-08T00:00:00+03:00', Date.UTC(2027, 6, 7, 21)],
    ['2027-01', '2027-01-01T00:00:00+02:00', Date.UTC(2026, 11, 31, 22)],
    ['20270108', '2027-01-08T00:00:00+02:00', Date.UTC(2027, 0, 7, 22)],
    ['20270108T1230', '2027-01-08T12:30:00+02:00', Date.UTC(2027, 0, 8, 10, 30)],
    ['20270108T123045+0530', '2027-01-08T12:30:45+05:30', Date.UTC(2027, 0, 8, 7, 0, 45)],
    ['2027-01-08 12:30', '2027-01-08T12:30:00+02:00', Date.UTC(2027, 0, 8, 10, 30)],
    ['2027-01-08T12', '2027-01-08T12:00:00+02:00', Date.UTC(2027, 0, 8, 10)],
    ['2027-01-08T12:30:45+03', '2027-01-08T12:30:45+03:00', Date.UTC(2027, 0, 8, 9, 30, 45)],
    ['2027-01-08T12:30:45-0930', '2027-01-08T12:30:45-09:30', Date.UTC(2027, 0, 8, 22, 0, 45)],
    ['2027-01-15T13:09:55.701+02:00', '2027-01-15T13:09:55.701000+02:00', Date.UTC(2027, 0, 15, 11, 9, 55, 701)],
    ['2027-01-15T13:09:55,5+02:00', '2027-01-15T13:09:55.500000+02:00', Date.UTC(2027, 0, 15, 11, 9, 55, 500)],
    ['2027-01-15T13:09:55.000000+02:00', '2027-01-15T13:09:55+02:00', Date.UTC(2027, 0, 15, 11, 9, 55)],
    ['2027-01-15T13:09:55.000000999+02:00', '2027-01-15T13:09:55+02:00', Date.UTC(2027, 0, 15, 11, 9, 55)],
    ['2027-01-08T24:00:00', '2027-01-09T00:00:00+02:00', Date.UTC(2027, 0, 8, 22)],
    ['2027-008', '2027-01-08T00:00:00+02:00', Date.UTC(2027, 0, 7, 22)],
    ['2028-366', '2028-12-31T00:00:00+02:00', Date.UTC(2028, 11, 30, 22)],
    ['2027-W02-5', '2027-01-15T00:00:00+02:00', Date.UTC(2027, 0, 14, 22)],
    ['2027W02', '2027-01-11T00:00:00+02:00', Date.UTC(2027, 0, 10, 22)],
  ];
  for (const [input, normalized, ms] of cases) {
    it(`${input} → ${normalized}`, () => {
      assert.deepEqual(parseIso(input), { ms, normalized });
    });
  }

  it('truncates fractions beyond microseconds and keeps them in ms', () => {
    const parsed = parseIso('2027-01-15 13:09:55.7012345678');
    assert.equal(parsed?.normalized, '2027-01-15T13:09:55.701234+02:00');
    assert.equal(formatIso(parsed!.ms), '2027-01-15T13:09:55.701234+02:00');
  });

  it('naive time in the spring gap keeps its wall clock with +02:00 (pytz), instant 01:30Z', () => {
    assert.deepEqual(parseIso('2027-03-28T03:30:00'), { ms: Date.UTC(2027, 2, 28, 1, 30), normalized: '2027-03-28T03:30:00+02:00' });
  });

  it('naive repeated autumn time resolves to winter time (pytz is_dst=False)', () => {
    assert.deepEqual(parseIso('2027-10-31T03:30:00'), { ms: Date.UTC(2027, 9, 31, 1, 30), normalized: '2027-10-31T03:30:00+02:00' });
  });
});

describe('parseIso: rejected forms', () => {
  const bad = [
    '', 'x', 'now', '2027', '2027-', '2027-1-8', '2027-01-8', '201406', '2027-02-29', '2027-13-01', '2027-00-10',
    '2027-01-00', '2027-01-32', '2027-04-31', '0000-01-01', '10000-01-01', '+2027-01-08', '-2027-01-08',
    '2027-01-08T', '2027-01-08T1', '2027-01-08T12:', '2027-01-08T12:3', '2027-01-08T25:00', '2027-01-08T24:00:01',
    '2027-01-08T12:60', '2027-01-08T12:00:60', '2027-01-08T12:00:00.', '2027-01-08T12:00.5',
    '2027-01-08T0102', '20270108T01:02', '2027-01-08_12:00', '2027-01-08Z', '2027-01-08T00:00:00+24:00',
    '2027-01-08T00:00:00+02:60', '2027-01-08T00:00:00+2', '2027-01-08T00:00:00+02:', '2027-01-08T00:00:00Zjunk',
    '2027-01-08T00:00:00 ', '2027-000', '2027-366', '2027-W54', '2027-W00', '2027-W01-8', '9999-12-31T24:00:00',
    '２０２７-01-08',
  ];
  for (const input of bad) {
    it(JSON.stringify(input), () => {
      assert.equal(parseIso(input), null);
    });
  }

  it('non-string input', () => {
    assert.equal(parseIso(20270108 as unknown as string), null);
  });
});

describe('compareIso / isoToMs', () => {
  it('orders by instant regardless of the written offset', () => {
    assert.equal(compareIso('2027-01-08T00:00:00+02:00', '2027-01-07T22:00:00Z'), 0);
    assert.equal(compareIso('2027-01-08T00:00:00+02:00', '2027-01-08T00:00:00+00:00'), -1);
    assert.equal(compareIso('2027-01-08T00:00:00', '2027-01-07T23:00:00+01:00'), 0);
    assert.equal(compareIso('2027-01-08T00:00:01+02:00', '2027-01-08T00:00:00+02:00'), 1);
  });

  it('is exact to the microsecond', () => {
    assert.equal(compareIso('2027-01-08T00:00:00.000001+02:00', '2027-01-07T22:00:00Z'), 1);
    assert.equal(compareIso('2027-01-08T00:00:00.000999+02:00', '2027-01-08T00:00:00.001+02:00'), -1);
  });

  it('throws on unparseable input', () => {
    assert.throws(() => compareIso('nope', '2027-01-08'), RangeError);
    assert.throws(() => isoToMs('2027-02-30'), RangeError);
    assert.equal(isoToMs('2027-01-08T00:00:00Z'), Date.UTC(2027, 0, 8));
  });
});
