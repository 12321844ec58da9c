// Shared building blocks of procurement objects (below-threshold.md §1.2–1.9), as TypeBox models.
// Messages follow the reference's validators; `x-model` names the model in type errors.
import { Type } from 'typebox';
import { DateTime, Enum, Hex32, OptDateTime, OptStr, Str, closed, i18n } from '../../validation/schema-primitives.ts';

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
