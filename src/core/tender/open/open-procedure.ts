// An open procedure assembled from the family's shape and one procedure's numbers (open-procedures.md
// §1, §3, §5): aboveThresholdUA and aboveThreshold differ only in those numbers, their required
// criteria and their cancellation reasons; each procedure folder states just that.
import { Type } from 'typebox';
import type { Procedure } from '../procedure.ts';
import type { ModelSchema } from '../../validation/model-validator.ts';
import { LotInput, LotPatchInput, tenderModels } from '../schemas/tender.schema.ts';
import { QuestionAnswerInput, QuestionCreateInput } from '../schemas/question.schema.ts';
import { bidModels } from '../schemas/bid.schema.ts';
import { CancellationCreateInput, CancellationPatchInput } from '../schemas/cancellation.schema.ts';
import { AwardPatchInput } from '../schemas/award.schema.ts';
import { procedureTransitions } from '../procedure-transitions.ts';
import { rankedAwarding } from '../awarding.ts';
import { Enum } from '../../validation/schema-primitives.ts';
import type { RationaleTypes } from '../../contracting/rationale-types.ts';
import type { CriteriaRuleSet } from '../criteria/criteria-activation.ts';
import { AWARD_RESPONSES_FIELD, CRITERIA_PATCH_FIELD } from '../criteria/criterion.schema.ts';
import { openConfigSpec, openDurations, type OpenProcedureNumbers } from './open-config.ts';
import { openPeriodsDerivation } from './open-periods.ts';
import { abnormallyLowPriceMilestone } from '../award-milestones.ts';
import {
  OPEN_ACTIVATION_CHECKS, OPEN_BEFORE_AWARDING, OPEN_CHRONOGRAPH, OPEN_CLAIMS, OPEN_COMPLAINTS, OPEN_PUBLISHED, OPEN_TENDER_TRANSITIONS, openCancellations,
  openTenderFields, openTenderingEdit, openTenderRules,
} from './open-shape.ts';

export interface OpenProcedureSpec {
  readonly type: string;
  readonly numbers: OpenProcedureNumbers;
  readonly cancellationReasonTypes: readonly string[];
  /** The current required criteria (standards' rules file format) for deployments without standards data. */
  readonly requiredCriteria: CriteriaRuleSet;
  /** The contract change rationales its tenders offer. */
  readonly rationaleTypes: RationaleTypes;
  /** Tender fields (create model) when they differ from the family's (EU: English names). */
  readonly tenderFields?: Record<string, unknown>;
}

/** Self-declarations of an open bid: only `true` is accepted. */
const selfDeclarations = {
  selfEligible: Type.Optional(Enum([true] as never)),
  selfQualified: Type.Optional(Enum([true] as never)),
};

/** The owner states eligibility beside qualification. */
const OpenAwardPatchInput = { ...AwardPatchInput, properties: { ...AwardPatchInput.properties, eligible: { type: 'boolean' }, ...AWARD_RESPONSES_FIELD } } as ModelSchema;

export function openProcedure(spec: OpenProcedureSpec): Procedure {
  const durations = openDurations(spec.numbers);
  const models = tenderModels(spec.tenderFields ?? openTenderFields(), ['draft', OPEN_PUBLISHED], CRITERIA_PATCH_FIELD);
  const bids = bidModels(selfDeclarations);
  return {
    type: spec.type,
    modules: new Set(['lots', 'questions', 'bids', 'auction', 'claims', 'complaints', 'reviewRequests', 'chronograph']),
    transitions: procedureTransitions(OPEN_TENDER_TRANSITIONS),
    awarding: rankedAwarding(durations.awardDecision, { onNewAward: abnormallyLowPriceMilestone, milestoneCodes: ['24h', 'extensionPeriod'] }),
    chronograph: OPEN_CHRONOGRAPH,
    stages: { beforeTenderingEnd: ['draft', OPEN_PUBLISHED], beforeAwarding: OPEN_BEFORE_AWARDING, awardDecisions: ['active.qualification', 'active.awarded'], completedByContracts: ['active.awarded'] },
    views: { sealedStatuses: OPEN_BEFORE_AWARDING },
    reviewRequestStatuses: [OPEN_PUBLISHED, 'active.qualification', 'active.awarded'],
    createLevels: ['3', '5'],
    centralCreateLevels: ['5'],
    config: openConfigSpec(spec.numbers),
    durations,
    editableStatuses: ['draft', OPEN_PUBLISHED],
    publishedStatus: OPEN_PUBLISHED,
    models: {
      tenderCreate: (sandbox) => models(sandbox).create,
      tenderPatch: (sandbox) => models(sandbox).patch,
      lotCreate: LotInput as unknown as ModelSchema,
      lotPatch: LotPatchInput,
      questionCreate: QuestionCreateInput,
      questionAnswer: QuestionAnswerInput,
      bidCreate: bids.create,
      bidPatch: bids.patch,
      cancellationCreate: CancellationCreateInput,
      cancellationPatch: CancellationPatchInput,
      awardPatch: OpenAwardPatchInput,
    },
    questionCreateLevels: ['4'],
    questionAnswerStatuses: [OPEN_PUBLISHED],
    bids: {
      createLevels: ['4'],
      hiddenInStatuses: [OPEN_PUBLISHED, 'active.auction'],
      itemsRequired: true,
      proposalSignatureScheme: 'UA-EDR',
    },
    cancellations: openCancellations(spec.cancellationReasonTypes),
    claims: OPEN_CLAIMS,
    complaints: OPEN_COMPLAINTS,
    criteria: {
      writeStatuses: ['draft', 'draft.pending', 'draft.stage2', OPEN_PUBLISHED],
      draftStatuses: ['draft', 'draft.pending', 'draft.stage2'],
      putStatuses: [OPEN_PUBLISHED],
      exclusionLocked: true,
      builtInRules: spec.requiredCriteria,
    },
    tenderingEdit: openTenderingEdit(durations.lotEditExtension),
    rules: openTenderRules(),
    activationChecks: OPEN_ACTIVATION_CHECKS,
    creationDefaults: { contractChangeRationaleTypes: spec.rationaleTypes, procurementMethod: 'open', awardCriteria: 'lowestCost' },
    derive: openPeriodsDerivation(durations.regulation),
  };
}
