// Owner and transfer tokens (platform.md §3.4). A token is a uuid4 hex handed out once, in the
// `access` member of the response that issues it. What is stored is never the token itself: owner
// tokens (tenders, bids, claims, contract credentials) are kept as an HMAC-SHA-256 under the
// server's token key (stored-tokens.ts), transfer secrets as their sha512 hex (the reference's
// `tender_token` shape). Tokens are taken from the request in the reference's order
// (`extract_access_token`): query `acc_token`, header `X-Access-Token`, then JSON body
// `access.token` for POST/PUT/PATCH.

import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Principal } from './principal.ts';

/** A fresh token: uuid4 as 32 lowercase hex characters. */
export function newToken(): string {
  return randomUUID().replaceAll('-', '');
}

/** sha512 hex of a transfer secret (also the `tender_token` of extract_credentials). */
export function hashTransfer(secret: string): string {
  return createHash('sha512').update(secret, 'utf8').digest('hex');
}

/** Marks a stored owner token as sealed; a plain token (32 hex) never has it, so sealing is idempotent. */
const SEALED_PREFIX = 'hmac-sha256:';
const SEALED = /^hmac-sha256:[0-9a-f]{64}$/;

/** Whether a stored value is a sealed token (as opposed to a plain one from an older database). */
export function isSealedToken(value: unknown): value is string {
  return typeof value === 'string' && SEALED.test(value);
}

/** Turns tokens into their stored form and checks presented tokens against it. */
export interface TokenSealer {
  /** The stored form of a token: `hmac-sha256:` + hex HMAC under the server's token key. */
  seal(token: string): string;
  /** Whether `presented` seals to `stored`, compared in constant time; a stored value that is not sealed never matches. */
  matches(presented: string, stored: unknown): boolean;
}

export function tokenSealer(key: Buffer): TokenSealer {
  if (key.length < 32) throw new Error('token key: at least 32 bytes expected');
  const secret = Buffer.from(key);
  const seal = (token: string): string => SEALED_PREFIX + createHmac('sha256', secret).update(token, 'utf8').digest('hex');
  return {
    seal,
    matches(presented, stored) {
      if (!isSealedToken(stored)) return false;
      // Both sides are fixed-length ASCII, so the comparison time says nothing about either.
      return timingSafeEqual(Buffer.from(seal(presented), 'ascii'), Buffer.from(stored, 'ascii'));
    },
  };
}

export interface IssuedAccess {
  /** What the owned object keeps. */
  stored: { owner_token: string; transfer_token: string };
  /** The response's `access` member: the only place the plain tokens ever appear. */
  access: { token: string; transfer: string };
}

/** Issues the owner token and transfer secret of a newly created owned object. */
export function issueAccess(sealer: TokenSealer): IssuedAccess {
  const token = newToken();
  const transfer = newToken();
  return { stored: { owner_token: sealer.seal(token), transfer_token: hashTransfer(transfer) }, access: { token, transfer } };
}

export interface AccTokenSource {
  /** Parsed query string; repeated parameters may arrive as arrays. */
  query?: Readonly<Record<string, unknown>> | null;
  /** Request headers (any key case). */
  headers?: Readonly<Record<string, string | string[] | undefined>> | null;
  /** Parsed request body. */
  body?: unknown;
  /** Content-Type header value (parameters allowed). */
  contentType?: string | null;
  method: string;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
// WebOb fills `request.POST` (part of `request.params`) from form bodies of these methods.
const FORM_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

/** WebOb MultiDict.get: the last of repeated values. */
function lastString(v: unknown): string | undefined {
  const one = Array.isArray(v) ? v[v.length - 1] : v;
  return typeof one === 'string' ? one : undefined;
}

function headerValue(headers: AccTokenSource['headers'], name: string): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === wanted) return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The owner token presented by the request, or undefined. Empty values fall through to the next
 * source, as in the reference (`params.get("acc_token") or headers.get("X-Access-Token")`).
 * The reference's `request.params` also covers form-body fields, so a form body's `acc_token`
 * is honoured right after the query.
 */
export function extractAccToken(src: AccTokenSource): string | undefined {
  const method = src.method.toUpperCase();
  const mediaType = (src.contentType ?? '').split(';', 1)[0].trim().toLowerCase();

  const inQuery = src.query != null && src.query['acc_token'] !== undefined;
  const fromQuery = inQuery ? lastString(src.query?.['acc_token']) : undefined;
  if (fromQuery) return fromQuery;
  // NestedMultiDict(GET, POST).get: a query key that is present (even empty) hides the form field.
  if (!inQuery && FORM_METHODS.has(method) && FORM_TYPES.has(mediaType) && isObject(src.body)) {
    const fromForm = lastString(src.body['acc_token']);
    if (fromForm) return fromForm;
  }
  const fromHeader = headerValue(src.headers, 'X-Access-Token');
  if (fromHeader) return fromHeader;
  if (BODY_METHODS.has(method) && mediaType === 'application/json' && isObject(src.body)) {
    const access = src.body['access'];
    const token = isObject(access) ? access['token'] : undefined;
    if (typeof token === 'string' && token) return token;
  }
  return undefined;
}

/** What an owner check reads from the request's context (a RequestCtx has it all). */
export interface OwnerCheckCtx {
  principal: Principal;
  req: { accToken?: string };
  deps: { tokens: TokenSealer };
}

/**
 * The reference's `is_item_owner`: the caller's user name equals `object.owner` and the request's
 * token matches the stored one (`owner_token`, or `tokenField` for other token kinds).
 */
export function isOwner(
  ctx: OwnerCheckCtx,
  object: Readonly<Record<string, unknown>> & { owner?: unknown; owner_token?: unknown },
  tokenField = 'owner_token',
): boolean {
  const token = ctx.req.accToken;
  if (ctx.principal.name === null || typeof object.owner !== 'string') return false;
  if (typeof token !== 'string' || token === '') return false;
  return ctx.principal.name === object.owner && ctx.deps.tokens.matches(token, object[tokenField]);
}
