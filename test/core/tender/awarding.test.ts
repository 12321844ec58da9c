// Award generation (below-threshold.md §3.6): ranking and the awarding step on a stored tender. Pure.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { belowThreshold } from '../../../src/procedures/below-threshold/index.ts';
import { ownerAwarding, rankCandidates, rankedAwarding } from '../../../src/core/tender/awarding.ts';
import { WorkingCalendar } from '../../../src/core/time/working-days.ts';
import { isoToMs } from '../../../src/core/time/iso.ts';
import type { Tender } from '../../../src/core/tender/tender.types.ts';

const NOW = '2027-01-15T00:15:06+02:00';
const ac = { procedure: belowThreshold, config: {}, now: isoToMs(NOW), nowIso: NOW, calendar: new WorkingCalendar(), accelerator: undefined };
const addNextAward = (t: Tender, c: typeof ac): void => belowThreshold.awarding.next(t, c);

describe('awarding', () => {
  test('cheapest first; weighted amounts only when every candidate has one; ties by date', () => {
    const c = (id: string, amount: number, date: string, weighted?: number) => ({ id, value: { amount }, weightedValue: weighted === undefined ? undefined : { amount: weighted }, date });
    assert.deepEqual(rankCandidates([c('a', 500, '2'), c('b', 400, '3'), c('c', 400, '1')]).map((x) => x.id), ['c', 'b', 'a']);
    assert.deepEqual(rankCandidates([c('a', 500, '1', 300), c('b', 400, '2', 350)]).map((x) => x.id), ['a', 'b']);
    assert.deepEqual(rankCandidates([c('a', 500, '1', 300), c('b', 400, '2')]).map((x) => x.id), ['b', 'a']);
  });

  test('MEAT: features weight the lot values; a lot without proposals becomes unsuccessful', () => {
    const tender: Tender = {
      id: 't',
      status: 'active.auction',
      lots: [{ id: 'l1', status: 'active' }, { id: 'l2', status: 'active' }],
      features: [{ code: 'f', featureOf: 'tenderer', enum: [{ value: 0 }, { value: 0.15 }] }],
      bids: [
        { id: 'cheap', status: 'active', date: '1', tenderers: [{ name: 'A' }], parameters: [{ code: 'f', value: 0 }], lotValues: [{ relatedLot: 'l1', status: 'active', value: { amount: 450 } }] },
        { id: 'good', status: 'active', date: '2', tenderers: [{ name: 'B' }], parameters: [{ code: 'f', value: 0.15 }], lotValues: [{ relatedLot: 'l1', status: 'active', value: { amount: 500 } }] },
      ],
    };
    addNextAward(tender, ac);
    const awards = tender.awards as Array<Record<string, unknown>>;
    assert.equal(awards.length, 1);
    assert.equal(awards[0]!.bid_id, 'good');
    assert.deepEqual(awards[0]!.weightedValue, { amount: 425, currency: undefined, denominator: 1.1764705882352942 });
    assert.equal(tender.lots![1]!.status, 'unsuccessful');
    assert.equal(tender.status, 'active.qualification');
    assert.deepEqual(tender.awardPeriod, { startDate: NOW });
  });

  test('a tender without lots has one chain: next candidate after a disqualification, then active.awarded', () => {
    const tender: Tender = {
      id: 't',
      status: 'active.tendering',
      bids: [
        { id: 'b1', status: 'active', date: '1', tenderers: [{ name: 'A' }], value: { amount: 300 } },
        { id: 'b2', status: 'active', date: '2', tenderers: [{ name: 'B' }], value: { amount: 200 } },
        { id: 'b3', status: 'unsuccessful', date: '0', tenderers: [{ name: 'C' }], value: { amount: 100 } },
      ],
    };
    addNextAward(tender, ac);
    const awards = () => tender.awards as Array<Record<string, unknown>>;
    assert.deepEqual(awards().map((a) => [a.bid_id, a.lotID]), [['b2', undefined]]);
    awards()[0]!.status = 'unsuccessful';
    addNextAward(tender, ac);
    assert.deepEqual(awards().map((a) => a.bid_id), ['b2', 'b1']);
    awards()[1]!.status = 'unsuccessful';
    addNextAward(tender, ac);
    assert.equal(awards().length, 2);
    assert.equal(tender.status, 'active.awarded');
    assert.equal((tender.awardPeriod as Record<string, unknown>).endDate, NOW);
  });

  test('ranked: the decision window comes from the strategy (5 working days for belowThreshold; any duration)', () => {
    const tender = (): Tender => ({ id: 't', status: 'active.tendering', bids: [{ id: 'b1', status: 'active', date: '1', tenderers: [], value: { amount: 1 } }] });
    const t1 = tender();
    addNextAward(t1, ac);
    assert.equal(belowThreshold.awarding.kind, 'ranked');
    // Friday 2027-01-15 → five full working days → Saturday 2027-01-23 00:00 (end of Friday 22nd).
    assert.deepEqual((t1.awards as Array<Record<string, unknown>>)[0]!.period, { startDate: NOW, endDate: '2027-01-23T00:00:00+02:00' });
    const t2 = tender();
    rankedAwarding({ days: 3, working: false }).next(t2, ac);
    assert.deepEqual((t2.awards as Array<Record<string, unknown>>)[0]!.period, { startDate: NOW, endDate: '2027-01-19T00:00:00+02:00' });
  });

  test('owner: the system creates no award and leaves the tender as it is', () => {
    const tender: Tender = { id: 't', status: 'active', bids: [{ id: 'b1', status: 'active', date: '1', tenderers: [], value: { amount: 1 } }] };
    const before = structuredClone(tender);
    ownerAwarding.next(tender, { ...ac, procedure: { ...belowThreshold, awarding: ownerAwarding } });
    assert.equal(ownerAwarding.kind, 'owner');
    assert.deepEqual(tender, before);
  });
});
