// reporting awards (open-procedures.md §6.1, §6.3): the tender owner records the winner. One live
// award at a time; no decision signature, no stand-still, no next-award step: a decision only
// creates or cancels the contract.
import { Type } from 'typebox';
import { forbidden } from '../../core/http/errors.ts';
import type { TableDelta } from '../../core/state/machine.ts';
import type { ModelSchema } from '../../core/validation/model-validator.ts';
import { createContracts } from '../../core/contracting/contract-creation.ts';
import { AWARD_STATUSES, type AwardMove } from '../../core/tender/award.state.ts';
import { Enum, OptStr, i18n } from '../../core/validation/schema-primitives.ts';
import { Supplier } from '../../core/tender/schemas/bid.schema.ts';
import { assertOwnerAwardDocumentWritable, LIVE_AWARD_STATUSES, newOwnerAward, OwnerAwardValue, ownerAwardValue } from '../../core/tender/limited/owner-awards.ts';
import { awardsOf, type Award, type Tender } from '../../core/tender/tender.types.ts';

/** A supplier as a report names it: the contact point may be left out. */
const ContactlessSupplier = Type.Object(
  { ...Supplier.properties, contactPoint: Type.Optional(Supplier.properties.contactPoint) },
  { additionalProperties: false, 'x-model': 'ContactLessSupplier' },
);

const suppliers = Type.Array(ContactlessSupplier, { minItems: 1, maxItems: 1 });

export const ReportingAwardCreateInput = Type.Object(
  {
    status: Enum(['pending'] as const, { default: 'pending' }),
    qualified: Type.Optional(Type.Boolean()),
    eligible: Type.Optional(Type.Boolean()),
    value: OwnerAwardValue,
    suppliers,
    subcontractingDetails: OptStr(),
  },
  { additionalProperties: false, 'x-model': 'Award' },
) as unknown as ModelSchema;

export const ReportingAwardPatchInput = Type.Object(
  {
    status: Type.Optional(Enum(AWARD_STATUSES)),
    qualified: Type.Optional(Type.Boolean()),
    ...i18n('title'),
    ...i18n('description'),
    suppliers: Type.Optional(suppliers),
    value: Type.Optional(OwnerAwardValue),
    subcontractingDetails: OptStr(),
  },
  { additionalProperties: false, 'x-model': 'Award' },
) as unknown as ModelSchema;

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
