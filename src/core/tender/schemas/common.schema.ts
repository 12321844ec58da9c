// Shared building blocks of procurement objects (below-threshold.md §1.2–1.9), as TypeBox models.
// Messages follow the reference's validators; `x-model` names the model in type errors.
import { Type } from 'typebox';

export const Str = (opts: Record<string, unknown> = {}) => Type.String(opts);
export const OptStr = (opts: Record<string, unknown> = {}) => Type.Optional(Type.String(opts));
export const DateTime = () => Type.String({ format: 'date-time' });
export const OptDateTime = () => Type.Optional(DateTime());
export const Hex32 = () => Type.String({ pattern: '^[0-9a-f]{32}$' });

/** `title`, `title_en`, `title_ru` style i18n triplets. */
export const i18n = (name: string, required = false, opts: Record<string, unknown> = {}) => ({
  [name]: required ? Type.String(opts) : Type.Optional(Type.String(opts)),
  [`${name}_en`]: Type.Optional(Type.String(opts)),
  [`${name}_ru`]: Type.Optional(Type.String(opts)),
});

export const Enum = <T extends string>(values: readonly T[], opts: Record<string, unknown> = {}) =>
  Type.Union(values.map((v) => Type.Literal(v)), opts);

const closed = (name: string) => ({ additionalProperties: false, 'x-model': name });

/**
 * Largest money amount (Number.MAX_SAFE_INTEGER / 100, whole): below it an amount in kopecks is
 * still an exact integer. Numerals a double cannot hold exactly are refused by the JSON parser
 * (core/validation/exact-decimal.ts), so an accepted amount is stored exactly as sent.
 */
export const MAX_MONEY_AMOUNT = Math.floor(Number.MAX_SAFE_INTEGER / 100);

/** A money amount, 0 … MAX_MONEY_AMOUNT. */
export const Amount = () => Type.Number({ minimum: 0, maximum: MAX_MONEY_AMOUNT });

/** A money amount that may be negative (payments and refunds), −MAX_MONEY_AMOUNT … MAX_MONEY_AMOUNT. */
export const SignedAmount = () => Type.Number({ minimum: -MAX_MONEY_AMOUNT, maximum: MAX_MONEY_AMOUNT });

export const Period = Type.Object({ startDate: OptDateTime(), endDate: OptDateTime() }, closed('Period'));

export const Classification = Type.Object(
  { scheme: Str(), id: Str(), ...i18n('description', true), uri: OptStr({ format: 'uri' }) },
  closed('Classification'),
);

export const BasicValue = Type.Object(
  { amount: Amount(), currency: Type.String({ minLength: 3, maxLength: 3, default: 'UAH' }) },
  closed('Guarantee'),
);

export const Value = Type.Object(
  {
    amount: Amount(),
    currency: Type.String({ minLength: 3, maxLength: 3, default: 'UAH' }),
    valueAddedTaxIncluded: Type.Boolean({ default: false }),
  },
  closed('Value'),
);

/** Tender/lot `value` and `minimalStep`: amount optional in the schema, required by `hasValueEstimation`. */
export const EstimatedValue = Type.Object(
  {
    amount: Type.Optional(Amount()),
    currency: Type.String({ minLength: 3, maxLength: 3, default: 'UAH' }),
    valueAddedTaxIncluded: Type.Boolean({ default: false }),
  },
  closed('EstimatedValue'),
);

export const Unit = Type.Object(
  { code: Str(), ...i18n('name'), value: Type.Optional(Value) },
  closed('Unit'),
);

export const Identifier = Type.Object(
  { scheme: Str(), id: Str(), ...i18n('legalName'), uri: OptStr({ format: 'uri' }) },
  closed('Identifier'),
);

export const Address = Type.Object(
  {
    streetAddress: OptStr(),
    locality: OptStr(),
    region: OptStr(),
    postalCode: OptStr(),
    ...i18n('countryName', true),
    addressDetails: Type.Optional(Type.Array(Classification)),
  },
  closed('Address'),
);

export const ContactPoint = Type.Object(
  {
    ...i18n('name', true),
    email: OptStr({ format: 'email' }),
    telephone: OptStr(),
    faxNumber: OptStr(),
    url: OptStr({ format: 'uri' }),
  },
  closed('ContactPoint'),
);

export const SignerInfo = Type.Object(
  {
    name: Str(),
    email: Str({ format: 'email' }),
    telephone: Str(),
    iban: Str({ minLength: 15, maxLength: 33 }),
    position: Str(),
    authorizedBy: Str(),
  },
  closed('SignerInfo'),
);

/** The fields every organization model shares (procuring entity, supplier, author, ...). */
export const organizationFields = {
  ...i18n('name', true),
  identifier: Identifier,
  additionalIdentifiers: Type.Optional(Type.Array(Identifier)),
  address: Address,
  contactPoint: ContactPoint,
  additionalContactPoints: Type.Optional(Type.Array(ContactPoint)),
};

export const Organization = Type.Object(organizationFields, closed('Organization'));

export const PROCURING_ENTITY_KINDS = ['authority', 'central', 'defense', 'general', 'other', 'social', 'special'] as const;

export const ProcuringEntity = Type.Object(
  {
    ...organizationFields,
    kind: Enum(PROCURING_ENTITY_KINDS),
    signerInfo: Type.Optional(SignerInfo),
    contract_owner: OptStr(),
  },
  closed('ProcuringEntity'),
);

export const Buyer = Type.Object(
  {
    id: Type.Optional(Hex32()),
    ...i18n('name', true),
    identifier: Identifier,
    address: Type.Optional(Address),
    kind: Type.Optional(Enum(PROCURING_ENTITY_KINDS)),
    signerInfo: Type.Optional(SignerInfo),
    contract_owner: OptStr(),
  },
  closed('Buyer'),
);

export const DeliveryLocation = Type.Object(
  { latitude: Type.Union([Type.Number(), Type.String()]), longitude: Type.Union([Type.Number(), Type.String()]), elevation: Type.Optional(Type.Union([Type.Number(), Type.String()])) },
  closed('Location'),
);

export const Item = Type.Object(
  {
    id: OptStr({ minLength: 1 }),
    ...i18n('description', true),
    classification: Classification,
    additionalClassifications: Type.Optional(Type.Array(Classification)),
    unit: Unit,
    quantity: Type.Optional(Type.Number({ minimum: 0 })),
    deliveryDate: Type.Optional(Period),
    deliveryAddress: Type.Optional(Address),
    deliveryLocation: Type.Optional(DeliveryLocation),
    relatedLot: Type.Optional(Hex32()),
    relatedBuyer: Type.Optional(Hex32()),
    profile: OptStr(),
    category: OptStr(),
  },
  closed('Item'),
);

export const MILESTONE_TYPES = ['financing', 'delivery'] as const;
export const MILESTONE_DAY_TYPES = ['working', 'banking', 'calendar'] as const;

export const Milestone = Type.Object(
  {
    id: Type.Optional(Hex32()),
    title: Str(),
    description: OptStr({ maxLength: 2000 }),
    type: Enum(MILESTONE_TYPES),
    code: Str(),
    percentage: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
    duration: Type.Object(
      { days: Type.Integer({ minimum: 1, maximum: 1000 }), type: Enum(MILESTONE_DAY_TYPES) },
      closed('Duration'),
    ),
    sequenceNumber: Type.Integer({ minimum: 0 }),
    relatedLot: Type.Optional(Hex32()),
  },
  closed('Milestone'),
);

export const FeatureValue = Type.Object(
  { value: Type.Number({ minimum: 0, maximum: 0.3 }), ...i18n('title', true, { minLength: 1 }), ...i18n('description') },
  closed('FeatureValue'),
);

export const Feature = Type.Object(
  {
    code: OptStr({ minLength: 1 }),
    featureOf: Enum(['tenderer', 'lot', 'item'] as const, { default: 'tenderer' }),
    relatedItem: OptStr(),
    ...i18n('title', true, { minLength: 1 }),
    ...i18n('description'),
    enum: Type.Array(FeatureValue, { minItems: 1 }),
  },
  closed('Feature'),
);

export const DOCUMENT_TYPES = [
  'tenderNotice', 'awardNotice', 'contractNotice', 'notice', 'biddingDocuments', 'technicalSpecifications',
  'evaluationCriteria', 'clarifications', 'shortlistedFirms', 'riskProvisions', 'billOfQuantity', 'bidders',
  'conflictOfInterest', 'debarments', 'evaluationReports', 'winningBid', 'complaints', 'contractSigned',
  'contractArrangements', 'contractSchedule', 'contractAnnexe', 'contractGuarantees', 'subContract',
  'eligibilityCriteria', 'contractProforma', 'commercialProposal', 'qualificationDocuments', 'eligibilityDocuments',
  'registerExtract', 'registerUSR', 'registerFiscal', 'evidence', 'register', 'proposal', 'extensionReport',
  'deviationReport', 'cancellationReport', 'acceptanceReport',
] as const;

/** A document as a client posts it (platform.md §6.1); server fields are rogue. */
export const DocumentInput = Type.Object(
  {
    id: Type.Optional(Hex32()),
    ...i18n('title', true),
    ...i18n('description'),
    format: Str({ pattern: '^[-\\w]+/[-\\.\\w\\+]+$' }),
    url: Str(),
    hash: OptStr(),
    documentType: Type.Optional(Enum(DOCUMENT_TYPES)),
    documentOf: Enum(['tender', 'item', 'lot'] as const, { default: 'tender' }),
    relatedItem: OptStr(),
    language: Enum(['uk', 'en', 'ru'] as const, { default: 'uk' }),
    confidentiality: Enum(['public', 'buyerOnly'] as const, { default: 'public' }),
    confidentialityRationale: OptStr(),
    isDescriptionDecision: Type.Optional(Type.Boolean()),
  },
  closed('Document'),
);

/** PATCH of a document's metadata (platform.md §6.2): every client field but `id`, `url`, `hash`; nothing required. */
export const DocumentPatch = Type.Object(
  Object.fromEntries(
    Object.entries(DocumentInput.properties)
      .filter(([key]) => key !== 'id' && key !== 'url' && key !== 'hash')
      .map(([key, schema]) => [key, Type.Optional(schema)]),
  ),
  closed('Document'),
);

/** What a stored document may hold (input plus server fields) — for re-validation of merged tenders. */
export const StoredDocument = Type.Object(
  {
    ...DocumentInput.properties,
    datePublished: OptDateTime(),
    dateModified: OptDateTime(),
    author: OptStr(),
  },
  { additionalProperties: false, 'x-model': 'Document' },
);
