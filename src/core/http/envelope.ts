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

/** A Host value fit for a link: name or IPv4 or [IPv6], optional port. */
const HOST_SYNTAX = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * Base URL for absolute links: PUBLIC_URL, else the request's scheme and host. Fastify's
 * `req.protocol`/`req.host` take `X-Forwarded-Proto`/`X-Forwarded-Host` into account only when the
 * peer is one of TRUSTED_PROXIES; even then only http/https and a well-formed host are used.
 */
export function baseUrl(req: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl;
  const proto = req.protocol === 'https' ? 'https' : 'http';
  const host = typeof req.host === 'string' && HOST_SYNTAX.test(req.host) ? req.host : 'localhost';
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

/** A stored public text with `public_modified` added when `?opt_fields=` asks for it (platform.md §2.4). */
export function withRequestedPublicModified(publicText: string, query: Readonly<Record<string, unknown>>, publicModified: number | null): string {
  const optFields = query.opt_fields;
  if (typeof optFields !== 'string' || !optFields.split(',').includes('public_modified') || publicModified === null) return publicText;
  return `${publicText.slice(0, -1)},"public_modified":${publicModified}}`;
}
