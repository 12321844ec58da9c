import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { FeedQueryError } from '../../../src/core/storage/store.ts';
import {
  composeOffset,
  formatPyFloat,
  hashIds,
  parseIsoDateTime,
  parseOffset,
  parsePyFloat,
  parsePyInt,
} from '../../../src/core/storage/feed-offset.ts';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

const FA2E = 'fa2e9cbf88314cb6ae4f240dacbb041f';
const C94 = '94cd95f5e2034cdf9695a0f556b7cbb4';

function assertInvalidOffset(raw: string): void {
  assert.throws(
    () => parseOffset(raw),
    (e: unknown) => {
      assert.ok(e instanceof FeedQueryError);
      assert.equal(e.param, 'offset');
      assert.equal(e.message, `Invalid offset provided: ${raw}`);
      return true;
    },
  );
}

test('formatPyFloat renders like Python repr(float)', () => {
  const cases: [number, string][] = [
    [1798754401, '1798754401.0'],
    [1798754400, '1798754400.0'],
    [1767969651.246, '1767969651.246'],
    [1768042320.082, '1768042320.082'],
    [1767969651.2, '1767969651.2'],
    [1767969651.02, '1767969651.02'],
    [0, '0.0'],
    [-0, '-0.0'],
    [0.1, '0.1'],
    [-2.5, '-2.5'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1.5e-7, '1.5e-07'],
    [1e15, '1000000000000000.0'],
    [9999999999999998, '9999999999999998.0'],
    [1e16, '1e+16'],
    [123456789012345678, '1.2345678901234568e+17'],
    [1e22, '1e+22'],
    [5e-324, '5e-324'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
    [NaN, 'nan'],
  ];
  for (const [x, expected] of cases) assert.equal(formatPyFloat(x), expected, `repr(${x})`);
});

test('formatPyFloat keeps millisecond epoch values round-trippable', () => {
  for (let ms = 1798754400000; ms < 1798754400000 + 2000; ms += 7) {
    const x = ms / 1000;
    const s = formatPyFloat(x);
    assert.equal(Number(s), x);
    assert.match(s, /^\d{10}\.\d{1,3}$/);
  }
});

test('composeOffset reproduces the recorded listing offsets', () => {
  // tender-listing-after-patch.http: last item fa2e… modified at 2027-01-01T00:00:01+02:00
  const afterPatch = [
    { id: C94, publicModified: 1798754400.0 },
    { id: FA2E, publicModified: 1798754401.0 },
  ];
  assert.equal(composeOffset(afterPatch, 'last'), '1798754401.0.1.0c83243cbf195ce42c53e8755e94dcd3');
  assert.equal(composeOffset(afterPatch, 'first'), `1798754400.0.1.${md5(C94)}`);

  // active-tender-listing-no-auth.http
  assert.equal(
    composeOffset([{ id: FA2E, publicModified: 1798754400.0 }], 'last'),
    '1798754400.0.1.0c83243cbf195ce42c53e8755e94dcd3',
  );

  // tender-listing-after-procuringEntity.http: two items share the timestamp; ids hashed sorted
  const sameTs = [
    { id: FA2E, publicModified: 1798754400.0 },
    { id: C94, publicModified: 1798754400.0 },
  ];
  assert.equal(composeOffset(sameTs, 'last'), '1798754400.0.2.75109e5396c7d62d526f0f3253c534c3');
  assert.equal(composeOffset(sameTs, 'first'), '1798754400.0.2.75109e5396c7d62d526f0f3253c534c3');
});

test('composeOffset reproduces the platform.md §4.3 example', () => {
  const page = [
    { id: '82caff5150214ad2b43aa583f7fabcae', publicModified: 1768042320.082 },
    { id: '8e57141320ec463abf6d82c1497702fc', publicModified: 1767969651.246 },
  ];
  assert.equal(composeOffset(page, 'last'), '1767969651.246.1.4325efbb2409185921e764a90ea1cb93');
  assert.equal(composeOffset(page, 'first'), '1768042320.082.1.5142ecd8a327509ce0580c5133be68f6');
});

test('composeOffset counts every page item sharing the boundary timestamp', () => {
  const page = [
    { id: 'c', publicModified: 10.5 },
    { id: 'b', publicModified: 11.5 },
    { id: 'a', publicModified: 11.5 },
    { id: 'd', publicModified: 11.5 },
  ];
  assert.equal(composeOffset(page, 'last'), `11.5.3.${md5('abd')}`);
  assert.equal(composeOffset(page, 'first'), `10.5.1.${md5('c')}`);
  assert.equal(composeOffset([], 'last'), '');
  assert.equal(hashIds(['b', 'a']), md5('ab'));
});

test('parseOffset: 4-part server offsets', () => {
  assert.deepEqual(parseOffset('1798754401.0.1.0c83243cbf195ce42c53e8755e94dcd3'), {
    value: 1798754401,
    n: 1,
    hash: '0c83243cbf195ce42c53e8755e94dcd3',
  });
  assert.deepEqual(parseOffset('1767969651.246.2.abc'), { value: 1767969651.246, n: 2, hash: 'abc' });
  // n is a Python int: whitespace, sign, underscores
  assert.deepEqual(parseOffset('5.5. 1_0 .h'), { value: 5.5, n: 10, hash: 'h' });
  assert.deepEqual(parseOffset('5.5.0.h'), { value: 5.5, n: 0, hash: 'h' });
  // non-integer n → 404
  assertInvalidOffset('1798754401.0.x.abc');
  assertInvalidOffset('1798754401.0..abc');
  // round trip
  const composed = composeOffset([{ id: 'x', publicModified: 1767969651.246 }], 'last');
  assert.deepEqual(parseOffset(composed), { value: 1767969651.246, n: 1, hash: md5('x') });
});

test('parseOffset: plain float offsets (1, 2 or 3+ parts)', () => {
  assert.deepEqual(parseOffset('1798754401'), { value: 1798754401, n: 0, hash: null });
  assert.deepEqual(parseOffset('1798754401.5'), { value: 1798754401.5, n: 0, hash: null });
  assert.deepEqual(parseOffset('1798754401.'), { value: 1798754401, n: 0, hash: null });
  assert.deepEqual(parseOffset('.5'), { value: 0.5, n: 0, hash: null });
  assert.deepEqual(parseOffset('-3.25'), { value: -3.25, n: 0, hash: null });
  assert.deepEqual(parseOffset('1e9'), { value: 1e9, n: 0, hash: null });
  assert.deepEqual(parseOffset('1.5e3'), { value: 1500, n: 0, hash: null });
  assert.deepEqual(parseOffset(' 1_000.5 '), { value: 1000.5, n: 0, hash: null });
  // 3 parts: only the first two count
  assert.deepEqual(parseOffset('1798754401.5.7'), { value: 1798754401.5, n: 0, hash: null });
  // 5 parts: not a 4-part offset, n stays 0
  assert.deepEqual(parseOffset('1.5.2.h.x'), { value: 1.5, n: 0, hash: null });
});

test('parseOffset: a value of 0 means "no offset" for filtering (reference quirk)', () => {
  assert.deepEqual(parseOffset('0'), { value: null, n: 0, hash: null });
  assert.deepEqual(parseOffset('0.0'), { value: null, n: 0, hash: null });
  assert.deepEqual(parseOffset('-0.0'), { value: null, n: 0, hash: null });
  assert.deepEqual(parseOffset('0.0.1.abc'), { value: null, n: 1, hash: 'abc' });
  assert.deepEqual(parseOffset('1970-01-01T00:00:00Z'), { value: null, n: 0, hash: null });
  assert.deepEqual(parseOffset('0.0000000000'), { value: null, n: 0, hash: null }); // legacy form
});

test('parseOffset: legacy 10-character public_ts cursor is taken as <seconds>.0 with n=0 (lossy)', () => {
  assert.deepEqual(parseOffset('1798754401.0000000003'), { value: 1798754401, n: 0, hash: null });
  assert.deepEqual(parseOffset('1798754401.1234567890'), { value: 1798754401, n: 0, hash: null });
  // legacy check wins over the 4-part reading
  assert.deepEqual(parseOffset('1798754401.1234567890.3.abc'), { value: 1798754401, n: 0, hash: null });
  // both parts must be integers, otherwise 404 (no float/ISO fallback)
  assertInvalidOffset('1798754401.123456789x');
  assertInvalidOffset('17987544x1.1234567890');
  assertInvalidOffset('2027-01-01T00:00:00.1234+02:00'); // part 2 "1234+02:00" is 10 characters
  // 9 or 11 characters: ordinary float
  assert.deepEqual(parseOffset('1.123456789'), { value: 1.123456789, n: 0, hash: null });
  assert.deepEqual(parseOffset('1.12345678901'), { value: 1.12345678901, n: 0, hash: null });
});

test('parseOffset: ISO 8601 date-time fallback (legacy dateModified offsets)', () => {
  // 2027-01-01T00:00:01+02:00 = 1798754401
  assert.deepEqual(parseOffset('2027-01-01T00:00:01+02:00'), { value: 1798754401, n: 0, hash: null });
  // "+" arrives as a space when the client did not encode it
  assert.deepEqual(parseOffset('2027-01-01T00:00:01 02:00'), { value: 1798754401, n: 0, hash: null });
  assert.deepEqual(parseOffset('2017-07-25T17:36:55.824208+03:00'), {
    value: 1500993415.824208,
    n: 0,
    hash: null,
  });
  // naive = UTC
  assert.deepEqual(parseOffset('2026-12-31T22:00:01'), { value: 1798754401, n: 0, hash: null });
  assert.deepEqual(parseOffset('2026-12-31T22:00:01Z'), { value: 1798754401, n: 0, hash: null });
  assert.deepEqual(parseOffset('2027-01-01'), { value: 1798761600, n: 0, hash: null });
  assert.deepEqual(parseOffset('2027-01-01T00:00:01-0130'), { value: 1798767001, n: 0, hash: null });
});

test('parseOffset: anything else is 404 with the raw value', () => {
  for (const raw of ['latest', 'abc', '.', 'x.y', '1e', '2027-13-01T00:00:00', '2027-02-29T00:00:00', 'inf', 'nan', '1e400', '0x10', '1__0', '_1']) {
    assertInvalidOffset(raw);
  }
});

test('parsePyInt / parsePyFloat follow Python int() / float() for finite decimals', () => {
  assert.equal(parsePyInt('5'), 5n);
  assert.equal(parsePyInt(' +5 '), 5n);
  assert.equal(parsePyInt('-007'), -7n);
  assert.equal(parsePyInt('1_000'), 1000n);
  assert.equal(parsePyInt('99999999999999999999'), 99999999999999999999n);
  for (const bad of ['', ' ', '5.0', '1e3', '0x10', '_1', '1_', '1__0', '+-1', 'abc']) assert.equal(parsePyInt(bad), null, bad);
  assert.equal(parsePyFloat('5.'), 5);
  assert.equal(parsePyFloat('-.5'), -0.5);
  assert.equal(parsePyFloat('1E-2'), 0.01);
  assert.equal(parsePyFloat('\t3\n'), 3);
  for (const bad of ['', '.', 'e5', '1e', 'inf', 'nan', '1e400', '1.2.3']) assert.equal(parsePyFloat(bad), null, bad);
});

test('parseIsoDateTime validates calendar fields', () => {
  assert.equal(parseIsoDateTime('2024-02-29T00:00:00Z'), 1709164800);
  assert.equal(parseIsoDateTime('2023-02-29T00:00:00Z'), null);
  assert.equal(parseIsoDateTime('2027-01-01T24:00:00Z'), 1798848000);
  assert.equal(parseIsoDateTime('2027-01-01T24:00:01Z'), null);
  assert.equal(parseIsoDateTime('2027-01-01T23:60:00Z'), null);
  assert.equal(parseIsoDateTime('20270101T000000Z'), 1798761600);
  assert.equal(parseIsoDateTime('2027-01-01T00:00:00.1234567Z'), 1798761600.123456);
  assert.equal(parseIsoDateTime('2027-01-01 00:00:00Z'), null);
});
