// Input models of tender criteria, requirement groups, requirements and eligible evidences
// (criteria.md §1), and of requirement responses (§5.1). Value fields are any JSON here: they are
// converted to the requirement's dataType by criterion.values.ts.
import { Type } from 'typebox';
import type { ModelSchema } from '../../validation/model-validator.ts';
import { closed, Enum, Hex32, OptDateTime, OptStr, Str, i18n } from '../../validation/schema-primitives.ts';
import { partial } from '../schemas/tender.schema.ts';
import { Value } from '../schemas/common.schema.ts';

export const CRITERION_SOURCES = ['tenderer', 'buyer', 'procuringEntity', 'ssrBot', 'winner'] as const;
export const CRITERION_RELATIONS = ['tenderer', 'item', 'lot', 'tender'] as const;
export const DATA_TYPES = ['string', 'number', 'integer', 'boolean', 'date-time'] as const;
export const DATA_SCHEMAS = ['ISO 639-3', 'ISO 3166-1 alpha-2'] as const;
export const EVIDENCE_TYPES = ['document', 'statement'] as const;

const asModel = (s: unknown): ModelSchema => s as ModelSchema;

const RequirementPeriod = Type.Object(
  { startDate: OptDateTime(), endDate: OptDateTime(), maxExtendDate: OptDateTime(), durationInDays: Type.Optional(Type.Integer()), duration: OptStr() },
  closed('ExtendPeriod'),
);

const RelatedDocument = Type.Object({ id: Hex32(), title: OptStr() }, closed('Reference'));

const evidenceFields = {
  id: Type.Optional(Hex32()),
  ...i18n('title'),
  ...i18n('description'),
  type: Enum(EVIDENCE_TYPES, { default: 'statement' }),
  relatedDocument: Type.Optional(RelatedDocument),
};

export const EligibleEvidenceInput = Type.Object(evidenceFields, closed('EligibleEvidence'));
export const EligibleEvidencePatchInput = partial(asModel(Type.Object({ ...i18n('title'), ...i18n('description'), type: Type.Optional(Enum(EVIDENCE_TYPES)), relatedDocument: Type.Optional(RelatedDocument) }, closed('EligibleEvidence'))));

const RequirementUnit = Type.Object({ code: Str(), ...i18n('name', true), value: Type.Optional(Value) }, closed('Unit'));

const requirementValueFields = {
  expectedValue: Type.Optional(Type.Unknown()),
  minValue: Type.Optional(Type.Unknown()),
  maxValue: Type.Optional(Type.Unknown()),
  expectedValues: Type.Optional(Type.Array(Type.Unknown(), { minItems: 1 })),
  expectedMinItems: Type.Optional(Type.Integer({ minimum: 1 })),
  expectedMaxItems: Type.Optional(Type.Integer({ minimum: 1 })),
};

const requirementFields = {
  ...i18n('title', true, { minLength: 1 }),
  ...i18n('description'),
  dataType: Enum(DATA_TYPES, { default: 'boolean' }),
  ...requirementValueFields,
  dataSchema: Type.Optional(Enum(DATA_SCHEMAS)),
  unit: Type.Optional(RequirementUnit),
  period: Type.Optional(RequirementPeriod),
  relatedFeature: Type.Optional(Hex32()),
  eligibleEvidences: Type.Optional(Type.Array(EligibleEvidenceInput)),
};

export const RequirementInput = Type.Object(
  { id: Type.Optional(Hex32()), ...requirementFields, status: Type.Optional(Enum(['active', 'cancelled'] as const)), datePublished: OptDateTime(), dateModified: OptDateTime() },
  closed('Requirement'),
);
/** PATCH (draft): every field but the id and the publication date. */
export const RequirementPatchInput = partial(asModel(Type.Object({ ...requirementFields, status: Type.Optional(Enum(['active', 'cancelled'] as const)) }, closed('Requirement'))));
/** PUT on an exclusion or life-cycle-cost requirement: its status and evidences only. */
export const FixedRequirementPutInput = partial(asModel(Type.Object({ status: Type.Optional(Enum(['active', 'cancelled'] as const)), eligibleEvidences: Type.Optional(Type.Array(EligibleEvidenceInput)) }, closed('Requirement'))));

const groupFields = { ...i18n('description'), requirements: Type.Optional(Type.Array(RequirementInput, { minItems: 1 })) };
export const RequirementGroupInput = Type.Object({ id: Type.Optional(Hex32()), ...groupFields }, closed('RequirementGroup'));
export const RequirementGroupPatchInput = partial(asModel(Type.Object(groupFields, closed('RequirementGroup'))));

const Classification = Type.Object({ scheme: Str(), id: Str(), ...i18n('description'), uri: OptStr() }, closed('CriterionClassification'));
const AdditionalClassification = Type.Object({ scheme: Str(), id: Str(), ...i18n('description', true), uri: OptStr() }, closed('Classification'));
const LegislationIdentifier = Type.Object({ id: Str(), scheme: OptStr(), ...i18n('legalName'), uri: OptStr() }, closed('LegislationIdentifier'));
const Legislation = Type.Object(
  { version: OptStr(), identifier: LegislationIdentifier, type: Enum(['NATIONAL_LEGISLATION'] as const, { default: 'NATIONAL_LEGISLATION' }), article: OptStr() },
  closed('LegislationItem'),
);

const criterionPatchable = {
  ...i18n('title', true, { minLength: 1 }),
  ...i18n('description'),
  source: Enum(CRITERION_SOURCES),
  relatesTo: Type.Optional(Enum(CRITERION_RELATIONS)),
  relatedItem: Type.Optional(Hex32()),
  classification: Classification,
};

export const CriterionInput = Type.Object(
  {
    id: Type.Optional(Hex32()),
    ...criterionPatchable,
    additionalClassifications: Type.Optional(Type.Array(AdditionalClassification)),
    legislation: Type.Optional(Type.Array(Legislation, { minItems: 1 })),
    requirementGroups: Type.Array(RequirementGroupInput, { minItems: 1 }),
  },
  closed('Criterion'),
);
export const CriterionPatchInput = partial(asModel(Type.Object(criterionPatchable, closed('Criterion'))));

// --- requirement responses (§5.1) ---------------------------------------------------------------

const ResponseEvidence = Type.Object(evidenceFields, closed('Evidence'));

const responseFields = {
  requirement: Type.Object({ id: Str() }, closed('RequirementReference')),
  value: Type.Optional(Type.Unknown()),
  values: Type.Optional(Type.Array(Type.Unknown())),
  relatedTenderer: Type.Optional(Type.Object({ id: Str(), title: OptStr() }, closed('Reference'))),
  relatedItem: Type.Optional(Hex32()),
  period: Type.Optional(RequirementPeriod),
  evidences: Type.Optional(Type.Array(ResponseEvidence)),
};

export const RequirementResponseInput = Type.Object({ id: Type.Optional(Hex32()), ...responseFields }, closed('RequirementResponse'));
export const RequirementResponsePatchInput = partial(asModel(Type.Object(responseFields, closed('RequirementResponse'))));
export const ResponseEvidenceInput = asModel(ResponseEvidence);
export const ResponseEvidencePatchInput = partial(asModel(Type.Object({ ...evidenceFields, id: Type.Optional(Hex32()) }, closed('Evidence'))));

/** The whole list, as a tender PATCH may send it (criteria.md §3.9; a tender POST has no criteria). */
export const CRITERIA_PATCH_FIELD = { criteria: Type.Optional(Type.Array(CriterionInput)) };

/** An award's (or qualification's) whole response list, as its PATCH may send it (criteria.md §6). */
export const AWARD_RESPONSES_FIELD = { requirementResponses: { type: 'array', items: RequirementResponseInput } as unknown as ModelSchema };
