// /tenders/{tender_id}/awards[/{award_id}] and the award documents container (below-threshold.md §3.6).
import { TENDER_DOCUMENT_AGGREGATE } from '../tender-documents.ts';
import type { FastifyInstance } from 'fastify';
import type { AppDeps, RequestCtx } from '../../context.ts';
import { requestCtx } from '../../context.ts';
import { baseUrl, requireDataObject, sendJsonText } from '../../http/envelope.ts';
import { dataError, permissionDenied } from '../../http/errors.ts';
import { isOwner } from '../../auth/owner-token.ts';
import type { DocumentContainer } from '../../documents/document-container.ts';
import { registerDocumentRoutes } from '../../documents/document.routes.ts';
import { renderDocumentUrl } from '../../documents/document-urls.ts';
import { withPublicComplaints, withResponsesShown } from '../tender.view.ts';
import { compact } from '../../http/compact.ts';
import { loadTender } from '../tender.repository.ts';
import { findAward } from '../award-ref.ts';
import { createAward, patchAward } from '../award.service.ts';
import { assertMilestonesServed, awardMilestonesOf, createAwardMilestone, findAwardMilestone } from '../award-milestone.service.ts';
import { awardsOf, type Award, type DocumentRecord, type Tender } from '../tender.types.ts';
import { API_PREFIX } from '../../http/api-prefix.ts';
import { procedureOf } from '../procedure-of.ts';

type P = { Params: { tender_id: string; award_id: string } };

/** An award as its endpoints show it: as embedded in the tender, its claims without owners or tokens. */
function awardView(ctx: RequestCtx, tender: Tender, award: Award): Record<string, unknown> {
  return compact(withResponsesShown(withPublicComplaints(award as unknown as Record<string, unknown>, (d) => renderDocumentUrl(ctx.deps, tender.id, d)), tender)) as Record<string, unknown>;
}

export function awardDocumentContainer(): DocumentContainer<Tender> {
  return {
    route: '/tenders/:tender_id/awards/:award_id/documents',
    aggregate: TENDER_DOCUMENT_AGGREGATE,
    item: 'award',
    stampsAuthor: true,
    locate: (_ctx, tender, params) => {
      const award = findAward(tender, params.award_id!);
      return { holder: award as Record<string, unknown>, key: 'documents', collectionPath: `/tenders/${tender.id}/awards/${award.id}/documents` };
    },
    writerRole(ctx, tender, _ref, forDelete) {
      if (!forDelete && ctx.principal.role === 'bots') return 'bots';
      if (!isOwner(ctx, tender)) throw permissionDenied();
      return 'tender_owner';
    },
    assertWritable(ctx, tender, ref, role, op) {
      procedureOf(ctx.deps.procedures, tender).awarding.assertDocumentWritable(tender, ref.holder as Award, role, op);
    },
    validateDocument(_ctx, _tender, ref, doc: DocumentRecord, batch) {
      // One decision signature per award; its own new versions are fine.
      if (doc.documentType !== 'notice') return;
      const existing = [...((ref.holder as Award).documents ?? []), ...batch].filter((d) => d.documentType === 'notice' && d.id !== doc.id);
      if (existing.length > 0) throw dataError('documents', 'Notice document already exists in award');
    },
    mayReadConfidential: (ctx, tender) => isOwner(ctx, tender),
  };
}

export function registerAwardRoutes(app: FastifyInstance, deps: AppDeps): void {
  registerAwardMilestoneRoutes(app, deps);
  const base = `${API_PREFIX}/tenders/:tender_id/awards`;
  app.get<P>(base, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const { tender } = await loadTender(ctx, req.params.tender_id);
    return sendJsonText(reply, 200, JSON.stringify({ data: awardsOf(tender).map((a) => awardView(ctx, tender, a)) }));
  });
  app.post<P>(base, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const loaded = await loadTender(ctx, req.params.tender_id);
    const { tender, award } = await createAward(ctx, procedureOf(deps.procedures, loaded.tender), loaded, () => requireDataObject(req));
    reply.header('Location', `${baseUrl(req, deps.config.publicUrl)}${API_PREFIX}/tenders/${tender.id}/awards/${award.id}`);
    return sendJsonText(reply, 201, JSON.stringify({ data: awardView(ctx, tender, award) }));
  });
  app.get<P>(`${base}/:award_id`, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const { tender } = await loadTender(ctx, req.params.tender_id);
    return sendJsonText(reply, 200, JSON.stringify({ data: awardView(ctx, tender, findAward(tender, req.params.award_id)) }));
  });
  app.patch<P>(`${base}/:award_id`, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const loaded = await loadTender(ctx, req.params.tender_id);
    const { tender, award } = await patchAward(ctx, procedureOf(deps.procedures, loaded.tender), loaded, req.params.award_id, () => requireDataObject(req));
    return sendJsonText(reply, 200, JSON.stringify({ data: awardView(ctx, tender, award) }));
  });
  registerDocumentRoutes(app, deps, awardDocumentContainer());
}

type MP = { Params: { tender_id: string; award_id: string; milestone_id: string } };

/** `/awards/{award_id}/milestones[/{milestone_id}]`: the owner's milestones on a pending award. */
function registerAwardMilestoneRoutes(app: FastifyInstance, deps: AppDeps): void {
  const base = `${API_PREFIX}/tenders/:tender_id/awards/:award_id/milestones`;
  async function load(req: { params: MP['Params'] } & Parameters<typeof requestCtx>[1]) {
    const ctx = requestCtx(deps, req);
    const loaded = await loadTender(ctx, req.params.tender_id);
    assertMilestonesServed(ctx, loaded.tender);
    return { ctx, loaded };
  }
  app.get<MP>(base, async (req, reply) => {
    const { loaded } = await load(req);
    return sendJsonText(reply, 200, JSON.stringify({ data: awardMilestonesOf(findAward(loaded.tender, req.params.award_id) as Award) }));
  });
  app.get<MP>(`${base}/:milestone_id`, async (req, reply) => {
    const { loaded } = await load(req);
    return sendJsonText(reply, 200, JSON.stringify({ data: findAwardMilestone(findAward(loaded.tender, req.params.award_id) as Award, req.params.milestone_id) }));
  });
  app.post<MP>(base, async (req, reply) => {
    const { ctx, loaded } = await load(req);
    const { tender, milestone } = await createAwardMilestone(ctx, loaded, req.params.award_id, requireDataObject(req));
    reply.header('Location', `${baseUrl(req, deps.config.publicUrl)}${API_PREFIX}/tenders/${tender.id}/awards/${req.params.award_id}/milestones/${milestone.id}`);
    return sendJsonText(reply, 201, JSON.stringify({ data: milestone }));
  });
}
