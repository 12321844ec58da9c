// MEAT weighting (below-threshold.md §3.6): denominator and applicable features.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applicableFeatures, featureDenominator, weightedValueOf } from '../../../src/core/tender/bid-weighting.ts';
import type { Tender } from '../../../src/core/tender/tender.types.ts';

const feature = (code: string, featureOf: string, relatedItem?: string) => ({ code, featureOf, relatedItem, enum: [{ value: 0 }, { value: 0.1 }, { value: 0.15 }] });

describe('bid weighting', () => {
  test('spec example: parameters 0.1 + 0.1, maxima 0.15 + 0.15 → 1.2857142857142858', () => {
    assert.equal(featureDenominator([feature('a', 'tenderer'), feature('b', 'tenderer')], [{ code: 'a', value: 0.1 }, { code: 'b', value: 0.1 }]), 1.2857142857142858);
  });

  test('lot features: tenderer, that lot and its items only', () => {
    const t: Tender = {
      id: 't',
      status: 'active.tendering',
      items: [{ id: 'i1', relatedLot: 'L1' }, { id: 'i2', relatedLot: 'L2' }],
      features: [feature('ten', 'tenderer'), feature('l1', 'lot', 'L1'), feature('l2', 'lot', 'L2'), feature('it1', 'item', 'i1'), feature('it2', 'item', 'i2')],
    };
    assert.deepEqual(applicableFeatures(t, 'L1').map((f) => f.code), ['ten', 'l1', 'it1']);
    assert.equal(applicableFeatures(t).length, 5);
  });

  test('no features → no weighted value; with features the amount is rounded to 2 digits', () => {
    const bid = { id: 'b', parameters: [{ code: 'a', value: 0.1 }] };
    assert.equal(weightedValueOf({ id: 't', status: 'x' }, bid, { amount: 100, currency: 'UAH' }), undefined);
    const t: Tender = { id: 't', status: 'x', features: [feature('a', 'tenderer')] };
    // 1 + 0.1 / 0.85
    assert.deepEqual(weightedValueOf(t, bid, { amount: 100, currency: 'UAH' }), { amount: 89.47, currency: 'UAH', denominator: 1.1176470588235294 });
  });
});
