// /tenders/{tender_id}/contracts[/{contract_id}]: the read-only mirror of the tender's contracts
// (below-threshold.md §1.14); the contracts themselves are edited under /contracts.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../context.ts';
import { requestCtx } from '../../context.ts';
import { sendJsonText } from '../../http/envelope.ts';
import { notFound } from '../../http/errors.ts';
import { compact } from '../../http/compact.ts';
import { loadTender } from '../tender.repository.ts';
import { contractMirrorsOf } from '../tender.types.ts';
import { API_PREFIX } from '../../http/api-prefix.ts';

type P = { Params: { tender_id: string; contract_id: string } };

export function registerTenderContractRoutes(app: FastifyInstance, deps: AppDeps): void {
  const base = `${API_PREFIX}/tenders/:tender_id/contracts`;
  app.get<P>(base, async (req, reply) => {
    const { tender } = await loadTender(requestCtx(deps, req), req.params.tender_id);
    return sendJsonText(reply, 200, JSON.stringify({ data: contractMirrorsOf(tender).map(compact) }));
  });
  app.get<P>(`${base}/:contract_id`, async (req, reply) => {
    const { tender } = await loadTender(requestCtx(deps, req), req.params.tender_id);
    const contract = contractMirrorsOf(tender).find((c) => c.id === req.params.contract_id);
    if (!contract) throw notFound('contract_id');
    return sendJsonText(reply, 200, JSON.stringify({ data: compact(contract) }));
  });
}
