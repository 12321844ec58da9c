// Bids (below-threshold.md §3.4): a broker submits during tendering and gets the bid's own owner
// token; the owner reads, edits, submits and withdraws it. Bid writes are saved without touching
// the tender's dateModified or feed position (platform.md §4.4).
import { tenderRelatedIds } from './tender-documents.ts';
import type { RequestCtx } from '../context.ts';
import { dataError, notFound, permissionDenied } from '../http/errors.ts';
import { isOwner, issueAccess } from '../auth/owner-token.ts';
import { isBroker } from '../auth/principal.ts';
import { prepareNewDocuments } from '../documents/document.service.ts';
import type { Procedure } from './procedure.ts';
import type { TenderConfig } from './tender-config.ts';
import { validateOrThrow } from '../validation/request-model.ts';
import { saveTender, type LoadedTender } from './tender.repository.ts';
import { organizationErrors } from './tender.rules.ts';
import { assertCreateAccreditation } from './question.service.ts';
import {
  assertBidFitsTender, assertBidItemsCoverLots, assertBidItemsMatchTender, assertBidItemsPriced, assertBidOperationAllowed, assertBidsVisible,
  assertSingleProposalDocument,
} from './bid.rules.ts';
import {
  assertBidCreateStatus, assertOwnerBidTransition, invalidateEditedPendingBid, isSubmission, submitBid,
} from './bid.state.ts';
import { BID_DOCUMENT_LISTS } from './schemas/bid.schema.ts';
import type { Bid, LotValue, Tender } from './tender.types.ts';
import { bidAnswersTo24hMilestone } from './award-milestones.ts';
import { assertBidResponses, withResponseIds } from './criteria/requirement-responses.ts';
import type { RequirementResponse } from './criteria/criterion.types.ts';
import { newId } from '../ids.ts';

/** What a bidder may fix under a 24h milestone (below-threshold.md §3.4): prices, signers, subcontracting, responses. */
const QUALIFICATION_FIX_FIELDS = ['items', 'subcontractingDetails', 'tenderers', 'lotValues', 'requirementResponses'];
const pick = <V>(o: Record<string, V>, keys: readonly string[]): Record<string, V> => Object.fromEntries(Object.entries(o).filter(([k]) => keys.includes(k)));

const configOf = (t: Tender): TenderConfig => (t.config ?? {}) as TenderConfig;

export function findBid(tender: Tender, bidId: string): Bid {
  const bid = (tender.bids ?? []).find((b) => b.id === bidId);
  if (!bid) throw notFound('bid_id');
  return bid;
}

export function isBidOwner(ctx: RequestCtx, bid: Bid): boolean {
  return isOwner(ctx, bid);
}

function assertBidOwner(ctx: RequestCtx, bid: Bid): void {
  if (ctx.principal.role === 'Administrator') return;
  if (!isBidOwner(ctx, bid)) throw permissionDenied();
}

function assertTenderersValid(ctx: RequestCtx, bid: Bid): void {
  for (const tenderer of bid.tenderers) {
    const e = organizationErrors(tenderer as Parameters<typeof organizationErrors>[0], ctx.deps.standards);
    if (e) throw dataError('tenderers', [e]);
  }
}

/** The bid checks POST and PATCH run before the status rules, in the reference's order. */
function assertBidValid(ctx: RequestCtx, procedure: Procedure, tender: Tender, bid: Bid): void {
  assertTenderersValid(ctx, bid);
  assertBidFitsTender(tender, bid, configOf(tender));
  assertBidItemsPriced(tender, bid, procedure.bids.itemsRequired);
  assertBidResponses(tender, bid);
}

/** Responses get server ids (kept when the client sends them). */
function identifyResponses(bid: Bid): void {
  if (Array.isArray(bid.requirementResponses)) bid.requirementResponses = withResponseIds(bid.requirementResponses as RequirementResponse[]);
}

export interface CreatedBid {
  tender: Tender;
  bid: Bid;
  access: { token: string; transfer: string };
}

export async function createBid(ctx: RequestCtx, procedure: Procedure, loaded: LoadedTender, readData: () => Record<string, unknown>): Promise<CreatedBid> {
  if (!isBroker(ctx.principal)) throw permissionDenied();
  const tender = loaded.tender;
  // Reference order: accreditation, tender status and period, then the body.
  assertCreateAccreditation(ctx, tender, procedure.bids.createLevels, 'bid');
  assertBidOperationAllowed(tender, 'add', ctx.now);
  const input = validateOrThrow<Record<string, unknown>>(procedure.models.bidCreate, readData(), ctx, true);

  const id = newId();
  const { stored: tokens, access } = issueAccess(ctx.deps.tokens);
  const bid = { ...input, id, date: ctx.nowIso, owner: ctx.principal.name ?? undefined, ...tokens } as Bid;
  for (const [segment, key] of Object.entries(BID_DOCUMENT_LISTS)) {
    const docs = input[key] as Record<string, unknown>[] | undefined;
    if (docs && docs.length > 0) bid[key] = prepareNewDocuments(ctx, `/tenders/${tender.id}/bids/${id}/${segment}`, docs, undefined, tenderRelatedIds(tender));
  }
  if (bid.lotValues) bid.lotValues = bid.lotValues.map((lv) => ({ ...lv, status: 'pending', date: ctx.nowIso }));
  identifyResponses(bid);

  assertBidValid(ctx, procedure, tender, bid);
  assertBidCreateStatus(bid.status);
  if (bid.status === 'pending') submitBid(bid, ctx.nowIso, procedure.bids.proposalSignatureScheme);
  assertBidItemsCoverLots(tender, bid, procedure.bids.itemsRequired);
  if (bid.status === 'pending') assertBidItemsMatchTender(tender, bid);
  assertSingleProposalDocument(bid);

  const after: Tender = structuredClone(tender);
  after.bids = [...(after.bids ?? []), bid];
  const saved = await saveTender(ctx, loaded, after, { modified: false });
  return { tender: saved, bid: findBid(saved, id), access };
}

/** Existing lotValues keep their server fields; new ones start pending, dated now. */
function mergeLotValues(before: Bid, patched: LotValue[], nowIso: string): LotValue[] {
  return patched.map((lv) => {
    const stored = (before.lotValues ?? []).find((s) => s.relatedLot === lv.relatedLot);
    const merged: LotValue = { ...lv, status: stored?.status ?? 'pending', date: stored?.date ?? nowIso };
    if (stored?.weightedValue !== undefined) merged.weightedValue = stored.weightedValue;
    else delete merged.weightedValue;
    return merged;
  });
}

export async function patchBid(ctx: RequestCtx, procedure: Procedure, loaded: LoadedTender, bidId: string, readData: () => Record<string, unknown>): Promise<{ tender: Tender; bid: Bid }> {
  const tender = loaded.tender;
  const before = findBid(tender, bidId);
  const isAdmin = ctx.principal.role === 'Administrator';
  assertBidOwner(ctx, before);
  // While its pending award gives it 24 hours, the bidder fixes its bid during qualification.
  const fixing = !isAdmin && tender.status === 'active.qualification' && bidAnswersTo24hMilestone(tender, before.id, ctx.now);
  // Reference quirk: the Administrator's PATCH is checked with the wording of a delete.
  if (!fixing) assertBidOperationAllowed(tender, isAdmin ? 'delete' : 'update', ctx.now);
  const data = readData();
  const model = fixing ? { ...procedure.models.bidPatch, properties: pick(procedure.models.bidPatch.properties ?? {}, QUALIFICATION_FIX_FIELDS) } : procedure.models.bidPatch;
  const validated = validateOrThrow<Record<string, unknown>>(model, data, ctx, false);
  // The Administrator may only replace `tenderers` (the reference's whitelist).
  const patch = isAdmin ? Object.fromEntries(Object.entries(validated).filter(([k]) => k === 'tenderers')) : validated;

  // Shallow merge (platform.md §2.8): each sent field replaces the stored one; null deletes it.
  const bid = structuredClone(before);
  if (!isAdmin) for (const [k, v] of Object.entries(data)) if (v === null && !(k in patch)) patch[k] = null;
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete bid[k];
    else bid[k] = v;
  }
  if (!Array.isArray(bid.tenderers)) throw dataError('tenderers', ['This field is required.']);
  if (bid.lotValues) bid.lotValues = mergeLotValues(before, bid.lotValues, ctx.nowIso);
  if (typeof bid.status !== 'string') bid.status = before.status;
  identifyResponses(bid);

  assertBidValid(ctx, procedure, tender, bid);
  if (!isAdmin) assertOwnerBidTransition(procedure.transitions.bid, before.status, bid.status);
  assertBidItemsCoverLots(tender, bid, procedure.bids.itemsRequired);
  if (!isAdmin) {
    if (before.status !== bid.status && isSubmission(before.status, bid.status)) assertBidItemsMatchTender(tender, bid);
    invalidateEditedPendingBid(before, bid);
    if (before.status !== bid.status && isSubmission(before.status, bid.status)) {
      submitBid(bid, ctx.nowIso, procedure.bids.proposalSignatureScheme);
    }
  }

  const after: Tender = structuredClone(tender);
  after.bids = (after.bids ?? []).map((b) => (b.id === bidId ? bid : b));
  const saved = await saveTender(ctx, loaded, after, { modified: false });
  return { tender: saved, bid: findBid(saved, bidId) };
}

export async function deleteBid(ctx: RequestCtx, loaded: LoadedTender, bidId: string): Promise<Bid> {
  const tender = loaded.tender;
  const bid = findBid(tender, bidId);
  assertBidOwner(ctx, bid);
  assertBidOperationAllowed(tender, 'delete', ctx.now);
  const after: Tender = structuredClone(tender);
  after.bids = (after.bids ?? []).filter((b) => b.id !== bidId);
  if (after.bids.length === 0) delete after.bids;
  await saveTender(ctx, loaded, after, { modified: false });
  return bid;
}

/** A bid for GET: its owner always may read it; others only once bids are unsealed. */
export function readableBid(ctx: RequestCtx, procedure: Procedure, tender: Tender, bidId: string): { bid: Bid; asOwner: boolean } {
  const bid = findBid(tender, bidId);
  if (isBidOwner(ctx, bid)) return { bid, asOwner: true };
  assertBidsVisible(tender, procedure.bids.hiddenInStatuses, true);
  return { bid, asOwner: false };
}

export function readableBids(procedure: Procedure, tender: Tender): Bid[] {
  assertBidsVisible(tender, procedure.bids.hiddenInStatuses, false);
  return tender.bids ?? [];
}
