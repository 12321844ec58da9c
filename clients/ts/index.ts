// The typed CDB client: openapi-fetch over the types generated from the server's own OpenAPI
// document (schema.ts), so paths, path parameters and request bodies are checked by tsc.
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema.ts';

export type { components, paths } from './schema.ts';

export type CdbClient = Client<paths>;

/** The body of every error answer: `{"status": "error", "errors": [{location, name, description}]}`. */
export type ErrorEnvelope = components['schemas']['ErrorEnvelope'];

export interface CdbClientOptions {
  /** Server origin, e.g. `http://127.0.0.1:8000` (paths carry `/api/2.5`). */
  baseUrl: string;
  /** API key from the server's key file; omit for anonymous reads. */
  apiKey?: string;
  /** Another fetch (tests, proxies). */
  fetch?: typeof globalThis.fetch;
}

export function createCdbClient(opts: CdbClientOptions): CdbClient {
  return createClient<paths>({
    baseUrl: opts.baseUrl.replace(/\/+$/, ''),
    headers: opts.apiKey === undefined ? {} : { Authorization: `Bearer ${opts.apiKey}` },
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
}

/**
 * The owner's token (`access.token` of a create) as the header the API accepts besides
 * `?acc_token=`: pass as `headers` of a request on the object.
 */
export const ownerHeaders = (token: string): { 'X-Access-Token': string } => ({ 'X-Access-Token': token });
