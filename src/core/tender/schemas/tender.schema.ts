// Tender input models shared by procedures: create (POST) and owner PATCH, built from one
// field list so a procedure changes a model by delta (architecture.md §3.2 b).
import { Type } from 'typebox';
import type { ModelSchema } from '../../validation/model-validator.ts';
import { BasicValue, Buyer, EstimatedValue, Feature, Item, Milestone, Organization, ProcuringEntity } from './common.schema.ts';
import { Enum, Hex32, OptDateTime, OptStr, i18n } from '../../validation/schema-primitives.ts';
import { DocumentInput } from '../../documents/document.schema.ts';

export const EnquiryPeriodInput = Type.Object(
  { startDate: OptDateTime(), endDate: Type.String({ format: 'date-time' }) },
  { additionalProperties: false, 'x-model': 'EnquiryPeriod' },
);
export const TenderPeriodInput = Type.Object(
  { startDate: OptDateTime(), endDate: Type.String({ format: 'date-time' }) },
  { additionalProperties: false, 'x-model': 'PeriodEndRequired' },
);
export const AwardPeriodInput = Type.Object(
  { startDate: OptDateTime(), endDate: OptDateTime() },
  { additionalProperties: false, 'x-model': 'Period' },
);

export const LotInput = Type.Object(
  {
    id: Type.Optional(Hex32()),
    ...i18n('title', true, { minLength: 1 }),
    ...i18n('description'),
    value: EstimatedValue,
    minimalStep: Type.Optional(EstimatedValue),
    guarantee: Type.Optional(BasicValue),
    status: Type.Optional(Enum(['active'] as const)),
    // Tolerated on input (clients echo a lot they read); the server sets it.
    date: OptDateTime(),
  },
  { additionalProperties: false, 'x-model': 'Lot' },
);

/** Every field of a model made optional (PATCH input). */
export function partial(schema: ModelSchema): ModelSchema {
  return { ...schema, required: [] };
}

export const LotPatchInput = partial(LotInput as unknown as ModelSchema);

/** Fields a broker may send when creating a tender (below-threshold.md §1.1 "POST"). */
export function tenderCreateFields(): Record<string, unknown> {
  return {
    ...i18n('title', true),
    ...i18n('description'),
    mainProcurementCategory: Enum(['goods', 'services', 'works'] as const),
    procuringEntity: ProcuringEntity,
    buyers: Type.Optional(Type.Array(Buyer)),
    value: EstimatedValue,
    guarantee: Type.Optional(BasicValue),
    minimalStep: Type.Optional(EstimatedValue),
    awardCriteria: Type.Optional(Enum(['lowestCost', 'lifeCycleCost'] as const)),
    ...i18n('awardCriteriaDetails'),
    ...i18n('eligibilityCriteria'),
    ...i18n('procurementMethodRationale'),
    submissionMethod: Type.Optional(Enum(['electronicAuction'] as const)),
    ...i18n('submissionMethodDetails'),
    procurementMethod: Type.Optional(Enum(['open', 'selective', 'limited'] as const)),
    procurementMethodType: OptStr(),
    status: Type.Optional(Enum(['draft'] as const)),
    mode: Type.Optional(Enum(['test'] as const)),
    enquiryPeriod: EnquiryPeriodInput,
    tenderPeriod: TenderPeriodInput,
    awardPeriod: Type.Optional(AwardPeriodInput),
    items: Type.Array(Item, { minItems: 1 }),
    lots: Type.Optional(Type.Array(LotInput)),
    features: Type.Optional(Type.Array(Feature)),
    milestones: Type.Array(Milestone, { minItems: 1 }),
    documents: Type.Optional(Type.Array(DocumentInput)),
    funders: Type.Optional(Type.Array(Organization)),
    plans: Type.Optional(Type.Array(Type.Object({ id: Hex32() }, { additionalProperties: false, 'x-model': 'PlanRelation' }))),
    contractTemplateName: OptStr(),
    inspector: Type.Optional(Organization),
  };
}

export interface TenderModelOptions {
  /** Sandbox deployments accept `procurementMethodDetails` (platform.md §7.8). */
  sandbox: boolean;
  /** Statuses the owner may set through PATCH. */
  patchStatuses: readonly string[];
}

export function buildTenderCreateModel(fields: Record<string, unknown>, opts: TenderModelOptions): ModelSchema {
  const all = opts.sandbox ? { ...fields, procurementMethodDetails: OptStr() } : fields;
  return Type.Object(all as never, { additionalProperties: false, 'x-model': 'Tender' }) as unknown as ModelSchema;
}

export function buildTenderPatchModel(fields: Record<string, unknown>, opts: TenderModelOptions, patchOnly: Record<string, unknown> = {}): ModelSchema {
  const { mode: _m, plans: _p, procurementMethodType: _t, documents: _d, lots: _l, ...rest } = fields;
  const all: Record<string, unknown> = {
    ...rest,
    ...patchOnly,
    lots: Type.Optional(Type.Array(LotPatchInput as never)),
    status: Type.Optional(Enum(opts.patchStatuses as string[])),
  };
  if (opts.sandbox) all.procurementMethodDetails = OptStr();
  return partial(Type.Object(all as never, { additionalProperties: false, 'x-model': 'Tender' }) as unknown as ModelSchema);
}

/** A procedure's tender create and PATCH models from its field list, built once per sandbox flag. */
/** `patchOnly`: fields the owner may PATCH but not POST (e.g. the whole `criteria` list). */
export function tenderModels(
  fields: Record<string, unknown>,
  patchStatuses: readonly string[],
  patchOnly: Record<string, unknown> = {},
): (sandbox: boolean) => { create: ModelSchema; patch: ModelSchema } {
  const built = new Map<boolean, { create: ModelSchema; patch: ModelSchema }>();
  return (sandbox) => {
    let m = built.get(sandbox);
    if (!m) {
      const opts = { sandbox, patchStatuses };
      m = { create: buildTenderCreateModel(fields, opts), patch: buildTenderPatchModel(fields, opts, patchOnly) };
      built.set(sandbox, m);
    }
    return m;
  };
}
