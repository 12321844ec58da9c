// A server process reached over HTTP, shaped like the `app.inject` the HTTP-level helpers call, so
// the same arranging code (publish a tender, submit bids, move the sandbox clock) drives real nodes
// (scripts/multi-node.ts).
import type { FastifyInstance } from 'fastify';

interface InjectOptions {
  method: string;
  url: string;
  headers?: Record<string, string>;
  payload?: string;
}

export function remoteApp(base: string): FastifyInstance {
  const inject = async ({ method, url, headers, payload }: InjectOptions) => {
    const res = await fetch(base + url, { method, headers, body: payload });
    const body = await res.text();
    return {
      statusCode: res.status,
      headers: Object.fromEntries(res.headers.entries()),
      body,
      json: () => JSON.parse(body) as unknown,
    };
  };
  // Only inject is used by the helpers; nothing else of a Fastify instance exists here.
  return { inject } as unknown as FastifyInstance;
}
