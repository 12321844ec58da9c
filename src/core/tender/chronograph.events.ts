// Chronograph events of a tender (below-threshold.md §5): each event is (time, handler), computed from
// the document. `next_check` is the earliest event time; a chronograph run applies the events due
// by now. Only one status branch is evaluated per run, so a run moves the status at most once.
// Pure: time comes in through the context.
import { addKyivDays } from '../time/kyiv.ts';
import type { WorkingCalendar } from '../time/working-days.ts';
import { createContracts, type CreatedContract } from '../contracting/contract-creation.ts';
import { addNextAward } from './awarding.ts';
import { compareIso, formatIso, isoToMs } from '../time/iso.ts';
import { auctionReplanTime } from './auction-planning.ts';
import { countBids, countLotBids } from './bid-counting.ts';
import { endTendering, ignoreClaimsOfFinishedLots, setObjectStatus } from './tendering-end.ts';
import { moveTenderStatus, TERMINAL_TENDER_STATUSES } from './tender.status.ts';
import type { TenderConfig } from './tender-config.ts';
import { claimsOf } from './claim.rules.ts';
import { awardsOf, contractMirrorsOf, type Award, type AuctionPeriod, type Tender } from './tender.types.ts';

export interface ChronographEventCtx {
  now: number;
  nowIso: string;
  config: TenderConfig;
  /** Sandbox acceleration factor (claim auto-resolution shrinks with it). */
  accelerator: number | undefined;
  /** Working days for the award periods the awarding step sets. */
  calendar: WorkingCalendar;
  /** Contracts the contract step created during this run (the caller inserts them with the tender). */
  contractsCreated: CreatedContract[];
}

export interface ChronographEvent {
  /** ISO date-time at which the handler is due. */
  at: string;
  /** What the handler does, for logs and tests. */
  name: string;
  run(t: Tender, ec: ChronographEventCtx): void;
}

const CLAIM_AUTO_RESOLUTION_DAYS = 3;
const MS_PER_DAY = 86_400_000;


/** Plain wall-clock addition (no midnight rounding); accelerated in the sandbox. */
function claimResolutionTime(dateAnswered: string, ec: ChronographEventCtx): string {
  const from = isoToMs(dateAnswered);
  const at = ec.accelerator ? from + (CLAIM_AUTO_RESOLUTION_DAYS * MS_PER_DAY) / ec.accelerator : addKyivDays(from, CLAIM_AUTO_RESOLUTION_DAYS);
  return formatIso(at);
}

function claimEvents(t: Tender, ec: ChronographEventCtx): ChronographEvent[] {
  if (!t.status.startsWith('active')) return [];
  const events: ChronographEvent[] = [];
  for (const claim of [...claimsOf(t), ...awardsOf(t).flatMap(claimsOf)]) {
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

/** While an inspector is assigned, leaving enquiries needs an approved, still valid review request. */
function waitsForInspector(t: Tender): boolean {
  if (t.status !== 'active.enquiries' || !t.inspector) return false;
  const requests = Array.isArray(t.reviewRequests) ? (t.reviewRequests as Array<Record<string, unknown>>) : [];
  const latest = requests.filter((r) => r.lotID === undefined && r.tenderStatus === 'active.enquiries').at(-1);
  return !(latest && latest.approved === true && latest.is_valid === true);
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
  if (only('cancelled')) moveTenderStatus(t, 'cancelled', ec.nowIso);
  else if (only('unsuccessful', 'cancelled')) moveTenderStatus(t, 'unsuccessful', ec.nowIso);
  else if (only('complete', 'unsuccessful', 'cancelled')) moveTenderStatus(t, 'complete', ec.nowIso);
  ignoreClaimsOfFinishedLots(t, ec.nowIso);
}

function lotAwardingEvents(t: Tender, ec: ChronographEventCtx): ChronographEvent[] {
  const events: ChronographEvent[] = [];
  const settle = { name: 'lot awarding settled', run: settleLots };
  for (const lot of t.lots ?? []) {
    if (lot.status !== 'active') continue;
    const awards = awardsOf(t).filter((a) => a.lotID === lot.id);
    const end = awardingIsUnsuccessful(awards) ? maxStandStillEnd(awards) : undefined;
    if (end) events.push({ ...settle, at: end });
  }
  if (!(t.lots ?? []).some((l) => l.status === 'active') && !TERMINAL_TENDER_STATUSES.has(t.status)) events.push({ ...settle, at: ec.nowIso });
  return events;
}

/** Statuses of a non-lot tender whose signed contracts complete it (`active`: procedures without tendering). */
const AWARDED_STATUSES: ReadonlySet<string> = new Set(['active.awarded', 'active']);

/** Non-lot `active.awarded`: unsuccessful once the stand-still has strictly passed; complete with signed contracts. */
function settleAwardedTender(t: Tender, ec: ChronographEventCtx): void {
  const awards = awardsOf(t);
  const end = maxStandStillEnd(awards) ?? ec.nowIso;
  if (awardingIsUnsuccessful(awards) && compareIso(end, ec.nowIso) < 0) moveTenderStatus(t, 'unsuccessful', ec.nowIso);
  const contracts = contractMirrorsOf(t);
  if (AWARDED_STATUSES.has(t.status) && contractsAllowCompletion(contracts)) {
    moveTenderStatus(t, 'complete', ec.nowIso);
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

function statusEvents(t: Tender, ec: ChronographEventCtx): ChronographEvent[] {
  const lots = t.lots ?? [];
  switch (t.status) {
    case 'active.enquiries': {
      const at = t.tenderPeriod?.startDate ?? t.enquiryPeriod?.endDate;
      return at ? [{ at, name: 'enquiries end → active.tendering', run: (d, c) => moveTenderStatus(d, 'active.tendering', c.nowIso) }] : [];
    }
    case 'active.tendering': {
      const at = t.tenderPeriod?.endDate;
      return at ? [{ at, name: 'tendering end', run: (d, c) => endTendering(d, c) }] : [];
    }
    case 'active.auction':
      if (lots.length === 0) return auctionEvent(t.auctionPeriod, countBids(t), ec);
      return lots.filter((l) => l.status === 'active').flatMap((l) => auctionEvent(l.auctionPeriod, countLotBids(t, l.id), ec));
    case 'active.qualification':
      return lots.length > 0 ? lotAwardingEvents(t, ec) : [];
    case 'active.awarded': {
      if (lots.length > 0) return lotAwardingEvents(t, ec);
      const end = awardingIsUnsuccessful(awardsOf(t)) ? maxStandStillEnd(awardsOf(t)) : undefined;
      return end ? [{ at: end, name: 'awarded stand-still end', run: settleAwardedTender }] : [];
    }
    default:
      return [];
  }
}

/**
 * An `active` award without a contract (contracting.md §1.1, written by something other than an
 * award decision, which creates its contract itself) gets it at the award's date, then awarding goes on.
 */
function contractEvents(t: Tender): ChronographEvent[] {
  if (!t.status.startsWith('active')) return [];
  const contracted = new Set(contractMirrorsOf(t).map((c) => c.awardID));
  return awardsOf(t)
    .filter((a) => a.status === 'active' && !contracted.has(a.id))
    .map((award) => ({
      at: award.date,
      name: 'active award without a contract → contract',
      run(d: Tender, c: ChronographEventCtx) {
        c.contractsCreated.push(...createContracts(d, award, c.nowIso));
        addNextAward(d, c);
      },
    }));
}

/** Every event of the tender, in the reference's order: claims, the status branch, contracts. */
export function tenderEvents(t: Tender, ec: ChronographEventCtx): ChronographEvent[] {
  const events = claimEvents(t, ec);
  if (waitsForInspector(t)) return events;
  return [...events, ...statusEvents(t, ec), ...contractEvents(t)];
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
