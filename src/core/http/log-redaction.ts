// What request data may reach a log line. Secrets travel in many places — the owner token as query
// `acc_token`, header `X-Access-Token` or body `access.token`; API keys in `Authorization`; document
// service `Signature`/`KeyID`; the auction page's bidder `signature` — so the logger never sees
// headers or bodies, and of a query string only the values of parameters known to be harmless.
import type { FastifyRequest } from 'fastify';

/** Query parameters whose values are logged as sent; every other value is replaced by REDACTED. */
const LOGGED_QUERY_PARAMS = new Set(['offset', 'limit', 'descending', 'mode', 'feed', 'opt_fields', 'opt_pretty', 'opt_jsonp', 'opt_schema', 'download']);

export const REDACTED = '[redacted]';

/** A parameter name is kept in the log when it is a plain word (a token pasted as a name is not). */
const PLAIN_NAME = /^[A-Za-z_]{1,32}$/;

/** `path?a=1&acc_token=…` → `path?a=1&acc_token=[redacted]` (names kept so the log still tells what was sent). */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const pairs = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      if (!PLAIN_NAME.test(name)) return `${REDACTED}=${REDACTED}`;
      return LOGGED_QUERY_PARAMS.has(name) ? pair : `${name}=${REDACTED}`;
    });
  return `${url.slice(0, q)}?${pairs.join('&')}`;
}

/** The request as logged (Fastify's default fields; the URL's query redacted, no headers or body). */
export function serializeRequest(req: FastifyRequest): Record<string, unknown> {
  return {
    method: req.method,
    url: redactUrl(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/**
 * Pino's last line of defence for objects logged by hand (`{ req }`, `{ headers }`, `{ body }`):
 * these paths are censored wherever they appear at the top or one level down.
 */
export const REDACT_PATHS = [
  // Node attaches the raw bytes of an unparsable request (headers included) to its client error.
  'err.rawPacket',
  'req.headers',
  'req.body',
  'req.query',
  'headers',
  'body',
  'query',
  '*.authorization',
  '*["x-access-token"]',
  '*.acc_token',
  '*.access',
  '*.token',
  '*.transfer',
];
