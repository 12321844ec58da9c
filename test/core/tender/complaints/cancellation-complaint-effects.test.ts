// What resolving a satisfied cancellation complaint gives back (open-procedures.md §2.6): the days
// the complaint held the tender, a started hour counting as a day, at least one.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { heldDays, shiftPeriodsForResolvedCancellationComplaint } from '../../../../src/core/tender/complaints/cancellation-complaint-effects.ts';
import type { Cancellation, Claim, Tender } from '../../../../src/core/tender/tender.types.ts';

const NO_ACCELERATION = { accelerator: undefined };

describe('cancellation complaint effects', () => {
  test('held days: whole days, +1 past the first hour of the rest, at least 1', () => {
    assert.equal(heldDays('2027-01-10T00:00:00+02:00', '2027-01-10T00:30:00+02:00'), 1);
    assert.equal(heldDays('2027-01-10T00:00:00+02:00', '2027-01-13T00:59:59+02:00'), 3);
    assert.equal(heldDays('2027-01-10T00:00:00+02:00', '2027-01-13T01:00:00+02:00'), 4);
  });

  test('without tendering: stand-stills running when the complaint period began end later; others stay', () => {
    const tender = {
      status: 'active',
      awards: [
        { id: 'a', status: 'active', complaintPeriod: { startDate: '2027-01-01T00:00:00+02:00', endDate: '2027-01-06T00:00:00+02:00' } },
        { id: 'b', status: 'active', complaintPeriod: { startDate: '2027-01-05T00:00:00+02:00', endDate: '2027-01-10T00:00:00+02:00' } },
      ],
    } as unknown as Tender;
    const cancellation = { complaintPeriod: { startDate: '2027-01-03T00:00:00+02:00' } } as unknown as Cancellation;
    shiftPeriodsForResolvedCancellationComplaint(tender, cancellation, { tendererActionDate: '2027-01-05T12:00:00+02:00' } as unknown as Claim, NO_ACCELERATION);
    const [a, b] = tender.awards as unknown as Array<{ complaintPeriod: { endDate: string } }>;
    assert.equal(a!.complaintPeriod.endDate, '2027-01-09T00:00:00+02:00');
    assert.equal(b!.complaintPeriod.endDate, '2027-01-10T00:00:00+02:00');
  });

  test('while tendering: the enquiry, clarification, tendering and auction dates move', () => {
    const tender = {
      status: 'active.tendering',
      enquiryPeriod: { startDate: '2027-01-01T00:00:00+02:00', endDate: '2027-01-10T00:00:00+02:00', clarificationsUntil: '2027-01-13T00:00:00+02:00' },
      tenderPeriod: { startDate: '2027-01-01T00:00:00+02:00', endDate: '2027-01-20T00:00:00+02:00' },
      auctionPeriod: { shouldStartAfter: '2027-01-21T00:00:00+02:00' },
    } as unknown as Tender;
    const cancellation = { complaintPeriod: { startDate: '2027-01-05T00:00:00+02:00' } } as unknown as Cancellation;
    shiftPeriodsForResolvedCancellationComplaint(tender, cancellation, { tendererActionDate: '2027-01-07T00:00:00+02:00' } as unknown as Claim, NO_ACCELERATION);
    assert.equal(tender.enquiryPeriod?.endDate, '2027-01-12T00:00:00+02:00');
    assert.equal(tender.enquiryPeriod?.clarificationsUntil, '2027-01-15T00:00:00+02:00');
    assert.equal(tender.tenderPeriod?.endDate, '2027-01-22T00:00:00+02:00');
    assert.equal((tender.auctionPeriod as { shouldStartAfter: string }).shouldStartAfter, '2027-01-23T00:00:00+02:00');
  });
});
