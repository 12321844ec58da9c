// /tenders/{tender_id}/review_requests[/{review_request_id}] (below-threshold.md §8.1).
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../context.ts';
import { requestCtx } from '../../context.ts';
import { baseUrl, requireDataObject, sendJsonText } from '../../http/envelope.ts';
import { compact } from '../../http/compact.ts';
import { loadTenderFor } from '../tender.repository.ts';
import { findReviewRequest, reviewRequestsOf } from '../review-request.rules.ts';
import { answerReviewRequest, createReviewRequest } from '../review-request.service.ts';
import { API_PREFIX } from '../../http/api-prefix.ts';

type P = { Params: { tender_id: string; review_request_id: string } };
const data = (v: unknown): string => JSON.stringify({ data: compact(v) });

export function registerReviewRequestRoutes(app: FastifyInstance, deps: AppDeps): void {
  const base = `${API_PREFIX}/tenders/:tender_id/review_requests`;

  app.get<P>(base, async (req, reply) => {
    const { tender } = await loadTenderFor(requestCtx(deps, req), req.params.tender_id, 'reviewRequests');
    return sendJsonText(reply, 200, data(reviewRequestsOf(tender)));
  });
  app.post<P>(base, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const loaded = await loadTenderFor(ctx, req.params.tender_id, 'reviewRequests');
    const { tender, request } = await createReviewRequest(ctx, loaded, () => requireDataObject(req));
    reply.header('Location', `${baseUrl(req, deps.config.publicUrl)}${API_PREFIX}/tenders/${tender.id}/review_requests/${request.id}`);
    return sendJsonText(reply, 201, data(request));
  });
  app.get<P>(`${base}/:review_request_id`, async (req, reply) => {
    const { tender } = await loadTenderFor(requestCtx(deps, req), req.params.tender_id, 'reviewRequests');
    return sendJsonText(reply, 200, data(findReviewRequest(tender, req.params.review_request_id)));
  });
  app.patch<P>(`${base}/:review_request_id`, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const loaded = await loadTenderFor(ctx, req.params.tender_id, 'reviewRequests');
    return sendJsonText(reply, 200, data(await answerReviewRequest(ctx, loaded, req.params.review_request_id, () => requireDataObject(req))));
  });
}
