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
import { Amount } from '../../core/tender/schemas/common.schema.ts';
import { awardsOf, type Award, type MoneyValue, type Tender } from '../../core/tender/tender.types.ts';

/** A supplier as a report names it: the contact point may be left out. */
const ContactlessSupplier = Type.Object(
  { ...Supplier.properties, contactPoint: Type.Optional(Supplier.properties.contactPoint) },
  { additionalProperties: false, 'x-model': 'ContactLessSupplier' },
);

/** The award's value; currency and VAT default to the tender's (filled by `newAward`). */
const AwardValue = Type.Object(
  {
    amount: Amount(),
    currency: Type.Optional(Type.String({ minLength: 3, maxLength: 3 })),
    valueAddedTaxIncluded: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, 'x-model': 'Value' },
);

const suppliers = Type.Array(ContactlessSupplier, { minItems: 1, maxItems: 1 });

export const ReportingAwardCreateInput = Type.Object(
  {
    status: Enum(['pending'] as const, { default: 'pending' }),
    qualified: Type.Optional(Type.Boolean()),
    eligible: Type.Optional(Type.Boolean()),
    value: AwardValue,
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
    value: Type.Optional(AwardValue),
    subcontractingDetails: OptStr(),
  },
  { additionalProperties: false, 'x-model': 'Award' },
) as unknown as ModelSchema;

/** Award statuses that keep the tender's one award chain busy. */
const LIVE_AWARD_STATUSES: ReadonlySet<string> = new Set(['pending', 'active']);

/** A new award only after the last one ended unsuccessful or cancelled. */
export function assertNoLiveAward(tender: Tender): void {
  const last = awardsOf(tender).at(-1);
  if (last && LIVE_AWARD_STATUSES.has(last.status)) throw forbidden(`Can't create new award while any (${last.status}) award exists`);
}

/** An owner's award value: currency and VAT default to the tender's (the reference's AwardValue). */
export function reportingAwardValue(tender: Tender, value: MoneyValue): MoneyValue {
  return {
    ...value,
    currency: value.currency ?? tender.value?.currency ?? 'UAH',
    valueAddedTaxIncluded: value.valueAddedTaxIncluded ?? tender.value?.valueAddedTaxIncluded ?? true,
  };
}

/** The award as stored from the owner's validated input. */
export function newReportingAward(tender: Tender, input: Record<string, unknown>, id: string, nowIso: string): Award {
  return {
    ...input,
    status: 'pending',
    value: reportingAwardValue(tender, input.value as MoneyValue),
    suppliers: input.suppliers as Award['suppliers'],
    id,
    date: nowIso,
  } as Award;
}

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
export function assertReportingAwardDocumentWritable(tender: Tender, award: Award, _role: string, op: 'add' | 'update'): void {
  if (tender.status !== 'active') throw forbidden(`Can't ${op} document in current (${tender.status}) tender status`);
  if (op === 'add' && award.status !== 'pending') throw forbidden(`Can't add document in current (${award.status}) award status`);
}
