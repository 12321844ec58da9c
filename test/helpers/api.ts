// Requests through app.inject and assertions on their answers, for every HTTP-level test.
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';

export type Json = Record<string, unknown>;

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
  json: Json;
}

export interface RequestOptions {
  /** API key sent as `Authorization: Bearer <auth>`; null sends no Authorization header. */
  auth?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One request through `app.inject`; JSON body by default, parsed JSON response when possible. */
export async function api(app: FastifyInstance, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'HEAD', url: string, opts: RequestOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = {};
  const auth = opts.auth === undefined ? 'broker' : opts.auth;
  if (auth !== null) headers.authorization = `Bearer ${auth}`;
  let payload: string | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  }
  Object.assign(headers, opts.headers ?? {});
  const res = await app.inject({ method, url, headers, payload });
  let json: Json = {};
  try {
    json = JSON.parse(res.body) as Json;
  } catch {
    // not JSON (JSONP, HEAD, ...)
  }
  return { status: res.statusCode, headers: res.headers, body: res.body, json };
}

/** Asserts a response status, showing the body when it differs. */
export function expectStatus(res: ApiResponse, status: number): void {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${res.body}`);
}

/** Asserts the whole error envelope. */
export function expectError(res: ApiResponse, status: number, location: string, name: string, description: unknown): void {
  expectStatus(res, status);
  assert.deepEqual(res.json, { status: 'error', errors: [{ location, name, description }] });
}

/** Moves the sandbox clock (frozen by default) as the Administrator. */
export async function setClock(app: FastifyInstance, now: string, frozen = true): Promise<void> {
  const res = await api(app, 'PUT', '/api/2.5/sandbox/clock', { auth: 'administrator', body: { data: { now, frozen } } });
  expectStatus(res, 200);
}
