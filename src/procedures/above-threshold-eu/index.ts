// aboveThresholdEU (open-procedures.md §4): the open family with 30 days of tendering, a
// prequalification of every bid (20 working days, then a 5-day stand-still for qualification
// complaints) before the auction, and English names required of the procuring entity and items.
import { Type } from 'typebox';
import { openProcedure } from '../../core/tender/open/open-procedure.ts';
import { openTenderFields } from '../../core/tender/open/open-shape.ts';
import { OPEN_REQUIRED_CRITERIA } from '../../core/tender/open/open-criteria.ts';
import { withPrequalification } from '../../core/tender/prequalification/prequalified-procedure.ts';
import { LAW922_RATIONALE_TYPES } from '../../core/contracting/rationale-types.ts';
import { UA_CANCELLATION_REASONS, UA_NUMBERS } from '../above-threshold-ua/index.ts';
import { Address, Identifier, Item, ProcuringEntity, ContactPoint } from '../../core/tender/schemas/common.schema.ts';
import { Enum, OptDateTime, Str } from '../../core/validation/schema-primitives.ts';

const closed = (name: string) => ({ additionalProperties: false, 'x-model': name });

/** A contact point named in English too, stating its language. */
const EuContactPoint = Type.Object(
  { ...ContactPoint.properties, name_en: Str({ minLength: 1 }), availableLanguage: Enum(['uk', 'en', 'ru'] as const, { default: 'uk' }) },
  closed('ContactPoint'),
);

const EuIdentifier = Type.Object({ ...Identifier.properties, legalName_en: Str({ minLength: 1 }) }, closed('Identifier'));

const EuProcuringEntity = Type.Object(
  {
    ...ProcuringEntity.properties,
    name_en: Str({ minLength: 1 }),
    identifier: EuIdentifier,
    contactPoint: EuContactPoint,
    additionalContactPoints: Type.Optional(Type.Array(EuContactPoint)),
  },
  closed('ProcuringEntity'),
);

const EuItem = Type.Object(
  {
    ...Item.properties,
    description_en: Str({ minLength: 1 }),
    deliveryDate: Type.Object({ startDate: OptDateTime(), endDate: Type.String({ format: 'date-time' }) }, closed('PeriodEndRequired')),
    deliveryAddress: Address,
  },
  closed('Item'),
);

export const aboveThresholdEU = withPrequalification(
  openProcedure({
    type: 'aboveThresholdEU',
    // UA's numbers with a month of tendering.
    numbers: { ...UA_NUMBERS, minTenderingDays: 30 },
    cancellationReasonTypes: UA_CANCELLATION_REASONS,
    rationaleTypes: LAW922_RATIONALE_TYPES,
    requiredCriteria: OPEN_REQUIRED_CRITERIA,
    tenderFields: { ...openTenderFields(), procuringEntity: EuProcuringEntity, items: Type.Array(EuItem, { minItems: 1 }) },
  }),
  {
    qualification: { days: 20, working: true, configKey: 'qualificationDuration' },
    standStill: { days: 5, working: false, configKey: 'qualificationComplainDuration' },
  },
);
