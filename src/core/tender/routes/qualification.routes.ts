// /tenders/{tender_id}/qualifications[/{qualification_id}] and their documents (open-procedures.md
// §4.3). Procedures without prequalification have no such routes.
import { TENDER_DOCUMENT_AGGREGATE } from '../tender-documents.ts';
import type { FastifyInstance } from 'fastify';
import type { AppDeps, RequestCtx } from '../../context.ts';
import { requestCtx } from '../../context.ts';
import { baseUrl, requireDataObject, sendJsonText } from '../../http/envelope.ts';
import { forbidden, permissionDenied } from '../../http/errors.ts';
import { isOwner } from '../../auth/owner-token.ts';
import type { DocumentContainer } from '../../documents/document-container.ts';
import { registerDocumentRoutes } from '../../documents/document.routes.ts';
import { renderDocumentUrl } from '../../documents/document-urls.ts';
import { compact } from '../../http/compact.ts';
import { API_PREFIX } from '../../http/api-prefix.ts';
import { loadTenderFor } from '../tender.repository.ts';
import { procedureWith } from '../procedure-of.ts';
import { withPublicComplaints, withResponsesShown } from '../tender.view.ts';
import type { Tender } from '../tender.types.ts';
import { qualificationsOf, type Qualification } from '../prequalification/qualification.types.ts';
import { findQualification, patchQualification } from '../prequalification/qualification.service.ts';
import { PREQUALIFICATION } from '../prequalification/prequalification.ts';

type P = { Params: { tender_id: string; qualification_id: string } };

/** A qualification as read: its complaints without owners or tokens, its responses named. */
function qualificationView(ctx: RequestCtx, tender: Tender, q: Qualification): Record<string, unknown> {
  return compact(withResponsesShown(withPublicComplaints(q as Record<string, unknown>, (d) => renderDocumentUrl(ctx.deps, tender.id, d)), tender)) as Record<string, unknown>;
}

function qualificationDocumentContainer(): DocumentContainer<Tender> {
  return {
    route: '/tenders/:tender_id/qualifications/:qualification_id/documents',
    aggregate: TENDER_DOCUMENT_AGGREGATE,
    item: 'qualification',
    stampsAuthor: true,
    locate: (ctx, tender, params) => {
      procedureWith(ctx.deps.procedures, tender, 'qualifications');
      const q = findQualification(tender, params.qualification_id!);
      return { holder: q as Record<string, unknown>, key: 'documents', collectionPath: `/tenders/${tender.id}/qualifications/${q.id}/documents` };
    },
    writerRole(ctx, tender) {
      if (!isOwner(ctx, tender)) throw permissionDenied();
      return 'tender_owner';
    },
    assertWritable(_ctx, tender, ref, _role, op) {
      if (tender.status !== PREQUALIFICATION) throw forbidden(`Can't ${op} document in current (${tender.status}) tender status`);
      if ((ref.holder as Qualification).status !== 'pending') throw forbidden(`Can't ${op} document in current qualification status`);
    },
    assertDeletable() {
      throw forbidden('Forbidden to delete document for qualification');
    },
    mayReadConfidential: (ctx, tender) => isOwner(ctx, tender),
  };
}

export function registerQualificationRoutes(app: FastifyInstance, deps: AppDeps): void {
  const base = `${API_PREFIX}/tenders/:tender_id/qualifications`;
  app.get<P>(base, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const { tender } = await loadTenderFor(ctx, req.params.tender_id, 'qualifications');
    return sendJsonText(reply, 200, JSON.stringify({ data: qualificationsOf(tender).map((q) => qualificationView(ctx, tender, q)) }));
  });
  app.get<P>(`${base}/:qualification_id`, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const { tender } = await loadTenderFor(ctx, req.params.tender_id, 'qualifications');
    return sendJsonText(reply, 200, JSON.stringify({ data: qualificationView(ctx, tender, findQualification(tender, req.params.qualification_id)) }));
  });
  app.patch<P>(`${base}/:qualification_id`, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const loaded = await loadTenderFor(ctx, req.params.tender_id, 'qualifications');
    const { tender, qualification, appended } = await patchQualification(ctx, loaded, req.params.qualification_id, requireDataObject(req));
    // A reopened decision names the fresh pending qualification.
    if (appended) reply.header('Location', `${baseUrl(req, deps.config.publicUrl)}${API_PREFIX}/tenders/${tender.id}/qualifications/${appended.id}`);
    return sendJsonText(reply, 200, JSON.stringify({ data: qualificationView(ctx, tender, qualification) }));
  });
  registerDocumentRoutes(app, deps, qualificationDocumentContainer());
}
