// Prequalification (open-procedures.md §4.2): after tendering the owner qualifies every submitted
// bid (per lot), publishes an evaluation report and opens a stand-still for qualification
// complaints; when it ends the qualified bids go to the auction (or straight to awarding). Pure:
// every handler mutates the tender draft it is given.
import { forbidden } from '../../http/errors.ts';
import { formatIso, isoToMs, parseIso } from '../../time/iso.ts';
import { setObjectStatus } from '../../state/object-status.ts';
import { assertSignatureDocument } from '../../documents/signature-document.ts';
import type { Edge } from '../../state/machine.ts';
import { addDuration } from '../durations.ts';
import type { Duration, TenderCtx } from '../procedure.ts';
import { bidsOf, bidStatus, countBids, countLotBids, lotValueStatus, type StoredBid } from '../bid-counting.ts';
import { fixBidValues, markBidsUnsuccessful, removeDraftBids, resolveAnsweredClaims } from '../tendering-end.ts';
import { moveTenderStatus, removeUnfinishedAuctionPeriod, toCancelled, toUnsuccessful, type TenderStatusMove } from '../tender.status.ts';
import type { TenderTransitionCtx } from '../tender.state.ts';
import type { ChronographEvent, ChronographEventCtx, EventSource } from '../chronograph.events.ts';
import { complaintsOf } from '../complaints/complaint.rules.ts';
import type { Tender } from '../tender.types.ts';
import { qualificationsOf, type Qualification } from './qualification.types.ts';
import { newId } from '../../ids.ts';

export const PREQUALIFICATION = 'active.pre-qualification';
export const STAND_STILL = 'active.pre-qualification.stand-still';
export const PREQUALIFICATION_STATUSES: readonly string[] = [PREQUALIFICATION, STAND_STILL];

/** The durations of a procedure with prequalification. */
export interface PrequalificationDurations {
  /** The owner's time to qualify the bids (`qualificationDuration`, working days). */
  readonly qualification: Duration;
  /** The stand-still for qualification complaints (`qualificationComplainDuration`). */
  readonly standStill: Duration;
}

const ms = (iso: string | undefined): number | undefined => (iso ? parseIso(iso)?.ms : undefined);

/** Qualification complaint statuses that hold the stand-still. */
const HOLDING = new Set(['pending', 'accepted', 'satisfied', 'stopping']);
/** ... and that keep the owner from reopening the decisions. */
const UNDECIDED = new Set(['draft', 'pending', 'accepted']);

const activeLotIds = (t: Tender): Set<string | undefined> =>
  (t.lots ?? []).length === 0 ? new Set([undefined]) : new Set((t.lots ?? []).filter((l) => l.status === 'active').map((l) => l.id));

/** Qualifications of the active lots (all of them without lots). */
export function liveQualifications(t: Tender): Qualification[] {
  const lots = activeLotIds(t);
  return qualificationsOf(t).filter((q) => lots.has(q.lotID) && q.status !== 'cancelled');
}

const hasComplaintIn = (t: Tender, statuses: ReadonlySet<string>): boolean =>
  liveQualifications(t).some((q) => complaintsOf(q).some((c) => statuses.has(c.status)));

/** `qualificationPeriod` follows the end of tendering while it may still move (every tender write). */
export function planQualificationPeriod(t: Tender, tc: TenderCtx, d: PrequalificationDurations): void {
  if (t.status !== 'draft' && t.status !== 'active.tendering') return;
  const end = ms(t.tenderPeriod?.endDate);
  if (end === undefined) return;
  t.qualificationPeriod = { startDate: t.tenderPeriod!.endDate, endDate: formatIso(addDuration(tc, end, d.qualification)) };
}

/**
 * Tendering end with prequalification: answered claims resolved, drafts dropped, too few submitted
 * bids fail their lot (or the tender), one pending qualification per submitted bid (per lot).
 */
export function startPrequalification(t: Tender, tc: TenderCtx, d: PrequalificationDurations): void {
  resolveAnsweredClaims(t, tc.nowIso);
  removeDraftBids(t);
  t.qualificationPeriod = { startDate: tc.nowIso, endDate: formatIso(addDuration(tc, tc.now, d.qualification)) };
  if (!enoughBids(t, tc, true)) return;
  const lots = t.lots ?? [];
  fixBidValues(t);
  const qualifications: Qualification[] = [];
  for (const bid of bidsOf(t)) {
    if (bidStatus(bid) !== 'pending') continue;
    if (lots.length === 0) {
      qualifications.push(newQualification(bid.id, undefined, tc.nowIso));
      continue;
    }
    for (const lv of bid.lotValues ?? []) {
      if (lotValueStatus(lv, bid) === 'pending' && lots.some((l) => l.id === lv.relatedLot && l.status === 'active')) qualifications.push(newQualification(bid.id, lv.relatedLot, tc.nowIso));
    }
  }
  t.qualifications = qualifications;
  moveTenderStatus(t, PREQUALIFICATION, tc);
}

/**
 * Counts the submitted (or qualified) bids: a lot with fewer than `minBidsNumber` fails (with its
 * proposals, when `failProposals`), and so does the tender when no lot is left; false then.
 */
function enoughBids(t: Tender, tc: TenderCtx, failProposals: boolean): boolean {
  const minBids = Number(tc.config.minBidsNumber ?? 1);
  const lots = t.lots ?? [];
  if (lots.length === 0) {
    if (countBids(t) >= minBids) return true;
    if (failProposals) markBidsUnsuccessful(bidsOf(t));
    moveTenderStatus(t, 'unsuccessful', tc);
    return false;
  }
  for (const lot of lots) {
    if (lot.status !== 'active' || countLotBids(t, lot.id) >= minBids) continue;
    removeUnfinishedAuctionPeriod(lot);
    setObjectStatus(lot, 'unsuccessful', tc.nowIso);
    if (failProposals) for (const bid of bidsOf(t)) for (const lv of bid.lotValues ?? []) if (lv.relatedLot === lot.id) setObjectStatus(lv, 'unsuccessful', tc.nowIso);
  }
  const active = new Set(lots.filter((l) => l.status === 'active').map((l) => l.id));
  if (failProposals) markBidsUnsuccessful(bidsOf(t).filter((bid) => !(bid.lotValues ?? []).some((lv) => active.has(lv.relatedLot))));
  if (active.size > 0) return true;
  moveTenderStatus(t, 'unsuccessful', tc);
  return false;
}

export function newQualification(bidID: string, lotID: string | undefined, nowIso: string): Qualification {
  return { id: newId(), bidID, ...(lotID === undefined ? {} : { lotID }), status: 'pending', date: nowIso, qualified: false, eligible: false };
}

/** The bid's own status follows its lots' decisions: any pending one keeps it pending, else any active one. */
export function pullUpBidStatus(bid: StoredBid): void {
  const statuses = (bid.lotValues ?? []).map((lv) => lv.status ?? 'pending');
  if (statuses.length === 0) return;
  bid.status = statuses.includes('pending') ? 'pending' : statuses.includes('active') ? 'active' : 'unsuccessful';
}

/** The evaluation report signature, published after the last stand-still began. */
function assertEvaluationReport(t: Tender): void {
  const since = ms(t.qualificationPeriod?.reportingDatePublication as string | undefined);
  const fresh = (t.documents ?? []).filter((doc) => since === undefined || (ms(doc.datePublished) ?? 0) > since);
  assertSignatureDocument(fresh, 'evaluationReports');
}

/** Owner edges between the decisions and the stand-still (open-procedures.md §4.2). */
export function prequalificationOwnerEdges(d: PrequalificationDurations): Edge<TenderTransitionCtx>[] {
  return [
    {
      from: PREQUALIFICATION,
      to: STAND_STILL,
      guard({ rc }) {
        const t = rc.tender;
        if (hasComplaintIn(t, HOLDING)) throw forbidden(`Can't switch to '${STAND_STILL}' before resolve all complaints`);
        if (liveQualifications(t).some((q) => q.status === 'pending')) throw forbidden(`Can't switch to '${STAND_STILL}' while not all bids are qualified`);
        assertEvaluationReport(t);
      },
      effect({ rc, nowIso }) {
        const t = rc.tender;
        const end = formatIso(addDuration(rc, rc.now, d.standStill));
        t.qualificationPeriod = { ...(t.qualificationPeriod ?? {}), endDate: end, reportingDatePublication: nowIso };
        for (const q of liveQualifications(t)) if (q.status === 'active' || q.status === 'unsuccessful') q.complaintPeriod = { startDate: nowIso, endDate: end };
      },
    },
    {
      from: STAND_STILL,
      to: PREQUALIFICATION,
      guard({ rc }) {
        if (hasComplaintIn(rc.tender, UNDECIDED)) throw forbidden(`Can't switch to '${PREQUALIFICATION}' before resolve all complaints`);
      },
    },
  ];
}

/** The tender-time edges of the two stages. */
export const PREQUALIFICATION_TIME_EDGES: Edge<TenderStatusMove>[] = [
  { from: 'active.tendering', to: PREQUALIFICATION },
  { from: STAND_STILL, to: PREQUALIFICATION },
  { from: STAND_STILL, to: 'active.auction' },
  { from: STAND_STILL, to: 'active.qualification' },
  { from: STAND_STILL, to: 'active.awarded' },
  toUnsuccessful(PREQUALIFICATION),
  toUnsuccessful(STAND_STILL),
  toCancelled(PREQUALIFICATION),
  toCancelled(STAND_STILL),
];

/**
 * The stand-still's end: qualified bids are counted again (too few fail their lot or the tender),
 * then the auction, or awarding when the tender has none.
 */
export function endStandStill(t: Tender, tc: TenderCtx): void {
  if (!enoughBids(t, tc, false)) return;
  if (tc.config.hasAuction !== false) moveTenderStatus(t, 'active.auction', tc);
  else tc.procedure.awarding.next(t, tc);
}

/** `active.pre-qualification.stand-still`: its end, unless a qualification complaint still stands. */
export const standStillEndEvents: EventSource = {
  holdable: true,
  events(t: Tender): ChronographEvent[] {
    if (t.status !== STAND_STILL || hasComplaintIn(t, HOLDING)) return [];
    const at = t.qualificationPeriod?.endDate;
    return at ? [{ at, name: 'pre-qualification stand-still end', run: (d: Tender, c: ChronographEventCtx) => endStandStill(d, c) }] : [];
  },
};

/** A qualification complaint the review body satisfied sends the tender back to the decisions. */
export function reopenPrequalification(t: Tender, tc: TenderCtx): void {
  if (t.status === STAND_STILL) moveTenderStatus(t, PREQUALIFICATION, tc);
}

/** Whether a qualification's complaint period is running now (both ends inclusive). */
export function inQualificationComplaintPeriod(q: Qualification, now: number): boolean {
  const p = q.complaintPeriod;
  return !!p?.startDate && !!p.endDate && isoToMs(p.startDate) <= now && now <= isoToMs(p.endDate);
}

/** What others read of a bid where bids are judged before the auction (open-procedures.md §4.4). */
const PREQUALIFICATION_VIEW = ['id', 'status', 'documents', 'eligibilityDocuments', 'tenderers', 'requirementResponses', 'items', 'lotValues'];
const UNSUCCESSFUL_VIEW = ['id', 'status', 'tenderers', 'documents', 'eligibilityDocuments', 'parameters', 'selfQualified', 'selfEligible', 'subcontractingDetails', 'requirementResponses', 'lotValues'];
const OUT_VIEW = ['id', 'status', 'documents', 'eligibilityDocuments', 'tenderers', 'requirementResponses', 'lotValues'];

/** A lot bid's status as shown: from its lotValues of active lots (pending > active > unsuccessful; none: invalid). */
function shownBidStatus(bid: StoredBid, tender: { lots?: Array<{ id: string; status?: string }> }): string {
  const lots = tender.lots ?? [];
  if (lots.length === 0 || !bid.lotValues) return bidStatus(bid);
  if (['invalid', 'invalid.pre-qualification', 'deleted'].includes(bidStatus(bid))) return bidStatus(bid);
  const active = new Set(lots.filter((l) => (l.status ?? 'active') === 'active').map((l) => l.id));
  const statuses = bid.lotValues.filter((lv) => active.has(lv.relatedLot)).map((lv) => lv.status ?? 'pending');
  if (statuses.length === 0) return bidStatus(bid) === 'unsuccessful' ? 'unsuccessful' : 'invalid';
  return statuses.includes('pending') ? 'pending' : statuses.includes('active') ? 'active' : 'unsuccessful';
}

export function prequalificationBidFields(tender: { lots?: Array<{ id: string; status?: string }> }) {
  return (bid: StoredBid, tenderStatus: string): { status: string; fields: readonly string[]; lotValues: 'reference' | 'unpriced' | 'full' } | null => {
    const status = shownBidStatus(bid, tender);
    if (status === 'invalid' || status === 'deleted') return { status, fields: ['id', 'status', 'lotValues'], lotValues: 'reference' };
    if (status === 'invalid.pre-qualification') return { status, fields: OUT_VIEW, lotValues: 'unpriced' };
    if (status === 'unsuccessful') return { status, fields: UNSUCCESSFUL_VIEW, lotValues: 'unpriced' };
    if ([...PREQUALIFICATION_STATUSES, 'active.auction'].includes(tenderStatus)) return { status, fields: PREQUALIFICATION_VIEW, lotValues: 'unpriced' };
    return null;
  };
}
