// /plans/{plan_id}/documents (plans.md §1.10, §3.6): the shared document routes on a plan. Only
// the plan owner writes (no Administrator bypass), no author is stored, documents are frozen once
// the plan is complete or cancelled and deletable only while it is a draft. Every write bumps the
// plan's dateModified (savePlan); no plan status logic runs.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../context.ts';
import { assertSupportedBody } from '../http/envelope.ts';
import { dataError, forbidden } from '../http/errors.ts';
import type { DocumentAggregate, DocumentContainer } from '../documents/document-container.ts';
import { registerDocumentRoutes } from '../documents/document.routes.ts';
import { PlanDocumentInput, PlanDocumentPatch, PlanStoredDocument } from './plan.schema.ts';
import { TERMINAL_PLAN_STATUSES } from './plan.rules.ts';
import { loadPlan, savePlan } from './plan.repository.ts';
import { assertPlanOwner, planRelatedIds } from './plan.service.ts';
import type { Plan } from './plan.types.ts';

/** The plan as the aggregate of its own and its milestones' documents. */
export const PLAN_DOCUMENT_AGGREGATE: DocumentAggregate<Plan> = {
  async load(ctx, params) {
    const { plan, rev } = await loadPlan(ctx, params.plan_id!);
    return { doc: plan, rev };
  },
  async save(ctx, loaded, after) {
    await savePlan(ctx, { plan: loaded.doc, rev: loaded.rev }, after);
  },
  relatedIds: (plan, of) => planRelatedIds(plan)(of),
};

/** Plan and milestone document writes on a complete/cancelled plan (plans.md §2.2): 422, not the plan PATCH's 403. */
export function assertPlanDocumentsWritable(plan: Plan): void {
  if (TERMINAL_PLAN_STATUSES.includes(plan.status)) throw dataError('status', `Can't update plan in '${plan.status}' status`);
}

export const PLAN_DOCUMENT_SCHEMAS = { input: PlanDocumentInput, patch: PlanDocumentPatch, stored: PlanStoredDocument };

export function planDocumentContainer(): DocumentContainer<Plan> {
  return {
    route: '/plans/:plan_id/documents',
    item: 'plan',
    stampsAuthor: false,
    aggregate: PLAN_DOCUMENT_AGGREGATE,
    schemas: PLAN_DOCUMENT_SCHEMAS,
    locate: (_ctx, plan) => ({ holder: plan as unknown as Record<string, unknown>, key: 'documents', collectionPath: `/plans/${plan.id}/documents` }),
    writerRole(ctx, plan, _ref, forDelete) {
      // The reference declares a JSON content type on this DELETE (oddly): a DELETE without it is a 415.
      if (forDelete) assertSupportedBody(ctx.req);
      assertPlanOwner(ctx, plan, false);
      return 'plan_owner';
    },
    assertWritable: (_ctx, plan) => assertPlanDocumentsWritable(plan),
    assertDeletable(_ctx, plan) {
      if (plan.status !== 'draft') throw forbidden(`Can't delete document when plan in current (${plan.status}) status`);
    },
    // Plan documents have no confidentiality (plans.md §1.10).
    mayReadConfidential: () => false,
  };
}

export function registerPlanDocumentRoutes(app: FastifyInstance, deps: AppDeps): void {
  registerDocumentRoutes(app, deps, planDocumentContainer());
}
