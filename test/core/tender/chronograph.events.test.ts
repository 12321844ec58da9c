// Chronograph events and next_check per tender status (below-threshold.md §5). Pure.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { belowThreshold } from '../../../src/procedures/below-threshold/index.ts';
import { nextCheckOf, runDueEvents, tenderEvents, type ChronographEventCtx } from '../../../src/core/tender/chronograph.events.ts';
import { isoToMs } from '../../../src/core/time/iso.ts';
import { WorkingCalendar } from '../../../src/core/time/working-days.ts';
import type { Tender } from '../../../src/core/tender/tender.types.ts';

const at = (nowIso: string, config: Record<string, boolean | number> = { hasAuction: true, minBidsNumber: 1 }): ChronographEventCtx => ({
  procedure: belowThreshold,
  now: isoToMs(nowIso),
  nowIso,
  config,
  accelerator: undefined,
  calendar: new WorkingCalendar([]),
  contractsCreated: [],
  contractsCancelled: [],
});

const tender = (fields: Partial<Tender>): Tender => ({ id: 't', status: 'draft', ...fields }) as Tender;

describe('chronograph events', () => {
  test('draft and terminal tenders have no events', () => {
    for (const status of ['draft', 'complete', 'unsuccessful', 'cancelled']) {
      assert.equal(nextCheckOf(tender({ status, tenderPeriod: { startDate: '2027-01-08T00:00:00+02:00' } }), at('2027-01-01T00:00:00+02:00')), undefined);
    }
  });

  test('active.enquiries: tenderPeriod.startDate, else enquiryPeriod.endDate', () => {
    const ec = at('2027-01-01T00:00:00+02:00');
    assert.equal(nextCheckOf(tender({ status: 'active.enquiries', tenderPeriod: { startDate: '2027-01-09T00:00:00+02:00' }, enquiryPeriod: { endDate: '2027-01-08T00:00:00+02:00' } }), ec), '2027-01-09T00:00:00+02:00');
    assert.equal(nextCheckOf(tender({ status: 'active.enquiries', enquiryPeriod: { endDate: '2027-01-08T00:00:00+02:00' } }), ec), '2027-01-08T00:00:00+02:00');
  });

  test('inspector gate: no event until the latest tender review request is approved and valid', () => {
    const ec = at('2027-01-01T00:00:00+02:00');
    const t = tender({ status: 'active.enquiries', inspector: { name: 'x' }, tenderPeriod: { startDate: '2027-01-08T00:00:00+02:00' } });
    assert.equal(nextCheckOf(t, ec), undefined);
    t.reviewRequests = [{ id: 'r', tenderStatus: 'active.enquiries', approved: true, is_valid: true }];
    assert.equal(nextCheckOf(t, ec), '2027-01-08T00:00:00+02:00');
    t.reviewRequests = [{ id: 'r', tenderStatus: 'active.enquiries', approved: true, is_valid: false }];
    assert.equal(nextCheckOf(t, ec), undefined);
  });

  test('active.auction: the planned start while ahead, then the re-plan time (start + bids × 6 + 9 + 15 + 60 min)', () => {
    const t = tender({
      status: 'active.auction',
      auctionPeriod: { startDate: '2027-01-15T12:00:00+02:00' },
      bids: [{ id: 'a', status: 'active' }, { id: 'b', status: 'active' }] as unknown as Tender['bids'],
    });
    assert.equal(nextCheckOf(t, at('2027-01-15T00:00:00+02:00')), '2027-01-15T12:00:00+02:00');
    assert.equal(nextCheckOf(t, at('2027-01-15T12:00:00+02:00')), '2027-01-15T13:36:00+02:00');
    (t.auctionPeriod as { endDate?: string }).endDate = '2027-01-15T12:40:00+02:00';
    assert.equal(nextCheckOf(t, at('2027-01-15T12:00:00+02:00')), undefined);
  });

  test('active.awarded (no lots): unsuccessful only once the stand-still has strictly passed', () => {
    const make = () =>
      tender({ status: 'active.awarded', awards: [{ id: 'w', status: 'unsuccessful', complaintPeriod: { endDate: '2027-01-20T00:00:00+02:00' } }] });
    const t = make();
    assert.equal(nextCheckOf(t, at('2027-01-19T00:00:00+02:00')), '2027-01-20T00:00:00+02:00');
    runDueEvents(t, at('2027-01-20T00:00:00+02:00'));
    assert.equal(t.status, 'active.awarded', 'an event firing exactly at the end does nothing');
    const late = make();
    assert.deepEqual(runDueEvents(late, at('2027-01-20T00:00:01+02:00')), ['awarded stand-still end']);
    assert.equal(late.status, 'unsuccessful');
    assert.equal(late.date, '2027-01-20T00:00:01+02:00');
  });

  test('lots: an unsuccessful lot settles at its stand-still end, with every other finished lot; the tender follows', () => {
    const t = tender({
      status: 'active.qualification',
      lots: [{ id: 'L1', status: 'active' }, { id: 'L2', status: 'active' }],
      awards: [
        { id: 'a1', lotID: 'L1', status: 'unsuccessful', complaintPeriod: { endDate: '2027-01-20T00:00:00+02:00' } },
        { id: 'a2', lotID: 'L2', status: 'active', complaintPeriod: { endDate: '2027-01-19T00:00:00+02:00' } },
      ],
      contracts: [{ id: 'c', awardID: 'a2', status: 'active' }],
    });
    assert.equal(nextCheckOf(t, at('2027-01-18T00:00:00+02:00')), '2027-01-20T00:00:00+02:00');
    runDueEvents(t, at('2027-01-20T00:00:00+02:00'));
    assert.deepEqual(t.lots!.map((l) => l.status), ['unsuccessful', 'complete']);
    assert.equal(t.status, 'complete');
  });

  test('lots: no active lot left in a non-terminal tender → due now', () => {
    const t = tender({ status: 'active.qualification', lots: [{ id: 'L1', status: 'unsuccessful' }] });
    assert.equal(nextCheckOf(t, at('2027-01-18T10:00:00+02:00')), '2027-01-18T10:00:00+02:00');
    runDueEvents(t, at('2027-01-18T10:00:00+02:00'));
    assert.equal(t.status, 'unsuccessful');
  });

  test('answered claims resolve 3 wall-clock days after the answer (also across DST); pending legacy claims at dateModified', () => {
    const t = tender({
      status: 'active.tendering',
      dateModified: '2027-03-20T10:00:00+02:00',
      tenderPeriod: { endDate: '2027-04-30T00:00:00+03:00' },
      complaints: [
        { id: 'c1', status: 'answered', resolutionType: 'resolved', dateAnswered: '2027-03-26T12:00:00+02:00' },
        { id: 'c2', status: 'pending' },
      ],
    });
    const events = tenderEvents(t, at('2027-03-20T10:00:00+02:00'));
    assert.deepEqual(events.map((e) => e.at), ['2027-03-29T12:00:00+03:00', '2027-03-20T10:00:00+02:00', '2027-04-30T00:00:00+03:00']);
    runDueEvents(t, at('2027-03-29T12:00:00+03:00'));
    assert.deepEqual((t.complaints as Array<{ status: string }>).map((c) => c.status), ['resolved', 'ignored']);
  });
});
