// The built-in document service (extensions.md §3) with the reference DS's routes, shapes and
// messages (platform.md §6.3): register a hash, upload bytes (to a registered key or directly),
// and fetch them by a signed url. Mounted under `config.dsMountPath` of the API server.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../core/context.ts';
import { ApiError, permissionDenied } from '../../core/http/errors.ts';
import { sendJsonText } from '../../core/http/envelope.ts';
import { MultipartBody } from '../../core/http/body-parsers.ts';
import { decodeBase64Lenient } from '../../core/auth/authenticate.ts';
import { attachmentDisposition } from '../../core/documents/content-disposition.ts';
import { DOWNLOAD_URL_TTL_SECONDS } from '../../core/documents/url-signature.ts';
import { documentFiles, UploadRefused } from '../../core/documents/document-files.ts';
import { uploadedFilePart } from '../../core/documents/direct-upload.ts';
import { dsDocumentUrl, dsTemporaryGetUrl, dsUploadUrl } from './ds-urls.ts';

type DocIdParams = { Params: { doc_id: string } };

const failure = (status: number, location: 'url' | 'body', name: string, description: unknown): ApiError =>
  new ApiError(status, [{ location, name, description }]);

/** The reference DS's md5 check (messages verbatim, descriptions are lists). */
function assertMd5(hash: unknown): asserts hash is string {
  const text = typeof hash === 'string' ? hash : String(hash);
  if (!text.startsWith('md5:')) throw failure(422, 'body', 'hash', ['Hash type is not supported.']);
  if (text.length !== 36) throw failure(422, 'body', 'hash', ['Hash value is wrong length.']);
  if (!/^[0-9a-f]{32}$/.test(text.slice(4))) throw failure(422, 'body', 'hash', ['Hash value is not hexadecimal.']);
}

/** Registration data: JSON `{"data": {...}}` or form fields. */
function registrationData(req: FastifyRequest): Record<string, unknown> | null {
  const body = req.body;
  if (body instanceof MultipartBody) {
    const out: Record<string, unknown> = {};
    for (const p of body.parts) if (p.filename === undefined) out[p.name] = p.data.toString('utf8');
    return out;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  if (req.formEncoded) return body as Record<string, unknown>;
  const data = (body as Record<string, unknown>).data ?? {};
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : null;
}

function lastQueryValue(req: FastifyRequest, name: string): string | undefined {
  const v = (req.query as Record<string, unknown>)[name];
  const one = Array.isArray(v) ? v[v.length - 1] : v;
  return typeof one === 'string' && one !== '' ? one : undefined;
}

function querySignature(req: FastifyRequest): Buffer {
  const raw = lastQueryValue(req, 'Signature');
  if (raw === undefined) throw failure(403, 'url', 'Signature', 'Not Found');
  let unquoted = raw;
  try {
    unquoted = decodeURIComponent(raw);
  } catch {
    // not percent-encoded twice: use as is
  }
  const signature = decodeBase64Lenient(unquoted);
  if (signature === null) throw failure(403, 'url', 'Signature', 'Signature invalid');
  return signature;
}

/** The API key's user of an upload or registration; anonymous callers are refused. */
function uploaderOf(req: FastifyRequest): string {
  const { name } = req.principal;
  if (name === null) throw permissionDenied();
  return name;
}

export function registerDocumentServiceRoutes(app: FastifyInstance, deps: AppDeps): void {
  const mount = deps.config.dsMountPath;
  if (mount === null) return;
  const files = documentFiles(deps);
  const keyring = deps.dsKeyring;
  const base = deps.config.dsUrl;
  const nowSec = (): number => Math.floor(deps.clock.now() / 1000);

  const uploadAnswer = (reply: FastifyReply, uploaded: { uuid: string; hash: string; contentType: string; filename: string }, withLocation: boolean) => {
    const getUrl = dsTemporaryGetUrl(base, keyring, uploaded.uuid, nowSec() + DOWNLOAD_URL_TTL_SECONDS);
    if (withLocation) reply.header('Location', getUrl);
    const data = { url: dsDocumentUrl(base, keyring, uploaded.uuid, uploaded.hash), hash: uploaded.hash, format: uploaded.contentType, title: uploaded.filename };
    return sendJsonText(reply, 200, JSON.stringify({ data, get_url: getUrl }));
  };

  app.get(`${mount}/`, async (_req, reply) => reply.code(200).type('text/plain').send(''));

  app.post(`${mount}/register`, async (req, reply) => {
    uploaderOf(req);
    const data = registrationData(req);
    if (data === null || !('hash' in data)) throw failure(404, 'body', 'hash', 'Not Found');
    assertMd5(data.hash);
    const uuid = await files.register(data.hash);
    const uploadUrl = dsUploadUrl(base, keyring, uuid);
    reply.header('Location', uploadUrl);
    return sendJsonText(reply, 201, JSON.stringify({ data: { ...data, url: dsDocumentUrl(base, keyring, uuid, data.hash) }, upload_url: uploadUrl }));
  });

  app.post(`${mount}/upload`, async (req, reply) => {
    const uploader = uploaderOf(req);
    const file = uploadedFilePart(req, deps.config.maxUploadBytes);
    return uploadAnswer(reply, await files.upload(file, uploader), true);
  });

  app.post<DocIdParams>(`${mount}/upload/:doc_id`, async (req, reply) => {
    const uploader = uploaderOf(req);
    const file = uploadedFilePart(req, deps.config.maxUploadBytes);
    const keyId = lastQueryValue(req, 'KeyID') ?? keyring.keyId;
    if (!keyring.has(keyId)) throw failure(403, 'url', 'KeyID', 'Key Id does not exist');
    const signature = querySignature(req);
    if (!keyring.verify(keyId, req.params.doc_id, signature)) throw failure(403, 'url', 'Signature', 'Signature does not match');
    try {
      return uploadAnswer(reply, await files.upload(file, uploader, req.params.doc_id), false);
    } catch (err) {
      if (!(err instanceof UploadRefused)) throw err;
      if (err.reason === 'unknown-key') throw failure(404, 'url', 'doc_id', 'Not Found');
      if (err.reason === 'already-uploaded') throw failure(403, 'url', 'doc_id', 'Content already uploaded');
      throw failure(403, 'body', 'file', 'Invalid checksum');
    }
  });

  app.get<DocIdParams>(`${mount}/get/:doc_id`, async (req, reply) => {
    const uuid = req.params.doc_id;
    const keyId = lastQueryValue(req, 'KeyID') ?? keyring.keyId;
    const expiresRaw = lastQueryValue(req, 'Expires');
    let expires: number | undefined;
    if (expiresRaw !== undefined) {
      if (!/^\d+$/.test(expiresRaw) || Number(expiresRaw) < nowSec()) throw failure(403, 'url', 'Expires', 'Request has expired');
      expires = Number(expiresRaw);
    }
    if (keyId !== keyring.keyId && expires === undefined) throw failure(403, 'url', 'KeyID', 'Key Id does permit to get private document');
    if (!keyring.has(keyId)) throw failure(403, 'url', 'KeyID', 'Key Id does not exist');
    const signature = querySignature(req);
    const prefix = lastQueryValue(req, 'Prefix');
    const target = prefix ? `${prefix}/${uuid}` : uuid;
    const message = expires !== undefined ? `${target}\u0000${expires}` : target;
    const stored = prefix ? null : await files.read(uuid);
    // Besides the reference's messages, the permanent url the DS itself returned (`<uuid>\0<md5>`)
    // opens the file too, so a client can read back what it uploaded.
    const valid =
      keyring.verify(keyId, message, signature) ||
      (expires === undefined && stored !== null && keyring.verify(keyId, `${uuid}\u0000${stored.record.hash.slice(4)}`, signature));
    if (!valid) throw failure(403, 'url', 'Signature', 'Signature does not match');
    if (stored === null) throw failure(404, 'url', 'doc_id', 'Not Found');
    if (stored.content === null) return reply.code(204).send();
    reply.header('Content-Disposition', attachmentDisposition(stored.record.filename ?? uuid));
    // Served from the API's origin with the type the uploader declared (`text/html` too): never
    // let a browser guess another one.
    reply.header('X-Content-Type-Options', 'nosniff');
    return reply.code(200).type(stored.record.contentType ?? 'application/octet-stream').send(stored.content);
  });
}
