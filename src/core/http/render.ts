// Output options (platform.md §5): opt_pretty / body options.pretty (4-space indent) and
// opt_jsonp (JavaScript callback wrapper). Applied to JSON payloads on send.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './errors.ts';

const JSONP_CALLBACK = /^[$a-z_][$0-9a-z_.[\]]+[^.]$/i;

function wantsPretty(req: FastifyRequest): boolean {
  const q = req.query as Record<string, unknown> | undefined;
  const p = q?.opt_pretty;
  if (typeof p === 'string' && p !== '') return true;
  const body = req.body as { options?: { pretty?: unknown } } | undefined;
  return typeof body === 'object' && body !== null && body.options?.pretty === true;
}

export function registerRendering(app: FastifyInstance): void {
  app.addHook('onRequest', async (req) => {
    const q = req.query as Record<string, unknown> | undefined;
    const cb = q?.opt_jsonp;
    if (typeof cb === 'string' && cb !== '' && !JSONP_CALLBACK.test(cb)) {
      throw new ApiError(400, [{ location: 'url', name: 'bad_request', description: 'Bad Request' }]);
    }
  });
  app.addHook('onSend', async (req, reply, payload) => {
    if (typeof payload !== 'string') return payload;
    const type = String(reply.getHeader('content-type') ?? '');
    if (!type.startsWith('application/json')) return payload;
    // JSON is UTF-8 by definition (RFC 8259) and the reference sends the bare media type.
    reply.header('content-type', 'application/json');
    let out = payload;
    if (wantsPretty(req)) {
      try {
        out = JSON.stringify(JSON.parse(payload), null, 4);
      } catch {
        // not JSON after all: leave as is
      }
    }
    const q = req.query as Record<string, unknown> | undefined;
    const cb = q?.opt_jsonp;
    // An invalid callback name got a plain JSON 400 in onRequest: never echo it into JavaScript.
    if (typeof cb === 'string' && cb !== '' && JSONP_CALLBACK.test(cb)) {
      reply.header('content-type', 'application/javascript');
      out = `/**/${cb}(${out});`;
    }
    return out;
  });
}
