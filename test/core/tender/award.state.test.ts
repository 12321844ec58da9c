// The award decision table (below-threshold.md §3.6) and the model rule on `qualified`. Pure.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { belowThreshold } from '../../../src/procedures/below-threshold/index.ts';
import { applyAwardDecision, assertQualifiedForStatus, type AwardMove } from '../../../src/core/tender/award.state.ts';
import { WorkingCalendar } from '../../../src/core/time/working-days.ts';
import { isoToMs } from '../../../src/core/time/iso.ts';
import { ApiError } from '../../../src/core/http/errors.ts';
import type { Award, Tender } from '../../../src/core/tender/tender.types.ts';

const NOW = '2027-01-15T00:15:06+02:00';

function move(tender: Tender, award: Award): AwardMove {
  return { tender, award, tc: { procedure: belowThreshold, config: { awardComplainDuration: 2 }, now: isoToMs(NOW), nowIso: NOW, calendar: new WorkingCalendar(), accelerator: undefined }, created: [], cancelledContracts: [] };
}

const award = (fields: Partial<Award>): Award => ({ id: 'a1', bid_id: 'b1', status: 'pending', date: '2027-01-14T00:00:00+02:00', suppliers: [], ...fields });

function refusal(fn: () => void): { status: number; description: unknown } {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return { status: e.status, description: e.errors[0]!.description };
    throw e;
  }
  throw new Error('no refusal');
}

describe('award transitions', () => {
  test('the table lists the four decisions and its graph has no problems', () => {
    assert.deepEqual(belowThreshold.transitions.award.list(), ['pending→active', 'pending→unsuccessful', 'active→cancelled', 'unsuccessful→cancelled']);
    assert.deepEqual(belowThreshold.transitions.award.check('pending'), []);
  });

  test('forbidden moves and edits of decided awards', () => {
    for (const [from, to] of [['pending', 'cancelled'], ['active', 'unsuccessful'], ['cancelled', 'active'], ['unsuccessful', 'active']] as const) {
      const before = award({ status: from, qualified: to === 'active' });
      const after = { ...before, status: to };
      assert.deepEqual(refusal(() => applyAwardDecision(before, move({ id: 't', status: 'active.qualification' }, after))), { status: 403, description: `Can't update award in current (${from}) status` });
    }
    const active = award({ status: 'active', qualified: true });
    assert.deepEqual(refusal(() => applyAwardDecision(active, move({ id: 't', status: 'active.awarded' }, { ...active, title: 'x' }))), { status: 403, description: "Can't update award in current (active) status" });
  });

  test('pending → unsuccessful: signed notice, stand-still of 2 working days, date moves', () => {
    const before = award({ documents: [{ id: 'd', title: 'sign.p7s', documentType: 'notice' }] });
    const after = { ...structuredClone(before), status: 'unsuccessful', qualified: false };
    const tender: Tender = { id: 't', status: 'active.qualification', awards: [after] };
    applyAwardDecision(before, move(tender, after));
    assert.equal(after.date, NOW);
    assert.deepEqual(after.complaintPeriod, { startDate: NOW, endDate: '2027-01-20T00:00:00+02:00' });
    assert.equal(tender.status, 'active.awarded');
  });

  test('an active contract blocks the cancellation of its award', () => {
    const before = award({ status: 'active', qualified: true });
    const after = { ...before, status: 'cancelled' };
    const tender: Tender = { id: 't', status: 'active.awarded', awards: [after], contracts: [{ id: 'c', awardID: 'a1', status: 'active' }] };
    assert.deepEqual(refusal(() => applyAwardDecision(before, move(tender, after))), { status: 403, description: "Can't cancel award contract in active status" });
  });

  test('qualified must match the decision', () => {
    assert.equal(refusal(() => assertQualifiedForStatus(award({ status: 'active' }), false)).status, 422);
    assert.equal(refusal(() => assertQualifiedForStatus(award({ status: 'unsuccessful', qualified: true }), false)).status, 422);
    assertQualifiedForStatus(award({ status: 'unsuccessful', qualified: false }), false);
    assertQualifiedForStatus(award({ status: 'active', qualified: true }), false);
  });
});
