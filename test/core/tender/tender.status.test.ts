// The time-driven tender transition table (below-threshold.md §2.2): the core default merged with
// belowThreshold's enquiry stage, listable and checked.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { belowThreshold } from '../../../src/procedures/below-threshold/index.ts';
import { moveTenderStatus } from '../../../src/core/tender/tender.status.ts';
import type { Tender } from '../../../src/core/tender/tender.types.ts';

const at = (nowIso: string) => ({ procedure: belowThreshold, nowIso });

describe('tender time transitions', () => {
  test('the table lists its edges and its graph has no problems', () => {
    const tenderTimeTransitions = belowThreshold.transitions.tenderTime;
    assert.deepEqual(tenderTimeTransitions.list(), [
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
      'active.tendering→cancelled',
      'active.qualification→cancelled',
      'active.awarded→cancelled',
      'active.enquiries→active.tendering',
      'active.enquiries→cancelled',
    ]);
    assert.deepEqual(belowThreshold.transitions.tenderOwner.check('draft', [tenderTimeTransitions as never]), []);
  });

  test('a move sets status and date; unknown moves are programming errors', () => {
    const t: Tender = { id: 't', status: 'active.enquiries' };
    moveTenderStatus(t, 'active.tendering', at('2027-01-08T00:00:00+02:00'));
    assert.equal(t.status, 'active.tendering');
    assert.equal(t.date, '2027-01-08T00:00:00+02:00');
    assert.throws(() => moveTenderStatus(t, 'complete', at('2027-01-08T00:00:00+02:00')), /No tender transition active.tendering → complete/);
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
    moveTenderStatus(t, 'unsuccessful', at('2027-01-15T00:00:00+02:00'));
    assert.equal(t.auctionPeriod, undefined);
    assert.equal(t.lots![0]!.auctionPeriod, undefined);
    assert.ok(t.lots![1]!.auctionPeriod);
  });
});
