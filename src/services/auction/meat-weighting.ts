// MEAT (features and parameters, below-threshold.md §1.7 and §3.6): a bid is ranked by its amount
// divided by a per-bidder coefficient 1 + Σparams / (1 − Σmax feature values). The reference
// auction keeps the coefficient and the weighted amount ("amount_features") as Python Fractions;
// here they are exact rationals too, so equal weighted amounts tie exactly and the date decides.

import { div, fromDecimal, ONE, add, sub, sum, toFixedHalfEven, toNumber, compare, ZERO } from './fraction.ts';
import type { Fraction } from './fraction.ts';

/**
 * The bidder's coefficient. `featureMaxValues` holds, per applicable feature, its largest enum value
 * (the tender rule keeps their sum ≤ 0.3, so the divisor stays positive).
 */
export function meatCoefficient(parameterValues: readonly number[], featureMaxValues: readonly number[]): Fraction {
  const divisor = sub(ONE, sum(featureMaxValues.map((v) => fromDecimal(v))));
  if (compare(divisor, ZERO) <= 0) throw new RangeError('The feature maxima must sum to less than 1');
  return add(ONE, div(sum(parameterValues.map((v) => fromDecimal(v))), divisor));
}

/** amount ÷ coefficient, exact. */
export function weightedAmount(amount: Fraction, coefficient: Fraction): Fraction {
  return div(amount, coefficient);
}

export interface WireWeightedValue {
  /** Rounded half-even to 2 decimals, as the API's `round(amount / denominator, 2)` does. */
  amount: number;
  /** The coefficient as a float, as the API stores `weightedValue.denominator`. */
  denominator: number;
}

/** What the auction posts as `weightedValue` for one bid. */
export function wireWeightedValue(amount: Fraction, coefficient: Fraction): WireWeightedValue {
  return {
    amount: Number(toFixedHalfEven(weightedAmount(amount, coefficient), 2)),
    denominator: toNumber(coefficient),
  };
}
