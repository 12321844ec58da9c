// GET /api/2.5/{tenders,contracts,plans}/stream: the push feed as Server-Sent Events (extensions.md §6).
// `id:` is the feed offset of the item, `data:` the item as the polling feed shows it (`opt_fields`
// and `mode` as there). A client resumes with `Last-Event-ID` (what EventSource sends on reconnect)
// or `?offset=` (any offset the polling feed gave); without either it starts at the current end.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../context.ts';
import { API_PREFIX } from '../http/api-prefix.ts';
import { dataError } from '../http/errors.ts';
import { parseOffset } from '../storage/feed-offset.ts';
import { parseFeedParams, shapeItem } from '../storage/feed-page.ts';
import { queryParam } from '../storage/query-param.ts';
import type { CollectionName } from '../storage/store.ts';
import { FeedTail, positionAfter, type StreamClient, type StreamPosition } from './feed-stream.ts';

const STREAM_PARAMS = new Set(['offset', 'mode', 'opt_fields']);

/** How long a client may leave its connection full before it is dropped (it reconnects and resumes). */
const MAX_PAUSE_MS = 60_000;

export interface StreamedCollection {
  collection: CollectionName;
  optFieldsWhitelist: readonly string[];
}

export const streamPath = (collection: CollectionName): string => `${API_PREFIX}/${collection}/stream`;

export function registerStreamRoutes(app: FastifyInstance, deps: AppDeps, streamed: readonly StreamedCollection[]): void {
  const tails = new Map<string, FeedTail>();
  const connections = new Set<() => void>();
  for (const { collection } of streamed) {
    tails.set(collection, new FeedTail({ store: deps.store, collection, onError: (err) => app.log.error({ err, collection }, 'feed stream read failed') }));
  }
  const unwatch = deps.store.watch((name) => tails.get(name)?.wake());
  // Writes of processes that cannot wake this one (another process on the same SQLite file).
  const poll = setInterval(() => {
    for (const tail of tails.values()) if (tail.size > 0) tail.wake();
  }, deps.config.streamPollMs);
  poll.unref();

  for (const { collection, optFieldsWhitelist } of streamed) {
    const tail = tails.get(collection)!;
    app.get(streamPath(collection), async (req, reply) => {
      const query = req.query as Record<string, unknown>;
      for (const name of Object.keys(query)) if (!STREAM_PARAMS.has(name)) throw dataError(name, 'Unknown parameter.', 'querystring');
      const params = parseFeedParams(query, optFieldsWhitelist);
      const resumeFrom = lastEventId(req) ?? queryParam(query, 'offset') ?? '';
      const from: StreamPosition | 'end' = resumeFrom === '' ? 'end' : await positionAfter(deps.store, collection, parseOffset(resumeFrom));

      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
      out.write('retry: 2000\n\n');
      let pausedAt = 0;
      const client: StreamClient = {
        position: { value: null, ids: [] },
        paused: false,
        catchingUp: false,
        wants: (row) => (params.mode === '_all_' ? true : params.mode === 'test' ? row.isTest === true : row.isTest !== true),
        send: (row, eventId) => {
          const ok = out.write(`id: ${eventId}\ndata: ${JSON.stringify(shapeItem(row, params.optFields))}\n\n`);
          if (!ok) pausedAt = performance.now();
          return ok;
        },
      };
      out.on('drain', () => {
        if (client.paused) tail.resume(client);
      });
      const heartbeat = setInterval(() => {
        if (!client.paused) out.write(': heartbeat\n\n');
        else if (performance.now() - pausedAt > MAX_PAUSE_MS) close();
      }, deps.config.streamHeartbeatMs);
      const close = (): void => {
        if (!connections.delete(close)) return;
        clearInterval(heartbeat);
        tail.remove(client);
        out.end();
      };
      connections.add(close);
      out.on('close', close);
      try {
        await tail.add(client, from);
      } catch (err) {
        req.log.error({ err }, 'feed stream failed to start');
        close();
      }
    });
  }

  // preClose, not onClose: the server waits for open requests before onClose, and a stream never ends.
  app.addHook('preClose', async () => {
    clearInterval(poll);
    unwatch();
    for (const close of [...connections]) close();
  });
}

function lastEventId(req: FastifyRequest): string | undefined {
  const v = req.headers['last-event-id'];
  const id = Array.isArray(v) ? v.at(-1) : v;
  return id && id.trim() !== '' ? id.trim() : undefined;
}
