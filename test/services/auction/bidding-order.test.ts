import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { biddingOrder } from '../../../src/services/auction/bidding-order.ts';
import { fromDecimal } from '../../../src/services/auction/fraction.ts';

const offer = (bidId: string, amount: number, date: string) => ({ bidId, key: fromDecimal(amount), date });

describe('biddingOrder', () => {
  it('worst (highest) first, best last', () => {
    assert.deepEqual(
      biddingOrder([offer('a', 480, '2027-01-01T10:00:00+02:00'), offer('b', 500, '2027-01-01T10:00:00+02:00'), offer('c', 470, '2027-01-01T10:00:00+02:00')]),
      ['b', 'a', 'c'],
    );
  });

  it('equal amounts: the later bid goes first (the earlier keeps the better place)', () => {
    assert.deepEqual(
      biddingOrder([
        offer('early', 500, '2027-01-01T10:00:00+02:00'),
        offer('late', 500, '2027-01-01T11:00:00+02:00'),
        offer('middle', 500, '2027-01-01T10:30:00+02:00'),
      ]),
      ['late', 'middle', 'early'],
    );
  });

  it('compares dates as instants, to the microsecond, whatever the offset', () => {
    assert.deepEqual(
      biddingOrder([offer('x', 500, '2027-01-01T08:00:00.000002+00:00'), offer('y', 500, '2027-01-01T10:00:00.000001+02:00')]),
      ['x', 'y'],
    );
  });
});
