// GET /api/2.5/openapi.json (the generated OpenAPI document) and GET /api/2.5/docs (Swagger UI
// rendering it, with try-it against this server), extensions.md §7. The UI's scripts and styles
// are served from node_modules under /api/2.5/docs/static/: the page loads nothing from elsewhere.
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../context.ts';
import type { RouteTable } from '../http/route-table.ts';
import { sendJsonText } from '../http/envelope.ts';
import { API_PREFIX } from '../http/api-prefix.ts';
import { buildOpenApiDocument, DOCS_PATH } from './openapi.ts';

export { DOCS_PATH };

export function registerOpenApiRoutes(app: FastifyInstance, deps: AppDeps, routes: RouteTable, version: string): void {
  // Built on first use, when every route exists; the page reads the same document.
  let document: Record<string, unknown> | null = null;
  let text: string | null = null;
  const openApiDocument = (): Record<string, unknown> => (document ??= buildOpenApiDocument(routes, deps, version));
  app.get(`${API_PREFIX}/openapi.json`, async (_req, reply) => {
    text ??= JSON.stringify(openApiDocument());
    return sendJsonText(reply, 200, text);
  });
  // The UI plugin needs @fastify/swagger's `swagger()`; in static mode it takes a document up front,
  // which cannot be ours yet (routes are still being added), so a stub stands in and the UI's
  // `/json` swaps in our builder's document: one source, the route table.
  app.register(fastifySwagger, { mode: 'static', specification: { document: { openapi: '3.1.0', info: { title: 'stub', version }, paths: {} } } });
  app.register(fastifySwaggerUi, {
    routePrefix: DOCS_PATH,
    transformSpecification: () => openApiDocument(),
    transformSpecificationClone: false,
    theme: { title: 'OpenProcurement CDB API' },
    uiConfig: { tryItOutEnabled: false, displayRequestDuration: true, docExpansion: 'none', filter: true },
  });
}
