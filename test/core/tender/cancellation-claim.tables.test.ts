// The cancellation and claim transition tables (below-threshold.md §3.3, §3.8): listable and checked.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { belowThreshold } from '../../../src/procedures/below-threshold/index.ts';
import { coreCancellationTransitions as cancellationTransitions } from '../../../src/core/tender/cancellation.state.ts';
import { coreClaimTransitions as claimTransitions, serverClaimTransitions, CLAIM_INITIAL_STATUSES } from '../../../src/core/tender/claim.state.ts';
import { cancelLot, cancelTender } from '../../../src/core/tender/cancelling.ts';
import type { Tender } from '../../../src/core/tender/tender.types.ts';
import { WorkingCalendar } from '../../../src/core/time/working-days.ts';

const NOW = '2027-01-10T10:00:00+02:00';

describe('cancellation transitions', () => {
  test('the table lists its edges and its graph has no problems', () => {
    assert.deepEqual(cancellationTransitions.list(), ['draft→active', 'pending→active', 'draft→pending', 'draft→unsuccessful', 'pending→unsuccessful']);
    assert.deepEqual(cancellationTransitions.check('draft'), []);
  });
});

describe('claim transitions', () => {
  test('author and tender-owner tables', () => {
    assert.deepEqual(claimTransitions.complaint_owner.list(), [
      'draft→cancelled',
      'claim→cancelled',
      'answered→cancelled',
      'draft→draft',
      'draft→claim',
      'answered→answered',
      'answered→resolved',
    ]);
    assert.deepEqual(claimTransitions.tender_owner.list(), ['claim→claim', 'claim→answered']);
    assert.deepEqual(claimTransitions.complaint_owner.check(CLAIM_INITIAL_STATUSES, [claimTransitions.tender_owner as never, serverClaimTransitions]), []);
  });
});

describe('cancelling', () => {
  const cc = { procedure: belowThreshold, now: Date.parse(NOW), nowIso: NOW, calendar: new WorkingCalendar(), accelerator: undefined, config: {} };

  test('tender: unsigned contracts cancelled and reported, signed ones kept', () => {
    const t: Tender = {
      id: 't',
      status: 'active.awarded',
      contracts: [
        { id: 'c1', awardID: 'a1', status: 'pending' },
        { id: 'c2', awardID: 'a2', status: 'active' },
      ],
    };
    assert.deepEqual(cancelTender(t, cc), { cancelledContractIds: ['c1'] });
    assert.equal(t.status, 'cancelled');
    assert.deepEqual((t.contracts as Array<{ status: string }>).map((c) => c.status), ['cancelled', 'active']);
  });

  test('lot in tendering: lot parameters leave the bids with the lot', () => {
    const t: Tender = {
      id: 't',
      status: 'active.tendering',
      lots: [{ id: 'l1', status: 'active' }, { id: 'l2', status: 'active' }],
      items: [{ id: 'i1', relatedLot: 'l1' }, { id: 'i2', relatedLot: 'l2' }],
      features: [
        { code: 'tenderer', featureOf: 'tenderer', enum: [{ value: 0.1 }] },
        { code: 'lot1', featureOf: 'lot', relatedItem: 'l1', enum: [{ value: 0.1 }] },
        { code: 'item1', featureOf: 'item', relatedItem: 'i1', enum: [{ value: 0.1 }] },
      ],
      bids: [
        {
          id: 'b1',
          status: 'pending',
          date: NOW,
          tenderers: [],
          lotValues: [{ relatedLot: 'l1', value: {} }, { relatedLot: 'l2', value: {} }],
          parameters: [{ code: 'tenderer', value: 0.1 }, { code: 'lot1', value: 0.1 }, { code: 'item1', value: 0.1 }],
        },
      ],
    };
    cancelLot(t, 'l1', cc);
    assert.deepEqual(t.bids![0]!.parameters, [{ code: 'tenderer', value: 0.1 }]);
    assert.equal(t.bids![0]!.status, 'pending');
    assert.equal(t.lots![0]!.status, 'cancelled');
    assert.equal(t.lots![0]!.date, NOW);
    assert.equal(t.status, 'active.tendering');
  });

  test('lot: the tender becomes unsuccessful when the other lots are unsuccessful', () => {
    const t: Tender = { id: 't', status: 'active.qualification', lots: [{ id: 'l1', status: 'active' }, { id: 'l2', status: 'unsuccessful' }] };
    cancelLot(t, 'l1', cc);
    assert.equal(t.status, 'unsuccessful');
  });
});
