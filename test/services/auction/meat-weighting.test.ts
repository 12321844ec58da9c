import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fraction, fromDecimal } from '../../../src/services/auction/fraction.ts';
import { meatCoefficient, weightedAmount, wireWeightedValue } from '../../../src/services/auction/meat-weighting.ts';

describe('MEAT weighting', () => {
  it('coefficient = 1 + Σparams / (1 − Σmax), exact (the spec example: 0.1+0.1 over maxima 0.15+0.15)', () => {
    const coefficient = meatCoefficient([0.1, 0.1], [0.15, 0.15]);
    assert.deepEqual(coefficient, fraction(9n, 7n));
    assert.equal(wireWeightedValue(fromDecimal(1000), coefficient).denominator, 1.2857142857142858);
  });

  it('no parameters → coefficient 1, weighted amount = amount', () => {
    const coefficient = meatCoefficient([], [0.3]);
    assert.deepEqual(coefficient, fraction(1n));
    assert.deepEqual(weightedAmount(fromDecimal(500), coefficient), fraction(500n));
  });

  it('weighted amount is amount ÷ coefficient; the wire amount is rounded half-even to 2 decimals', () => {
    const coefficient = meatCoefficient([0.1, 0.1], [0.15, 0.15]);
    assert.deepEqual(weightedAmount(fromDecimal(1000), coefficient), fraction(7000n, 9n));
    assert.deepEqual(wireWeightedValue(fromDecimal(1000), coefficient), {
      amount: 777.78,
      denominator: 1.2857142857142858,
    });
  });

  it('refuses maxima that reach 1', () => {
    assert.throws(() => meatCoefficient([0.1], [0.5, 0.5]), RangeError);
  });
});
