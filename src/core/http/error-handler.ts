// Renders every failure in the reference's error envelope (platform.md §2.5–2.6).
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { ApiError, type WireError } from './errors.ts';
import { RevisionConflictError, DuplicateIdError, FeedQueryError } from '../storage/store.ts';
import type { RouteTable } from './route-table.ts';
import { redactUrl } from './log-redaction.ts';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  414: 'Request-URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

export function sendErrors(reply: FastifyReply, status: number, errors: WireError[]): FastifyReply {
  return reply
    .code(status)
    .type('application/json')
    .send(JSON.stringify({ status: 'error', errors }));
}

/** Generic HTTP-exception mapping: `url` / reason lower-cased with `_` / reason phrase. */
export function genericError(status: number): WireError {
  const reason = REASONS[status] ?? 'Error';
  const name = status === 403 ? 'permission' : status === 412 ? 'precondition' : reason.toLowerCase().replace(/ /g, '_');
  return { location: 'url', name, description: reason };
}

/**
 * Failures Fastify's router reports before any hook runs (Fastify's `frameworkErrors` option): a
 * path that is not valid percent-encoded UTF-8 (400), a path segment over `maxParamLength` (414).
 */
export function renderFrameworkError(error: FastifyError, _req: unknown, reply: FastifyReply): FastifyReply {
  const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : typeof error.statusCode === 'number' && error.statusCode < 500 ? error.statusCode : 400;
  return sendErrors(reply, status, [genericError(status)]);
}

export function registerErrorHandling(app: FastifyInstance, routes: RouteTable): void {
  app.setErrorHandler((error: FastifyError | Error, req, reply) => {
    if (error instanceof ApiError) {
      for (const [k, v] of Object.entries(error.headers)) reply.header(k, v);
      return sendErrors(reply, error.status, error.errors);
    }
    if (error instanceof RevisionConflictError) {
      req.log.warn({ url: redactUrl(req.url) }, 'revision conflict');
      return sendErrors(reply, 409, [{ location: 'body', name: 'data', description: 'Conflict while updating document. Please, retry' }]);
    }
    if (error instanceof FeedQueryError) {
      // The reference answers an unreadable offset with 404 and an unreadable limit with 400.
      return sendErrors(reply, error.param === 'offset' ? 404 : 400, [{ location: 'querystring', name: error.param, description: error.message }]);
    }
    if (error instanceof DuplicateIdError) {
      return sendErrors(reply, 409, [{ location: 'body', name: 'data', description: 'Document already exists' }]);
    }
    const fe = error as FastifyError;
    switch (fe.code) {
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return sendErrors(reply, 415, [{ location: 'header', name: 'Content-Type', description: "Content-Type header should be one of ['application/json']" }]);
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendErrors(reply, 413, [{ location: 'body', name: 'data', description: 'Request body is too large' }]);
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendErrors(reply, 422, [{ location: 'body', name: 'data', description: 'Expecting value: line 1 column 1 (char 0)' }]);
      case 'FST_ERR_VALIDATION': {
        const ctx = (fe as FastifyError & { validationContext?: string }).validationContext;
        const location = ctx === 'querystring' ? 'querystring' : ctx === 'params' ? 'url' : ctx === 'headers' ? 'header' : 'body';
        const first = fe.validation?.[0];
        const name = first?.instancePath?.split('/').filter(Boolean)[0] ?? (first?.params as { missingProperty?: string } | undefined)?.missingProperty ?? 'data';
        return sendErrors(reply, 422, [{ location, name, description: first?.message ?? fe.message }]);
      }
      default:
        break;
    }
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      return sendErrors(reply, fe.statusCode, [genericError(fe.statusCode)]);
    }
    req.log.error({ err: error }, 'unhandled error');
    return sendErrors(reply, 500, [{ location: 'body', name: 'data', description: 'Internal Server Error' }]);
  });

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    const allowed = routes.methodsFor(path);
    // A route that serves the method and found nothing (a missing static file of the docs page)
    // is a 404; only a method the path does not serve is a 405.
    if (allowed.length > 0 && !allowed.includes(req.method)) {
      reply.header('Allow', allowed.join(', '));
      return sendErrors(reply, 405, [genericError(405)]);
    }
    return sendErrors(reply, 404, [genericError(404)]);
  });
}
