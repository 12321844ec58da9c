// Execution of an active cancellation (below-threshold.md §3.8 "Execution"): the tender or one
// lot is cancelled, with the effects that depend on the tender status. Pure: mutates the tender
// draft it is given and reports the side effects the caller must carry out elsewhere.
//
// Awarding side: `cancelUnsignedContracts` is the one place that cancels contracts on behalf of a
// cancellation, and the lot path runs the procedure's next awarding step while the tender is in
// qualification.
import { awardsOf } from './award-ref.ts';
import type { TenderCtx } from './procedure.ts';
import { setObjectStatus } from '../state/object-status.ts';
import { moveTenderStatus, removeUnfinishedAuctionPeriod } from './tender.status.ts';
import { PREQUALIFICATION_STATUSES } from './prequalification/prequalification.ts';
import type { Bid, Cancellation, Tender } from './tender.types.ts';

/** What the caller must do outside the tender document after the cancellation ran. */
export interface CancellingEffects {
  /** Contracts cancelled in the tender; the contracting objects of the same ids follow. */
  cancelledContractIds: string[];
}

interface StoredContract {
  id?: string;
  awardID?: string;
  status?: string;
  [key: string]: unknown;
}

const contractsOf = (t: Tender): StoredContract[] => (Array.isArray(t.contracts) ? (t.contracts as StoredContract[]) : []);

/**
 * Every contract that is not signed (`active`) is cancelled; `awardIds` limits this to the
 * contracts of those awards (a lot's). Returns the ids of the contracts it cancelled.
 */
export function cancelUnsignedContracts(t: Tender, awardIds: ReadonlySet<string> | null, nowIso: string): string[] {
  const cancelled: string[] = [];
  for (const contract of contractsOf(t)) {
    if (contract.status === 'active' || contract.status === 'cancelled') continue;
    if (awardIds !== null && !awardIds.has(String(contract.awardID))) continue;
    setObjectStatus(contract, 'cancelled', nowIso);
    if (contract.id) cancelled.push(contract.id);
  }
  return cancelled;
}

/** The whole tender: bids still sealed in tendering are dropped, unsigned contracts cancelled. */
export function cancelTender(t: Tender, cc: TenderCtx): CancellingEffects {
  if (t.status === 'active.tendering') delete t.bids;
  // Past prequalification's start the bids stay on record, out of the procedure (open-procedures.md §1.9).
  if (prequalifiedStage(t, cc)) for (const bid of t.bids ?? []) if (bid.status === 'pending' || bid.status === 'active') bid.status = 'invalid.pre-qualification';
  const cancelledContractIds = cancelUnsignedContracts(t, null, cc.nowIso);
  moveTenderStatus(t, 'cancelled', cc);
  return { cancelledContractIds };
}

/** The pre-qualification stages and the auction after them, where bids are kept but leave the procedure. */
function prequalifiedStage(t: Tender, cc: TenderCtx): boolean {
  return cc.procedure.prequalification !== undefined && [...PREQUALIFICATION_STATUSES, 'active.auction'].includes(t.status);
}

/** Feature codes that concern a lot: the lot's own features and those of its items. */
function lotFeatureCodes(t: Tender, lotId: string): Set<string> {
  const itemIds = new Set((t.items ?? []).filter((i) => i.relatedLot === lotId).map((i) => String(i.id)));
  const codes = (t.features ?? [])
    .filter((f) => (f.featureOf === 'lot' && f.relatedItem === lotId) || (f.featureOf === 'item' && itemIds.has(String(f.relatedItem))))
    .map((f) => String(f.code));
  return new Set(codes);
}

/** In tendering a bid forgets the cancelled lot; a bid left without any lot is invalid. */
function dropLotFromBids(t: Tender, lotId: string): void {
  const codes = lotFeatureCodes(t, lotId);
  for (const bid of t.bids ?? []) {
    if (!bid.lotValues?.some((lv) => lv.relatedLot === lotId)) continue;
    const b: Bid = bid;
    b.lotValues = b.lotValues!.filter((lv) => lv.relatedLot !== lotId);
    if (b.parameters) b.parameters = b.parameters.filter((p) => !codes.has(p.code));
    if (b.parameters?.length === 0) delete b.parameters;
    if (b.lotValues.length === 0) {
      delete b.lotValues;
      b.status = 'invalid';
    }
  }
}

/** A lot tender's status follows its lots once none of them is still active. */
function settleTenderByLots(t: Tender, cc: TenderCtx): CancellingEffects {
  const statuses = new Set((t.lots ?? []).map((l) => l.status ?? 'active'));
  const only = (...allowed: string[]): boolean => [...statuses].every((s) => allowed.includes(s));
  if (only('cancelled')) return cancelTender(t, cc);
  if (only('unsuccessful', 'cancelled')) moveTenderStatus(t, 'unsuccessful', cc);
  else if (only('complete', 'unsuccessful', 'cancelled')) moveTenderStatus(t, 'complete', cc);
  return { cancelledContractIds: [] };
}

/** One lot: cancelled with its auction; in tendering the bids drop it; the tender may follow. */
export function cancelLot(t: Tender, lotId: string, cc: TenderCtx): CancellingEffects {
  const lot = (t.lots ?? []).find((l) => l.id === lotId);
  if (!lot) return { cancelledContractIds: [] };
  setObjectStatus(lot, 'cancelled', cc.nowIso);
  removeUnfinishedAuctionPeriod(lot);
  if (t.status === 'active.tendering') dropLotFromBids(t, lotId);
  if (prequalifiedStage(t, cc)) {
    for (const bid of t.bids ?? []) {
      for (const lv of bid.lotValues ?? []) if (lv.relatedLot === lotId) setObjectStatus(lv, 'unsuccessful', cc.nowIso);
      if (!(bid.lotValues ?? []).some((lv) => lv.status === 'pending' || lv.status === 'active')) bid.status = 'invalid.pre-qualification';
    }
  }
  const lotAwards = new Set(awardsOf(t).filter((a) => a.lotID === lotId).map((a) => String(a.id)));
  const cancelledContractIds = cancelUnsignedContracts(t, lotAwards, cc.nowIso);
  const settled = settleTenderByLots(t, cc);
  if (t.status === 'active.qualification') cc.procedure.awarding.next(t, cc);
  return { cancelledContractIds: [...cancelledContractIds, ...settled.cancelledContractIds] };
}

/** Runs a cancellation that has just become active. */
export function executeCancellation(t: Tender, c: Cancellation, cc: TenderCtx): CancellingEffects {
  return c.cancellationOf === 'lot' && c.relatedLot ? cancelLot(t, c.relatedLot, cc) : cancelTender(t, cc);
}
