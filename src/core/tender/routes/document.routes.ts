// /tenders/{tender_id}/documents[/{document_id}] — POST (single or bulk) and reads.
// Document versions, PUT/PATCH and downloads are completed by the documents issue.
import type { FastifyInstance } from 'fastify';
import type { AppDeps, RequestCtx } from '../../context.ts';
import { requestCtx } from '../../context.ts';
import { baseUrl, requireDataObjectOrList, sendJsonText } from '../../http/envelope.ts';
import { forbidden, notFound, permissionDenied } from '../../http/errors.ts';
import { isOwner } from '../../auth/owner-token.ts';
import { latestVersions, prepareNewDocuments } from '../../documents/document.service.ts';
import { renderDocumentUrl } from '../../documents/document-urls.ts';
import { documentView } from '../tender.view.ts';
import { loadTender, saveTender } from '../tender.repository.ts';
import { API_PREFIX } from './tender.routes.ts';
import type { DocumentRecord, Tender } from '../tender.types.ts';

type P = { Params: { tender_id: string; document_id: string }; Querystring: { all?: string } };

/** Who writes tender documents, and in which tender statuses (below-threshold.md §3.1). */
function documentAuthor(ctx: RequestCtx, tender: Tender, editable: readonly string[], op: 'add' | 'update'): string {
  const role = ctx.principal.role;
  if (role === 'auction') {
    if (!['active.auction', 'active.qualification'].includes(tender.status)) throw forbidden(`Can't ${op} document in current (${tender.status}) tender status`);
    return 'auction';
  }
  if (role === 'bots') return 'bots';
  if (!isOwner(ctx.principal, tender, ctx.req.accToken)) throw permissionDenied();
  if (!editable.includes(tender.status)) throw forbidden(`Can't ${op} document in current (${tender.status}) tender status`);
  return 'tender_owner';
}

export function registerTenderDocumentRoutes(app: FastifyInstance, deps: AppDeps): void {
  const base = `${API_PREFIX}/tenders/:tender_id/documents`;
  const view = (tender: Tender, d: DocumentRecord) => documentView(d, (doc) => renderDocumentUrl(deps, tender.id, doc));

  app.get<P>(base, async (req, reply) => {
    const { tender } = await loadTender(requestCtx(deps, req), req.params.tender_id);
    const docs = tender.documents ?? [];
    const shown = req.query.all ? docs : latestVersions(docs);
    return sendJsonText(reply, 200, JSON.stringify({ data: shown.map((d) => view(tender, d)) }));
  });

  app.post<P>(base, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const loaded = await loadTender(ctx, req.params.tender_id);
    const procedure = deps.procedures.get(String(loaded.tender.procurementMethodType));
    if (!procedure) throw notFound('tender_id');
    const author = documentAuthor(ctx, loaded.tender, procedure.editableStatuses, 'add');
    const data = requireDataObjectOrList(req);
    const inputs = Array.isArray(data) ? data : [data];
    const after: Tender = structuredClone(loaded.tender);
    const created = prepareNewDocuments(ctx, `/tenders/${after.id}`, inputs, author, after);
    after.documents = [...(after.documents ?? []), ...created];
    const saved = await saveTender(ctx, loaded, after);
    if (Array.isArray(data)) return sendJsonText(reply, 201, JSON.stringify({ data: created.map((d) => view(saved, d)) }));
    reply.header('Location', `${baseUrl(req, deps.config.publicUrl)}${API_PREFIX}/tenders/${saved.id}/documents/${created[0]!.id}`);
    return sendJsonText(reply, 201, JSON.stringify({ data: view(saved, created[0]!) }));
  });

  app.get<P>(`${base}/:document_id`, async (req, reply) => {
    const { tender } = await loadTender(requestCtx(deps, req), req.params.tender_id);
    const versions = (tender.documents ?? []).filter((d) => d.id === req.params.document_id);
    const latest = versions[versions.length - 1];
    if (!latest) throw notFound('document_id');
    const previous = versions.slice(0, -1).filter((d) => d.url !== latest.url).map((d) => view(tender, d));
    const out = view(tender, latest);
    if (previous.length > 0) out.previousVersions = previous;
    return sendJsonText(reply, 200, JSON.stringify({ data: out }));
  });
}
