// What every limited procedure shares (open-procedures.md §6.1): no tendering, bids, questions or
// auction; `draft → active` by the owner and `active → complete / unsuccessful / cancelled`; a
// `causeDetails` naming why the entity buys without competition; items delivered at a date and
// place; `procurementMethod: limited`; contract change rationales from the cause's legal basis.
// Each limited procedure builds its value from these and states only its own rules.
import { Type } from 'typebox';
import type { ProcedureBidRules, ProcedureCancellationRules, TenderRule } from '../procedure.ts';
import { reasonTypesFrom } from '../cancellation.rules.ts';
import * as rules from '../tender.rules.ts';
import type { TransitionDeltas } from '../procedure-transitions.ts';
import { publishEdge } from '../tender.state.ts';
import { toCancelled, toUnsuccessful } from '../tender.status.ts';
import type { ModelSchema } from '../../validation/model-validator.ts';
import { dataError } from '../../http/errors.ts';
import { tenderCreateFields } from '../schemas/tender.schema.ts';
import { Address, Item } from '../schemas/common.schema.ts';
import { OptDateTime, OptStr } from '../../validation/schema-primitives.ts';
import { fixedConfigSpec, type TenderConfigSpec } from '../tender-config.ts';
import { rationaleTypesForScheme, LAW922_RATIONALE_TYPES } from '../../contracting/rationale-types.ts';
import { CauseDetailsInput } from './cause-details.ts';

/** The status a limited tender is published in. */
export const LIMITED_PUBLISHED = 'active';

/** Tender fields the core offers that no limited procedure uses (tendering and auction). */
const TENDERING_FIELDS = [
  'enquiryPeriod', 'tenderPeriod', 'awardPeriod', 'minimalStep', 'guarantee', 'features', 'awardCriteria', 'awardCriteriaDetails',
  'awardCriteriaDetails_en', 'awardCriteriaDetails_ru', 'submissionMethod', 'submissionMethodDetails', 'submissionMethodDetails_en',
  'submissionMethodDetails_ru', 'inspector',
];

/** The core's tender fields without the tendering ones (and without `absent`), plus the cause fields. */
export function limitedTenderFields(absent: readonly string[] = []): Record<string, unknown> {
  const gone = new Set([...TENDERING_FIELDS, ...absent]);
  return {
    ...Object.fromEntries(Object.entries(tenderCreateFields()).filter(([k]) => !gone.has(k))),
    causeDetails: Type.Optional(CauseDetailsInput),
    cause: OptStr(),
    causeDescription: OptStr(),
    causeDescription_en: OptStr(),
  };
}

/** An item with its delivery date (end required) and address, plus the procedure's extra fields. */
export function deliveredItem(name: string, extra: Parameters<typeof Type.Object>[0] = {}) {
  return Type.Object(
    {
      ...Item.properties,
      deliveryDate: Type.Object({ startDate: OptDateTime(), endDate: Type.String({ format: 'date-time' }) }, { additionalProperties: false, 'x-model': 'PeriodEndRequired' }),
      deliveryAddress: Address,
      ...extra,
    },
    { additionalProperties: false, 'x-model': name },
  );
}

/** The competitive stages a limited tender never passes through. */
const TENDERING_STATUSES = ['active.tendering', 'active.auction', 'active.qualification', 'active.awarded'];

/** Publication by the owner; the contracts (or a cancellation) end the tender. */
export const LIMITED_TENDER_TRANSITIONS: Pick<TransitionDeltas, 'tenderOwner' | 'tenderTime'> = {
  tenderOwner: { states: [LIMITED_PUBLISHED], add: [publishEdge(LIMITED_PUBLISHED, { stampsNotice: false })] },
  tenderTime: {
    states: [LIMITED_PUBLISHED],
    removeStates: TENDERING_STATUSES,
    add: [{ from: LIMITED_PUBLISHED, to: 'complete' }, toUnsuccessful(LIMITED_PUBLISHED), toCancelled(LIMITED_PUBLISHED)],
  },
};

export const assertProcurementMethodLimited: TenderRule = (rc) => {
  if (rc.tender.procurementMethod !== 'limited') throw dataError('procurementMethod', ["Value must be one of ['limited']."]);
};

/** Contract change rationales follow the legal basis of the cause (LAW922 without one). */
export const setContractChangeRationaleTypes: TenderRule = (rc) => {
  const scheme = (rc.tender.causeDetails as { scheme?: unknown } | undefined)?.scheme;
  rc.tender.contractChangeRationaleTypes = rationaleTypesForScheme(scheme, LAW922_RATIONALE_TYPES);
};

/**
 * A limited procedure's tender rules in the reference's order: its own first checks, the common
 * ones (lots where it has them), and the contract change rationales last.
 */
export function limitedTenderRules(own: { first: readonly TenderRule[]; lots: boolean }): TenderRule[] {
  return [
    ...own.first,
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
    ...(own.lots ? [rules.assertLotsValid] : []),
    rules.assertMilestonesValid,
    setContractChangeRationaleTypes,
  ];
}

/** No bids in a limited procedure. */
export const WITHOUT_BIDS: ProcedureBidRules = { createLevels: [], hiddenInStatuses: [], itemsRequired: false, proposalSignatureScheme: null };

/**
 * A limited procedure's cancellations: its reason types (with the dated `noLocalization`), every
 * cancellation status, none of a draft tender, a signed report required; `complaints` says when a
 * complaint period applies and what else is checked (none by default).
 */
export function limitedCancellations(
  reasonTypes: readonly string[],
  complaints: Pick<ProcedureCancellationRules, 'complaintPeriodApplies' | 'extraChecks'> = { complaintPeriodApplies: () => false, extraChecks: [] },
): ProcedureCancellationRules {
  return {
    reasonTypes: reasonTypesFrom(reasonTypes),
    statuses: ['draft', 'pending', 'unsuccessful', 'active'],
    forbiddenTenderStatuses: ['draft'],
    reportRequired: true,
    ...complaints,
  };
}

/** Input of an absent module (its routes answer 404 before any model is used). */
export const NO_INPUT = Type.Object({}, { additionalProperties: false }) as unknown as ModelSchema;

/**
 * A limited procedure's tender config: every key has one value (the reference's order); no
 * auction, tendering or qualification; `complaints` states the complaint flags and windows.
 */
export function limitedConfigSpec(complaints: {
  hasAwardComplaints: boolean;
  hasCancellationComplaints: boolean;
  awardComplainDuration: number;
  cancellationComplainDuration: number;
}): TenderConfigSpec {
  return fixedConfigSpec(
    {
      hasAuction: false,
      hasAwardingOrder: true,
      hasValueRestriction: true,
      valueCurrencyEquality: true,
      hasPrequalification: false,
      minBidsNumber: 1,
      hasPreSelectionAgreement: false,
      hasTenderComplaints: false,
      hasAwardComplaints: complaints.hasAwardComplaints,
      hasCancellationComplaints: complaints.hasCancellationComplaints,
      hasValueEstimation: true,
      hasQualificationComplaints: false,
      tenderComplainRegulation: 0,
      qualificationComplainDuration: 0,
      awardComplainDuration: complaints.awardComplainDuration,
      cancellationComplainDuration: complaints.cancellationComplainDuration,
      clarificationUntilDuration: 0,
      qualificationDuration: 0,
      minTenderingDuration: 0,
      hasEnquiries: false,
      minEnquiriesDuration: 0,
      enquiryPeriodRegulation: 0,
      restricted: false,
      hasMultiSourcing: false,
    },
    ['hasMultiSourcing'],
  );
}
