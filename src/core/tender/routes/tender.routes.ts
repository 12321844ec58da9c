// /api/2.5/tenders and /api/2.5/tenders/{tender_id}: feed, create, read, owner PATCH.
import { API_PREFIX } from '../../http/api-prefix.ts';
import { ocdsReleasePackage } from '../../ocds/ocds-snapshot.ts';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../context.ts';
import { requestCtx } from '../../context.ts';
import { baseUrl, bodyConfig, publicEnvelope, requireDataObject, sendJsonText, withRequestedPublicModified } from '../../http/envelope.ts';
import { notFound } from '../../http/errors.ts';
import { readFeedPage } from '../../storage/feed-page.ts';
import { createTender, patchTender } from '../tender.service.ts';
import { loadTender, publicTenderText } from '../tender.repository.ts';
import { isChronograph } from '../../auth/principal.ts';
import { linkedPlansDonorCheck } from '../../planning/plan-tender.service.ts';
import { readChronographPatch, runChronograph } from '../chronograph.service.ts';
import type { Tender } from '../tender.types.ts';
import { TENDER_FEED_FIELDS, tenderEnvelopeExtra } from '../tender.view.ts';




/** `{"data": <public text>, "config": {...}}` without re-serializing the stored text. */
export function tenderEnvelope(publicText: string, tender: Tender, extra = ''): string {
  return publicEnvelope(publicText, tenderEnvelopeExtra(tender), extra);
}

export function registerTenderRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get(`${API_PREFIX}/tenders`, async (req, reply) => {
    const page = await readFeedPage({
      store: deps.store,
      collection: 'tenders',
      query: req.query as Record<string, string>,
      basePath: `${API_PREFIX}/tenders`,
      baseUrl: baseUrl(req, deps.config.publicUrl),
      optFieldsWhitelist: TENDER_FEED_FIELDS,
      watermarkSeconds: deps.config.feedWatermarkSeconds,
      filterable: true,
    });
    return sendJsonText(reply, 200, JSON.stringify(page));
  });

  app.post(`${API_PREFIX}/tenders`, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const data = requireDataObject(req);
    const type = data.procurementMethodType === undefined ? deps.procedures.defaultType : data.procurementMethodType;
    const procedure = typeof type === 'string' ? deps.procedures.get(type) : undefined;
    // Unknown procedure types match no route in the reference (platform.md §1.2).
    if (!procedure) throw notFound('not_found');
    const { tender, token, transfer } = await createTender(ctx, procedure, data, bodyConfig(req), linkedPlansDonorCheck(ctx));
    reply.header('Location', `${baseUrl(req, deps.config.publicUrl)}${API_PREFIX}/tenders/${tender.id}`);
    const access = `,"access":${JSON.stringify({ token, transfer })}`;
    return sendJsonText(reply, 201, tenderEnvelope(publicTenderText(ctx, tender), tender, access));
  });

  app.get<{ Params: { tender_id: string } }>(`${API_PREFIX}/tenders/:tender_id`, async (req, reply) => {
    // Stored texts only: the document itself is not read (the hot path of the API).
    const stored = await deps.store.getPublic('tenders', req.params.tender_id);
    if (!stored) throw notFound('tender_id');
    const q = req.query as Record<string, string>;
    // The OCDS snapshot: a release package instead of the envelope.
    if (typeof q.opt_schema === 'string' && q.opt_schema.toLowerCase().includes('ocds')) {
      const base = baseUrl(req, deps.config.publicUrl);
      const tenderUrl = `${base}${API_PREFIX}/tenders/${req.params.tender_id}`;
      const ocds = ocdsReleasePackage(JSON.parse(stored.publicText) as Record<string, unknown>, { ocidPrefix: deps.config.ocidPrefix, tenderUrl, apiBase: `${base}${API_PREFIX}` });
      return sendJsonText(reply, 200, JSON.stringify(ocds));
    }
    const text = withRequestedPublicModified(stored.publicText, q, stored.publicModified);
    // Rows written before envelope texts were stored: take the config from the document.
    const extra = stored.envelopeExtra !== '' ? stored.envelopeExtra : tenderEnvelopeExtra((await loadTender(requestCtx(deps, req), req.params.tender_id)).tender);
    return sendJsonText(reply, 200, publicEnvelope(text, extra));
  });

  app.patch<{ Params: { tender_id: string } }>(`${API_PREFIX}/tenders/:tender_id`, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const loaded = await loadTender(ctx, req.params.tender_id);
    const procedure = deps.procedures.get(String(loaded.tender.procurementMethodType));
    if (!procedure) throw notFound('tender_id');
    // The chronograph user's PATCH (`{"data": {"id": ...}}`) runs the due events instead of an owner edit.
    if (isChronograph(ctx.principal) && !procedure.modules.has('chronograph')) throw notFound('not_found');
    const saved = isChronograph(ctx.principal)
      ? await runChronograph(ctx, procedure, loaded, readChronographPatch(requireDataObject(req), loaded.tender))
      : await patchTender(ctx, procedure, loaded, () => requireDataObject(req), linkedPlansDonorCheck(ctx));
    return sendJsonText(reply, 200, tenderEnvelope(publicTenderText(ctx, saved), saved));
  });
}
