// What the open family shares (open-procedures.md §1): publication straight into `active.tendering`
// (no enquiry stage), calendar-day periods counted back from the end of tendering, owner edits during
// tendering that must leave bidders time and invalidate submitted bids, review-body complaints on
// the tender, its awards and cancellations, award claims by winners' rivals, and the chronograph
// holding the end of tendering for complaints and unanswered questions. Each open procedure builds
// its value from these and states only its durations, config and extra reasons.
import { Type } from 'typebox';
import type { ProcedureCancellationRules, ProcedureClaimRules, ProcedureComplaintRules, TenderRule, ActivationCheck, TenderingEdit, Duration } from '../procedure.ts';
import { reasonTypesFrom } from '../cancellation.rules.ts';
import * as rules from '../tender.rules.ts';
import type { TransitionDeltas } from '../procedure-transitions.ts';
import { publishEdge } from '../tender.state.ts';
import { dataError, forbidden } from '../../http/errors.ts';
import { tenderCreateFields } from '../schemas/tender.schema.ts';
import { deliveredItem } from '../limited/limited-shape.ts';
import { OptDateTime } from '../../validation/schema-primitives.ts';
import { tenderCreatedAfter } from '../rule-dates.ts';
import { parseIso } from '../../time/iso.ts';
import { awardsOf, contractMirrorsOf, type Cancellation, type Tender } from '../tender.types.ts';
import { cancelledOverComplaints, reopenUnsuccessful } from '../award.state.ts';
import { assertActivationCriteria, assertGuaranteeCriterion } from '../criteria/criteria-activation.ts';
import { tenderCriteriaRule } from '../criteria/tender-criteria.rule.ts';
import {
  auctionEvents, awardingEvents, cancellationComplaintPeriodEvents, claimResolutionEvents, contractEvents, draftComplaintEvents, tenderingEndEvents,
  heldByPendingTenderCancellation, type ChronographPlan,
} from '../chronograph.events.ts';
import { tenderComplaintsHoldTendering } from '../complaints/complaint.rules.ts';

export const OPEN_PUBLISHED = 'active.tendering';

/** Statuses before the bids are opened: bids sealed, auctions still planned. */
export const OPEN_BEFORE_AWARDING = ['draft', OPEN_PUBLISHED, 'active.auction'];

const OpenItem = deliveredItem('Item');

/** Periods the server computes; a client may echo them back, they are recomputed anyway. */
const SystemPeriod = Type.Object({ startDate: OptDateTime(), endDate: OptDateTime(), clarificationsUntil: OptDateTime(), invalidationDate: OptDateTime() }, { additionalProperties: false, 'x-model': 'EnquiryPeriod' });

/** The core's tender fields with delivered items and a system enquiry period. */
export function openTenderFields(): Record<string, unknown> {
  return {
    ...tenderCreateFields(),
    items: Type.Array(OpenItem, { minItems: 1 }),
    enquiryPeriod: Type.Optional(SystemPeriod),
  };
}

const publication = publishEdge(OPEN_PUBLISHED, { stampsNotice: true });

/**
 * Publication into tendering, stamping the notice date and the bids' invalidation date (nothing
 * submitted before publication counts); the rest is the core's tender-time table.
 */
export const OPEN_TENDER_TRANSITIONS: Pick<TransitionDeltas, 'tenderOwner' | 'award'> = {
  // Award decisions (open-procedures.md §1.7): a satisfied complaint cancels the lot's live awards;
  // a rejection is reopened without a claim, unless the lot already signed its contract.
  award: {
    add: [
      cancelledOverComplaints(true),
      {
        from: 'unsuccessful',
        to: 'cancelled',
        guard({ tender, award }) {
          const signed = contractMirrorsOf(tender).some((c) => c.status === 'active' && awardsOf(tender).some((a) => a.id === c.awardID && a.lotID === award.lotID));
          if (signed) throw forbidden("Can't update award in current (unsuccessful) status");
        },
        effect: reopenUnsuccessful,
      },
    ],
  },
  tenderOwner: {
    states: [OPEN_PUBLISHED],
    add: [
      {
        ...publication,
        effect(ctx) {
          publication.effect?.(ctx);
          if (ctx.rc.tender.enquiryPeriod) ctx.rc.tender.enquiryPeriod.invalidationDate = ctx.nowIso;
        },
      },
    ],
  },
};

const ms = (iso: string | undefined): number | undefined => (iso ? parseIso(iso)?.ms : undefined);

/** Prices are stated without VAT (tenders after the VAT date). */
export const assertValueWithoutVat: TenderRule = (rc) => {
  if (!tenderCreatedAfter(rc.tender, 'openValueWithoutVat')) return;
  if (rc.tender.value?.valueAddedTaxIncluded === true) throw dataError('value.valueAddedTaxIncluded', 'valueAddedTaxIncluded should be false');
  if ((rc.tender.lots ?? []).some((l) => l.value?.valueAddedTaxIncluded === true)) {
    throw dataError('lots.value.valueAddedTaxIncluded', 'valueAddedTaxIncluded should be false');
  }
};

/** Once tendering runs its start is history. */
export const assertTenderingStartFrozen: TenderRule = (rc) => {
  const before = rc.before?.tenderPeriod?.startDate;
  if (rc.before?.status !== OPEN_PUBLISHED || !before) return;
  if (ms(rc.tender.tenderPeriod?.startDate) !== ms(before)) throw dataError('tenderPeriod.startDate', "Can't change tenderPeriod.startDate");
};

/** Every item stays in one 3-digit CPV group, across edits too. */
export const assertSingleClassificationGroup: TenderRule = (rc) => {
  if (!rc.before) return;
  const groups = new Set([...(rc.before.items ?? []), ...(rc.tender.items ?? [])].map((i) => String((i.classification as { id?: unknown } | undefined)?.id ?? '').slice(0, 3)));
  if (groups.size > 1) throw dataError('items', ["Can't change classification group of items"]);
};

/** A pending cancellation freezes the tender's status. */
export const assertNoStatusChangeUnderCancellation: TenderRule = (rc) => {
  if (!rc.before || rc.targetStatus === rc.before.status) return;
  const pending = (rc.before.cancellations ?? []).filter((c) => c.status === 'pending');
  if (pending.some((c) => c.relatedLot)) throw forbidden("Can't update tender with pending cancellation in one of exists lot");
  if (pending.length > 0) throw forbidden("Can't perform action due to a pending cancellation");
};

/** The open family's tender rules: the core's in the reference's order plus the family's own. */
export function openTenderRules(extra: readonly TenderRule[] = []): TenderRule[] {
  return [
    rules.assertProcurementMethodOpen,
    rules.assertBuyersOnlyForCentral,
    rules.assertPlansLinkable,
    rules.assertKindFrozenAfterDraft,
    rules.assertAwardCriteriaUnchanged,
    ...extra,
    rules.assertOrganizationsValid,
    rules.assertAuctionFieldsOnlyWithAuction,
    rules.assertPeriodStartsNotDeleted,
    assertTenderingStartFrozen,
    rules.assertTenderPeriodRules,
    rules.assertItemsValid,
    assertSingleClassificationGroup,
    rules.assertItemsHaveRelatedBuyer,
    rules.assertCurrencyKnown,
    rules.assertValuesValid,
    assertValueWithoutVat,
    rules.assertLotsValid,
    rules.assertFeaturesValid,
    rules.assertMilestonesValid,
    tenderCriteriaRule,
    assertNoStatusChangeUnderCancellation,
  ];
}

/** A draft left for more than ten minutes must be given a fresh tendering start before publication. */
const STALE_START_MS = 10 * 60_000;
export const assertTenderingStartFresh: ActivationCheck = (rc) => {
  const start = ms(rc.tender.tenderPeriod?.startDate);
  if (start !== undefined && start <= rc.now - STALE_START_MS) {
    throw dataError('tenderPeriod', ['tenderPeriod.startDate should be in greater than current date']);
  }
};

/** Publication checks in the reference's order (open-procedures.md §1.2, criteria.md §4). */
export const OPEN_ACTIVATION_CHECKS: readonly ActivationCheck[] = [
  assertGuaranteeCriterion,
  rules.assertNoticeDocument,
  assertActivationCriteria,
  rules.assertItemsHaveRelatedLot,
  rules.assertContractTemplateOrProforma,
  assertTenderingStartFresh,
  rules.assertMinimalStepForAuction,
];

/** Any owner edit during tendering must leave `extension` days and sends submitted bids back. */
export function openTenderingEdit(extension: Duration): TenderingEdit {
  return { appliesTo: () => true, extension, lotsInDraft: true };
}

/** Nothing to cancel when every award (of the scope's active lots) has failed. */
function assertNotAllAwardsUnsuccessful(tender: Tender, c: Pick<Cancellation, 'relatedLot'>): void {
  const lots = (tender.lots ?? []).filter((l) => l.status === 'active' && (c.relatedLot === undefined || l.id === c.relatedLot));
  const scopes: Array<string | undefined> = (tender.lots ?? []).length > 0 ? lots.map((l) => l.id) : [undefined];
  for (const lot of scopes) {
    const awards = awardsOf(tender).filter((a) => a.lotID === lot);
    if (awards.length > 0 && awards.every((a) => a.status === 'unsuccessful')) throw forbidden("Can't perform cancellation if all awards are unsuccessful");
  }
}

/** The open family's cancellations: every one waits out a complaint period. */
export function openCancellations(reasonTypes: readonly string[]): ProcedureCancellationRules {
  return {
    reasonTypes: reasonTypesFrom(reasonTypes),
    statuses: ['draft', 'pending', 'unsuccessful', 'active'],
    forbiddenTenderStatuses: ['draft', 'active.auction'],
    reportRequired: true,
    complaintPeriodApplies: () => true,
    extraChecks: [assertNotAllAwardsUnsuccessful],
  };
}

/** Complaints on the tender while tendering, on awards after it; complainants are bidders. */
export const OPEN_COMPLAINTS: ProcedureComplaintRules = {
  tenderStatuses: [OPEN_PUBLISHED],
  awardStatuses: ['active.qualification', 'active.awarded'],
  qualificationStatuses: [],
  documentStatuses: [OPEN_PUBLISHED, 'active.auction', 'active.qualification', 'active.awarded'],
  complainantsAreBidders: true,
};

/** Award claims by active bidders; stored tender-level claims are only updated. */
export const OPEN_CLAIMS: ProcedureClaimRules = {
  awardClaimStatuses: ['active.qualification', 'active.awarded'],
  tenderClaimStatuses: [OPEN_PUBLISHED, 'active.auction', 'active.qualification', 'active.awarded'],
  tenderClaimAuthorEditStatuses: [OPEN_PUBLISHED],
  awardClaimBidStatuses: ['active'],
};

/** An unanswered question about the tender or an active lot (directly or through its item). */
export function unansweredQuestionsHoldTendering(t: Tender): boolean {
  if (t.status !== OPEN_PUBLISHED) return false;
  const activeLots = new Set((t.lots ?? []).filter((l) => l.status === 'active').map((l) => l.id));
  const itemLot = new Map((t.items ?? []).map((i) => [String(i.id), i.relatedLot]));
  return (t.questions ?? []).some((q) => {
    if (q.answer) return false;
    if (q.questionOf === 'lot') return activeLots.has(String(q.relatedItem));
    if (q.questionOf === 'item') {
      const lot = itemLot.get(String(q.relatedItem));
      return lot === undefined || activeLots.has(lot);
    }
    return true;
  });
}

export const OPEN_CHRONOGRAPH: ChronographPlan = {
  sources: [claimResolutionEvents, draftComplaintEvents, cancellationComplaintPeriodEvents, tenderingEndEvents, auctionEvents, awardingEvents, contractEvents],
  holds: [heldByPendingTenderCancellation, tenderComplaintsHoldTendering, unansweredQuestionsHoldTendering],
};
