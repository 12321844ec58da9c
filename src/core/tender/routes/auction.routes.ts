// /tenders/{tender_id}/auction[/{auction_lot_id}] (below-threshold.md §3.5), the `auction` user only.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../context.ts';
import { requestCtx } from '../../context.ts';
import { requireDataObject, sendJsonText } from '../../http/envelope.ts';
import { readAuction, reportAuctionResults, setAuctionUrls } from '../auction.service.ts';
import { auctionBodyText } from '../auction.view.ts';
import { loadTenderFor } from '../tender.repository.ts';
import { API_PREFIX } from '../../http/api-prefix.ts';
import { procedureOf } from '../procedure-of.ts';

type P = { Params: { tender_id: string; auction_lot_id?: string } };

const lotOf = (req: FastifyRequest<P>): string | null => req.params.auction_lot_id ?? null;

export function registerAuctionRoutes(app: FastifyInstance, deps: AppDeps): void {
  const base = `${API_PREFIX}/tenders/:tender_id/auction`;

  app.get<P>(base, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const { tender } = await loadTenderFor(ctx, req.params.tender_id, 'auction');
    return sendJsonText(reply, 200, auctionBodyText(readAuction(ctx, tender), procedureOf(deps.procedures, tender).views));
  });
  for (const path of [base, `${base}/:auction_lot_id`]) {
    app.patch<P>(path, async (req, reply) => {
      const ctx = requestCtx(deps, req);
      const loaded = await loadTenderFor(ctx, req.params.tender_id, 'auction');
      const saved = await setAuctionUrls(ctx, procedureOf(deps.procedures, loaded.tender), loaded, lotOf(req), () => requireDataObject(req));
      return sendJsonText(reply, 200, auctionBodyText(saved, procedureOf(deps.procedures, saved).views));
    });
    app.post<P>(path, async (req, reply) => {
      const ctx = requestCtx(deps, req);
      const loaded = await loadTenderFor(ctx, req.params.tender_id, 'auction');
      const saved = await reportAuctionResults(ctx, procedureOf(deps.procedures, loaded.tender), loaded, lotOf(req), () => requireDataObject(req));
      return sendJsonText(reply, 200, auctionBodyText(saved, procedureOf(deps.procedures, saved).views));
    });
  }
}
