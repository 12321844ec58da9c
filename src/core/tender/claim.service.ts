// Claims (below-threshold.md §3.3): a bidder files a claim on a decided award within its
// stand-still and gets the claim's own token; the author and the tender owner move it through
// claim.state.ts. Stored legacy tender-level claims are read and updated the same way.
import { tenderRelatedIds } from './tender-documents.ts';
import type { RequestCtx } from '../context.ts';
import { ApiError, dataError, forbidden, permissionDenied } from '../http/errors.ts';
import { genericError } from '../http/error-handler.ts';
import { isOwner, issueAccess } from '../auth/owner-token.ts';
import { isAnonymous, isBroker } from '../auth/principal.ts';
import { prepareNewDocuments } from '../documents/document.service.ts';
import type { Procedure } from './procedure.ts';
import { chronographCtx } from './tender.service.ts';
import { validateOrThrow } from '../validation/request-model.ts';
import { saveTender, type LoadedTender } from './tender.repository.ts';
import { organizationErrors } from './tender.rules.ts';
import { updateNextCheck } from './chronograph.events.ts';
import { findAward } from './award-ref.ts';
import {
  assertAwardLotActive, assertClaimEditable, assertClaimTenderStatus, assertInAwardComplaintPeriod, claimsOf, findClaim, mayEditClaims, nextComplaintID,
} from './claim.rules.ts';
import { claimAction, type ClaimActor, type ClaimMove } from './claim.state.ts';
import { ClaimCreateInput } from './schemas/claim.schema.ts';
import { findQualification } from './prequalification/qualification.service.ts';
import { inQualificationComplaintPeriod, PREQUALIFICATION_STATUSES, STAND_STILL } from './prequalification/prequalification.ts';
import type { Claim, Tender } from './tender.types.ts';
import { newId } from '../ids.ts';

/** Where a claim lives: the tender itself, one of its awards or (prequalification) qualifications. */
export interface ClaimPlace {
  awardId?: string;
  qualificationId?: string;
}

/** The object holding the claims of `place` inside `tender` (404 for an unknown award or qualification). */
export function claimHolder(tender: Tender, place: ClaimPlace): { complaints?: unknown; [key: string]: unknown } {
  if (place.awardId !== undefined) return findAward(tender, place.awardId);
  if (place.qualificationId !== undefined) return findQualification(tender, place.qualificationId);
  return tender as Record<string, unknown>;
}

/** API path of a claim (its documents collection starts with it). */
export function claimPath(tender: Tender, place: ClaimPlace, claimId: string): string {
  const holder = place.awardId !== undefined ? `/awards/${place.awardId}` : place.qualificationId !== undefined ? `/qualifications/${place.qualificationId}` : '';
  return `/tenders/${tender.id}${holder}/complaints/${claimId}`;
}

/** Tender statuses in which claims of `place` are updated. */
function claimStatusesOf(procedure: Procedure, place: ClaimPlace): readonly string[] {
  if (place.awardId !== undefined) return procedure.claims.awardClaimStatuses;
  if (place.qualificationId !== undefined) return PREQUALIFICATION_STATUSES;
  return procedure.claims.tenderClaimStatuses;
}

/** The lot of the award or qualification a claim is about must still be active. */
function assertClaimLotActive(tender: Tender, place: ClaimPlace, message: string): void {
  if (place.awardId !== undefined) assertAwardLotActive(tender, findAward(tender, place.awardId), message);
  if (place.qualificationId !== undefined) {
    const lot = findQualification(tender, place.qualificationId).lotID;
    if ((tender.lots ?? []).some((l) => l.id === lot && l.status !== 'active')) throw forbidden(message);
  }
}

/** The caller's role towards a claim: its author (claim token) or the tender owner (tender token). */
export function claimActorOf(ctx: RequestCtx, tender: Tender, claim: Claim): ClaimActor | null {
  if (isOwner(ctx, claim)) return 'complaint_owner';
  if (isOwner(ctx, tender)) return 'tender_owner';
  return null;
}

export interface CreatedClaim {
  tender: Tender;
  claim: Claim;
  access: { token: string; transfer: string };
}

/** Only `claim` has a route here; any other type is routed to complaints, which do not exist. */
function assertClaimType(data: Record<string, unknown>): void {
  if (data.type !== undefined && data.type !== 'claim') throw new ApiError(404, [genericError(404)]);
}

export async function createAwardClaim(ctx: RequestCtx, procedure: Procedure, loaded: LoadedTender, awardId: string, readData: () => Record<string, unknown>): Promise<CreatedClaim> {
  if (!isBroker(ctx.principal)) throw permissionDenied();
  const tender = loaded.tender;
  const award = findAward(tender, awardId);
  const rules = procedure.claims;
  const bid = (tender.bids ?? []).find((b) => rules.awardClaimBidStatuses.includes(b.status) && isOwner(ctx, b));
  if (!bid) throw permissionDenied();
  const data = readData();
  assertClaimType(data);
  const input = validateOrThrow<Record<string, unknown>>(ClaimCreateInput, data, ctx, true);
  const authorErrors = organizationErrors(input.author as Parameters<typeof organizationErrors>[0], ctx.deps.standards);
  if (authorErrors) throw dataError('author', authorErrors);
  assertClaimTenderStatus(tender, rules.awardClaimStatuses, 'add');
  assertAwardLotActive(tender, award, 'Can add complaint only in active lot status');
  assertInAwardComplaintPeriod(award, ctx.now);

  const id = newId();
  const { stored: tokens, access } = issueAccess(ctx.deps.tokens);
  const { documents, ...fields } = input;
  const claim = {
    ...fields,
    id,
    date: ctx.nowIso,
    complaintID: nextComplaintID(tender),
    owner: ctx.principal.name ?? undefined,
    ...tokens,
    bid_id: bid.id,
  } as unknown as Claim;
  if (award.lotID) claim.relatedLot = award.lotID;
  if (claim.status === 'claim') claim.dateSubmitted = ctx.nowIso;
  if (Array.isArray(documents) && documents.length > 0) {
    claim.documents = prepareNewDocuments(ctx, claimPath(tender, { awardId }, id), documents as Record<string, unknown>[], 'complaint_owner', tenderRelatedIds(tender));
  }
  const after: Tender = structuredClone(tender);
  const holder = findAward(after, awardId);
  holder.complaints = [...claimsOf(holder), claim];
  const saved = await saveTender(ctx, loaded, after);
  return { tender: saved, claim: findClaim(findAward(saved, awardId), id), access };
}

/**
 * A claim on a qualification (open-procedures.md §2.8): by the owner of a qualified, rejected or
 * excluded bid, in the stand-still within the qualification's complaint period; a rejection only by
 * its own bidder.
 */
export async function createQualificationClaim(ctx: RequestCtx, loaded: LoadedTender, qualificationId: string, data: Record<string, unknown>): Promise<CreatedClaim> {
  if (!isBroker(ctx.principal)) throw permissionDenied();
  const tender = loaded.tender;
  const qualification = findQualification(tender, qualificationId);
  const bid = (tender.bids ?? []).find((b) => ['active', 'unsuccessful', 'invalid.pre-qualification'].includes(b.status) && isOwner(ctx, b));
  if (!bid) throw permissionDenied();
  assertClaimType(data);
  const input = validateOrThrow<Record<string, unknown>>(ClaimCreateInput, data, ctx, true);
  const authorErrors = organizationErrors(input.author as Parameters<typeof organizationErrors>[0], ctx.deps.standards);
  if (authorErrors) throw dataError('author', authorErrors);
  assertClaimTenderStatus(tender, [STAND_STILL], 'add');
  assertClaimLotActive(tender, { qualificationId }, 'Can add complaint only in active lot status');
  if (!inQualificationComplaintPeriod(qualification, ctx.now)) throw forbidden('Can add complaint only in complaintPeriod');
  if (qualification.status === 'unsuccessful' && qualification.bidID !== bid.id) throw forbidden('Can add claim only on unsuccessful qualification of your bid');

  const id = newId();
  const { stored: tokens, access } = issueAccess(ctx.deps.tokens);
  const { documents, ...fields } = input;
  const claim = { ...fields, id, date: ctx.nowIso, complaintID: nextComplaintID(tender), owner: ctx.principal.name ?? undefined, ...tokens, bid_id: bid.id } as unknown as Claim;
  if (qualification.lotID) claim.relatedLot = qualification.lotID;
  if (claim.status === 'claim') claim.dateSubmitted = ctx.nowIso;
  const place = { qualificationId };
  if (Array.isArray(documents) && documents.length > 0) {
    claim.documents = prepareNewDocuments(ctx, claimPath(tender, place, id), documents as Record<string, unknown>[], 'complaint_owner', tenderRelatedIds(tender));
  }
  const after: Tender = structuredClone(tender);
  const holder = claimHolder(after, place);
  holder.complaints = [...claimsOf(holder), claim];
  const saved = await saveTender(ctx, loaded, after);
  return { tender: saved, claim: findClaim(claimHolder(saved, place), id), access };
}

/** Author objects are patched field by field (an organization patch). */
function mergeClaimInput(claim: Claim, input: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(input)) {
    if (k === 'status') continue;
    claim[k] = k === 'author' && typeof v === 'object' && v !== null ? { ...(claim.author ?? {}), ...v } : v;
  }
}

export async function patchClaim(
  ctx: RequestCtx,
  procedure: Procedure,
  loaded: LoadedTender,
  place: ClaimPlace,
  claimId: string,
  readData: () => Record<string, unknown>,
): Promise<{ tender: Tender; claim: Claim }> {
  const tender = loaded.tender;
  // Award and qualification claims answer to the same rules (no clarifications deadline).
  const isAwardClaim = place.awardId !== undefined || place.qualificationId !== undefined;
  const before = findClaim(claimHolder(tender, place), claimId);
  if (isAnonymous(ctx.principal) || !mayEditClaims(ctx.principal.role)) throw permissionDenied();
  const rules = procedure.claims;
  // Reference order: tender status, lot, claim status, then the action and its body.
  assertClaimTenderStatus(tender, claimStatusesOf(procedure, place), 'update');
  assertClaimLotActive(tender, place, 'Can update complaint only in active lot status');
  assertClaimEditable(before);

  const raw = readData();
  const actor = claimActorOf(ctx, tender, before);
  if (actor === null) throw forbidden(`Cannot perform any action on complaint as ${ctx.principal.role}`);
  const after: Tender = structuredClone(tender);
  const claim = findClaim(claimHolder(after, place), claimId);
  const move: ClaimMove = {
    procedure,
    tender: after,
    claim,
    raw,
    now: ctx.now,
    nowIso: ctx.nowIso,
    isAwardClaim,
    authorEditStatuses: isAwardClaim ? claimStatusesOf(procedure, place) : rules.tenderClaimAuthorEditStatuses,
  };
  const to = typeof raw.status === 'string' && raw.status !== '' ? raw.status : before.status;
  const action = claimAction(actor, move, to);
  const input = validateOrThrow<Record<string, unknown>>(action.model, raw, ctx, false);
  if (input.author !== undefined) {
    const authorErrors = organizationErrors({ ...(before.author ?? {}), ...(input.author as object) } as Parameters<typeof organizationErrors>[0], ctx.deps.standards);
    if (authorErrors) throw dataError('author', authorErrors);
  }
  mergeClaimInput(claim, input);
  if (to !== before.status) {
    claim.status = to;
    claim.date = ctx.nowIso;
  }
  action.effect?.(move);
  // An answer starts the chronograph's auto-resolution clock.
  updateNextCheck(after, chronographCtx(ctx, after));
  const saved = await saveTender(ctx, loaded, after);
  return { tender: saved, claim: findClaim(claimHolder(saved, place), claimId) };
}
