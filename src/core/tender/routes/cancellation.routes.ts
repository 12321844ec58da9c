// /tenders/{tender_id}/cancellations[/{cancellation_id}] and the cancellation documents container.
import { TENDER_DOCUMENT_AGGREGATE } from '../tender-documents.ts';
import type { FastifyInstance } from 'fastify';
import type { AppDeps, RequestCtx } from '../../context.ts';
import { requestCtx } from '../../context.ts';
import { baseUrl, requireDataObject, sendJsonText } from '../../http/envelope.ts';
import { permissionDenied } from '../../http/errors.ts';
import { isOwner } from '../../auth/owner-token.ts';
import { renderDocumentUrl } from '../../documents/document-urls.ts';
import { containerDocuments, type DocumentContainer } from '../../documents/document-container.ts';
import { registerDocumentRoutes } from '../../documents/document.routes.ts';
import { compact } from '../../http/compact.ts';
import { loadTender } from '../tender.repository.ts';
import { assertSingleDocumentOfType } from '../../documents/typed-documents.ts';
import { assertCancellationAllowedInTenderStatus, findCancellation } from '../cancellation.rules.ts';
import { cancellationPath, createCancellation, patchCancellation } from '../cancellation.service.ts';
import type { Cancellation, Tender } from '../tender.types.ts';
import { API_PREFIX } from '../../http/api-prefix.ts';
import { procedureOf } from '../procedure-of.ts';
import { withPublicComplaints } from '../tender.view.ts';

type P = { Params: { tender_id: string; cancellation_id: string } };

/** A cancellation as everyone reads it: every document version, urls rendered, complaints without tokens. */
function cancellationView(ctx: Pick<RequestCtx, 'deps'>, tender: Tender, c: Cancellation): Record<string, unknown> {
  return compact(withPublicComplaints(c, (d) => renderDocumentUrl(ctx.deps, tender.id, d))) as Record<string, unknown>;
}


export function cancellationDocumentContainer(): DocumentContainer<Tender> {
  return {
    route: '/tenders/:tender_id/cancellations/:cancellation_id/documents',
    aggregate: TENDER_DOCUMENT_AGGREGATE,
    item: 'cancellation',
    stampsAuthor: false,
    locate: (_ctx, tender, params) => ({
      holder: findCancellation(tender, params.cancellation_id!) as Record<string, unknown>,
      key: 'documents',
      collectionPath: `${cancellationPath(tender, params.cancellation_id!)}/documents`,
    }),
    writerRole(ctx, tender) {
      if (ctx.principal.role !== 'Administrator' && !isOwner(ctx, tender)) throw permissionDenied();
      return 'tender_owner';
    },
    assertWritable(ctx, tender) {
      assertCancellationAllowedInTenderStatus(tender, procedureOf(ctx.deps.procedures, tender).cancellations.forbiddenTenderStatuses);
    },
    validateDocument(_ctx, _tender, ref, _doc, batch) {
      assertSingleDocumentOfType([...containerDocuments(ref), ...batch], 'cancellationReport', 'cancellation');
    },
    mayReadConfidential: (ctx, tender) => isOwner(ctx, tender),
  };
}

export function registerCancellationRoutes(app: FastifyInstance, deps: AppDeps): void {
  const base = `${API_PREFIX}/tenders/:tender_id/cancellations`;
  const data = (v: unknown): string => JSON.stringify({ data: v });

  app.get<P>(base, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const { tender } = await loadTender(ctx, req.params.tender_id);
    return sendJsonText(reply, 200, data((tender.cancellations ?? []).map((c) => cancellationView(ctx, tender, c))));
  });
  app.post<P>(base, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const loaded = await loadTender(ctx, req.params.tender_id);
    const { tender, cancellation } = await createCancellation(ctx, procedureOf(deps.procedures, loaded.tender), loaded, () => requireDataObject(req));
    reply.header('Location', `${baseUrl(req, deps.config.publicUrl)}${API_PREFIX}${cancellationPath(tender, cancellation.id)}`);
    return sendJsonText(reply, 201, data(cancellationView(ctx, tender, cancellation)));
  });
  app.get<P>(`${base}/:cancellation_id`, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const { tender } = await loadTender(ctx, req.params.tender_id);
    return sendJsonText(reply, 200, data(cancellationView(ctx, tender, findCancellation(tender, req.params.cancellation_id))));
  });
  app.patch<P>(`${base}/:cancellation_id`, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const loaded = await loadTender(ctx, req.params.tender_id);
    const { tender, cancellation } = await patchCancellation(ctx, procedureOf(deps.procedures, loaded.tender), loaded, req.params.cancellation_id, () => requireDataObject(req));
    return sendJsonText(reply, 200, data(cancellationView(ctx, tender, cancellation)));
  });
  registerDocumentRoutes(app, deps, cancellationDocumentContainer());
}
