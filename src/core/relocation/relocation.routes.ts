// Relocation (platform.md §3.6): /transfers, and the ownership endpoints of tenders, plans and
// contracts.
import type { FastifyInstance } from 'fastify';
import type { AppDeps, RequestCtx } from '../context.ts';
import { requestCtx } from '../context.ts';
import { API_PREFIX } from '../http/api-prefix.ts';
import { assertSupportedBody, requireDataObject, sendJsonText } from '../http/envelope.ts';
import { loadContract } from '../contracting/contract.repository.ts';
import { linkedTenderID, loadPlan } from '../planning/plan.repository.ts';
import { loadTender } from '../tender/tender.repository.ts';
import { changeOwnership, type OwnedObject } from './ownership.service.ts';
import { ownedContract, ownedPlan, ownedTender } from './owned-objects.ts';
import { createTransfer, readTransfer } from './transfer.service.ts';

export function registerRelocationRoutes(app: FastifyInstance, deps: AppDeps): void {
  const transfers = `${API_PREFIX}/transfers`;

  // No Location header: the reference gives none for transfers (platform.md §2).
  app.post(transfers, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    assertSupportedBody(req);
    const { view, access } = await createTransfer(ctx, () => requireDataObject(req));
    return sendJsonText(reply, 201, JSON.stringify({ data: view, access }));
  });

  app.get<{ Params: { transfer_id: string } }>(`${transfers}/:transfer_id`, async (req, reply) => {
    const view = await readTransfer(requestCtx(deps, req), req.params.transfer_id);
    return sendJsonText(reply, 200, JSON.stringify({ data: view }));
  });

  const ownership = (path: string, owned: (ctx: RequestCtx, params: Record<string, string>) => Promise<OwnedObject>): void => {
    app.post(`${API_PREFIX}${path}/ownership`, async (req, reply) => {
      const ctx = requestCtx(deps, req);
      const target = await owned(ctx, req.params as Record<string, string>);
      assertSupportedBody(req);
      const result = await changeOwnership(ctx, target, () => requireDataObject(req));
      return sendJsonText(reply, 200, JSON.stringify({ data: result }));
    });
  };
  ownership('/tenders/:tender_id', async (ctx, p) => ownedTender(ctx, await loadTender(ctx, String(p.tender_id))));
  ownership('/plans/:plan_id', async (ctx, p) => {
    const loaded = await loadPlan(ctx, String(p.plan_id));
    return ownedPlan(ctx, loaded, await linkedTenderID(ctx, loaded.plan));
  });
  ownership('/contracts/:contract_id', async (ctx, p) => ownedContract(ctx, await loadContract(ctx, String(p.contract_id))));
}
