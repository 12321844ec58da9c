// negotiation and negotiation.quick (open-procedures.md §0, §6.1, §6.2, §6.4, §6.5): a purchase
// negotiated with one supplier per lot. Their delta over the core: no tendering, bids, questions,
// auction or claims; `draft → active` by the owner; a `causeDetails` from the procedure's code
// list; lots; the owner records awards, whose stand-still opens review-body complaints; cancellations
// wait out a complaint period while an award of their scope is active. The two differ only in
// their type, stand-still and code list.
import { Type } from 'typebox';
import type { Procedure, TenderRule } from '../../core/tender/procedure.ts';
import { procedureTransitions } from '../../core/tender/procedure-transitions.ts';
import { ownerAwarding } from '../../core/tender/awarding.ts';
import type { ModelSchema } from '../../core/validation/model-validator.ts';
import { forbidden } from '../../core/http/errors.ts';
import { EstimatedValue } from '../../core/tender/schemas/common.schema.ts';
import { Enum, Hex32, OptDateTime, i18n } from '../../core/validation/schema-primitives.ts';
import { partial, tenderModels } from '../../core/tender/schemas/tender.schema.ts';
import { CancellationCreateInput, CancellationPatchInput } from '../../core/tender/schemas/cancellation.schema.ts';
import * as rules from '../../core/tender/tender.rules.ts';
import { WITHOUT_CLAIMS } from '../../core/tender/claim.rules.ts';
import { causeDetailsRule } from '../../core/tender/limited/cause-details.ts';
import {
  deliveredItem, LIMITED_PUBLISHED, LIMITED_TENDER_TRANSITIONS, limitedCancellations, limitedTenderFields, limitedTenderRules, NO_INPUT, WITHOUT_BIDS,
} from '../../core/tender/limited/limited-shape.ts';
import { assertOwnerAwardDocumentWritable, newOwnerAward, ownerAwardValue } from '../../core/tender/limited/owner-awards.ts';
import { cancellationComplaintPeriodEvents, draftComplaintEvents } from '../../core/tender/chronograph.events.ts';
import { awardsOf, type Cancellation, type Tender } from '../../core/tender/tender.types.ts';
import { assertAwardChangeAllowed, assertAwardPostAllowed, NegotiationAwardCreateInput, NegotiationAwardPatchInput, negotiationAwardDelta } from './awarding.ts';
import { negotiationConfig, negotiationDurations } from './config.ts';

const PUBLISHED = LIMITED_PUBLISHED;
const CANCELLATION_REASON_TYPES: readonly string[] = ['noObjectiveness', 'unFixable', 'noDemand', 'expensesCut', 'dateViolation'];

const NegotiationItem = deliveredItem('NegotiationItem');

/** The procuring entities that may negotiate (§0.4). */
const KINDS = ['authority', 'social', 'general', 'special', 'defense'];

/** A lot without auction terms. */
const NegotiationLot = Type.Object(
  {
    id: Type.Optional(Hex32()),
    ...i18n('title', true, { minLength: 1 }),
    ...i18n('description'),
    value: EstimatedValue,
    status: Type.Optional(Enum(['active'] as const)),
    date: OptDateTime(),
  },
  { additionalProperties: false, 'x-model': 'Lot' },
);

function negotiationFields(): Record<string, unknown> {
  return { ...limitedTenderFields(), items: Type.Array(NegotiationItem, { minItems: 1 }), lots: Type.Optional(Type.Array(NegotiationLot)) };
}

const modelsFor = tenderModels(negotiationFields(), ['draft', PUBLISHED]);

/** Once an award is recorded the tender itself is fixed. */
const assertNoAwardsYet: TenderRule = (rc) => {
  if (rc.before && rc.patch && awardsOf(rc.before).length > 0) throw forbidden("Can't update tender when there is at least one award.");
};

/** A tender cancellation cannot undo a lot already completed. */
function assertNoCompleteLot(tender: Tender, cancellation: Pick<Cancellation, 'relatedLot'>): void {
  if ((tender.lots ?? []).length > 0 && !cancellation.relatedLot && (tender.lots ?? []).some((l) => l.status === 'complete')) {
    throw forbidden("Can't perform cancellation, if there is at least one complete lot");
  }
}

/** Without an active award in its scope there is nobody to complain: the owner activates it directly. */
function scopeHasActiveAward(tender: Tender, cancellation: Cancellation): boolean {
  return awardsOf(tender).some((a) => a.status === 'active' && (cancellation.relatedLot === undefined || a.lotID === cancellation.relatedLot));
}

function negotiationProcedure(type: string, awardComplainDuration: number): Procedure {
  return {
    type,
    modules: new Set(['lots', 'complaints', 'chronograph']),
    transitions: procedureTransitions({ ...LIMITED_TENDER_TRANSITIONS, award: negotiationAwardDelta }),
    awarding: ownerAwarding({
      posting: { model: NegotiationAwardCreateInput, assertAllowed: assertAwardPostAllowed, build: newOwnerAward, valueOf: ownerAwardValue, assertChange: assertAwardChangeAllowed },
      assertDocumentWritable: assertOwnerAwardDocumentWritable,
    }),
    // Only complaint drafts lapse and pending cancellations take effect; contracts settle the rest.
    chronograph: { sources: [draftComplaintEvents, cancellationComplaintPeriodEvents], holds: [] },
    stages: { beforeTenderingEnd: ['draft'], beforeAwarding: ['draft'], awardDecisions: [PUBLISHED], completedByContracts: [PUBLISHED] },
    views: { sealedStatuses: [] },
    reviewRequestStatuses: [],
    createLevels: ['3', '5'],
    centralCreateLevels: ['5'],
    config: negotiationConfig(awardComplainDuration),
    durations: negotiationDurations(awardComplainDuration),
    editableStatuses: ['draft', PUBLISHED],
    publishedStatus: PUBLISHED,
    models: {
      tenderCreate: (sandbox) => modelsFor(sandbox).create,
      tenderPatch: (sandbox) => modelsFor(sandbox).patch,
      lotCreate: NegotiationLot as unknown as ModelSchema,
      lotPatch: partial(NegotiationLot as unknown as ModelSchema),
      questionCreate: NO_INPUT,
      questionAnswer: NO_INPUT,
      bidCreate: NO_INPUT,
      bidPatch: NO_INPUT,
      cancellationCreate: CancellationCreateInput,
      cancellationPatch: CancellationPatchInput,
      awardPatch: NegotiationAwardPatchInput,
    },
    questionCreateLevels: [],
    questionAnswerStatuses: [],
    bids: WITHOUT_BIDS,
    cancellations: limitedCancellations(CANCELLATION_REASON_TYPES, { complaintPeriodApplies: scopeHasActiveAward, extraChecks: [assertNoCompleteLot] }),
    claims: WITHOUT_CLAIMS,
    // Any broker complains on an award within its stand-still, or on a pending cancellation.
    complaints: { tenderStatuses: [], awardStatuses: [PUBLISHED], qualificationStatuses: [], documentStatuses: [PUBLISHED], complainantsAreBidders: false },
    criteria: null,
    tenderingEdit: null,
    rules: limitedTenderRules({ first: [assertNoAwardsYet, causeDetailsRule(() => true), rules.assertKindServed(KINDS)], lots: true }),
    activationChecks: [rules.assertItemsHaveRelatedLot],
    creationDefaults: { procurementMethod: 'limited' },
  };
}

export const negotiation = negotiationProcedure('negotiation', 5);
export const negotiationQuick = negotiationProcedure('negotiation.quick', 3);
