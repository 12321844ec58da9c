// Owner and transfer tokens (platform.md §3.4): the owner token is a uuid4 hex stored in plaintext,
// the transfer secret is another uuid4 hex of which only sha512 hex is stored. Tokens are taken
// from the request in the reference's order (`extract_access_token`): query `acc_token`, header
// `X-Access-Token`, then JSON body `access.token` for POST/PUT/PATCH.

import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Principal } from './principal.ts';

/** A fresh token: uuid4 as 32 lowercase hex characters. */
export function newToken(): string {
  return randomUUID().replaceAll('-', '');
}

/** sha512 hex of a transfer secret (also the `tender_token` of extract_credentials). */
export function hashTransfer(secret: string): string {
  return createHash('sha512').update(secret, 'utf8').digest('hex');
}

export interface IssuedAccess {
  /** Stored as `owner_token`. */
  ownerToken: string;
  /** Stored as `transfer_token` (absent when issued without transfer). */
  transferTokenHash?: string;
  /** The response's `access` member, shown once. */
  access: { token: string; transfer?: string };
}

/** Issues the tokens of a newly created owned object (`withTransfer` false: plan milestones). */
export function issueAccess(withTransfer = true): IssuedAccess {
  const ownerToken = newToken();
  if (!withTransfer) return { ownerToken, access: { token: ownerToken } };
  const transfer = newToken();
  return { ownerToken, transferTokenHash: hashTransfer(transfer), access: { token: ownerToken, transfer } };
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

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The reference's `is_item_owner`: the caller's user name equals `object.owner` and the presented
 * token equals the stored one (`owner_token`, or `tokenField` for other token kinds).
 */
export function isOwner(
  principal: Principal,
  object: Readonly<Record<string, unknown>> & { owner?: unknown; owner_token?: unknown },
  token: string | undefined,
  tokenField = 'owner_token',
): boolean {
  const stored = object[tokenField];
  if (principal.name === null || typeof object.owner !== 'string' || typeof stored !== 'string') return false;
  if (typeof token !== 'string' || token === '') return false;
  return principal.name === object.owner && sameToken(token, stored);
}
