// reporting awards (open-procedures.md §6.1, §6.3): the tender owner records the winner. One live
// award at a time; no decision signature, no stand-still, no next-award step: a decision only
// creates or cancels the contract.
import { Type } from 'typebox';
import { forbidden } from '../../core/http/errors.ts';
import type { TableDelta } from '../../core/state/machine.ts';
import { createContracts } from '../../core/contracting/contract-creation.ts';
import type { AwardMove } from '../../core/tender/award.state.ts';
import { Supplier } from '../../core/tender/schemas/bid.schema.ts';
import { assertOwnerAwardDocumentWritable, LIVE_AWARD_STATUSES, newOwnerAward, ownerAwardInputs, ownerAwardValue } from '../../core/tender/limited/owner-awards.ts';
import { awardsOf, type Tender } from '../../core/tender/tender.types.ts';

/** A supplier as a report names it: the contact point may be left out. */
const ContactlessSupplier = Type.Object(
  { ...Supplier.properties, contactPoint: Type.Optional(Supplier.properties.contactPoint) },
  { additionalProperties: false, 'x-model': 'ContactLessSupplier' },
);

const inputs = ownerAwardInputs(ContactlessSupplier);
export const ReportingAwardCreateInput = inputs.create;
export const ReportingAwardPatchInput = inputs.patch;

/** A new award only after the last one ended unsuccessful or cancelled. */
export function assertNoLiveAward(tender: Tender): void {
  const last = awardsOf(tender).at(-1);
  if (last && LIVE_AWARD_STATUSES.has(last.status)) throw forbidden(`Can't create new award while any (${last.status}) award exists`);
}

/** An owner's award value (the core's defaults). */
export const reportingAwardValue = ownerAwardValue;

/** The award as stored from the owner's validated input. */
export const newReportingAward = newOwnerAward;

/**
 * The owner's decisions, over the core table: no decision signature (`pending → active` creates
 * the contract, `pending → unsuccessful` ends the chain; the core `active → cancelled` cancels the
 * unsigned contract), and `unsuccessful → cancelled` is refused (no claims here).
 */
export const reportingAwardDelta: TableDelta<AwardMove> = {
  add: [
    { from: 'pending', to: 'active', effect: (m) => m.created.push(...createContracts(m.tender, m.award, m.tc.nowIso)) },
    { from: 'pending', to: 'unsuccessful' },
  ],
  remove: ['unsuccessful→cancelled'],
};

/** Award documents: the tender `active`; new ones only while the award is `pending`. */
export const assertReportingAwardDocumentWritable = assertOwnerAwardDocumentWritable;
