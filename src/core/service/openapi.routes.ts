// GET /api/2.5/openapi.json (the generated OpenAPI document) and GET /api/2.5/docs (a page that
// renders it, self-contained: no external scripts or styles), extensions.md §7.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../context.ts';
import type { RouteTable } from '../http/route-table.ts';
import { sendJsonText } from '../http/envelope.ts';
import { API_PREFIX } from '../http/api-prefix.ts';
import { buildOpenApiDocument } from './openapi.ts';

export const DOCS_PATH = `${API_PREFIX}/docs`;

const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>OpenProcurement CDB API</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:70rem;padding:1rem 2rem;color:#1b1f24}
h1{font-size:1.5rem}h2{font-size:1.1rem;margin:1.6rem 0 .4rem;border-bottom:1px solid #d0d7de}
details{margin:.25rem 0;border:1px solid #d0d7de;border-radius:6px}summary{cursor:pointer;padding:.35rem .6rem;font-family:ui-monospace,monospace}
.m{display:inline-block;width:4.5rem;font-weight:600}.get{color:#0969da}.post{color:#1a7f37}.patch{color:#9a6700}.put{color:#8250df}.delete{color:#cf222e}
pre{margin:0;padding:.6rem;background:#f6f8fa;overflow:auto;font-size:12px;max-height:30rem}
</style></head><body>
<h1>OpenProcurement CDB API</h1>
<p>Generated from the server's routes and input models: <a href="openapi.json">openapi.json</a>.</p>
<div id="out">Loading…</div>
<script>
fetch('openapi.json').then(r => r.json()).then(doc => {
  const out = document.getElementById('out');
  out.textContent = '';
  const groups = new Map();
  for (const [path, item] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(item)) {
    const tag = (op.tags && op.tags[0]) || 'other';
    if (!groups.has(tag)) groups.set(tag, []);
    groups.get(tag).push({ path, method, op });
  }
  for (const [tag, ops] of [...groups].sort()) {
    const h = document.createElement('h2'); h.textContent = tag; out.append(h);
    for (const { path, method, op } of ops) {
      const d = document.createElement('details');
      const s = document.createElement('summary');
      const m = document.createElement('span'); m.className = 'm ' + method; m.textContent = method.toUpperCase();
      s.append(m, document.createTextNode(path)); d.append(s);
      const body = op.requestBody && op.requestBody.content['application/json'].schema;
      const pre = document.createElement('pre');
      pre.textContent = body ? JSON.stringify(body, null, 2) : 'No request body.';
      d.append(pre); out.append(d);
    }
  }
  document.title = doc.info.title + ' ' + doc.info.version;
}).catch(e => { document.getElementById('out').textContent = 'Cannot load openapi.json: ' + e; });
</script></body></html>
`;

export function registerOpenApiRoutes(app: FastifyInstance, deps: AppDeps, routes: RouteTable, version: string): void {
  let text: string | null = null;
  app.get(`${API_PREFIX}/openapi.json`, async (_req, reply) => {
    text ??= JSON.stringify(buildOpenApiDocument(routes, deps, version));
    return sendJsonText(reply, 200, text);
  });
  app.get(DOCS_PATH, async (_req, reply) => reply.type('text/html; charset=utf-8').send(DOCS_PAGE));
}
