// The reporting procedure (open-procedures.md §0, §6.1–6.3): a report of a purchase already made.
// Its delta over the core: no periods, bids, questions, auction, complaints or chronograph;
// `draft → active` by the owner; a `causeDetails` from the code list; the owner records awards.
import { Type } from 'typebox';
import { WITHOUT_COMPLAINTS } from '../../core/tender/complaints/complaint.rules.ts';
import type { Procedure, TenderRule } from '../../core/tender/procedure.ts';
import { procedureTransitions } from '../../core/tender/procedure-transitions.ts';
import { ownerAwarding } from '../../core/tender/awarding.ts';
import { dataError } from '../../core/http/errors.ts';
import { ProcuringEntity } from '../../core/tender/schemas/common.schema.ts';
import { tenderModels } from '../../core/tender/schemas/tender.schema.ts';
import {
  deliveredItem, LIMITED_PUBLISHED, LIMITED_TENDER_TRANSITIONS, limitedCancellations, limitedTenderFields, limitedTenderRules, NO_INPUT, WITHOUT_BIDS,
} from '../../core/tender/limited/limited-shape.ts';
import { OptStr } from '../../core/validation/schema-primitives.ts';
import { CancellationCreateInput, CancellationPatchInput } from '../../core/tender/schemas/cancellation.schema.ts';
import { WITHOUT_CLAIMS } from '../../core/tender/claim.rules.ts';
import { assertKindServed } from '../../core/tender/tender.rules.ts';
import { applyReportingCauseDetails } from './cause-details.ts';
import { assertNoLiveAward, assertReportingAwardDocumentWritable, newReportingAward, reportingAwardValue, ReportingAwardCreateInput, ReportingAwardPatchInput, reportingAwardDelta } from './awarding.ts';
import { REPORTING_CONFIG, REPORTING_DURATIONS } from './config.ts';

const PUBLISHED = LIMITED_PUBLISHED;
const CANCELLATION_REASON_TYPES: readonly string[] = ['noDemand', 'unFixable', 'forceMajeure', 'expensesCut'];
/** The procuring entities that may report (§0.4). */
const KINDS = ['authority', 'social', 'central', 'general', 'defense', 'other', 'special'];

/** Items may name a market product (`relatedLot` is refused by a rule). */
const ReportingItem = deliveredItem('ReportingItem', { product: OptStr() });

/** A report has no lots: an item's `relatedLot` is a model error. */
const assertItemsWithoutLot: TenderRule = (rc) => {
  if ((rc.tender.items ?? []).some((i) => i.relatedLot)) throw dataError('items', [{ relatedLot: ['This option is not available'] }]);
};

/** The procuring entity may leave out its contact point. */
const ReportingProcuringEntity = Type.Object(
  { ...ProcuringEntity.properties, contactPoint: Type.Optional(ProcuringEntity.properties.contactPoint) },
  { additionalProperties: false, 'x-model': 'ReportingProcuringEntity' },
);

/** A report has no lots and no contract template; its value and milestones are optional. */
function reportingFields(): Record<string, unknown> {
  const fields = limitedTenderFields(['lots', 'contractTemplateName']);
  return {
    ...fields,
    procuringEntity: ReportingProcuringEntity,
    value: Type.Optional(fields.value as never),
    items: Type.Array(ReportingItem, { minItems: 1 }),
    milestones: Type.Optional(fields.milestones as never),
  };
}

const modelsFor = tenderModels(reportingFields(), ['draft', PUBLISHED]);

export const reporting: Procedure = {
  type: 'reporting',
  // Documents, cancellations and awards only: no lots, questions, bids, auction, claims, review requests or chronograph.
  modules: new Set(),
  // The owner's award and contract end the report; a cancellation cancels it.
  transitions: procedureTransitions({ ...LIMITED_TENDER_TRANSITIONS, award: reportingAwardDelta }),
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
  bids: WITHOUT_BIDS,
  cancellations: limitedCancellations(CANCELLATION_REASON_TYPES),
  complaints: WITHOUT_COMPLAINTS,
  claims: WITHOUT_CLAIMS,
  criteria: null,
  tenderingEdit: null,
  rules: limitedTenderRules({ first: [assertItemsWithoutLot, applyReportingCauseDetails, assertKindServed(KINDS)], lots: false }),
  activationChecks: [],
  creationDefaults: { procurementMethod: 'limited' },
};
