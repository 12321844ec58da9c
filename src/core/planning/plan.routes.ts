// /api/2.5/plans (plans.md §3): the feed, create, read, PATCH, raw revisions, and the field history
// under /history/plans. Documents, milestones and tender links register their own routes.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../context.ts';
import { requestCtx } from '../context.ts';
import { assertSupportedBody, baseUrl, requireDataObject, sendJsonText, withRequestedPublicModified } from '../http/envelope.ts';
import { notFound, permissionDenied } from '../http/errors.ts';
import { readFeedPage } from '../storage/feed-page.ts';
import { API_PREFIX } from '../http/api-prefix.ts';
import { isAdministrator } from '../auth/principal.ts';
import { loadPlan, publicPlanText } from './plan.repository.ts';
import { createPlan, patchPlan } from './plan.service.ts';
import { PLAN_FEED_FIELDS } from './plan.view.ts';
import { fieldHistory } from './plan-history.ts';
import { registerPlanTenderRoutes } from './plan-tender.routes.ts';
import { registerPlanDocumentRoutes } from './plan-document.routes.ts';
import { registerPlanMilestoneRoutes } from './plan-milestone.routes.ts';

type P = { Params: { plan_id: string } };

const planEnvelope = (publicText: string, extra = ''): string => `{"data":${publicText}${extra}}`;

export function registerPlanRoutes(app: FastifyInstance, deps: AppDeps): void {
  const base = `${API_PREFIX}/plans`;
  app.get(base, async (req, reply) => {
    const page = await readFeedPage({
      store: deps.store,
      collection: 'plans',
      query: req.query as Record<string, string>,
      basePath: base,
      baseUrl: baseUrl(req, deps.config.publicUrl),
      optFieldsWhitelist: PLAN_FEED_FIELDS,
      watermarkSeconds: deps.config.feedWatermarkSeconds,
    });
    return sendJsonText(reply, 200, JSON.stringify(page));
  });

  app.post(base, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    assertSupportedBody(req);
    const { plan, access } = await createPlan(ctx, () => requireDataObject(req));
    reply.header('Location', `${baseUrl(req, deps.config.publicUrl)}${base}/${plan.id}`);
    return sendJsonText(reply, 201, planEnvelope(publicPlanText(ctx, plan), `,"access":${JSON.stringify(access)}`));
  });

  app.get<P>(`${base}/:plan_id`, async (req, reply) => {
    const stored = await deps.store.getPublic('plans', req.params.plan_id);
    if (!stored) throw notFound('plan_id');
    return sendJsonText(reply, 200, planEnvelope(withRequestedPublicModified(stored.publicText, req.query as Record<string, unknown>, stored.publicModified)));
  });

  app.patch<P>(`${base}/:plan_id`, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const loaded = await loadPlan(ctx, req.params.plan_id);
    const saved = await patchPlan(ctx, loaded, () => requireDataObject(req));
    return sendJsonText(reply, 200, planEnvelope(publicPlanText(ctx, saved)));
  });

  app.get<P>(`${base}/:plan_id/revisions`, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const { plan } = await loadPlan(ctx, req.params.plan_id);
    if (!isAdministrator(ctx.principal)) throw permissionDenied();
    const revisions = await deps.store.revisions('plans', plan.id);
    return sendJsonText(reply, 200, JSON.stringify({ data: { revisions, id: plan.id } }));
  });

  app.get<P & { Querystring: Record<string, string> }>(`${API_PREFIX}/history/plans/:plan_id`, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const { plan } = await loadPlan(ctx, req.params.plan_id);
    const revisions = await deps.store.revisions('plans', plan.id);
    const changes = fieldHistory(plan as unknown as Record<string, unknown>, revisions, 'rationale');
    const descending = typeof req.query.descending === 'string' && req.query.descending !== '';
    return sendJsonText(reply, 200, JSON.stringify({ data: { changes: descending ? changes.reverse() : changes } }));
  });

  registerPlanTenderRoutes(app, deps);
  registerPlanDocumentRoutes(app, deps);
  registerPlanMilestoneRoutes(app, deps);
}
