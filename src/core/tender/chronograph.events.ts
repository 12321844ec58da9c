// Chronograph events of a tender (below-threshold.md §5): each event is (time, handler), computed from
// the document. `next_check` is the earliest event time; a chronograph run applies the events due
// by now. The events come from the procedure's list of sources (the core's below, plus its own);
// each status source answers for one tender status only, so a run moves the status at most once.
// Pure: time comes in through the context.
import { addKyivDays } from '../time/kyiv.ts';
import { createContracts, type CreatedContract } from './contracting-port.ts';
import { compareIso, formatIso, isoToMs } from '../time/iso.ts';
import { auctionReplanTime } from './auction-planning.ts';
import { countBids, countLotBids } from './bid-counting.ts';
import { endTendering, ignoreClaimsOfFinishedLots } from './tendering-end.ts';
import { setObjectStatus } from '../state/object-status.ts';
import { moveTenderStatus, TERMINAL_TENDER_STATUSES } from './tender.status.ts';
import type { TenderCtx } from './procedure.ts';
import { claimsOf } from './claim.rules.ts';
import { executeCancellation } from './cancelling.ts';
import { awardingHeldByComplaints, cancellationComplaintsReleased, tenderComplaintsHoldTendering } from './complaints/complaint.rules.ts';
import { awardsOf, contractMirrorsOf, type Award, type AuctionPeriod, type Claim, type Tender } from './tender.types.ts';
import { qualificationsOf } from './prequalification/qualification.types.ts';
import { startPrequalification } from './prequalification/prequalification.ts';

export interface ChronographEventCtx extends TenderCtx {
  /** Contracts the contract step created during this run (the caller inserts them with the tender). */
  contractsCreated: CreatedContract[];
  /** Contracts a cancellation cancelled during this run (the caller cancels their contracting objects). */
  contractsCancelled: string[];
}

export interface ChronographEvent {
  /** ISO date-time at which the handler is due. */
  at: string;
  /** What the handler does, for logs and tests. */
  name: string;
  run(t: Tender, ec: ChronographEventCtx): void;
}

/** Where some of a tender's events come from. */
export interface EventSource {
  /** Held back (with the other holdable sources) while one of the plan's holds applies. */
  readonly holdable: boolean;
  events(t: Tender, ec: ChronographEventCtx): ChronographEvent[];
}

/** A procedure's chronograph: its event sources in the reference's order, and what holds them back. */
export interface ChronographPlan {
  readonly sources: readonly EventSource[];
  /** While one of these is true, the holdable sources give no events. */
  readonly holds: ReadonlyArray<(t: Tender) => boolean>;
}

const MS_PER_DAY = 86_400_000;

/** Plain wall-clock addition (no midnight rounding); accelerated in the sandbox. */
function claimResolutionTime(dateAnswered: string, ec: ChronographEventCtx): string {
  const from = isoToMs(dateAnswered);
  const days = ec.procedure.durations.claimAutoResolution.days;
  const at = ec.accelerator ? from + (days * MS_PER_DAY) / ec.accelerator : addKyivDays(from, days);
  return formatIso(at);
}

/** Answered claims resolve themselves when the author stays silent; legacy pending claims are settled. */
export const claimResolutionEvents: EventSource = { holdable: false, events: claimEvents };

function claimEvents(t: Tender, ec: ChronographEventCtx): ChronographEvent[] {
  if (!t.status.startsWith('active')) return [];
  const events: ChronographEvent[] = [];
  for (const claim of [...claimsOf(t), ...awardsOf(t).flatMap(claimsOf), ...qualificationsOf(t).flatMap(claimsOf)]) {
    // Review-body complaints share the lists and some status names; they are the review body's to decide.
    if (claim.type === 'complaint') continue;
    // Claims answered by the tender owner (claim.state.ts) resolve themselves if the author stays silent.
    if (claim.status === 'answered' && claim.dateAnswered && claim.resolutionType) {
      const resolution = claim.resolutionType;
      events.push({ at: claimResolutionTime(claim.dateAnswered, ec), name: 'claim answered → resolution', run: (_t, c) => setObjectStatus(claim, resolution, c.nowIso) });
    } else if (claim.status === 'pending' && t.dateModified) {
      events.push({
        at: t.dateModified,
        name: 'legacy pending claim',
        run: (_t, c) => setObjectStatus(claim, claim.resolutionType && claim.dateEscalated ? claim.resolutionType : 'ignored', c.nowIso),
      });
    }
  }
  return events;
}

/** While an inspector is assigned, leaving `status` needs an approved, still valid review request. */
export function waitsForInspectorIn(status: string): (t: Tender) => boolean {
  return (t) => {
    if (t.status !== status || !t.inspector) return false;
    const requests = Array.isArray(t.reviewRequests) ? (t.reviewRequests as Array<Record<string, unknown>>) : [];
    const latest = requests.filter((r) => r.lotID === undefined && r.tenderStatus === status).at(-1);
    return !(latest && latest.approved === true && latest.is_valid === true);
  };
}

const auctionIdle = { name: 'auction planned (re-planned by the recompute when overdue)', run: () => {} };

function auctionEvent(period: AuctionPeriod | undefined, bids: number, ec: ChronographEventCtx): ChronographEvent[] {
  if (!period?.startDate || period.endDate) return [];
  const start = isoToMs(period.startDate);
  return [{ ...auctionIdle, at: ec.now < start ? period.startDate : formatIso(auctionReplanTime(start, bids)) }];
}

/** The last award decides a lot's (or the tender's) awarding outcome. */
const awardingIsUnsuccessful = (awards: Award[]): boolean => awards.length > 0 && awards.at(-1)!.status === 'unsuccessful';

function maxStandStillEnd(awards: Award[]): string | undefined {
  const ends = awards.map((a) => a.complaintPeriod?.endDate).filter((e): e is string => typeof e === 'string');
  return ends.sort(compareIso).at(-1);
}

/** Signed contracts and none waiting (a multi-buyer award completes when every buyer signed or cancelled). */
const contractsAllowCompletion = (contracts: Array<{ status?: string }>): boolean =>
  contracts.some((c) => c.status === 'active') && !contracts.some((c) => c.status === 'pending');

/** Lots whose awarding ended become unsuccessful or complete; the tender follows its lots. */
function settleLots(t: Tender, ec: ChronographEventCtx): void {
  for (const lot of t.lots ?? []) {
    if (lot.status !== 'active') continue;
    const awards = awardsOf(t).filter((a) => a.lotID === lot.id);
    if (awards.length === 0) continue;
    const last = awards.at(-1)!;
    if (awardingIsUnsuccessful(awards)) setObjectStatus(lot, 'unsuccessful', ec.nowIso);
    else if (last.status === 'active' && contractsAllowCompletion(contractMirrorsOf(t).filter((c) => c.awardID === last.id))) setObjectStatus(lot, 'complete', ec.nowIso);
  }
  const statuses = new Set((t.lots ?? []).map((l) => l.status ?? 'active'));
  const only = (...allowed: string[]): boolean => [...statuses].every((s) => allowed.includes(s));
  if (only('cancelled')) moveTenderStatus(t, 'cancelled', ec);
  else if (only('unsuccessful', 'cancelled')) moveTenderStatus(t, 'unsuccessful', ec);
  else if (only('complete', 'unsuccessful', 'cancelled')) moveTenderStatus(t, 'complete', ec);
  ignoreClaimsOfFinishedLots(t, ec.nowIso);
}

function lotAwardingEvents(t: Tender, ec: ChronographEventCtx): ChronographEvent[] {
  const events: ChronographEvent[] = [];
  const settle = { name: 'lot awarding settled', run: settleLots };
  for (const lot of t.lots ?? []) {
    if (lot.status !== 'active') continue;
    const awards = awardsOf(t).filter((a) => a.lotID === lot.id);
    // Undecided review-body complaints on the lot hold its settling (§2.5).
    const end = awardingIsUnsuccessful(awards) && !awardingHeldByComplaints(t, lot.id) ? maxStandStillEnd(awards) : undefined;
    if (end) events.push({ ...settle, at: end });
  }
  if (!(t.lots ?? []).some((l) => l.status === 'active') && !TERMINAL_TENDER_STATUSES.has(t.status)) events.push({ ...settle, at: ec.nowIso });
  return events;
}

/** Non-lot `active.awarded`: unsuccessful once the stand-still has strictly passed; complete with signed contracts. */
function settleAwardedTender(t: Tender, ec: ChronographEventCtx): void {
  const awards = awardsOf(t);
  const end = maxStandStillEnd(awards) ?? ec.nowIso;
  if (awardingIsUnsuccessful(awards) && compareIso(end, ec.nowIso) < 0) moveTenderStatus(t, 'unsuccessful', ec);
  const contracts = contractMirrorsOf(t);
  if (ec.procedure.stages.completedByContracts.includes(t.status) && contractsAllowCompletion(contracts)) {
    moveTenderStatus(t, 'complete', ec);
  }
  ignoreClaimsOfFinishedLots(t, ec.nowIso);
}

/**
 * The tender re-evaluation after a contracting change (contracting.md §3.3): lots settle, then the
 * tender follows them (non-lot: complete with signed contracts and none pending).
 */
export function settleAwarding(t: Tender, ec: ChronographEventCtx): void {
  if ((t.lots ?? []).length > 0) settleLots(t, ec);
  else settleAwardedTender(t, ec);
}

/** A source that answers for one tender status only. */
export function inStatus(status: string, events: (t: Tender, ec: ChronographEventCtx) => ChronographEvent[]): EventSource {
  return { holdable: true, events: (t, ec) => (t.status === status ? events(t, ec) : []) };
}

/** `active.tendering`: the tendering end handler at tenderPeriod.endDate. */
export const tenderingEndEvents = inStatus('active.tendering', (t) => {
  const at = t.tenderPeriod?.endDate;
  const run = (d: Tender, c: ChronographEventCtx): void => {
    const prequalification = c.procedure.prequalification;
    if (prequalification) startPrequalification(d, c, prequalification);
    else endTendering(d, c);
  };
  return at ? [{ at, name: 'tendering end', run }] : [];
});

/** `active.auction`: planned auctions (re-planned when overdue). */
export const auctionEvents = inStatus('active.auction', (t, ec) => {
  const lots = t.lots ?? [];
  if (lots.length === 0) return auctionEvent(t.auctionPeriod, countBids(t), ec);
  return lots.filter((l) => l.status === 'active').flatMap((l) => auctionEvent(l.auctionPeriod, countLotBids(t, l.id), ec));
});

/** `active.qualification` / `active.awarded`: lots settle, a non-lot tender after its stand-still. */
export const awardingEvents: EventSource = {
  holdable: true,
  events(t, ec) {
    const lots = t.lots ?? [];
    if (t.status === 'active.qualification') return lots.length > 0 ? lotAwardingEvents(t, ec) : [];
    if (t.status !== 'active.awarded') return [];
    if (lots.length > 0) return lotAwardingEvents(t, ec);
    const end = awardingIsUnsuccessful(awardsOf(t)) && !awardingHeldByComplaints(t, undefined) ? maxStandStillEnd(awardsOf(t)) : undefined;
    return end ? [{ at: end, name: 'awarded stand-still end', run: settleAwardedTender }] : [];
  },
};

/**
 * An `active` award without a contract (contracting.md §1.1, written by something other than an
 * award decision, which creates its contract itself) gets it at the award's date, then awarding goes on.
 */
export const contractEvents: EventSource = { holdable: true, events: (t) => awardsWithoutContract(t) };

function awardsWithoutContract(t: Tender): ChronographEvent[] {
  if (!t.status.startsWith('active')) return [];
  const contracted = new Set(contractMirrorsOf(t).map((c) => c.awardID));
  return awardsOf(t)
    .filter((a) => a.status === 'active' && !contracted.has(a.id))
    .map((award) => ({
      at: award.date,
      name: 'active award without a contract → contract',
      run(d: Tender, c: ChronographEventCtx) {
        c.contractsCreated.push(...createContracts(d, award, c.nowIso));
        c.procedure.awarding.next(d, c);
      },
    }));
}

/** Every event of the tender, from its procedure's sources in order (holdable ones skipped while held). */
export function tenderEvents(t: Tender, ec: ChronographEventCtx): ChronographEvent[] {
  const plan = ec.procedure.chronograph;
  const held = plan.holds.some((hold) => hold(t));
  return plan.sources.filter((s) => !(held && s.holdable)).flatMap((s) => s.events(t, ec));
}

/** The earliest event time (may lie in the past), or undefined when nothing will happen. */
export function nextCheckOf(t: Tender, ec: ChronographEventCtx): string | undefined {
  return tenderEvents(t, ec)
    .map((e) => e.at)
    .sort(compareIso)[0];
}

export function updateNextCheck(t: Tender, ec: ChronographEventCtx): void {
  const next = nextCheckOf(t, ec);
  if (next) t.next_check = next;
  else delete t.next_check;
}

/** Applies the events due by now (computed once, before any of them runs); returns their names. */
export function runDueEvents(t: Tender, ec: ChronographEventCtx): string[] {
  const due = tenderEvents(t, ec).filter((e) => compareIso(e.at, ec.nowIso) <= 0);
  for (const e of due) e.run(t, ec);
  return due.map((e) => e.name);
}

// --- review-body complaints (open-procedures.md §2.4, §2.5) ----------------------------------------

/** The end of the period in which the complaints of each container are paid; an unpaid draft lapses then. */
function draftComplaintEnds(t: Tender): Array<[string | undefined, Claim[]]> {
  return [
    [(t.complaintPeriod as { endDate?: string } | undefined)?.endDate, claimsOf(t)],
    ...(t.cancellations ?? []).map((c): [string | undefined, Claim[]] => [c.complaintPeriod?.endDate, claimsOf(c)]),
    ...awardsOf(t).map((a): [string | undefined, Claim[]] => [a.complaintPeriod?.endDate, claimsOf(a)]),
    ...qualificationsOf(t).map((q): [string | undefined, Claim[]] => [q.complaintPeriod?.endDate, claimsOf(q)]),
  ];
}

/** Draft complaints nobody paid for become `mistaken` when their container's period ends. */
export const draftComplaintEvents: EventSource = {
  holdable: false,
  events(t) {
    const events: ChronographEvent[] = [];
    for (const [end, complaints] of draftComplaintEnds(t)) {
      if (!end) continue;
      for (const complaint of complaints) {
        if (complaint.type !== 'complaint' || complaint.status !== 'draft') continue;
        events.push({
          at: end,
          name: 'unpaid complaint draft → mistaken',
          run: (_t, c) => {
            setObjectStatus(complaint, 'mistaken', c.nowIso);
            complaint.rejectReason = 'complaintPeriodEnded';
          },
        });
      }
    }
    return events;
  },
};

/** A pending cancellation takes effect when its complaint period ended and no complaint on it stands. */
export const cancellationComplaintPeriodEvents: EventSource = {
  holdable: false,
  events(t) {
    return (t.cancellations ?? [])
      .filter((c) => c.status === 'pending' && c.complaintPeriod?.endDate && cancellationComplaintsReleased(c))
      .map((cancellation) => ({
        at: cancellation.complaintPeriod!.endDate!,
        name: 'cancellation complaint period end → cancellation active',
        run(d: Tender, c: ChronographEventCtx) {
          if (cancellation.status !== 'pending' || TERMINAL_TENDER_STATUSES.has(d.status)) return;
          setObjectStatus(cancellation, 'active', c.nowIso);
          c.contractsCancelled.push(...executeCancellation(d, cancellation, c).cancelledContractIds);
        },
      }));
  },
};

/** A pending cancellation of the tender holds every status event (the reference's `cancellation_blocks_tender`). */
export function heldByPendingTenderCancellation(t: Tender): boolean {
  return (t.cancellations ?? []).some((c) => c.status === 'pending' && !c.relatedLot);
}

export { tenderComplaintsHoldTendering };
