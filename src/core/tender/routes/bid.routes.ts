// /tenders/{tender_id}/bids[/{bid_id}] (bid documents are registered by the documents module).
import type { FastifyInstance } from 'fastify';
import type { AppDeps, RequestCtx } from '../../context.ts';
import { requestCtx } from '../../context.ts';
import { baseUrl, requireDataObject, sendJsonText } from '../../http/envelope.ts';
import { renderDocumentUrl } from '../../documents/document-urls.ts';
import { loadTenderFor } from '../tender.repository.ts';
import { createBid, deleteBid, isBidOwner, patchBid, readableBid, readableBids } from '../bid.service.ts';
import { ownerBidView, publicBidView } from '../bid.view.ts';
import { responsesViewOf } from '../criteria/response.view.ts';
import type { Bid, Tender } from '../tender.types.ts';
import { API_PREFIX } from '../../http/api-prefix.ts';
import { isOwner } from '../../auth/owner-token.ts';
import { procedureOf } from '../procedure-of.ts';

type P = { Params: { tender_id: string; bid_id: string } };

function view(ctx: RequestCtx, tender: Tender, bid: Bid, asOwner: boolean): Record<string, unknown> {
  // The bidder, and the buyer once bids are open, read confidential documents by their API download
  // url; others get none (platform.md §6.5).
  const procedure = procedureOf(ctx.deps.procedures, tender);
  const entitled = asOwner || (isOwner(ctx, tender) && !procedure.views.sealedStatuses.includes(tender.status));
  const render = (d: Parameters<typeof renderDocumentUrl>[2]) =>
    d.confidentiality === 'buyerOnly' ? (entitled && d.url ? `${baseUrl(ctx.req, ctx.deps.config.publicUrl)}${API_PREFIX}${d.url}` : undefined) : renderDocumentUrl(ctx.deps, tender.id, d);
  const responses = responsesViewOf(tender);
  if (asOwner) return ownerBidView(bid, render, responses);
  const fields = procedure.views.bidFields?.(tender);
  return publicBidView(bid, render, responses, fields && { fields, tenderStatus: tender.status });
}

export function registerBidRoutes(app: FastifyInstance, deps: AppDeps): void {
  const base = `${API_PREFIX}/tenders/:tender_id/bids`;

  app.get<P>(base, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const { tender } = await loadTenderFor(ctx, req.params.tender_id, 'bids');
    const bids = readableBids(procedureOf(deps.procedures, tender), tender);
    return sendJsonText(reply, 200, JSON.stringify({ data: bids.map((b) => view(ctx, tender, b, isBidOwner(ctx, b))) }));
  });
  app.post<P>(base, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const loaded = await loadTenderFor(ctx, req.params.tender_id, 'bids');
    const { tender, bid, access } = await createBid(ctx, procedureOf(deps.procedures, loaded.tender), loaded, () => requireDataObject(req));
    reply.header('Location', `${baseUrl(req, deps.config.publicUrl)}${API_PREFIX}/tenders/${tender.id}/bids/${bid.id}`);
    return sendJsonText(reply, 201, JSON.stringify({ data: view(ctx, tender, bid, true), access }));
  });
  app.get<P>(`${base}/:bid_id`, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const { tender } = await loadTenderFor(ctx, req.params.tender_id, 'bids');
    const { bid, asOwner } = readableBid(ctx, procedureOf(deps.procedures, tender), tender, req.params.bid_id);
    return sendJsonText(reply, 200, JSON.stringify({ data: view(ctx, tender, bid, asOwner) }));
  });
  app.patch<P>(`${base}/:bid_id`, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const loaded = await loadTenderFor(ctx, req.params.tender_id, 'bids');
    const { tender, bid } = await patchBid(ctx, procedureOf(deps.procedures, loaded.tender), loaded, req.params.bid_id, () => requireDataObject(req));
    return sendJsonText(reply, 200, JSON.stringify({ data: view(ctx, tender, bid, true) }));
  });
  app.delete<P>(`${base}/:bid_id`, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const loaded = await loadTenderFor(ctx, req.params.tender_id, 'bids');
    const bid = await deleteBid(ctx, loaded, req.params.bid_id);
    return sendJsonText(reply, 200, JSON.stringify({ data: view(ctx, loaded.tender, bid, true) }));
  });
}
