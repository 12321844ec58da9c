// Claims: /tenders/{tender_id}/complaints[/{complaint_id}] (stored tender-level claims) and
// /tenders/{tender_id}/awards/{award_id}/complaints[/{complaint_id}], with their documents.
import { TENDER_DOCUMENT_AGGREGATE } from '../tender-documents.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps, RequestCtx } from '../../context.ts';
import { requestCtx } from '../../context.ts';
import { baseUrl, requireDataObject, sendJsonText } from '../../http/envelope.ts';
import { ApiError, forbidden, permissionDenied } from '../../http/errors.ts';
import { genericError } from '../../http/error-handler.ts';
import { renderDocumentUrl } from '../../documents/document-urls.ts';
import type { DocumentContainer } from '../../documents/document-container.ts';
import { registerDocumentRoutes } from '../../documents/document.routes.ts';
import { loadTenderFor } from '../tender.repository.ts';
import { findAward } from '../award-ref.ts';
import { CLAIM_DOCUMENT_STATUSES_BY_ROLE, assertAwardLotActive, claimsOf, findClaim } from '../claim.rules.ts';
import { claimActorOf, claimHolder, claimPath, createAwardClaim, patchClaim, type ClaimPlace } from '../claim.service.ts';
import { claimView } from '../claim.view.ts';
import type { Claim, Tender } from '../tender.types.ts';
import { API_PREFIX } from '../../http/api-prefix.ts';
import { procedureOf, procedureWith } from '../procedure-of.ts';

type Params = { tender_id: string; award_id?: string; complaint_id: string };
type P = { Params: Params };

const placeOf = (params: Readonly<Record<string, string | undefined>>): ClaimPlace => (params.award_id === undefined ? {} : { awardId: params.award_id });
const data = (v: unknown): string => JSON.stringify({ data: v });

function view(ctx: RequestCtx, tender: Tender, claim: Claim, place: ClaimPlace): Record<string, unknown> {
  return claimView(claim, (d) => renderDocumentUrl(ctx.deps, tender.id, d), { hideAuthor: place.awardId === undefined });
}

/** Statuses of the tender in which claim documents change (award claims: the awarding statuses). */
function claimDocumentTenderStatuses(ctx: RequestCtx, tender: Tender, place: ClaimPlace): readonly string[] {
  const rules = procedureOf(ctx.deps.procedures, tender).claims;
  return place.awardId === undefined ? rules.tenderClaimStatuses : rules.awardClaimStatuses;
}

function claimDocumentContainer(route: string): DocumentContainer<Tender> {
  const locateClaim = (tender: Tender, params: Readonly<Record<string, string>>) => findClaim(claimHolder(tender, placeOf(params)), params.complaint_id!);
  return {
    route,
    aggregate: TENDER_DOCUMENT_AGGREGATE,
    item: 'complaint',
    stampsAuthor: true,
    locate: (ctx, tender, params) => {
      procedureWith(ctx.deps.procedures, tender, 'claims');
      return {
        holder: locateClaim(tender, params) as Record<string, unknown>,
        key: 'documents',
        collectionPath: `${claimPath(tender, placeOf(params), params.complaint_id!)}/documents`,
      };
    },
    writerRole(ctx, tender, ref) {
      const role = claimActorOf(ctx, tender, ref.holder as Claim);
      if (role === null) throw permissionDenied();
      return role;
    },
    assertWritable(ctx, tender, ref, role, op) {
      const place = placeOf(ctx.req.params as Record<string, string>);
      if (!claimDocumentTenderStatuses(ctx, tender, place).includes(tender.status)) throw forbidden(`Can't ${op} document in current (${tender.status}) tender status`);
      if (place.awardId !== undefined) assertAwardLotActive(tender, findAward(tender, place.awardId), `Can ${op} document only in active lot status`);
      const status = (ref.holder as Claim).status;
      if (!(CLAIM_DOCUMENT_STATUSES_BY_ROLE[role] ?? []).includes(status)) throw forbidden(`Can't ${op} document in current (${status}) complaint status`);
    },
    mayReadConfidential: (ctx, tender, ref) => claimActorOf(ctx, tender, ref.holder as Claim) !== null,
  };
}

export function registerClaimRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tenderClaims = `${API_PREFIX}/tenders/:tender_id/complaints`;
  const awardClaims = `${API_PREFIX}/tenders/:tender_id/awards/:award_id/complaints`;

  const list = async (req: FastifyRequest<P>) => {
    const ctx = requestCtx(deps, req);
    const { tender } = await loadTenderFor(ctx, req.params.tender_id, 'claims');
    const place = placeOf(req.params);
    return data(claimsOf(claimHolder(tender, place)).map((c) => view(ctx, tender, c, place)));
  };
  const one = async (req: FastifyRequest<P>) => {
    const ctx = requestCtx(deps, req);
    const { tender } = await loadTenderFor(ctx, req.params.tender_id, 'claims');
    const place = placeOf(req.params);
    return data(view(ctx, tender, findClaim(claimHolder(tender, place), req.params.complaint_id), place));
  };
  const patch = async (req: FastifyRequest<P>) => {
    const ctx = requestCtx(deps, req);
    const loaded = await loadTenderFor(ctx, req.params.tender_id, 'claims');
    const place = placeOf(req.params);
    const { tender, claim } = await patchClaim(ctx, procedureOf(deps.procedures, loaded.tender), loaded, place, req.params.complaint_id, () => requireDataObject(req));
    return data(view(ctx, tender, claim, place));
  };

  for (const base of [tenderClaims, awardClaims]) {
    app.get<P>(base, async (req, reply) => sendJsonText(reply, 200, await list(req)));
    app.get<P>(`${base}/:complaint_id`, async (req, reply) => sendJsonText(reply, 200, await one(req)));
    app.patch<P>(`${base}/:complaint_id`, async (req, reply) => sendJsonText(reply, 200, await patch(req)));
  }
  // Tender-level claims can no longer be filed (below-threshold.md §3.3): no such route.
  app.post<P>(tenderClaims, async () => {
    throw new ApiError(404, [genericError(404)]);
  });
  app.post<P>(awardClaims, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const loaded = await loadTenderFor(ctx, req.params.tender_id, 'claims');
    const awardId = req.params.award_id!;
    const { tender, claim, access } = await createAwardClaim(ctx, procedureOf(deps.procedures, loaded.tender), loaded, awardId, () => requireDataObject(req));
    reply.header('Location', `${baseUrl(req, deps.config.publicUrl)}${API_PREFIX}${claimPath(tender, { awardId }, claim.id)}`);
    return sendJsonText(reply, 201, JSON.stringify({ data: view(ctx, tender, claim, { awardId }), access }));
  });

  registerDocumentRoutes(app, deps, claimDocumentContainer('/tenders/:tender_id/complaints/:complaint_id/documents'));
  registerDocumentRoutes(app, deps, claimDocumentContainer('/tenders/:tender_id/awards/:award_id/complaints/:complaint_id/documents'));
}
