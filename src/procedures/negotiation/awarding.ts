// negotiation awards (open-procedures.md §6.4): the tender owner records one live award per lot,
// decides it with a signed notice, and an active award opens the stand-still in which any broker
// may complain to the review body; the contract is signed after it.
import { Type } from 'typebox';
import { dataError, forbidden } from '../../core/http/errors.ts';
import type { TableDelta } from '../../core/state/machine.ts';
import { assertNoticeSigned, cancelledOverComplaints, type AwardMove } from '../../core/tender/award.state.ts';
import { Hex32, i18n } from '../../core/validation/schema-primitives.ts';
import { Supplier } from '../../core/tender/schemas/bid.schema.ts';
import { LIVE_AWARD_STATUSES, ownerAwardInputs } from '../../core/tender/limited/owner-awards.ts';
import { awardsOf, type Award, type Tender } from '../../core/tender/tender.types.ts';

// An owner-named title and description on creation too; the award's lot on both.
const inputs = ownerAwardInputs(Supplier, { lotID: Type.Optional(Hex32()) }, { ...i18n('title'), ...i18n('description') });
export const NegotiationAwardCreateInput = inputs.create;
export const NegotiationAwardPatchInput = inputs.patch;

/** With lots an award names one of them. */
function assertLotOf(tender: Tender, lotId: unknown): void {
  const lots = tender.lots ?? [];
  if (lots.length === 0) return;
  if (lotId === undefined) throw dataError('lotID', ['This field is required.']);
  if (!lots.some((l) => l.id === lotId)) throw dataError('lotID', ['lotID should be one of lots']);
}

/** A lot being cancelled takes no award decisions. */
function assertLotNotBeingCancelled(tender: Tender, lotId: unknown, op: 'create' | 'update'): void {
  if (lotId !== undefined && (tender.cancellations ?? []).some((c) => c.status === 'pending' && c.relatedLot === lotId)) {
    throw forbidden(`Can't ${op} award with lot that have active cancellation`);
  }
}

/** One live award per lot (per tender without lots). */
export function assertAwardPostAllowed(tender: Tender, input: Record<string, unknown>): void {
  assertLotOf(tender, input.lotID);
  assertLotNotBeingCancelled(tender, input.lotID, 'create');
  const live = awardsOf(tender).find((a) => a.lotID === input.lotID && LIVE_AWARD_STATUSES.has(a.status));
  if (live) throw forbidden(`Can't create new award on lot while any (${live.status}) award exists`);
}

/** Moving an award onto another lot needs that lot free. */
export function assertAwardChangeAllowed(tender: Tender, before: Award, after: Award): void {
  assertLotOf(tender, after.lotID);
  assertLotNotBeingCancelled(tender, after.lotID, 'update');
  if (after.lotID !== before.lotID && awardsOf(tender).some((a) => a.id !== after.id && a.lotID === after.lotID && LIVE_AWARD_STATUSES.has(a.status))) {
    throw dataError('lotID', 'Another award is already using this lotID.');
  }
}

/**
 * The owner's decisions over the core table: a signed notice for both decisions, no stand-still
 * for an unsuccessful one; cancelling an active award whose complaint was satisfied cancels every
 * award of its lot; an unsuccessful award stays.
 */
export const negotiationAwardDelta: TableDelta<AwardMove> = {
  add: [
    { from: 'pending', to: 'unsuccessful', guard: assertNoticeSigned },
    // The owner records the next award himself: no awarding step follows.
    cancelledOverComplaints(false),
  ],
  remove: ['unsuccessful→cancelled'],
};
