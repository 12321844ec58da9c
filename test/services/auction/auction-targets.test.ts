// Which auctions a tender needs and the bodies the built-in auction sends (pure).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { auctionModeOf, auctionTargets, resultsBody, urlsBody } from '../../../src/services/auction/auction-targets.ts';
import type { Tender } from '../../../src/core/tender/tender.types.ts';

const L1 = 'a'.repeat(32);
const L2 = 'b'.repeat(32);
const START = '2027-01-15T12:00:00+02:00';
const money = (amount: number) => ({ amount, currency: 'UAH', valueAddedTaxIncluded: false });
const lotValue = (relatedLot: string, amount: number, status = 'active') => ({ relatedLot, value: money(amount), status, date: '2027-01-10T10:00:00+02:00' });

function lotTender(): Tender {
  return {
    id: 't'.repeat(32),
    status: 'active.auction',
    lots: [
      { id: L1, status: 'active', minimalStep: money(5), auctionPeriod: { startDate: START } },
      { id: L2, status: 'active', minimalStep: money(7), auctionPeriod: { startDate: START } },
    ],
    features: [
      { code: 'f1', featureOf: 'tenderer', enum: [{ value: 0 }, { value: 0.1 }] },
      { code: 'f2', featureOf: 'lot', relatedItem: L2, enum: [{ value: 0.05 }, { value: 0.15 }] },
    ],
    bids: [
      { id: 'b1', status: 'active', date: '2027-01-10T09:00:00+02:00', tenderers: [], lotValues: [lotValue(L2, 300), lotValue(L1, 400)], parameters: [{ code: 'f1', value: 0.1 }, { code: 'f2', value: 0.05 }] },
      { id: 'b2', status: 'active', date: '2027-01-10T09:00:00+02:00', tenderers: [], lotValues: [lotValue(L1, 390)], parameters: [{ code: 'f1', value: 0 }] },
      { id: 'b3', status: 'active', date: '2027-01-10T09:00:00+02:00', tenderers: [], lotValues: [lotValue(L1, 380, 'unsuccessful')] },
    ],
  } as Tender;
}

describe('auction targets', () => {
  it('one run per active lot with two or more bids; participants in bid order with lot amounts and applicable parameters', () => {
    const targets = auctionTargets(lotTender(), { sandbox: false, accelerator: undefined });
    assert.deepEqual(targets.map((t) => t.key), [`${'t'.repeat(32)}_${L1}`]);
    const run = targets[0]!.run;
    assert.deepEqual(run.participants.map((p) => [p.bidId, p.amount, p.parameterValues]), [['b1', 400, [0.1]], ['b2', 390, [0]]]);
    assert.deepEqual([run.minimalStep, run.featureMaxValues], [5, [0.1]]);
    assert.equal(run.durations, undefined);
  });

  it('nothing outside active.auction, without a start, or once finished', () => {
    assert.deepEqual(auctionTargets({ ...lotTender(), status: 'active.qualification' }, { sandbox: false, accelerator: undefined }), []);
    const finished = lotTender();
    finished.lots![0]!.auctionPeriod = { startDate: START, endDate: START };
    assert.deepEqual(auctionTargets(finished, { sandbox: false, accelerator: undefined }), []);
  });

  it('sandbox modes from submissionMethodDetails; outside the sandbox always a normal auction', () => {
    const t = { ...lotTender(), submissionMethodDetails: 'quick(mode:fast-forward)' };
    assert.equal(auctionModeOf(t, true), 'fast-forward');
    assert.equal(auctionModeOf(t, false), 'normal');
    assert.equal(auctionModeOf({ ...t, submissionMethodDetails: 'quick(mode:no-auction)' }, true), 'no-auction');
    assert.ok(auctionTargets(t, { sandbox: true, accelerator: 1440 })[0]!.run.durations);
  });

  it('bodies: every tender bid in order, lotValues up to the lot, the url or result on the participants only', () => {
    const tender = lotTender();
    const target = auctionTargets(tender, { sandbox: false, accelerator: undefined })[0]!;
    assert.deepEqual(urlsBody(tender, target, 'http://x/auctions/k', (id) => `u-${id}`), {
      lots: [{ id: L1, auctionUrl: 'http://x/auctions/k' }, { id: L2 }],
      bids: [
        { id: 'b1', lotValues: [{ relatedLot: L2 }, { relatedLot: L1, participationUrl: 'u-b1' }] },
        { id: 'b2', lotValues: [{ relatedLot: L1, participationUrl: 'u-b2' }] },
        { id: 'b3' },
      ],
    });
    const results = [
      { id: 'b1', value: { amount: 350 }, date: '2027-01-15T12:10:00+02:00', weightedValue: { amount: 318.18, denominator: 1.1 } },
      { id: 'b2', value: { amount: 390 }, date: '2027-01-10T10:00:00+02:00' },
    ];
    assert.deepEqual(resultsBody(tender, L1, results), {
      bids: [
        { id: 'b1', lotValues: [{ relatedLot: L2 }, { relatedLot: L1, value: { amount: 350 }, date: '2027-01-15T12:10:00+02:00', weightedValue: { amount: 318.18 } }] },
        { id: 'b2', lotValues: [{ relatedLot: L1, value: { amount: 390 }, date: '2027-01-10T10:00:00+02:00' }] },
        { id: 'b3' },
      ],
    });
  });
});
