// Derived tender data, recomputed on every tender write (below-threshold.md §1.2, §2.3, §3.1, §3.5, §5):
// default ids, period defaults, clarificationsUntil, currency propagation, lot sums,
// auction planning. Pure: time comes in as `now`.
import { parseIso, formatIso } from '../time/iso.ts';
import { shouldStartAfter, planAuctionStart, needsReplan } from './auction-planning.ts';
import { countBids, countLotBids } from './bid-counting.ts';
import { addDuration } from './durations.ts';
import type { TenderCtx } from './procedure.ts';
import type { Tender, AuctionPeriod } from './tender.types.ts';
import { complaintsOf } from './complaints/complaint.rules.ts';
import { qualificationsOf } from './prequalification/qualification.types.ts';
import { newId } from '../ids.ts';

export interface DeriveContext extends TenderCtx {
  /** Sandbox `quick` auction planning. */
  quick: boolean;
  random: () => number;
}

const ms = (iso: string | undefined): number | null => (iso ? (parseIso(iso)?.ms ?? null) : null);

const TEST_PREFIXES: Record<string, string> = { title: '[ТЕСТУВАННЯ] ', title_en: '[TESTING] ', title_ru: '[ТЕСТИРОВАНИЕ] ' };

export function fillDefaultIds(t: Tender, now: string): void {
  for (const item of t.items ?? []) if (item.id === undefined) item.id = newId();
  for (const f of t.features ?? []) if (f.code === undefined) f.code = newId();
  for (const m of t.milestones ?? []) if (m.id === undefined) m.id = newId();
  for (const lot of t.lots ?? []) {
    if (lot.id === undefined) lot.id = newId();
    if (lot.status === undefined) lot.status = 'active';
    if (lot.date === undefined) lot.date = now;
  }
}

function planAuction(current: AuctionPeriod | undefined, endMs: number, dc: DeriveContext, bids: number): AuctionPeriod {
  const ssa = shouldStartAfter(endMs, { quick: dc.quick });
  const period: AuctionPeriod = { ...(current ?? {}) };
  if (period.endDate) return period;
  const cur = current?.startDate && current.shouldStartAfter ? { startDate: ms(current.startDate)!, shouldStartAfter: ms(current.shouldStartAfter)! } : undefined;
  if (needsReplan({ current: cur, newShouldStartAfterMs: ssa, nowMs: dc.now, bidsCount: bids })) {
    period.startDate = formatIso(planAuctionStart({ shouldStartAfterMs: ssa, nowMs: dc.now, calendar: dc.calendar, random: dc.random, quick: dc.quick }));
  }
  period.shouldStartAfter = formatIso(ssa);
  return period;
}

/** Complaint statuses that suspend auction planning (open-procedures.md §1.3). */
const PLANNING_BLOCKERS: ReadonlySet<string> = new Set(['pending', 'accepted', 'satisfied', 'stopping']);

/**
 * When a lot's (or the tender's) auction may start: after tendering (or prequalification) and after
 * each decided tender or qualification complaint of its scope unblocks (`tendererActionDate`, else
 * two days after the decision day); null while one of them is undecided (planning waits).
 */
function auctionAfterComplaints(t: Tender, lotId: string | undefined, tenderingEndMs: number, dc: DeriveContext): number | null {
  let after = tenderingEndMs;
  // With prequalification, the lot's qualification complaints count too.
  const qualificationComplaints = dc.procedure.prequalification ? qualificationsOf(t).filter((q) => lotId === undefined || q.lotID === lotId).flatMap(complaintsOf) : [];
  for (const c of [...complaintsOf(t), ...qualificationComplaints]) {
    if (lotId !== undefined && c.relatedLot !== undefined && c.relatedLot !== lotId) continue;
    if (PLANNING_BLOCKERS.has(c.status)) return null;
    const unblock = typeof c.tendererActionDate === 'string' ? ms(c.tendererActionDate) : typeof c.dateDecision === 'string' ? addDuration(dc, ms(c.dateDecision)!, COMPLAINT_UNBLOCK) : null;
    if (unblock !== null && unblock > after) after = unblock;
  }
  return after;
}

/** A decided complaint stops holding the auction this long after its decision day. */
const COMPLAINT_UNBLOCK = { days: 2, working: false } as const;

export function deriveTender(t: Tender, dc: DeriveContext): void {
  const nowIso = formatIso(dc.now);
  fillDefaultIds(t, nowIso);

  if (t.mode === 'test') {
    for (const [field, prefix] of Object.entries(TEST_PREFIXES)) {
      const v = t[field];
      if (typeof v === 'string' && !v.startsWith(prefix)) t[field] = prefix + v;
    }
  }

  // Periods: the procedure's own first (they may feed the enquiry end below).
  dc.procedure.derive?.(t, dc);
  if (t.enquiryPeriod && !t.enquiryPeriod.startDate) t.enquiryPeriod.startDate = nowIso;
  if (t.tenderPeriod && !t.tenderPeriod.startDate && t.enquiryPeriod?.endDate) t.tenderPeriod.startDate = t.enquiryPeriod.endDate;
  if (t.enquiryPeriod?.endDate && dc.procedure.stages.beforeTenderingEnd.includes(t.status)) {
    const end = ms(t.enquiryPeriod.endDate)!;
    t.enquiryPeriod.clarificationsUntil = formatIso(addDuration(dc, end, dc.procedure.durations.clarifications));
  }

  // Currency / VAT propagation from the tender value into lots and item unit prices.
  const currency = t.value?.currency;
  const vat = t.value?.valueAddedTaxIncluded;
  const lots = t.lots ?? [];
  for (const lot of lots) {
    for (const key of ['value', 'minimalStep'] as const) {
      const v = lot[key];
      if (v) {
        if (currency !== undefined) v.currency = currency;
        if (vat !== undefined) v.valueAddedTaxIncluded = vat;
      }
    }
    if (lot.guarantee && t.guarantee?.currency) lot.guarantee.currency = t.guarantee.currency;
  }
  for (const item of t.items ?? []) {
    const unit = item.unit as { value?: { currency?: string; valueAddedTaxIncluded?: boolean } } | undefined;
    if (unit?.value) {
      if (currency !== undefined) unit.value.currency = currency;
      if (vat !== undefined) unit.value.valueAddedTaxIncluded = vat;
    }
  }

  // Lot sums.
  if (lots.length > 0) {
    const active = lots.filter((l) => l.status !== 'cancelled');
    const sum = (xs: Array<number | undefined>): number => Math.round(xs.reduce<number>((s, x) => s + (x ?? 0), 0) * 100) / 100;
    if (t.value && active.some((l) => l.value?.amount !== undefined)) t.value.amount = sum(active.map((l) => l.value?.amount));
    const guarantees = active.filter((l) => l.guarantee);
    if (guarantees.length > 0) {
      t.guarantee = { amount: sum(guarantees.map((l) => l.guarantee?.amount)), currency: guarantees[0]!.guarantee!.currency ?? 'UAH' };
    }
  }

  // Auction planning; in active.auction a lot with fewer than 2 bids has no auction to plan.
  // Decided tender complaints push the start past their unblock dates; undecided ones suspend it.
  // With prequalification the auction follows the qualification period instead.
  const tenderingEndMs = Math.max(ms(t.tenderPeriod?.endDate) ?? Number.NaN, dc.procedure.prequalification ? (ms(t.qualificationPeriod?.endDate) ?? 0) : 0);
  const startAfter = (lotId: string | undefined): number | null => (Number.isNaN(tenderingEndMs) ? null : auctionAfterComplaints(t, lotId, tenderingEndMs, dc));
  const endMs = Number.isNaN(tenderingEndMs) ? null : tenderingEndMs;
  if (dc.config.hasAuction !== false && dc.procedure.stages.beforeAwarding.includes(t.status) && endMs !== null) {
    if (lots.length > 0) {
      delete t.auctionPeriod;
      for (const lot of lots) {
        if (lot.status !== 'active') continue;
        const bids = countLotBids(t, lot.id);
        if (t.status === 'active.auction' && bids < 2) {
          // No auction will run for it: nothing to start after (a start the chronograph set stays).
          if (lot.auctionPeriod) delete lot.auctionPeriod.shouldStartAfter;
          if (lot.auctionPeriod && Object.keys(lot.auctionPeriod).length === 0) delete lot.auctionPeriod;
          continue;
        }
        const after = startAfter(lot.id);
        if (after !== null) lot.auctionPeriod = planAuction(lot.auctionPeriod, after, dc, bids);
      }
    } else {
      const after = startAfter(undefined);
      if (after !== null) t.auctionPeriod = planAuction(t.auctionPeriod, after, dc, countBids(t));
    }
  }
}
