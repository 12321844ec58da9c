// Contracting input models (contracting.md §2.4, §2.8): the classic PATCH keys by contract status,
// and classic changes. Server fields are rogue.
import { Type } from 'typebox';
import type { ModelSchema } from '../validation/model-validator.ts';
import { Amount, DateTime, DocumentInput, DocumentPatch, Enum, Item, OptStr, Period, SignedAmount, StoredDocument, Str, i18n } from '../tender/schemas/common.schema.ts';

const closed = (name: string) => ({ additionalProperties: false, 'x-model': name });

export const ContractValue = Type.Object(
  {
    amount: Type.Optional(Amount()),
    amountNet: Type.Optional(Amount()),
    currency: Type.String({ minLength: 3, maxLength: 3, default: 'UAH' }),
    valueAddedTaxIncluded: Type.Boolean({ default: false }),
  },
  closed('ContractValue'),
);

const { profile: _profile, category: _category, ...itemFields } = Item.properties;
export const ContractItem = Type.Object({ ...itemFields, attributes: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }))) }, closed('Item'));

export const CONTRACT_PATCH_STATUSES = ['pending', 'active', 'terminated', 'cancelled'] as const;

const commonPatchFields = {
  ...i18n('title'),
  ...i18n('description'),
  status: Type.Optional(Enum(CONTRACT_PATCH_STATUSES)),
  period: Type.Optional(Period),
  value: Type.Optional(ContractValue),
  items: Type.Optional(Type.Array(ContractItem, { minItems: 1 })),
  milestones: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }))),
  implementation: Type.Optional(Type.Object({}, { additionalProperties: true })),
};

/** A `pending` contract: terms, signature date and number. */
export const PendingContractPatch = Type.Object(
  { ...commonPatchFields, dateSigned: Type.Optional(DateTime()), contractNumber: OptStr() },
  closed('Contract'),
) as unknown as ModelSchema;

/** An `active` contract: terms, payment and termination details. */
export const ActiveContractPatch = Type.Object(
  { ...commonPatchFields, amountPaid: Type.Optional(ContractValue), terminationDetails: OptStr() },
  closed('Contract'),
) as unknown as ModelSchema;

/** The Administrator's corrections (contracting.md §2.4). */
export const AdminContractPatch = Type.Object(
  {
    contractNumber: OptStr(),
    status: Type.Optional(Enum([...CONTRACT_PATCH_STATUSES, 'pending.winner-signing'] as const)),
    suppliers: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }), { maxItems: 1 })),
    buyer: Type.Optional(Type.Object({}, { additionalProperties: true })),
    mode: Type.Optional(Enum(['test'] as const)),
  },
  closed('Contract'),
) as unknown as ModelSchema;

export const ChangeCreateInput = Type.Object(
  {
    ...i18n('rationale', true, { minLength: 1 }),
    rationaleTypes: Type.Array(Str(), { minItems: 1 }),
    contractNumber: OptStr(),
    dateSigned: Type.Optional(DateTime()),
  },
  closed('Change'),
) as unknown as ModelSchema;

export const ChangePatchInput = Type.Object(
  {
    ...i18n('rationale', false, { minLength: 1 }),
    rationaleTypes: Type.Optional(Type.Array(Str(), { minItems: 1 })),
    contractNumber: OptStr(),
    dateSigned: Type.Optional(DateTime()),
    status: Type.Optional(Enum(['pending', 'active'] as const)),
  },
  closed('Change'),
) as unknown as ModelSchema;

/** What a contract document may be about (contracting.md §2.7); default `contract`. */
const CONTRACT_DOCUMENT_OF = ['tender', 'item', 'lot', 'contract', 'change'] as const;

export const ContractDocumentInput = Type.Object(
  { ...DocumentInput.properties, documentOf: Enum(CONTRACT_DOCUMENT_OF, { default: 'contract' }) },
  closed('Document'),
) as unknown as ModelSchema;

export const ContractDocumentPatch = Type.Object(
  { ...DocumentPatch.properties, documentOf: Type.Optional(Enum(CONTRACT_DOCUMENT_OF)) },
  closed('Document'),
) as unknown as ModelSchema;

export const ContractStoredDocument = Type.Object(
  { ...StoredDocument.properties, documentOf: Enum(CONTRACT_DOCUMENT_OF) },
  closed('Document'),
) as unknown as ModelSchema;

const TransactionParty = Type.Object(
  {
    name: Str(),
    bankAccount: Type.Object({ id: Str(), scheme: Enum(['IBAN'] as const) }, closed('BankAccount')),
  },
  closed('OrganizationReference'),
);

/** A payment reported for a contract (contracting.md §2.13); `status` 0 / -1 are the bank's codes. */
export const TransactionInput = Type.Object(
  {
    date: DateTime(),
    value: Type.Object({ amount: SignedAmount(), currency: Type.String({ minLength: 3, maxLength: 3 }) }, closed('Guarantee')),
    payer: TransactionParty,
    payee: TransactionParty,
    status: Type.Union([Type.String(), Type.Number()]),
  },
  closed('Transaction'),
) as unknown as ModelSchema;
