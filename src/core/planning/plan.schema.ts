// Plan input models (plans.md §1): what POST /plans and PATCH /plans/{id} accept. Server fields
// (planID, dates, owner) are rogue; `id` on POST is ignored by the service. Rules that need the
// whole plan or the standards data live in plan.rules.ts.
import { Type } from 'typebox';
import type { ModelSchema } from '../validation/model-validator.ts';
import { pyRepr } from '../validation/model-validator.ts';
import { DateTime, Enum, Hex32, OptDateTime, OptStr, Str, closed, i18n } from '../validation/schema-primitives.ts';
import { Address, ContactPoint, Identifier, Period, SignerInfo, Unit } from '../tender/schemas/common.schema.ts';
import { DocumentInput, DocumentPatch, StoredDocument } from '../documents/document.schema.ts';
import { PROCURING_ENTITY_KINDS } from '../tender/schemas/common.schema.ts';
import { PLAN_TYPE_CHOICES } from './plan-procedure-types.ts';

/** Choices the reference declares as a tuple: rendered `('a', 'b')` in its message. */
const TupleEnum = <T extends string>(values: readonly T[], opts: Record<string, unknown> = {}) =>
  Enum(values, { ...opts, 'x-messages': { enum: `Value must be one of (${values.map((v) => pyRepr(v)).join(', ')}${values.length === 1 ? ',' : ''}).` } });

export const PLAN_STATUSES = ['draft', 'scheduled', 'cancelled', 'complete'] as const;
export const PROCUREMENT_METHODS = ['', 'open', 'selective', 'limited'] as const;

export const BREAKDOWN_TITLES = ['state', 'crimea', 'local', 'own', 'fund', 'loan', 'other'] as const;
export const KPK_SCHEMES = ['КПК-2019', 'КПК-2020', 'КПК-2021', 'КПК-2022', 'КПК-2023', 'КПК-2024', 'КПК-2025', 'КПК-2026', 'КПК-2027'] as const;
export const BUDGET_CLASSIFICATION_SCHEMES = [...KPK_SCHEMES, 'ТПКВКМБ'] as const;

const PlanTender = Type.Object(
  {
    procurementMethod: Enum(PROCUREMENT_METHODS, { default: '' }),
    procurementMethodType: Enum(PLAN_TYPE_CHOICES, { default: '' }),
    tenderPeriod: Period,
  },
  closed('PlanTender'),
);

const kind = TupleEnum(PROCURING_ENTITY_KINDS);
const organizationFields = {
  id: Type.Optional(Hex32()),
  ...i18n('name', true),
  identifier: Identifier,
  address: Address,
  kind,
  signerInfo: Type.Optional(SignerInfo),
};

export const PlanProcuringEntity = Type.Object(organizationFields, closed('PlanOrganization'));
export const PlanBuyer = Type.Object({ ...organizationFields, contactPoint: Type.Optional(ContactPoint) }, closed('PlanOrganization'));

/** `scheme` must be ДК021; an omitted scheme defaults to CPV in the reference and so fails the same way. */
const CPV_SCHEME_MESSAGE = "Value must be one of ['ДК021'].";
export const PlanClassification = Type.Object(
  {
    scheme: Enum(['ДК021'] as const, { 'x-messages': { required: CPV_SCHEME_MESSAGE } }),
    id: Str(),
    ...i18n('description', true),
    uri: OptStr({ format: 'uri' }),
  },
  closed('CPVClassification'),
);

const AdditionalClassification = Type.Object(
  { scheme: Str(), id: Str(), ...i18n('description', true), uri: OptStr({ format: 'uri' }) },
  closed('Classification'),
);

const PlanItem = Type.Object(
  {
    id: OptStr({ minLength: 1 }),
    ...i18n('description', true),
    classification: PlanClassification,
    additionalClassifications: Type.Optional(Type.Array(AdditionalClassification)),
    unit: Type.Optional(Unit),
    quantity: Type.Optional(Type.Number({ minimum: 0 })),
    deliveryAddress: Type.Optional(Address),
    deliveryDate: Type.Optional(Period),
    profile: OptStr({ pattern: '^\\d{6}-\\d{8}-\\d{6}-\\d{8}', 'x-messages': { pattern: "The profile value doesn't match id pattern" } }),
  },
  closed('PlanItem'),
);

const BudgetProject = Type.Object(
  { id: Str(), ...i18n('name', true), scheme: Type.Optional(TupleEnum(['funder_program', 'plan_of_ukraine'] as const)) },
  closed('BudgetProject'),
);

const BreakdownValue = Type.Object(
  { amount: Type.Number({ minimum: 0 }), currency: Type.String({ minLength: 3, maxLength: 3, default: 'UAH' }) },
  closed('BasicValue'),
);

const BudgetClassification = Type.Object(
  { scheme: Enum(BUDGET_CLASSIFICATION_SCHEMES), id: Str(), ...i18n('description', true), uri: OptStr({ format: 'uri' }) },
  closed('BudgetClassification'),
);

const BudgetBreakdown = Type.Object(
  {
    id: Type.Optional(Hex32()),
    title: Enum(BREAKDOWN_TITLES),
    ...i18n('description', false, { maxLength: 500 }),
    value: BreakdownValue,
    address: Type.Optional(Address),
    classification: Type.Optional(BudgetClassification),
  },
  closed('BudgetBreakdown'),
);

const Budget = Type.Object(
  {
    id: Str(),
    ...i18n('description', true),
    amount: Type.Number(),
    amountNet: Type.Optional(Type.Number()),
    currency: Type.String({ minLength: 3, maxLength: 3, default: 'UAH' }),
    project: Type.Optional(BudgetProject),
    period: Type.Optional(Type.Object({ startDate: DateTime(), endDate: DateTime() }, closed('BudgetPeriod'))),
    year: Type.Optional(Type.Integer({ minimum: 2000 })),
    notes: OptStr(),
    breakdown: Type.Optional(Type.Array(BudgetBreakdown)),
  },
  closed('Budget'),
);

const Project = Type.Object(
  {
    id: OptStr(),
    title: Str(),
    uri: Str({ pattern: '^https?://\\S+$', 'x-messages': { pattern: 'Not a well formed URL.' } }),
  },
  closed('Project'),
);

const Rationale = Type.Object({ description: Str({ maxLength: 2048 }), date: OptDateTime() }, closed('PlanRationale'));

const cancellationFields = {
  reason: Str({ minLength: 1 }),
  reason_en: OptStr(),
  status: Enum(['pending', 'active'] as const, { default: 'pending' }),
};
const CancellationOnPost = Type.Object({ ...cancellationFields, id: OptStr(), date: OptDateTime() }, closed('PlanCancellation'));
const CancellationOnPatch = Type.Object(cancellationFields, closed('PlanCancellation'));

/** Plan and milestone documents (plans.md §1.10): `documentOf` free, no confidentiality, no author. */
const { confidentiality: _c, confidentialityRationale: _cr, documentOf: _of, ...planDocumentFields } = DocumentInput.properties;
export const PlanDocumentInput = Type.Object({ ...planDocumentFields, documentOf: OptStr() }, closed('Document')) as unknown as ModelSchema;
const { confidentiality: _pc, confidentialityRationale: _pcr, documentOf: _pof, ...planDocumentPatchFields } = DocumentPatch.properties;
export const PlanDocumentPatch = Type.Object({ ...planDocumentPatchFields, documentOf: OptStr() }, closed('Document')) as unknown as ModelSchema;
const { confidentiality: _sc, confidentialityRationale: _scr, documentOf: _sof, author: _sa, ...planStoredDocumentFields } = StoredDocument.properties;
export const PlanStoredDocument = Type.Object({ ...planStoredDocumentFields, documentOf: OptStr() }, closed('Document')) as unknown as ModelSchema;

/** Fields both operations accept. */
const commonFields = {
  procuringEntity: PlanProcuringEntity,
  buyers: Type.Array(PlanBuyer, { minItems: 1, maxItems: 1 }),
  tender: PlanTender,
  budget: Budget,
  classification: PlanClassification,
  additionalClassifications: Type.Optional(Type.Array(AdditionalClassification)),
  items: Type.Optional(Type.Array(PlanItem)),
  project: Type.Optional(Project),
  rationale: Type.Optional(Rationale),
  tender_id: Type.Optional(Hex32()),
  mode: Type.Optional(Enum(['test'] as const)),
};

export const PlanCreateInput = Type.Object(
  {
    ...commonFields,
    id: OptStr(),
    status: Type.Optional(Enum(PLAN_STATUSES)),
    cancellation: Type.Optional(CancellationOnPost),
    documents: Type.Optional(Type.Array(PlanDocumentInput as never)),
  },
  closed('Plan'),
) as unknown as ModelSchema;

/** The full plan after a PATCH merge, checked again (plans.md §3.5 step 4). */
export const PlanModel = Type.Object(
  {
    ...commonFields,
    status: Enum(PLAN_STATUSES),
    cancellation: Type.Optional(CancellationOnPost),
  },
  { additionalProperties: true, 'x-model': 'Plan' },
) as unknown as ModelSchema;

/** PATCH keys (plans.md §3.5 step 2); milestones can only be cleared. */
export const PlanPatchInput = Type.Object(
  {
    status: Type.Optional(Enum(PLAN_STATUSES)),
    procuringEntity: Type.Optional(PlanProcuringEntity),
    tender: Type.Optional(PlanTender),
    budget: Type.Optional(Budget),
    classification: Type.Optional(PlanClassification),
    additionalClassifications: Type.Optional(Type.Array(AdditionalClassification)),
    tender_id: Type.Optional(Hex32()),
    mode: Type.Optional(Enum(['test'] as const)),
    items: Type.Optional(Type.Array(PlanItem)),
    buyers: Type.Optional(Type.Array(PlanBuyer, { minItems: 1, maxItems: 1 })),
    cancellation: Type.Optional(CancellationOnPatch),
    milestones: Type.Optional(Type.Array(Type.Object({}, closed('PlanMilestone')), { maxItems: 0 })),
    rationale: Type.Optional(Rationale),
    project: Type.Optional(Project),
  },
  closed('Plan'),
) as unknown as ModelSchema;

export const MILESTONE_TITLES = ['Підготовка до проведення процедури'] as const;
export const MILESTONE_DEFAULT_DESCRIPTION =
  'Узагальнення та аналіз отриманної інформації щодо проведення закупівель товарів, послуг (крім поточного ремонту) в інтересах замовників';
export const MILESTONE_STATUSES = ['scheduled', 'met', 'notMet', 'invalid'] as const;

const MilestoneAuthor = Type.Object(
  { id: OptStr(), ...i18n('name', true), identifier: Identifier, address: Type.Optional(Address), kind: Type.Optional(kind) },
  closed('BaseOrganization'),
);

export const PlanMilestoneCreateInput = Type.Object(
  {
    id: OptStr(),
    dateModified: OptStr(),
    title: Enum(MILESTONE_TITLES),
    description: Str({ minLength: 3, default: MILESTONE_DEFAULT_DESCRIPTION }),
    type: Enum(['approval'] as const),
    dueDate: DateTime(),
    status: TupleEnum(MILESTONE_STATUSES, { default: 'scheduled' }),
    author: MilestoneAuthor,
    documents: Type.Optional(Type.Array(PlanDocumentInput as never)),
  },
  closed('PlanMilestone'),
) as unknown as ModelSchema;

export const PlanMilestonePatchInput = Type.Object(
  {
    status: Type.Optional(TupleEnum(MILESTONE_STATUSES)),
    dueDate: OptDateTime(),
    description: OptStr({ minLength: 3 }),
  },
  closed('PlanMilestone'),
) as unknown as ModelSchema;

/** A plan named in a tender's `plans` (POST /tenders/{id}/plans). */
export const PlanRelationInput = Type.Object({ id: Hex32() }, closed('PlanRelation')) as unknown as ModelSchema;
