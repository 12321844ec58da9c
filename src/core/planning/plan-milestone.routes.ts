// /plans/{plan_id}/milestones (plans.md §3.7): POST by any broker, GET one, PATCH by the milestone
// owner; GET on the collection is the framework's 405 (no such view). Milestone documents use the
// shared document routes: the milestone owner writes, nothing is deleted (405), and each write moves
// the milestone's and the plan's dateModified.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../context.ts';
import { requestCtx } from '../context.ts';
import { assertSupportedBody, baseUrl, requireDataObject, sendJsonText } from '../http/envelope.ts';
import { API_PREFIX } from '../http/api-prefix.ts';
import { isBroker } from '../auth/principal.ts';
import { permissionDenied } from '../http/errors.ts';
import type { DocumentContainer } from '../documents/document-container.ts';
import { registerDocumentRoutes } from '../documents/document.routes.ts';
import { loadPlan, planApiBase } from './plan.repository.ts';
import { milestoneView } from './plan.view.ts';
import { PLAN_DOCUMENT_AGGREGATE, PLAN_DOCUMENT_SCHEMAS, assertPlanDocumentsWritable } from './plan-document.routes.ts';
import { assertMilestoneOwner, createMilestone, findMilestone, patchMilestone } from './plan-milestone.service.ts';
import type { Plan, PlanMilestone } from './plan.types.ts';

type MilestoneParams = { Params: { plan_id: string; milestone_id: string } };

function milestoneDocumentContainer(): DocumentContainer<Plan> {
  return {
    route: '/plans/:plan_id/milestones/:milestone_id/documents',
    item: 'milestone',
    stampsAuthor: false,
    aggregate: PLAN_DOCUMENT_AGGREGATE,
    schemas: PLAN_DOCUMENT_SCHEMAS,
    locate(_ctx, plan, params) {
      const milestone = findMilestone(plan, params.milestone_id!);
      return { holder: milestone as unknown as Record<string, unknown>, key: 'documents', collectionPath: `/plans/${plan.id}/milestones/${milestone.id}/documents` };
    },
    writerRole(ctx, _plan, ref) {
      if (!isBroker(ctx.principal)) throw permissionDenied();
      assertMilestoneOwner(ctx, ref.holder as unknown as PlanMilestone);
      return 'milestone_owner';
    },
    assertWritable: (_ctx, plan) => assertPlanDocumentsWritable(plan),
    servesDelete: false,
    afterWrite(ctx, _plan, ref) {
      // The plan's dateModified moves on save; the milestone's moves with it (plans.md §2.3).
      (ref.holder as unknown as PlanMilestone).dateModified = ctx.nowIso;
    },
    mayReadConfidential: () => false,
  };
}

export function registerPlanMilestoneRoutes(app: FastifyInstance, deps: AppDeps): void {
  const collection = `${API_PREFIX}/plans/:plan_id/milestones`;
  const envelope = (milestone: PlanMilestone, extra = ''): string => `{"data":${JSON.stringify(milestoneView(milestone, planApiBase(deps)))}${extra}}`;

  app.post<{ Params: { plan_id: string } }>(collection, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const loaded = await loadPlan(ctx, req.params.plan_id);
    assertSupportedBody(req);
    const { milestone, access } = await createMilestone(ctx, loaded, () => requireDataObject(req));
    reply.header('Location', `${baseUrl(req, deps.config.publicUrl)}${API_PREFIX}/plans/${loaded.plan.id}/milestones/${milestone.id}`);
    return sendJsonText(reply, 201, envelope(milestone, `,"access":${JSON.stringify(access)}`));
  });

  app.get<MilestoneParams>(`${collection}/:milestone_id`, async (req, reply) => {
    const { plan } = await loadPlan(requestCtx(deps, req), req.params.plan_id);
    return sendJsonText(reply, 200, envelope(findMilestone(plan, req.params.milestone_id)));
  });

  app.patch<MilestoneParams>(`${collection}/:milestone_id`, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const loaded = await loadPlan(ctx, req.params.plan_id);
    assertSupportedBody(req);
    const milestone = await patchMilestone(ctx, loaded, req.params.milestone_id, () => requireDataObject(req));
    return sendJsonText(reply, 200, envelope(milestone));
  });

  registerDocumentRoutes(app, deps, milestoneDocumentContainer());
}
