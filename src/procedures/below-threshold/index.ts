// The belowThreshold procedure: core defaults plus this procedure's data (below-threshold.md).
import { WITHOUT_COMPLAINTS } from '../../core/tender/complaints/complaint.rules.ts';
import type { Procedure } from '../../core/tender/procedure.ts';
import type { ModelSchema } from '../../core/validation/model-validator.ts';
import { LotInput, LotPatchInput, tenderCreateFields, tenderModels } from '../../core/tender/schemas/tender.schema.ts';
import { QuestionAnswerInput, QuestionCreateInput } from '../../core/tender/schemas/question.schema.ts';
import { BidCreateInput, BidPatchInput } from '../../core/tender/schemas/bid.schema.ts';
import { CancellationCreateInput, CancellationPatchInput } from '../../core/tender/schemas/cancellation.schema.ts';
import { reasonTypesFrom } from '../../core/tender/cancellation.rules.ts';
import { AwardPatchInput } from '../../core/tender/schemas/award.schema.ts';
import { AWARD_RESPONSES_FIELD, CRITERIA_PATCH_FIELD } from '../../core/tender/criteria/criterion.schema.ts';
import { tenderCriteriaRule } from '../../core/tender/criteria/tender-criteria.rule.ts';
import { assertGuaranteeCriterion } from '../../core/tender/criteria/criteria-activation.ts';
import * as rules from '../../core/tender/tender.rules.ts';
import { procedureTransitions } from '../../core/tender/procedure-transitions.ts';
import { rankedAwarding } from '../../core/tender/awarding.ts';
import { auctionEvents, awardingEvents, claimResolutionEvents, contractEvents, tenderingEndEvents } from '../../core/tender/chronograph.events.ts';
import { LAW922_RATIONALE_TYPES } from '../../core/contracting/rationale-types.ts';
import { BELOW_THRESHOLD_CONFIG, BELOW_THRESHOLD_DURATIONS } from './config.ts';
import { ENQUIRIES, enquiriesEndEvents, enquiryStageTransitions, waitsForInspector } from './enquiries.ts';

const PUBLISHED = ENQUIRIES;
/** Before the bids are opened: bids sealed, auctions still to plan. */
const BEFORE_AWARDING = ['draft', ENQUIRIES, 'active.tendering', 'active.auction'];
const CANCELLATION_REASON_TYPES: readonly string[] = ['noDemand', 'unFixable', 'expensesCut'];

const modelsFor = tenderModels(tenderCreateFields(), ['draft', PUBLISHED], CRITERIA_PATCH_FIELD);

export const belowThreshold: Procedure = {
  type: 'belowThreshold',
  modules: new Set(['lots', 'questions', 'bids', 'auction', 'claims', 'reviewRequests', 'chronograph', 'enquiries']),
  transitions: procedureTransitions(enquiryStageTransitions),
  awarding: rankedAwarding(BELOW_THRESHOLD_DURATIONS.awardDecision),
  chronograph: {
    sources: [claimResolutionEvents, enquiriesEndEvents, tenderingEndEvents, auctionEvents, awardingEvents, contractEvents],
    holds: [waitsForInspector],
  },
  stages: { beforeTenderingEnd: ['draft', ENQUIRIES, 'active.tendering'], beforeAwarding: BEFORE_AWARDING, awardDecisions: ['active.qualification', 'active.awarded'], completedByContracts: ['active.awarded'] },
  views: { sealedStatuses: BEFORE_AWARDING },
  reviewRequestStatuses: [ENQUIRIES, 'active.qualification', 'active.awarded'],
  createLevels: ['1', '5'],
  centralCreateLevels: ['5'],
  config: BELOW_THRESHOLD_CONFIG,
  durations: BELOW_THRESHOLD_DURATIONS,
  editableStatuses: ['draft', PUBLISHED],
  publishedStatus: PUBLISHED,
  models: {
    tenderCreate: (sandbox) => modelsFor(sandbox).create,
    tenderPatch: (sandbox) => modelsFor(sandbox).patch,
    lotCreate: LotInput as unknown as ModelSchema,
    lotPatch: LotPatchInput,
    questionCreate: QuestionCreateInput,
    questionAnswer: QuestionAnswerInput,
    bidCreate: BidCreateInput,
    bidPatch: BidPatchInput,
    cancellationCreate: CancellationCreateInput,
    cancellationPatch: CancellationPatchInput,
    awardPatch: { ...AwardPatchInput, properties: { ...AwardPatchInput.properties, ...AWARD_RESPONSES_FIELD } } as ModelSchema,
  },
  questionCreateLevels: ['2'],
  questionAnswerStatuses: [PUBLISHED, 'active.tendering'],
  bids: {
    createLevels: ['2'],
    hiddenInStatuses: ['active.tendering', 'active.auction'],
    itemsRequired: true,
    proposalSignatureScheme: 'UA-EDR',
  },
  cancellations: {
    reasonTypes: reasonTypesFrom(CANCELLATION_REASON_TYPES),
    statuses: ['draft', 'pending', 'unsuccessful', 'active'],
    forbiddenTenderStatuses: ['draft', 'active.auction'],
    reportRequired: true,
    complaintPeriodApplies: () => false,
    extraChecks: [],
  },
  complaints: WITHOUT_COMPLAINTS,
  // Criteria frozen once tendering starts; nothing is required at publication (criteria.md §3.8).
  criteria: {
    writeStatuses: ['draft', ENQUIRIES],
    draftStatuses: ['draft'],
    putStatuses: [ENQUIRIES],
    exclusionLocked: false,
    builtInRules: {},
  },
  claims: {
    awardClaimStatuses: ['active.qualification', 'active.awarded'],
    tenderClaimStatuses: [ENQUIRIES, 'active.tendering', 'active.auction', 'active.qualification', 'active.awarded'],
    tenderClaimAuthorEditStatuses: [PUBLISHED, 'active.tendering'],
    awardClaimBidStatuses: ['active', 'unsuccessful'],
  },
  // Funders exception (below-threshold.md §3.1).
  tenderingEdit: {
    appliesTo: (tender, config) => config.fundersTenderIds.includes(tender.id),
    fields: [
      'tenderPeriod', 'guarantee', 'value', 'milestones', 'items', 'title', 'title_en', 'title_ru', 'description', 'description_en',
      'description_ru', 'documents', 'mainProcurementCategory', 'lots', 'contractTemplateName',
    ],
    extension: BELOW_THRESHOLD_DURATIONS.tenderingEditExtension,
  },
  rules: [
    rules.assertProcurementMethodOpen,
    rules.assertBuyersOnlyForCentral,
    rules.assertPlansLinkable,
    rules.assertKindFrozenAfterDraft,
    rules.assertAwardCriteriaUnchanged,
    rules.assertInspectorHasFunders,
    rules.assertFundersKnown,
    rules.assertOrganizationsValid,
    rules.assertAuctionFieldsOnlyWithAuction,
    rules.assertPeriodsOrdered,
    rules.assertPeriodStartsNotDeleted,
    rules.assertEnquiryPeriodLongEnough,
    rules.assertTenderPeriodRules,
    rules.assertItemsValid,
    rules.assertItemsHaveRelatedBuyer,
    rules.assertCurrencyKnown,
    rules.assertValuesValid,
    rules.assertLotsValid,
    rules.assertFeaturesValid,
    rules.assertMilestonesValid,
    tenderCriteriaRule,
  ],
  // Reference order: the bid guarantee criterion (criteria.md §4), contractTemplateName, item.relatedLot, minimalStep, notice document.
  activationChecks: [
    assertGuaranteeCriterion,
    rules.assertContractTemplateOrProforma,
    rules.assertItemsHaveRelatedLot,
    rules.assertMinimalStepForAuction,
    rules.assertNoticeDocument,
  ],
  // LAW922 contract change rationales on every tender (below-threshold.md §1.1).
  creationDefaults: { contractChangeRationaleTypes: LAW922_RATIONALE_TYPES, procurementMethod: 'open', awardCriteria: 'lowestCost' },
};
