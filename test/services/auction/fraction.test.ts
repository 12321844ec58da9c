import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  add,
  compare,
  div,
  fraction,
  fromDecimal,
  fromJson,
  mul,
  sub,
  toFixedHalfEven,
  toJson,
  toNumber,
} from '../../../src/services/auction/fraction.ts';

describe('fraction', () => {
  it('reads a number as the decimal it is written as, not as the nearest double', () => {
    assert.deepEqual(fromDecimal(0.1), fraction(1n, 10n));
    assert.equal(compare(add(fromDecimal(0.1), fromDecimal(0.2)), fromDecimal(0.3)), 0);
    assert.deepEqual(fromDecimal('479.50'), fraction(959n, 2n));
    assert.deepEqual(fromDecimal(-2.5), fraction(-5n, 2n));
    assert.deepEqual(fromDecimal(1e-7), fraction(1n, 10_000_000n));
    assert.deepEqual(fromDecimal(1e21), fraction(10n ** 21n));
  });

  it('rejects what is not a finite decimal', () => {
    assert.throws(() => fromDecimal(Number.NaN), RangeError);
    assert.throws(() => fromDecimal(Number.POSITIVE_INFINITY), RangeError);
    assert.throws(() => fromDecimal('abc'), RangeError);
    assert.throws(() => fromDecimal('.'), RangeError);
  });

  it('keeps lowest terms and a positive denominator', () => {
    assert.deepEqual(fraction(6n, -4n), { num: -3n, den: 2n });
    assert.deepEqual(mul(fraction(2n, 3n), fraction(3n, 4n)), fraction(1n, 2n));
    assert.deepEqual(div(fraction(1n, 2n), fraction(1n, 4n)), fraction(2n));
    assert.deepEqual(sub(fraction(1n), fraction(1n, 3n)), fraction(2n, 3n));
    assert.throws(() => fraction(1n, 0n), RangeError);
  });

  it('rounds half to even, exactly', () => {
    assert.equal(toFixedHalfEven(fraction(1n, 8n), 2), '0.12');
    assert.equal(toFixedHalfEven(fraction(3n, 8n), 2), '0.38');
    assert.equal(toFixedHalfEven(fraction(1n, 3n), 2), '0.33');
    assert.equal(toFixedHalfEven(fraction(2n, 3n), 2), '0.67');
    assert.equal(toFixedHalfEven(fraction(-2n, 3n), 2), '-0.67');
    assert.equal(toFixedHalfEven(fraction(1n, 1000n), 2), '0.00');
    assert.equal(toFixedHalfEven(fraction(7n), 0), '7');
  });

  it('survives JSON and converts to the nearest double', () => {
    const value = fraction(9n, 7n);
    assert.deepEqual(fromJson(JSON.parse(JSON.stringify(toJson(value)))), value);
    assert.equal(toNumber(value), 9 / 7);
  });
});
