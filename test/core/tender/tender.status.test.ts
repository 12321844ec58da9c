// The time-driven tender transition table (below-threshold.md §2.2): listable and checked.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { moveTenderStatus, tenderTimeTransitions } from '../../../src/core/tender/tender.status.ts';
import type { Tender } from '../../../src/core/tender/tender.types.ts';

describe('tender time transitions', () => {
  test('the table lists its edges and its graph has no problems', () => {
    assert.deepEqual(tenderTimeTransitions.list(), [
      'active.enquiries→active.tendering',
      'active.tendering→active.auction',
      'active.tendering→active.qualification',
      'active.tendering→active.awarded',
      'active.tendering→unsuccessful',
      'active.auction→active.qualification',
      'active.auction→active.awarded',
      'active.auction→unsuccessful',
      'active.qualification→active.awarded',
      'active.awarded→active.qualification',
      'active.qualification→unsuccessful',
      'active.awarded→unsuccessful',
      'active.qualification→complete',
      'active.awarded→complete',
      'active.enquiries→cancelled',
      'active.tendering→cancelled',
      'active.qualification→cancelled',
      'active.awarded→cancelled',
      'active→complete',
      'active→unsuccessful',
      'active→cancelled',
    ]);
    assert.deepEqual(tenderTimeTransitions.check('active.enquiries'), []);
  });

  test('a move sets status and date; unknown moves are programming errors', () => {
    const t: Tender = { id: 't', status: 'active.enquiries' };
    moveTenderStatus(t, 'active.tendering', '2027-01-08T00:00:00+02:00');
    assert.equal(t.status, 'active.tendering');
    assert.equal(t.date, '2027-01-08T00:00:00+02:00');
    assert.throws(() => moveTenderStatus(t, 'complete', '2027-01-08T00:00:00+02:00'), /No tender transition active.tendering → complete/);
  });

  test('unsuccessful drops auctions that have not run, keeps finished ones', () => {
    const t: Tender = {
      id: 't',
      status: 'active.tendering',
      auctionPeriod: { startDate: '2027-01-15T12:00:00+02:00' },
      lots: [
        { id: 'a', auctionPeriod: { startDate: '2027-01-15T12:00:00+02:00' } },
        { id: 'b', auctionPeriod: { startDate: '2027-01-15T12:00:00+02:00', endDate: '2027-01-15T12:30:00+02:00' } },
      ],
    };
    moveTenderStatus(t, 'unsuccessful', '2027-01-15T00:00:00+02:00');
    assert.equal(t.auctionPeriod, undefined);
    assert.equal(t.lots![0]!.auctionPeriod, undefined);
    assert.ok(t.lots![1]!.auctionPeriod);
  });
});
