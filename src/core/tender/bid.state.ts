// Bid status machine (below-threshold.md §3.4 "Bid status flow"). The tables list every allowed
// edge (the owner's, checked on PATCH, and the server's, checked at boot); the functions below are
// the named effects of those edges.
//
//   draft ──owner──▶ pending ──tendering end──▶ active
//   invalid ──owner──▶ pending ──owner edit / tender change──▶ invalid
import { jsonEqual } from '../state/json-equal.ts';
import { forbidden } from '../http/errors.ts';
import { TransitionTable } from '../state/machine.ts';
import { assertProposalSignature } from './bid.rules.ts';
import type { Bid, Tender } from './tender.types.ts';

export type BidStatus = 'draft' | 'pending' | 'active' | 'invalid' | 'unsuccessful';

/** Statuses a bid may be created in; anything else is refused with 403 `bid`. */
export const BID_CREATE_STATUSES: readonly BidStatus[] = ['draft', 'pending'];

export const BID_STATUSES: readonly BidStatus[] = ['draft', 'pending', 'active', 'invalid', 'unsuccessful'];

export interface BidTables {
  /** Edges the bid owner may request with PATCH `status`. */
  readonly owner: TransitionTable<unknown>;
  /** Edges only the server takes (owner edits, tender changes, the tendering-end handler, lot cancellation). */
  readonly server: TransitionTable<unknown>;
}

export const coreBidTransitions: BidTables = {
  owner: new TransitionTable<unknown>(BID_STATUSES, [
    { from: 'draft', to: 'pending' },
    { from: 'invalid', to: 'pending' },
  ]),
  server: new TransitionTable<unknown>(BID_STATUSES, [
    { from: 'pending', to: 'invalid' },
    { from: 'pending', to: 'active' },
    { from: 'pending', to: 'unsuccessful' },
    { from: 'active', to: 'invalid' },
    { from: 'active', to: 'unsuccessful' },
  ]),
};

/** Effect of entering `pending`: the proposal signature check, then the submission stamps. */
export function submitBid(bid: Bid, nowIso: string, proposalSignatureScheme: string | null): void {
  assertProposalSignature(bid, proposalSignatureScheme);
  bid.submissionDate = nowIso;
  bid.date = nowIso;
  for (const lv of bid.lotValues ?? []) lv.date = nowIso;
}

export function assertBidCreateStatus(status: string): void {
  if (!(BID_CREATE_STATUSES as readonly string[]).includes(status)) {
    throw forbidden(`Bid can be added only with status: (${BID_CREATE_STATUSES.map((s) => `'${s}'`).join(', ')})`, 'bid');
  }
}

/** The owner asks for `requested`; refuses edges outside the procedure's owner table. */
export function assertOwnerBidTransition(tables: BidTables, from: string, requested: string): void {
  if (requested === from) return;
  if (!tables.owner.find(from, requested)) {
    throw forbidden(`Can't update bid to (${requested}) status`, 'bid');
  }
}

/** True when this write moves the bid into `pending` from a status the owner submits from. */
export const isSubmission = (from: string | undefined, to: string): boolean =>
  to === 'pending' && (from === undefined || from === 'draft' || from === 'invalid');

/** pending → invalid: a submitted bid that its owner changes must be submitted again. */
export function invalidateEditedPendingBid(before: Bid, after: Bid): void {
  if (before.status === 'pending' && after.status === 'pending' && !jsonEqual(before, after)) after.status = 'invalid';
}

/**
 * pending/active → invalid for every non-draft bid when the tender owner changes the tender during
 * tendering (funder tenders, tender documents), and the invalidation is stamped on the tender.
 */
export function invalidateBidsOnTenderChange(tender: Tender, nowIso: string): void {
  if (tender.status !== 'active.tendering') return;
  if (tender.enquiryPeriod) tender.enquiryPeriod.invalidationDate = nowIso;
  for (const bid of tender.bids ?? []) if (bid.status !== 'draft') bid.status = 'invalid';
}
