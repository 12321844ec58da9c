// Request and response envelopes: `{"data": ...}` in, `{"data": ...}` (+config, access) out.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, dataNotAvailable } from './errors.ts';
import { UNSUPPORTED_BODY } from './body-parsers.ts';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Refuses bodies of content types we do not parse (platform.md §2.2). */
export function assertSupportedBody(req: FastifyRequest): void {
  const ct = req.headers['content-type'];
  if (req.body === UNSUPPORTED_BODY || (ct === undefined && req.body === undefined)) {
    throw new ApiError(415, [{ location: 'header', name: 'Content-Type', description: "Content-Type header should be one of ['application/json']" }]);
  }
}

/** The `data` object of a write body; 422 `Data not available` otherwise. */
export function requireDataObject(req: FastifyRequest): Record<string, unknown> {
  assertSupportedBody(req);
  const body = req.body;
  if (!isObject(body) || !isObject(body.data)) throw dataNotAvailable();
  return body.data;
}

/** The `data` of a bulk endpoint: an object or a non-empty array of objects. */
export function requireDataObjectOrList(req: FastifyRequest): Record<string, unknown> | Record<string, unknown>[] {
  assertSupportedBody(req);
  const body = req.body;
  if (!isObject(body)) throw dataNotAvailable();
  const data = body.data;
  if (isObject(data)) return data;
  if (Array.isArray(data) && data.length > 0 && data.every(isObject)) return data;
  throw dataNotAvailable();
}

/** The optional top-level `config` of a create body. */
export function bodyConfig(req: FastifyRequest): unknown {
  const body = req.body;
  return isObject(body) ? body.config : undefined;
}

/** Base URL for absolute links: PUBLIC_URL, else the request's (forwarded) scheme and host. */
export function baseUrl(req: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl;
  const h = req.headers;
  const proto = (h['x-forwarded-proto'] ?? h['x-forwarded-scheme'] ?? req.protocol ?? 'http').toString().split(',')[0]!.trim();
  const host = (h['x-forwarded-host'] ?? h.host ?? 'localhost').toString().split(',')[0]!.trim();
  return `${proto}://${host}`;
}

/** Sends pre-serialized JSON text. */
/**
 * `{"data": <public text>, <envelope extra>, <extra>}` from stored texts, without re-serializing
 * them (platform.md §2.1: `config` and friends sit beside `data`).
 */
export function publicEnvelope(publicText: string, envelopeExtra: string, extra = ''): string {
  return `{"data":${publicText}${envelopeExtra === '' ? '' : `,${envelopeExtra}`}${extra}}`;
}

export function sendJsonText(reply: FastifyReply, status: number, text: string): FastifyReply {
  return reply.code(status).type('application/json').send(text);
}
