// Routes between plans and tenders (plans.md §3.8, §3.9): POST /plans/{id}/tenders, and the
// tender's plans under /tenders/{id}/plans.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../context.ts';
import { requestCtx } from '../context.ts';
import { assertSupportedBody, baseUrl, bodyConfig, requireDataObject, sendJsonText } from '../http/envelope.ts';
import { ApiError, notFound, permissionDenied } from '../http/errors.ts';
import { API_PREFIX } from '../http/api-prefix.ts';
import { isBroker } from '../auth/principal.ts';
import { validateOrThrow } from '../validation/request-model.ts';
import { PlanRelationInput } from './plan.schema.ts';
import { loadTender, publicTenderText } from '../tender/tender.repository.ts';
import { tenderEnvelope } from '../tender/routes/tender.routes.ts';
import { loadPlan } from './plan.repository.ts';
import { assertTenderOwnerStrict, createTenderFromPlan, linkPlanToTender } from './plan-tender.service.ts';

export function registerPlanTenderRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post<{ Params: { plan_id: string } }>(`${API_PREFIX}/plans/:plan_id/tenders`, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const loaded = await loadPlan(ctx, req.params.plan_id);
    assertSupportedBody(req);
    if (!isBroker(ctx.principal)) throw permissionDenied();
    const data = requireDataObject(req);
    const procedureOf = (type: unknown) => {
      const procedure = typeof type === 'string' ? deps.procedures.get(type) : undefined;
      // A first-stage type this server does not serve: as POST /tenders answers it.
      if (!procedure) throw notFound('not_found');
      return procedure;
    };
    const { tender, token, transfer } = await createTenderFromPlan(ctx, loaded, data, bodyConfig(req), procedureOf);
    reply.header('Location', `${baseUrl(req, deps.config.publicUrl)}${API_PREFIX}/tenders/${tender.id}`);
    return sendJsonText(reply, 201, tenderEnvelope(publicTenderText(ctx, tender), tender, `,"access":${JSON.stringify({ token, transfer })}`));
  });

  // GET has a hand-written 405 of its own (not the framework's), after the plan lookup (plans.md §3.1, platform.md §2.6).
  app.get<{ Params: { plan_id: string } }>(`${API_PREFIX}/plans/:plan_id/tenders`, async (req) => {
    await loadPlan(requestCtx(deps, req), req.params.plan_id);
    throw new ApiError(405, [{ location: 'url', name: 'method', description: 'Method not allowed' }]);
  });

  app.get<{ Params: { tender_id: string } }>(`${API_PREFIX}/tenders/:tender_id/plans`, async (req, reply) => {
    const { tender } = await loadTender(requestCtx(deps, req), req.params.tender_id);
    return sendJsonText(reply, 200, JSON.stringify({ data: tender.plans ?? [] }));
  });

  app.post<{ Params: { tender_id: string } }>(`${API_PREFIX}/tenders/:tender_id/plans`, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const loaded = await loadTender(ctx, req.params.tender_id);
    assertSupportedBody(req);
    if (!isBroker(ctx.principal)) throw permissionDenied();
    assertTenderOwnerStrict(ctx, loaded.tender);
    const relation = validateOrThrow<{ id: string }>(PlanRelationInput, requireDataObject(req), ctx, false);
    const plans = await linkPlanToTender(ctx, loaded, relation);
    return sendJsonText(reply, 200, JSON.stringify({ data: plans }));
  });
}
