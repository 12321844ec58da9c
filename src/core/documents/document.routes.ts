// The document routes every container shares (platform.md §6.2): POST (single, bulk or a direct
// multipart upload), GET list (latest versions; `?all=1` every version), GET one (with
// `previousVersions`, or `?download=<key>` → 302 to a temporary document-service url), PUT (a new
// version), PATCH (metadata), DELETE. What differs per container is in its DocumentContainer.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps, RequestCtx } from '../context.ts';
import { requestCtx } from '../context.ts';
import { baseUrl, requireDataObject, requireDataObjectOrList, sendJsonText } from '../http/envelope.ts';
import { ApiError, forbidden, notFound } from '../http/errors.ts';
import { documentView } from './document.view.ts';
import type { DocumentRecord } from './document.types.ts';
import { API_PREFIX } from '../http/api-prefix.ts';
import { containerDocuments, type ContainerRef, type DocumentAggregate, type DocumentContainer, type DocumentSchemas } from './document-container.ts';
import {
  acceptedDocumentKey,
  carryOverFields,
  documentRecord,
  latestVersions,
  patchedDocument,
  storedUrl,
  validateDocumentInput,
} from './document.service.ts';
import { downloadKeyOf, renderDocumentUrl } from './document-urls.ts';
import { DOWNLOAD_URL_TTL_SECONDS, renderDownloadRedirect } from './url-signature.ts';
import { attachmentDisposition } from './content-disposition.ts';
import { isMultipartUpload, uploadedFilePart, type UploadedFilePart } from './direct-upload.ts';
import { documentFiles, md5Of } from './document-files.ts';

type Params = Record<string, string>;
type Query = { all?: string; download?: string };

/** Placeholder url of a direct upload until its file is stored (only the model check sees it). */
const DIRECT_UPLOAD_URL = 'direct-upload';

const onlyAuthorMayUpdate = (): ApiError => forbidden('Can update document only author', 'role', 'url');

interface DocumentTarget<A> {
  ctx: RequestCtx;
  loaded: { doc: A; rev: string };
  /** Draft copy of the aggregate (tender, contract) the handler edits. */
  after: A;
  ref: ContainerRef;
}

/** All stored versions of the URL's document id (oldest first); 404 when there are none. */
function versionsOf(ref: ContainerRef, documentId: string): DocumentRecord[] {
  const versions = containerDocuments(ref).filter((d) => d.id === documentId);
  if (versions.length === 0) throw notFound('document_id');
  return versions;
}

/** A direct upload as document input: title from the file name, format from the part type, md5 hash. */
function directUploadInput(file: UploadedFilePart): Record<string, unknown> {
  return { title: file.filename, format: file.contentType, hash: md5Of(file.data), url: DIRECT_UPLOAD_URL };
}

export function registerDocumentRoutes<A extends { id: string }>(app: FastifyInstance, deps: AppDeps, container: DocumentContainer<A>): void {
  const collection = `${API_PREFIX}${container.route}`;
  const aggregate = container.aggregate;
  const schemas: Partial<DocumentSchemas> = container.schemas ?? {};
  const related = (a: A) => (of: string) => aggregate.relatedIds(a, of);
  type Target = DocumentTarget<A>;
  const target = async (req: FastifyRequest): Promise<Target> => {
    const ctx = requestCtx(deps, req);
    const loaded = await aggregate.load(ctx, req.params as Params);
    const after = structuredClone(loaded.doc);
    return { ctx, loaded, after, ref: container.locate(ctx, after, req.params as Params) };
  };
  const item = `${collection}/:document_id`;
  const files = documentFiles(deps);

  /**
   * A document as the caller sees it: public ones with a signed document-service url; `buyerOnly`
   * ones with the absolute API download url for callers entitled to it, else without url (§6.5).
   */
  const view = (t: Target, doc: DocumentRecord): Record<string, unknown> =>
    documentView(doc, (d) => {
      if (d.confidentiality !== 'buyerOnly') return renderDocumentUrl(deps, t.after.id, d);
      if (!d.url || !container.mayReadConfidential(t.ctx, t.after, t.ref)) return undefined;
      return `${baseUrl(t.ctx.req, deps.config.publicUrl)}${API_PREFIX}${d.url}`;
    });
  const save = (t: Target): Promise<void> => {
    container.afterWrite?.(t.ctx, t.after, t.ref);
    return aggregate.save(t.ctx, t.loaded, t.after, container.modifiesTender?.(t.ctx, t.loaded.doc) ?? true);
  };
  /** The target of a read, refused while the container is sealed for the caller. */
  const reading = async (req: FastifyRequest): Promise<Target> => {
    const t = await target(req);
    container.assertReadable?.(t.ctx, t.after, t.ref);
    return t;
  };
  const author = (role: string): string | undefined => (container.stampsAuthor ? role : undefined);

  /** The target of PUT/PATCH/DELETE: the caller's role (checked first, as the reference does) and the document's versions. */
  const editing = async (req: FastifyRequest, forDelete: boolean) => {
    const t = await target(req);
    const role = container.writerRole(t.ctx, t.after, t.ref, forDelete);
    const versions = versionsOf(t.ref, (req.params as Params).document_id!);
    return { t, role, latest: versions[versions.length - 1]! };
  };

  /** Stores the file of a direct upload once every check passed, charged to the caller; returns its document-service key. */
  const storeUpload = async (t: Target, file: UploadedFilePart): Promise<string> => (await files.upload(file, t.ctx.principal.name ?? 'anonymous')).uuid;

  app.get<{ Params: Params; Querystring: Query }>(collection, async (req, reply) => {
    const t = await reading(req);
    const docs = containerDocuments(t.ref);
    const shown = req.query.all ? docs : latestVersions(docs);
    return sendJsonText(reply, 200, JSON.stringify({ data: shown.map((d) => view(t, d)) }));
  });

  app.post<{ Params: Params }>(collection, async (req, reply) => {
    const t = await target(req);
    const role = container.writerRole(t.ctx, t.after, t.ref, false);
    const upload = isMultipartUpload(req) ? uploadedFilePart(req, deps.config.maxUploadBytes) : undefined;
    const data = upload ? directUploadInput(upload) : requireDataObjectOrList(req);
    const inputs = Array.isArray(data) ? data : [data];
    const docs = inputs.map((input) => validateDocumentInput(t.ctx, input, related(t.after), schemas.input));
    container.assertWritable(t.ctx, t.after, t.ref, role, 'add');
    const keys = upload ? [] : docs.map((doc) => acceptedDocumentKey(t.ctx, doc));
    const created = docs.map((doc, i) => documentRecord(t.ctx, t.ref.collectionPath, doc, keys[i] ?? '', author(role)));
    for (const doc of created) await container.validateDocument?.(t.ctx, t.after, t.ref, doc, created);
    if (upload) created[0]!.url = storedUrl(t.ref.collectionPath, created[0]!.id, await storeUpload(t, upload));
    t.ref.holder[t.ref.key] = [...containerDocuments(t.ref), ...created];
    await save(t);
    if (Array.isArray(data)) return sendJsonText(reply, 201, JSON.stringify({ data: created.map((d) => view(t, d)) }));
    reply.header('Location', `${baseUrl(req, deps.config.publicUrl)}${API_PREFIX}${t.ref.collectionPath}/${created[0]!.id}`);
    return sendJsonText(reply, 201, JSON.stringify({ data: view(t, created[0]!) }));
  });

  app.get<{ Params: Params; Querystring: Query }>(item, async (req, reply) => {
    const t = await reading(req);
    const versions = versionsOf(t.ref, req.params.document_id!);
    const latest = versions[versions.length - 1]!;
    if (req.query.download) return download(t, versions, latest, req.query.download, reply);
    const previous = versions.slice(0, -1).filter((d) => d.url !== latest.url).map((d) => view(t, d));
    const out = view(t, latest);
    if (previous.length > 0) out.previousVersions = previous;
    return sendJsonText(reply, 200, JSON.stringify({ data: out }));
  });

  /** `?download=<key>`: 302 to a short-lived signed document-service url of that version's file. */
  const download = (t: Target, versions: DocumentRecord[], latest: DocumentRecord, key: string, reply: FastifyReply): FastifyReply => {
    // A confidential document is refused before its key is looked at (whatever the key).
    if (latest.confidentiality === 'buyerOnly' && !container.mayReadConfidential(t.ctx, t.after, t.ref)) throw forbidden('Document download forbidden.');
    if (!versions.some((d) => downloadKeyOf(d.url) === key)) throw notFound('download');
    const location = renderDownloadRedirect({
      dsBaseUrl: deps.config.dsUrl,
      uuid: key,
      keyring: deps.dsKeyring,
      expiresEpochSec: Math.floor(t.ctx.now / 1000) + DOWNLOAD_URL_TTL_SECONDS,
    });
    reply.header('Location', location);
    reply.header('Content-Disposition', attachmentDisposition(String(latest.title ?? key)));
    // The declared format goes out as the type: never let a browser guess another one.
    reply.header('X-Content-Type-Options', 'nosniff');
    return reply.code(302).type(String(latest.format ?? 'application/octet-stream')).send('');
  };

  app.put<{ Params: Params }>(item, async (req, reply) => {
    const { t, role, latest: previous } = await editing(req, false);
    const upload = isMultipartUpload(req) ? uploadedFilePart(req, deps.config.maxUploadBytes) : undefined;
    const input = upload ? directUploadInput(upload) : requireDataObject(req);
    const doc = carryOverFields(previous, validateDocumentInput(t.ctx, input, related(t.after), schemas.input), new Set(Object.keys(input)));
    container.assertWritable(t.ctx, t.after, t.ref, role, 'update');
    if (container.stampsAuthor && previous.author !== role) throw onlyAuthorMayUpdate();
    const key = upload ? '' : acceptedDocumentKey(t.ctx, doc);
    const version = documentRecord(t.ctx, t.ref.collectionPath, doc, key, undefined);
    await container.validateDocument?.(t.ctx, t.after, t.ref, version, [version]);
    if (upload) version.url = storedUrl(t.ref.collectionPath, version.id, await storeUpload(t, upload));
    t.ref.holder[t.ref.key] = [...containerDocuments(t.ref), version];
    await save(t);
    return sendJsonText(reply, 200, JSON.stringify({ data: view(t, version) }));
  });

  app.patch<{ Params: Params }>(item, async (req, reply) => {
    const { t, role, latest } = await editing(req, false);
    const patched = patchedDocument(t.ctx, latest, requireDataObject(req), related(t.after), schemas.patch && schemas.stored ? { patch: schemas.patch, stored: schemas.stored } : undefined);
    container.assertWritable(t.ctx, t.after, t.ref, role, 'update');
    if (container.stampsAuthor && latest.author !== role) throw onlyAuthorMayUpdate();
    await container.validateDocument?.(t.ctx, t.after, t.ref, patched, [patched]);
    const list = containerDocuments(t.ref);
    list[list.lastIndexOf(latest)] = patched;
    await save(t);
    return sendJsonText(reply, 200, JSON.stringify({ data: view(t, patched) }));
  });

  if (container.servesDelete === false) return;
  app.delete<{ Params: Params }>(item, async (req, reply) => {
    const { t, role, latest } = await editing(req, true);
    if (container.stampsAuthor && latest.author !== role) throw onlyAuthorMayUpdate();
    if (!container.assertDeletable) throw forbidden(`Forbidden to delete document for ${container.item}`);
    container.assertDeletable(t.ctx, t.after, t.ref);
    const rest = containerDocuments(t.ref).filter((d) => d.id !== latest.id);
    if (rest.length > 0) t.ref.holder[t.ref.key] = rest;
    else delete t.ref.holder[t.ref.key];
    await save(t);
    return sendJsonText(reply, 200, JSON.stringify({ data: view(t, latest) }));
  });
}
