// Review-body complaints (open-procedures.md §2): filed by a broker on the tender, an award or a
// cancellation, paid (the payment robot moves them on), reviewed, and answered by the tender owner.
// The complainant gets the complaint's own token. Claims share the same URLs (claim.service.ts).
import type { RequestCtx } from '../../context.ts';
import { dataError, forbidden, permissionDenied } from '../../http/errors.ts';
import { isOwner, issueAccess } from '../../auth/owner-token.ts';
import { isAnonymous, isBroker } from '../../auth/principal.ts';
import { prepareNewDocuments } from '../../documents/document.service.ts';
import { validateOrThrow } from '../../validation/request-model.ts';
import { formatIso } from '../../time/iso.ts';
import type { Procedure } from '../procedure.ts';
import { chronographCtx } from '../tender.service.ts';
import { saveTender, type LoadedTender } from '../tender.repository.ts';
import { organizationErrors } from '../tender.rules.ts';
import { updateNextCheck } from '../chronograph.events.ts';
import { findAward } from '../award-ref.ts';
import { assertAwardLotActive, claimsOf, findClaim, mayEditClaims, nextComplaintID } from '../claim.rules.ts';
import { findCancellation } from '../cancellation.rules.ts';
import { tenderRelatedIds } from '../tender-documents.ts';
import { ComplaintCreateInput } from '../schemas/complaint.schema.ts';
import type { Claim, Tender } from '../tender.types.ts';
import { complaintValue, fetchExchangeRates, type ExchangeRate } from './complaint-fee.ts';
import {
  assertAuthorIdentityKept, assertAwardDecided, assertCancellationComplaintEditable, assertCancellationTendererAction, assertComplaintsConfigured,
  assertComplaintTenderStatus, assertInAwardComplaintPeriod, assertInCancellationComplaintPeriod, assertInTenderComplaintPeriod, assertMayComplainOnCancellation,
  assertNoPendingCancellation, assertOwnUnsuccessfulAward, assertRelatedLotKnown, complaintTenderStatuses,
} from './complaint.rules.ts';
import {
  assertReviewDate, COMPLAINT_ACTORS, complaintAction, requestedComplaintStatus, type ComplaintActor, type ComplaintContainer, type ComplaintMove,
} from './complaint.state.ts';
import { shiftPeriodsForResolvedCancellationComplaint } from './cancellation-complaint-effects.ts';
import { findQualification } from '../prequalification/qualification.service.ts';
import { inQualificationComplaintPeriod, reopenPrequalification, STAND_STILL } from '../prequalification/prequalification.ts';
import { newId } from '../../ids.ts';

/** Where a complaint lives: the tender, one of its awards, qualifications or cancellations. */
export interface ComplaintPlace {
  awardId?: string;
  qualificationId?: string;
  cancellationId?: string;
}

export const containerOf = (place: ComplaintPlace): ComplaintContainer =>
  place.awardId !== undefined ? 'award' : place.qualificationId !== undefined ? 'qualification' : place.cancellationId !== undefined ? 'cancellation' : 'tender';

/** The object holding the complaints of `place` inside `tender` (404 for an unknown award, qualification or cancellation). */
export function complaintHolder(tender: Tender, place: ComplaintPlace): { complaints?: unknown; [key: string]: unknown } {
  if (place.awardId !== undefined) return findAward(tender, place.awardId);
  if (place.qualificationId !== undefined) return findQualification(tender, place.qualificationId);
  if (place.cancellationId !== undefined) return findCancellation(tender, place.cancellationId);
  return tender as Record<string, unknown>;
}

/** API path of a complaint (its documents collection starts with it). */
export function complaintPath(tender: Tender, place: ComplaintPlace, complaintId: string): string {
  const holder =
    place.awardId !== undefined ? `/awards/${place.awardId}`
    : place.qualificationId !== undefined ? `/qualifications/${place.qualificationId}`
    : place.cancellationId !== undefined ? `/cancellations/${place.cancellationId}`
    : '';
  return `/tenders/${tender.id}${holder}/complaints/${complaintId}`;
}

/** The caller's role towards a complaint: its author, the tender owner, or its auth group. */
export function complaintActorOf(ctx: RequestCtx, tender: Tender, complaint: Claim): string {
  if (isOwner(ctx, complaint)) return 'complaint_owner';
  if (isOwner(ctx, tender)) return 'tender_owner';
  return ctx.principal.role;
}

/** Today's exchange rates, fetched at most once per request. */
function ratesOf(ctx: RequestCtx): () => Promise<ExchangeRate[]> {
  let rates: Promise<ExchangeRate[]> | undefined;
  const day = formatIso(ctx.now).slice(0, 10).replace(/-/g, '');
  return () => (rates ??= fetchExchangeRates(ctx.deps.config.exchangeRatesUrl, day));
}

export interface CreatedComplaint {
  tender: Tender;
  complaint: Claim;
  access: { token: string; transfer: string };
}

/** Checks of the container before the complaint is built (the reference's order per container). */
function assertMayFile(ctx: RequestCtx, procedure: Procedure, tender: Tender, place: ComplaintPlace, input: Record<string, unknown>, bidId: string | undefined): string | undefined {
  const rules = procedure.complaints;
  const container = containerOf(place);
  assertComplaintsConfigured(tender, container);
  if (container === 'cancellation') {
    const cancellation = findCancellation(tender, place.cancellationId!);
    assertMayComplainOnCancellation(tender, rules, bidId !== undefined);
    assertCancellationTendererAction(input, cancellation);
    assertInCancellationComplaintPeriod(cancellation, ctx.now);
    return cancellation.relatedLot;
  }
  assertComplaintTenderStatus(tender, complaintTenderStatuses(rules, container), 'add');
  if (container === 'tender') {
    const lotId = input.relatedLot as string | undefined;
    assertInTenderComplaintPeriod(tender, ctx.now);
    assertNoPendingCancellation(tender, lotId);
    return lotId;
  }
  if (container === 'qualification') {
    const q = findQualification(tender, place.qualificationId!);
    if (tender.status !== STAND_STILL) throw forbidden(`Can't add complaint in current (${tender.status}) tender status`);
    if ((tender.lots ?? []).some((l) => l.id === q.lotID && l.status !== 'active')) throw forbidden('Can add complaint only in active lot status');
    if (!inQualificationComplaintPeriod(q, ctx.now)) throw forbidden('Can add complaint only in complaintPeriod');
    assertNoPendingCancellation(tender, q.lotID);
    return q.lotID;
  }
  const award = findAward(tender, place.awardId!);
  assertAwardLotActive(tender, award, 'Can add complaint only in active lot status');
  assertInAwardComplaintPeriod(award, ctx.now);
  assertNoPendingCancellation(tender, award.lotID);
  assertAwardDecided(award);
  assertOwnUnsuccessfulAward(award, bidId);
  return award.lotID;
}

export async function createComplaint(
  ctx: RequestCtx,
  procedure: Procedure,
  loaded: LoadedTender,
  place: ComplaintPlace,
  data: Record<string, unknown>,
): Promise<CreatedComplaint> {
  if (!isBroker(ctx.principal)) throw permissionDenied();
  const tender = loaded.tender;
  const container = containerOf(place);
  complaintHolder(tender, place);
  // Award complaints of the open family come from bidders only (the reference's ACL on the route);
  // qualification complaints from the owners of qualified or rejected bids.
  const complainingStatuses = container === 'qualification' ? ['active', 'unsuccessful'] : ['active'];
  const ownBid = (tender.bids ?? []).find((b) => complainingStatuses.includes(b.status) && isOwner(ctx, b));
  if ((container === 'award' || container === 'qualification') && procedure.complaints.complainantsAreBidders && !ownBid) throw permissionDenied();
  const input = validateOrThrow<Record<string, unknown>>(ComplaintCreateInput, data, ctx, true);
  // A lot named on an award or cancellation complaint is checked, then the container's lot replaces it.
  assertRelatedLotKnown(tender, input.relatedLot as string | undefined);
  const authorErrors = organizationErrors(input.author as Parameters<typeof organizationErrors>[0], ctx.deps.standards);
  if (authorErrors) throw dataError('author', authorErrors);
  const lotId = assertMayFile(ctx, procedure, tender, place, input, ownBid?.id);

  const id = newId();
  const { stored: tokens, access } = issueAccess(ctx.deps.tokens);
  const { documents, status: _status, ...fields } = input;
  const complaint = {
    ...fields,
    id,
    status: 'draft',
    date: ctx.nowIso,
    complaintID: nextComplaintID(tender),
    value: await complaintValue(tender, lotId, ratesOf(ctx)),
    owner: ctx.principal.name ?? undefined,
    ...tokens,
  } as unknown as Claim;
  if (lotId !== undefined) complaint.relatedLot = lotId;
  else delete complaint.relatedLot;
  if (container !== 'tender' && ownBid) complaint.bid_id = ownBid.id;
  if (Array.isArray(documents) && documents.length > 0) {
    complaint.documents = prepareNewDocuments(ctx, complaintPath(tender, place, id), documents as Record<string, unknown>[], 'complaint_owner', tenderRelatedIds(tender));
  }
  const after: Tender = structuredClone(tender);
  const holder = complaintHolder(after, place);
  holder.complaints = [...claimsOf(holder), complaint];
  // A draft lapses when its container's period ends: the chronograph must look then.
  updateNextCheck(after, chronographCtx(ctx, after, procedure));
  const saved = await saveTender(ctx, loaded, after);
  return { tender: saved, complaint: findClaim(complaintHolder(saved, place), id), access };
}

/** Author objects are patched field by field (an organization patch). */
function mergeComplaintInput(complaint: Claim, input: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(input)) {
    if (k === 'status') continue;
    if (k === 'author' && typeof v === 'object' && v !== null) {
      const author = v as Record<string, unknown>;
      const identifier = author.identifier === undefined ? undefined : { ...((complaint.author?.identifier as object) ?? {}), ...(author.identifier as object) };
      complaint.author = { ...(complaint.author ?? {}), ...author, ...(identifier ? { identifier } : {}) };
    } else complaint[k] = v;
  }
}

export async function patchComplaint(
  ctx: RequestCtx,
  procedure: Procedure,
  loaded: LoadedTender,
  place: ComplaintPlace,
  complaintId: string,
  readData: () => Record<string, unknown>,
): Promise<{ tender: Tender; complaint: Claim }> {
  const tender = loaded.tender;
  const container = containerOf(place);
  const before = findClaim(complaintHolder(tender, place), complaintId);
  if (isAnonymous(ctx.principal) || !mayEditClaims(ctx.principal.role)) throw permissionDenied();
  // Reference order: the container's status, the role's action, then the body.
  if (container === 'cancellation') assertCancellationComplaintEditable(before);
  else assertComplaintTenderStatus(tender, complaintTenderStatuses(procedure.complaints, container), 'update');
  const raw = readData();
  const role = complaintActorOf(ctx, tender, before);
  if (!(COMPLAINT_ACTORS as readonly string[]).includes(role)) throw forbidden(`Cannot perform any action on complaint as ${role}`);
  const actor = role as ComplaintActor;
  const after: Tender = structuredClone(tender);
  const complaint = findClaim(complaintHolder(after, place), complaintId);
  const cancellation = container === 'cancellation' ? findCancellation(after, place.cancellationId!) : undefined;
  if (cancellation && actor === 'tender_owner') assertCancellationTendererAction(raw, cancellation);
  const move: ComplaintMove = {
    tender: after,
    complaint,
    raw,
    tc: chronographCtx(ctx, after, procedure),
    container,
    cancellation,
    onResolvedCancellationComplaint: (m) => shiftPeriodsForResolvedCancellationComplaint(m.tender, m.cancellation!, m.complaint, m.tc),
    onSatisfied: container === 'qualification' ? (m) => reopenPrequalification(m.tender, m.tc) : undefined,
  };
  const tables = container === 'cancellation' ? procedure.transitions.cancellationComplaint : procedure.transitions.complaint;
  const to = requestedComplaintStatus(actor, move);
  const action = complaintAction(tables, actor, move, to);
  const input = validateOrThrow<Record<string, unknown>>(action.model, raw, ctx, false);
  mergeComplaintInput(complaint, input);
  if (input.author !== undefined) {
    assertAuthorIdentityKept(before, complaint);
    const authorErrors = organizationErrors(complaint.author as Parameters<typeof organizationErrors>[0], ctx.deps.standards);
    if (authorErrors) throw dataError('author', authorErrors);
  }
  if (container === 'award') assertAwardLotActive(tender, findAward(tender, place.awardId!), 'Can update complaint only in active lot status');
  if (to !== before.status) {
    complaint.status = to;
    complaint.date = ctx.nowIso;
  }
  action.effect?.(move);
  assertReviewDate(actor, complaint);
  updateNextCheck(after, chronographCtx(ctx, after, procedure));
  const saved = await saveTender(ctx, loaded, after);
  return { tender: saved, complaint: findClaim(complaintHolder(saved, place), complaintId) };
}
