// Claims and review-body complaints share their URLs (open-procedures.md §2.1 "Routing"):
// /tenders/{t}/complaints, /tenders/{t}/awards/{a}/complaints and (complaints only)
// /tenders/{t}/cancellations/{c}/complaints, with their documents. A POST picks claim or complaint
// from `data.type` (missing: claim); a PATCH follows the stored object's `type`. Where a procedure
// lacks the module an object needs, the route answers as an unknown URL.
import { TENDER_DOCUMENT_AGGREGATE } from '../tender-documents.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps, RequestCtx } from '../../context.ts';
import { requestCtx } from '../../context.ts';
import { baseUrl, requireDataObject, sendJsonText } from '../../http/envelope.ts';
import { ApiError, forbidden, permissionDenied } from '../../http/errors.ts';
import { genericError } from '../../http/error-handler.ts';
import { renderDocumentUrl } from '../../documents/document-urls.ts';
import type { DocumentContainer } from '../../documents/document-container.ts';
import { registerDocumentRoutes } from '../../documents/document.routes.ts';
import { loadTender, type LoadedTender } from '../tender.repository.ts';
import { findAward } from '../award-ref.ts';
import { CLAIM_DOCUMENT_STATUSES_BY_ROLE, assertAwardLotActive, claimsOf, findClaim } from '../claim.rules.ts';
import { claimActorOf, createAwardClaim, createQualificationClaim, patchClaim } from '../claim.service.ts';
import { claimView } from '../claim.view.ts';
import type { Claim, Tender } from '../tender.types.ts';
import { API_PREFIX } from '../../http/api-prefix.ts';
import { procedureOf } from '../procedure-of.ts';
import type { Procedure } from '../procedure.ts';
import { isComplaint } from '../complaints/complaint.rules.ts';
import { complaintActorOf, complaintHolder, complaintPath, containerOf, createComplaint, patchComplaint, type ComplaintPlace } from '../complaints/complaint.service.ts';

type Params = { tender_id: string; award_id?: string; qualification_id?: string; cancellation_id?: string; complaint_id: string };
type P = { Params: Params };

const placeOf = (params: Readonly<Record<string, string | undefined>>): ComplaintPlace =>
  params.award_id !== undefined ? { awardId: params.award_id }
  : params.qualification_id !== undefined ? { qualificationId: params.qualification_id }
  : params.cancellation_id !== undefined ? { cancellationId: params.cancellation_id }
  : {};
const data = (v: unknown): string => JSON.stringify({ data: v });
const unknownUrl = (): ApiError => new ApiError(404, [genericError(404)]);

/**
 * Whether the procedure serves this container's URLs: claims live on the tender and awards;
 * complaints where the procedure files them (a tender-level complaint list exists only where
 * tender complaints do, as the reference registers its views per procedure).
 */
function servesContainer(procedure: Procedure, place: ComplaintPlace): boolean {
  const container = containerOf(place);
  if (container === 'qualification') return procedure.modules.has('complaints') && procedure.complaints.qualificationStatuses.length > 0;
  if (procedure.modules.has('claims') && container !== 'cancellation') return true;
  if (!procedure.modules.has('complaints')) return false;
  if (container === 'tender') return procedure.complaints.tenderStatuses.length > 0;
  if (container === 'award') return procedure.complaints.awardStatuses.length > 0;
  return true;
}

/** The tender and its procedure, when the procedure serves the container's URLs (else an unknown URL). */
async function loadWithComplaints(ctx: RequestCtx, tenderId: string, place: ComplaintPlace): Promise<{ loaded: LoadedTender; procedure: Procedure }> {
  const loaded = await loadTender(ctx, tenderId);
  const procedure = procedureOf(ctx.deps.procedures, loaded.tender);
  if (!servesContainer(procedure, place)) throw unknownUrl();
  return { loaded, procedure };
}

function view(ctx: RequestCtx, tender: Tender, item: Claim, place: ComplaintPlace): Record<string, unknown> {
  // The tender-level endpoints hide a claim's author (reference quirk); complaints show theirs.
  const hideAuthor = containerOf(place) === 'tender' && !isComplaint(item);
  return claimView(item, (d) => renderDocumentUrl(ctx.deps, tender.id, d), { hideAuthor });
}

/** Complaint document roles and the complaint statuses each may write in (open-procedures.md §2.7). */
const COMPLAINT_DOCUMENT_STATUSES_BY_ROLE: Readonly<Record<string, readonly string[]>> = {
  complaint_owner: ['draft', 'claim', 'answered', 'pending', 'accepted', 'satisfied'],
  aboveThresholdReviewers: ['pending', 'accepted', 'stopping'],
  tender_owner: ['claim', 'pending', 'accepted', 'satisfied'],
};

function documentContainer(route: string): DocumentContainer<Tender> {
  const locateItem = (tender: Tender, params: Readonly<Record<string, string>>) => findClaim(complaintHolder(tender, placeOf(params)), params.complaint_id!);
  const procedureFor = (ctx: RequestCtx, tender: Tender, item: Claim): Procedure => {
    const procedure = procedureOf(ctx.deps.procedures, tender);
    if (!procedure.modules.has(isComplaint(item) ? 'complaints' : 'claims')) throw unknownUrl();
    return procedure;
  };
  return {
    route,
    aggregate: TENDER_DOCUMENT_AGGREGATE,
    item: 'complaint',
    stampsAuthor: true,
    locate: (ctx, tender, params) => {
      if (!servesContainer(procedureOf(ctx.deps.procedures, tender), placeOf(params))) throw unknownUrl();
      const item = locateItem(tender, params);
      procedureFor(ctx, tender, item);
      return { holder: item as Record<string, unknown>, key: 'documents', collectionPath: `${complaintPath(tender, placeOf(params), params.complaint_id!)}/documents` };
    },
    writerRole(ctx, tender, ref) {
      const item = ref.holder as Claim;
      if (!isComplaint(item)) {
        const role = claimActorOf(ctx, tender, item);
        if (role === null) throw permissionDenied();
        return role;
      }
      const role = complaintActorOf(ctx, tender, item);
      if (!(role in COMPLAINT_DOCUMENT_STATUSES_BY_ROLE)) throw permissionDenied();
      return role;
    },
    assertWritable(ctx, tender, ref, role, op) {
      const item = ref.holder as Claim;
      const place = placeOf(ctx.req.params as Record<string, string>);
      const procedure = procedureFor(ctx, tender, item);
      const tenderStatuses =
        place.qualificationId !== undefined ? procedure.complaints.qualificationStatuses
        : isComplaint(item) ? procedure.complaints.documentStatuses
        : place.awardId === undefined ? procedure.claims.tenderClaimStatuses : procedure.claims.awardClaimStatuses;
      if (!tenderStatuses.includes(tender.status)) throw forbidden(`Can't ${op} document in current (${tender.status}) tender status`);
      if (place.awardId !== undefined) assertAwardLotActive(tender, findAward(tender, place.awardId), `Can ${op} document only in active lot status`);
      const byRole = isComplaint(item) ? COMPLAINT_DOCUMENT_STATUSES_BY_ROLE : CLAIM_DOCUMENT_STATUSES_BY_ROLE;
      if (!(byRole[role] ?? []).includes(item.status)) throw forbidden(`Can't ${op} document in current (${item.status}) complaint status`);
    },
    mayReadConfidential: (ctx, tender, ref) => {
      const item = ref.holder as Claim;
      return isComplaint(item) ? ['complaint_owner', 'tender_owner', 'aboveThresholdReviewers'].includes(complaintActorOf(ctx, tender, item)) : claimActorOf(ctx, tender, item) !== null;
    },
  };
}

export function registerComplaintRoutes(app: FastifyInstance, deps: AppDeps): void {
  const bases = [
    `${API_PREFIX}/tenders/:tender_id/complaints`,
    `${API_PREFIX}/tenders/:tender_id/awards/:award_id/complaints`,
    `${API_PREFIX}/tenders/:tender_id/qualifications/:qualification_id/complaints`,
    `${API_PREFIX}/tenders/:tender_id/cancellations/:cancellation_id/complaints`,
  ];

  const list = async (req: FastifyRequest<P>) => {
    const ctx = requestCtx(deps, req);
    const place = placeOf(req.params);
    const { loaded } = await loadWithComplaints(ctx, req.params.tender_id, place);
    return data(claimsOf(complaintHolder(loaded.tender, place)).map((c) => view(ctx, loaded.tender, c, place)));
  };
  const one = async (req: FastifyRequest<P>) => {
    const ctx = requestCtx(deps, req);
    const place = placeOf(req.params);
    const { loaded } = await loadWithComplaints(ctx, req.params.tender_id, place);
    return data(view(ctx, loaded.tender, findClaim(complaintHolder(loaded.tender, place), req.params.complaint_id), place));
  };
  const patch = async (req: FastifyRequest<P>) => {
    const ctx = requestCtx(deps, req);
    const place = placeOf(req.params);
    const { loaded, procedure } = await loadWithComplaints(ctx, req.params.tender_id, place);
    const stored = findClaim(complaintHolder(loaded.tender, place), req.params.complaint_id);
    if (isComplaint(stored)) {
      if (!procedure.modules.has('complaints')) throw unknownUrl();
      const { tender, complaint } = await patchComplaint(ctx, procedure, loaded, place, req.params.complaint_id, () => requireDataObject(req));
      return data(view(ctx, tender, complaint, place));
    }
    if (!procedure.modules.has('claims')) throw unknownUrl();
    const { tender, claim } = await patchClaim(ctx, procedure, loaded, place, req.params.complaint_id, () => requireDataObject(req));
    return data(view(ctx, tender, claim, place));
  };
  const created = (req: FastifyRequest<P>, reply: FastifyReply, ctx: RequestCtx, tender: Tender, item: Claim, place: ComplaintPlace, access: unknown) => {
    reply.header('Location', `${baseUrl(req, deps.config.publicUrl)}${API_PREFIX}${complaintPath(tender, place, item.id)}`);
    return sendJsonText(reply, 201, JSON.stringify({ data: view(ctx, tender, item, place), access }));
  };
  const post = async (req: FastifyRequest<P>, reply: FastifyReply) => {
    const ctx = requestCtx(deps, req);
    const place = placeOf(req.params);
    const { loaded, procedure } = await loadWithComplaints(ctx, req.params.tender_id, place);
    const container = containerOf(place);
    complaintHolder(loaded.tender, place);
    // Cancellation routes take complaints only (their schema refuses another type).
    const body = container === 'cancellation' || procedure.modules.has('complaints') ? requireDataObject(req) : undefined;
    if (body && (container === 'cancellation' || body.type === 'complaint')) {
      if (!procedure.modules.has('complaints')) throw unknownUrl();
      const { tender, complaint, access } = await createComplaint(ctx, procedure, loaded, place, body);
      return created(req, reply, ctx, tender, complaint, place, access);
    }
    // Claims: on awards and qualifications only (tender-level claims can no longer be filed).
    if (container === 'qualification' && procedure.modules.has('claims')) {
      const { tender, claim, access } = await createQualificationClaim(ctx, loaded, place.qualificationId!, body ?? requireDataObject(req));
      return created(req, reply, ctx, tender, claim, place, access);
    }
    if (container !== 'award' || !procedure.modules.has('claims')) throw unknownUrl();
    const awardId = place.awardId!;
    const { tender, claim, access } = await createAwardClaim(ctx, procedure, loaded, awardId, () => body ?? requireDataObject(req));
    return created(req, reply, ctx, tender, claim, place, access);
  };

  for (const base of bases) {
    app.get<P>(base, async (req, reply) => sendJsonText(reply, 200, await list(req)));
    app.get<P>(`${base}/:complaint_id`, async (req, reply) => sendJsonText(reply, 200, await one(req)));
    app.patch<P>(`${base}/:complaint_id`, async (req, reply) => sendJsonText(reply, 200, await patch(req)));
    app.post<P>(base, post);
  }
  for (const base of ['/tenders/:tender_id', '/tenders/:tender_id/awards/:award_id', '/tenders/:tender_id/qualifications/:qualification_id', '/tenders/:tender_id/cancellations/:cancellation_id']) {
    registerDocumentRoutes(app, deps, documentContainer(`${base}/complaints/:complaint_id/documents`));
  }
}
