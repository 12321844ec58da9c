// Unit tests of the bid status table and its named effects (src/core/tender/bid.state.ts).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  coreBidTransitions, assertBidCreateStatus, assertOwnerBidTransition, invalidateBidsOnTenderChange, invalidateEditedPendingBid,
  isSubmission, submitBid,
} from '../../../src/core/tender/bid.state.ts';
import { ApiError } from '../../../src/core/http/errors.ts';
import type { Bid, Tender } from '../../../src/core/tender/tender.types.ts';

const NOW = '2027-01-10T10:00:00+02:00';
const bid = (overrides: Partial<Bid> = {}): Bid => ({
  id: 'b'.repeat(32),
  status: 'draft',
  date: '2027-01-09T10:00:00+02:00',
  tenderers: [{ identifier: { scheme: 'UA-IPN', id: '1' } }],
  lotValues: [{ relatedLot: 'l'.repeat(32), value: { amount: 1 }, status: 'pending', date: '2027-01-09T10:00:00+02:00' }],
  ...overrides,
});

function refusal(fn: () => void): { status: number; name: string; description: unknown } {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ApiError);
    return { status: e.status, name: e.errors[0].name, description: e.errors[0].description };
  }
  assert.fail('expected a refusal');
}

describe('bid status table', () => {
  test('the owner may only submit: draft → pending, invalid → pending', () => {
    assert.deepEqual(coreBidTransitions.owner.list(), ['draft→pending', 'invalid→pending']);
    assertOwnerBidTransition(coreBidTransitions, 'draft', 'pending');
    assertOwnerBidTransition(coreBidTransitions, 'invalid', 'pending');
    assertOwnerBidTransition(coreBidTransitions, 'pending', 'pending');
    assert.deepEqual(refusal(() => assertOwnerBidTransition(coreBidTransitions, 'pending', 'draft')), { status: 403, name: 'bid', description: "Can't update bid to (draft) status" });
    assert.deepEqual(refusal(() => assertOwnerBidTransition(coreBidTransitions, 'draft', 'active')), { status: 403, name: 'bid', description: "Can't update bid to (active) status" });
  });

  test('creation only as draft or pending', () => {
    assertBidCreateStatus('draft');
    assertBidCreateStatus('pending');
    assert.deepEqual(refusal(() => assertBidCreateStatus('invalid')), { status: 403, name: 'bid', description: "Bid can be added only with status: ('draft', 'pending')" });
  });

  test('isSubmission: entering pending from draft, invalid or at creation', () => {
    assert.equal(isSubmission('draft', 'pending'), true);
    assert.equal(isSubmission('invalid', 'pending'), true);
    assert.equal(isSubmission(undefined, 'pending'), true);
    assert.equal(isSubmission('pending', 'pending'), false);
    assert.equal(isSubmission('draft', 'draft'), false);
  });

  test('submitBid stamps date, submissionDate and lotValue dates', () => {
    const b = bid();
    submitBid(b, NOW, 'UA-EDR');
    assert.equal(b.submissionDate, NOW);
    assert.equal(b.date, NOW);
    assert.equal(b.lotValues![0].date, NOW);
  });

  test('submitBid refuses a UA-EDR tenderer without a fresh proposal signature', () => {
    const b = bid({ tenderers: [{ identifier: { scheme: 'UA-EDR', id: '1' } }], submissionDate: '2027-01-09T12:00:00+02:00' });
    b.documents = [{ id: 'd'.repeat(32), title: 'p.p7s', documentType: 'proposal', datePublished: '2027-01-09T12:00:00+02:00' }];
    assert.deepEqual(refusal(() => submitBid(b, NOW, 'UA-EDR')), { status: 422, name: 'documents', description: "Document with type 'proposal' and format pkcs7-signature is required" });
    b.documents.push({ id: 'e'.repeat(32), title: 'p2.p7s', documentType: 'proposal', datePublished: '2027-01-10T09:00:00+02:00' });
    submitBid(b, NOW, 'UA-EDR');
    assert.equal(b.submissionDate, NOW);
  });

  test('an edited pending bid becomes invalid; an unchanged one stays pending', () => {
    const before = bid({ status: 'pending' });
    const same = structuredClone(before);
    invalidateEditedPendingBid(before, same);
    assert.equal(same.status, 'pending');
    const edited = { ...structuredClone(before), subcontractingDetails: 'x' };
    invalidateEditedPendingBid(before, edited);
    assert.equal(edited.status, 'invalid');
    const draft = bid();
    const draftEdited = { ...structuredClone(draft), subcontractingDetails: 'x' };
    invalidateEditedPendingBid(draft, draftEdited);
    assert.equal(draftEdited.status, 'draft');
  });

  test('a tender change during tendering invalidates every non-draft bid and stamps invalidationDate', () => {
    const tender: Tender = {
      id: 't'.repeat(32),
      status: 'active.tendering',
      enquiryPeriod: { startDate: '2027-01-01T00:00:00+02:00', endDate: '2027-01-08T00:00:00+02:00' },
      bids: [bid(), bid({ id: 'c'.repeat(32), status: 'pending' }), bid({ id: 'd'.repeat(32), status: 'invalid' })],
    };
    invalidateBidsOnTenderChange(tender, NOW);
    assert.deepEqual(tender.bids!.map((b) => b.status), ['draft', 'invalid', 'invalid']);
    assert.equal(tender.enquiryPeriod!.invalidationDate, NOW);
  });

  test('no invalidation outside active.tendering', () => {
    const tender: Tender = { id: 't'.repeat(32), status: 'active.enquiries', enquiryPeriod: {}, bids: [bid({ status: 'pending' })] };
    invalidateBidsOnTenderChange(tender, NOW);
    assert.equal(tender.bids![0].status, 'pending');
    assert.equal(tender.enquiryPeriod!.invalidationDate, undefined);
  });
});
