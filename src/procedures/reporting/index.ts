// The reporting procedure (open-procedures.md §0, §6.1–6.3): a report of a purchase already made.
// Its delta over the core: no periods, bids, questions, auction, complaints or chronograph;
// `draft → active` by the owner; a `causeDetails` from the code list; the owner records awards.
import { Type } from 'typebox';
import { WITHOUT_COMPLAINTS } from '../../core/tender/complaints/complaint.rules.ts';
import type { Procedure, TenderRule } from '../../core/tender/procedure.ts';
import { procedureTransitions } from '../../core/tender/procedure-transitions.ts';
import { publishEdge } from '../../core/tender/tender.state.ts';
import { toCancelled, toUnsuccessful } from '../../core/tender/tender.status.ts';
import { ownerAwarding } from '../../core/tender/awarding.ts';
import type { ModelSchema } from '../../core/validation/model-validator.ts';
import { dataError } from '../../core/http/errors.ts';
import { tenderCreateFields, tenderModels } from '../../core/tender/schemas/tender.schema.ts';
import { Address, Item, ProcuringEntity } from '../../core/tender/schemas/common.schema.ts';
import { OptDateTime, OptStr } from '../../core/validation/schema-primitives.ts';
import { CancellationCreateInput, CancellationPatchInput } from '../../core/tender/schemas/cancellation.schema.ts';
import { tenderCreatedAfter } from '../../core/tender/rule-dates.ts';
import { rationaleTypesForScheme, LAW922_RATIONALE_TYPES } from '../../core/contracting/rationale-types.ts';
import * as rules from '../../core/tender/tender.rules.ts';
import { applyReportingCauseDetails } from './cause-details.ts';
import { CauseDetailsInput } from '../../core/tender/limited/cause-details.ts';
import { assertNoLiveAward, assertReportingAwardDocumentWritable, newReportingAward, reportingAwardValue, ReportingAwardCreateInput, ReportingAwardPatchInput, reportingAwardDelta } from './awarding.ts';
import { REPORTING_CONFIG, REPORTING_DURATIONS } from './config.ts';

const PUBLISHED = 'active';
const CANCELLATION_REASON_TYPES: readonly string[] = ['noDemand', 'unFixable', 'forceMajeure', 'expensesCut'];

/** Tender fields the core offers that a report has no use for (tendering, auction, lots, contract template). */
const ABSENT_FIELDS = [
  'enquiryPeriod', 'tenderPeriod', 'awardPeriod', 'minimalStep', 'guarantee', 'features', 'lots', 'awardCriteria',
  'awardCriteriaDetails', 'awardCriteriaDetails_en', 'awardCriteriaDetails_ru', 'submissionMethod', 'submissionMethodDetails',
  'submissionMethodDetails_en', 'submissionMethodDetails_ru', 'contractTemplateName', 'inspector',
];

/** Items say when and where they are delivered, and may name a market product (`relatedLot` is refused by a rule). */
const ReportingItem = Type.Object(
  {
    ...Item.properties,
    deliveryDate: Type.Object({ startDate: OptDateTime(), endDate: Type.String({ format: 'date-time' }) }, { additionalProperties: false, 'x-model': 'PeriodEndRequired' }),
    deliveryAddress: Address,
    product: OptStr(),
  },
  { additionalProperties: false, 'x-model': 'ReportingItem' },
);

/** A report has no lots: an item's `relatedLot` is a model error. */
const assertItemsWithoutLot: TenderRule = (rc) => {
  if ((rc.tender.items ?? []).some((i) => i.relatedLot)) throw dataError('items', [{ relatedLot: ['This option is not available'] }]);
};

/** The procuring entity may leave out its contact point. */
const ReportingProcuringEntity = Type.Object(
  { ...ProcuringEntity.properties, contactPoint: Type.Optional(ProcuringEntity.properties.contactPoint) },
  { additionalProperties: false, 'x-model': 'ReportingProcuringEntity' },
);

function reportingFields(): Record<string, unknown> {
  const fields: Record<string, unknown> = Object.fromEntries(Object.entries(tenderCreateFields()).filter(([k]) => !ABSENT_FIELDS.includes(k)));
  return {
    ...fields,
    procuringEntity: ReportingProcuringEntity,
    value: Type.Optional(fields.value as never),
    items: Type.Array(ReportingItem, { minItems: 1 }),
    milestones: Type.Optional(fields.milestones as never),
    causeDetails: Type.Optional(CauseDetailsInput),
    cause: OptStr(),
    causeDescription: OptStr(),
    causeDescription_en: OptStr(),
  };
}

const modelsFor = tenderModels(reportingFields(), ['draft', PUBLISHED]);

const assertProcurementMethodLimited: TenderRule = (rc) => {
  if (rc.tender.procurementMethod !== 'limited') throw dataError('procurementMethod', ["Value must be one of ['limited']."]);
};

/** Contract change rationales follow the legal basis of the cause (LAW922 without one). */
const setContractChangeRationaleTypes: TenderRule = (rc) => {
  const scheme = (rc.tender.causeDetails as { scheme?: unknown } | undefined)?.scheme;
  rc.tender.contractChangeRationaleTypes = rationaleTypesForScheme(scheme, LAW922_RATIONALE_TYPES);
};

/** Input of an absent module (its routes answer 404 before any model is used). */
const NO_INPUT = Type.Object({}, { additionalProperties: false }) as unknown as ModelSchema;

/** The competitive stages a report never passes through. */
const TENDERING_STATUSES = ['active.tendering', 'active.auction', 'active.qualification', 'active.awarded'];

export const reporting: Procedure = {
  type: 'reporting',
  // Documents, cancellations and awards only: no lots, questions, bids, auction, claims, review requests or chronograph.
  modules: new Set(),
  transitions: procedureTransitions({
    tenderOwner: { states: [PUBLISHED], add: [publishEdge(PUBLISHED, { stampsNotice: false })] },
    // The owner's award and contract end the report; a cancellation cancels it.
    tenderTime: {
      states: [PUBLISHED],
      removeStates: TENDERING_STATUSES,
      add: [{ from: PUBLISHED, to: 'complete' }, toUnsuccessful(PUBLISHED), toCancelled(PUBLISHED)],
    },
    award: reportingAwardDelta,
  }),
  awarding: ownerAwarding({
    posting: { model: ReportingAwardCreateInput, assertAllowed: assertNoLiveAward, build: newReportingAward, valueOf: reportingAwardValue },
    assertDocumentWritable: assertReportingAwardDocumentWritable,
  }),
  chronograph: { sources: [], holds: [] },
  // Awards are posted and decided, and the signed contract completes the report, while it is active.
  stages: { beforeTenderingEnd: ['draft'], beforeAwarding: ['draft'], awardDecisions: [PUBLISHED], completedByContracts: [PUBLISHED] },
  views: { sealedStatuses: [] },
  reviewRequestStatuses: [],
  createLevels: ['1', '3', '5'],
  centralCreateLevels: ['5'],
  config: REPORTING_CONFIG,
  durations: REPORTING_DURATIONS,
  editableStatuses: ['draft', PUBLISHED],
  publishedStatus: PUBLISHED,
  models: {
    tenderCreate: (sandbox) => modelsFor(sandbox).create,
    tenderPatch: (sandbox) => modelsFor(sandbox).patch,
    lotCreate: NO_INPUT,
    lotPatch: NO_INPUT,
    questionCreate: NO_INPUT,
    questionAnswer: NO_INPUT,
    bidCreate: NO_INPUT,
    bidPatch: NO_INPUT,
    cancellationCreate: CancellationCreateInput,
    cancellationPatch: CancellationPatchInput,
    awardPatch: ReportingAwardPatchInput,
  },
  questionCreateLevels: [],
  questionAnswerStatuses: [],
  bids: { createLevels: [], hiddenInStatuses: [], itemsRequired: false, proposalSignatureScheme: null },
  cancellations: {
    reasonTypes: (tender) =>
      tenderCreatedAfter(tender, 'noLocalizationCancellationReason') ? [...CANCELLATION_REASON_TYPES, 'noLocalization'] : CANCELLATION_REASON_TYPES,
    statuses: ['draft', 'pending', 'unsuccessful', 'active'],
    forbiddenTenderStatuses: ['draft'],
    reportRequired: true,
    complaintPeriodApplies: () => false,
    extraChecks: [],
  },
  complaints: WITHOUT_COMPLAINTS,
  claims: { awardClaimStatuses: [], tenderClaimStatuses: [], tenderClaimAuthorEditStatuses: [], awardClaimBidStatuses: [] },
  tenderingEdit: null,
  rules: [
    assertItemsWithoutLot,
    applyReportingCauseDetails,
    assertProcurementMethodLimited,
    rules.assertBuyersOnlyForCentral,
    rules.assertPlansLinkable,
    rules.assertKindFrozenAfterDraft,
    rules.assertFundersKnown,
    rules.assertOrganizationsValid,
    rules.assertItemsValid,
    rules.assertItemsHaveRelatedBuyer,
    rules.assertCurrencyKnown,
    rules.assertValuesValid,
    rules.assertMilestonesValid,
    setContractChangeRationaleTypes,
  ],
  activationChecks: [],
  creationDefaults: { procurementMethod: 'limited' },
};
