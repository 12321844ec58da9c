// Awards the tender owner records (open-procedures.md §6.1): their value model (currency and VAT
// default to the tender's) and the statuses that keep an award chain busy. Shared by every
// owner-awarded procedure; each states its own model and rules over these.
import { Type, type TSchema } from 'typebox';
import type { ModelSchema } from '../../validation/model-validator.ts';
import { Enum, OptStr, i18n } from '../../validation/schema-primitives.ts';
import { AWARD_STATUSES } from '../award.state.ts';
import { forbidden } from '../../http/errors.ts';
import { Amount } from '../schemas/common.schema.ts';
import type { Award, MoneyValue, Tender } from '../tender.types.ts';

/** The award's value; currency and VAT default to the tender's (filled by `ownerAwardValue`). */
export const OwnerAwardValue = Type.Object(
  {
    amount: Amount(),
    currency: Type.Optional(Type.String({ minLength: 3, maxLength: 3 })),
    valueAddedTaxIncluded: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, 'x-model': 'Value' },
);

/** Award statuses that keep an award chain (the tender's, or a lot's) busy. */
export const LIVE_AWARD_STATUSES: ReadonlySet<string> = new Set(['pending', 'active']);

/** An owner's award value: currency and VAT default to the tender's (the reference's AwardValue). */
export function ownerAwardValue(tender: Tender, value: MoneyValue): MoneyValue {
  return {
    ...value,
    currency: value.currency ?? tender.value?.currency ?? 'UAH',
    valueAddedTaxIncluded: value.valueAddedTaxIncluded ?? tender.value?.valueAddedTaxIncluded ?? true,
  };
}

/** The award as stored from the owner's validated input. */
export function newOwnerAward(tender: Tender, input: Record<string, unknown>, id: string, nowIso: string): Award {
  return {
    ...input,
    status: 'pending',
    value: ownerAwardValue(tender, input.value as MoneyValue),
    suppliers: input.suppliers as Award['suppliers'],
    id,
    date: nowIso,
  } as Award;
}

/** Award documents: the tender `active`; new ones only while the award is `pending`. */
export function assertOwnerAwardDocumentWritable(tender: Tender, award: Award, _role: string, op: 'add' | 'update'): void {
  if (tender.status !== 'active') throw forbidden(`Can't ${op} document in current (${tender.status}) tender status`);
  if (op === 'add' && award.status !== 'pending') throw forbidden(`Can't add document in current (${award.status}) award status`);
}

/**
 * The owner's award POST and PATCH models: one supplier of the procedure's shape, the value,
 * `qualified`, subcontracting details, and the procedure's own fields (`extra`, e.g. `lotID`).
 */
export function ownerAwardInputs(supplier: TSchema, extra: Record<string, TSchema> = {}, extraOnCreate: Record<string, TSchema> = {}): { create: ModelSchema; patch: ModelSchema } {
  const suppliers = Type.Array(supplier, { minItems: 1, maxItems: 1 });
  const create = Type.Object(
    {
      status: Enum(['pending'] as const, { default: 'pending' }),
      qualified: Type.Optional(Type.Boolean()),
      eligible: Type.Optional(Type.Boolean()),
      value: OwnerAwardValue,
      suppliers,
      subcontractingDetails: OptStr(),
      ...extraOnCreate,
      ...extra,
    },
    { additionalProperties: false, 'x-model': 'Award' },
  );
  const patch = Type.Object(
    {
      status: Type.Optional(Enum(AWARD_STATUSES)),
      qualified: Type.Optional(Type.Boolean()),
      ...i18n('title'),
      ...i18n('description'),
      suppliers: Type.Optional(suppliers),
      value: Type.Optional(OwnerAwardValue),
      subcontractingDetails: OptStr(),
      ...extra,
    },
    { additionalProperties: false, 'x-model': 'Award' },
  );
  return { create: create as unknown as ModelSchema, patch: patch as unknown as ModelSchema };
}
