// /tenders/{tender_id}/lots[/{lot_id}]
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../context.ts';
import { requestCtx } from '../../context.ts';
import { baseUrl, requireDataObject, sendJsonText } from '../../http/envelope.ts';
import { notFound } from '../../http/errors.ts';
import { compact } from '../../http/compact.ts';
import { loadTenderFor } from '../tender.repository.ts';
import { createLot, deleteLot, findLot, patchLot } from '../lot.service.ts';
import { API_PREFIX } from '../../http/api-prefix.ts';
import { procedureWith } from '../procedure-of.ts';
import type { Tender } from '../tender.types.ts';

type P = { Params: { tender_id: string; lot_id: string } };
const data = (v: unknown): string => JSON.stringify({ data: compact(v) });

export function registerLotRoutes(app: FastifyInstance, deps: AppDeps): void {
  const procedureOf = (t: Tender) => procedureWith(deps.procedures, t, 'lots');
  const base = `${API_PREFIX}/tenders/:tender_id/lots`;

  app.get<P>(base, async (req, reply) => {
    const { tender } = await loadTenderFor(requestCtx(deps, req), req.params.tender_id, 'lots');
    return sendJsonText(reply, 200, data(tender.lots ?? []));
  });
  app.post<P>(base, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const loaded = await loadTenderFor(ctx, req.params.tender_id, 'lots');
    const { tender, lot } = await createLot(ctx, procedureOf(loaded.tender), loaded, () => requireDataObject(req));
    reply.header('Location', `${baseUrl(req, deps.config.publicUrl)}${API_PREFIX}/tenders/${tender.id}/lots/${lot.id}`);
    return sendJsonText(reply, 201, data(lot));
  });
  app.get<P>(`${base}/:lot_id`, async (req, reply) => {
    const { tender } = await loadTenderFor(requestCtx(deps, req), req.params.tender_id, 'lots');
    return sendJsonText(reply, 200, data(findLot(tender, req.params.lot_id)));
  });
  app.patch<P>(`${base}/:lot_id`, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const loaded = await loadTenderFor(ctx, req.params.tender_id, 'lots');
    const { lot } = await patchLot(ctx, procedureOf(loaded.tender), loaded, req.params.lot_id, () => requireDataObject(req));
    return sendJsonText(reply, 200, data(lot));
  });
  app.delete<P>(`${base}/:lot_id`, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const loaded = await loadTenderFor(ctx, req.params.tender_id, 'lots');
    const lot = await deleteLot(ctx, procedureOf(loaded.tender), loaded, req.params.lot_id);
    return sendJsonText(reply, 200, data(lot));
  });
}
