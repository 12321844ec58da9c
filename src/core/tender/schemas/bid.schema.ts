// Bid input models (below-threshold.md §1.12, §3.4): POST and owner PATCH. Value, lotValues,
// parameters and items are checked against the tender by bid.rules.ts after the shape passes.
import { Type } from 'typebox';
import type { ModelSchema } from '../../validation/model-validator.ts';
import { partial } from './tender.schema.ts';
import { SignedAmount, SignerInfo, Value, organizationFields } from './common.schema.ts';
import { Enum, Hex32, OptStr, Str, i18n } from '../../validation/schema-primitives.ts';
import { DocumentInput } from '../../documents/document.schema.ts';
import { RequirementResponseInput } from '../criteria/criterion.schema.ts';

const closed = (name: string) => ({ additionalProperties: false, 'x-model': name });

/** Every status of the shared bid enum; POST/PATCH narrow it in bid.state.ts with 403s. */
export const BID_STATUSES = ['draft', 'pending', 'active', 'invalid', 'invalid.pre-qualification', 'unsuccessful', 'deleted'] as const;

export const SUPPLIER_SCALES = ['micro', 'sme', 'mid', 'large', 'not specified'] as const;

export const Supplier = Type.Object(
  {
    ...organizationFields,
    scale: Enum(SUPPLIER_SCALES),
    signerInfo: Type.Optional(SignerInfo),
    contract_owner: OptStr(),
  },
  closed('Supplier'),
);

const lotValueFields = { relatedLot: Hex32(), value: Value, subcontractingDetails: OptStr() };

/** POST: a lotValue starts `pending`; the server dates it. */
export const LotValuePostInput = Type.Object(
  { ...lotValueFields, status: Enum(['pending'] as const, { default: 'pending' }) },
  closed('LotValue'),
);

/** PATCH: clients may echo back what they read; stored status, date and weightedValue are kept. */
export const LotValuePatchInput = Type.Object(
  {
    ...lotValueFields,
    status: Type.Optional(Enum(['pending', 'active', 'unsuccessful'] as const)),
    date: OptStr(),
    weightedValue: Type.Optional(
      Type.Object(
        { amount: SignedAmount(), currency: OptStr(), valueAddedTaxIncluded: Type.Optional(Type.Boolean()), denominator: Type.Optional(Type.Number()), addition: Type.Optional(Type.Number()) },
        closed('WeightedValue'),
      ),
    ),
  },
  closed('LotValue'),
);

export const ParameterInput = Type.Object({ code: Str({ minLength: 1 }), value: Type.Number() }, closed('Parameter'));

const BidUnit = Type.Object({ ...i18n('name'), code: OptStr(), value: Type.Optional(Value) }, closed('Unit'));

export const BidItemInput = Type.Object(
  {
    id: Str({ minLength: 1 }),
    ...i18n('description'),
    unit: Type.Optional(BidUnit),
    quantity: Type.Optional(Type.Number({ minimum: 0 })),
    relatedLot: Type.Optional(Hex32()),
    product: OptStr(),
  },
  closed('LocalizationItem'),
);

const bidFields = {
  requirementResponses: Type.Optional(Type.Array(RequirementResponseInput)),
  tenderers: Type.Array(Supplier, { minItems: 1, maxItems: 1 }),
  value: Type.Optional(Value),
  parameters: Type.Optional(Type.Array(ParameterInput)),
  items: Type.Optional(Type.Array(BidItemInput, { minItems: 1 })),
  subcontractingDetails: OptStr(),
  status: Enum(BID_STATUSES, { default: 'draft' }),
};

/** Containers of bid documents (platform.md §1.3). */
/** A bid's document lists: URL segment of its sub-resource → field of the bid. */
export const BID_DOCUMENT_LISTS: Readonly<Record<string, string>> = {
  documents: 'documents',
  financial_documents: 'financialDocuments',
  eligibility_documents: 'eligibilityDocuments',
  qualification_documents: 'qualificationDocuments',
};

/** Bid POST and PATCH models with a procedure's extra bid fields. */
export function bidModels(extra: Record<string, unknown> = {}): { create: ModelSchema; patch: ModelSchema } {
  return {
    create: Type.Object(
      {
        ...bidFields,
        ...extra,
        lotValues: Type.Optional(Type.Array(LotValuePostInput)),
        ...Object.fromEntries(Object.values(BID_DOCUMENT_LISTS).map((k) => [k, Type.Optional(Type.Array(DocumentInput))])),
      } as never,
      closed('Bid'),
    ) as unknown as ModelSchema,
    // PATCH: the bid fields, all optional (documents go through their own endpoints).
    patch: partial(Type.Object({ ...bidFields, ...extra, lotValues: Type.Optional(Type.Array(LotValuePatchInput)) } as never, closed('Bid')) as unknown as ModelSchema),
  };
}

const coreBidModels = bidModels();
export const BidCreateInput = coreBidModels.create;
export const BidPatchInput = coreBidModels.patch;
