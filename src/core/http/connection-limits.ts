// Socket-level limits against slow or idle clients (HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS,
// IDLE_TIMEOUT_MS, MAX_CONNECTIONS). Node enforces the header and whole-request deadlines only while
// a request is being received, so long responses (the auction page's event stream) are not cut by
// them; the idle timeout does cover responses, hence the exemption for streaming routes.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';

/** How often Node looks for connections past their header/request deadline: a fraction of the shorter one. */
function checkingIntervalMs(config: Config): number {
  return Math.max(50, Math.min(1000, Math.floor(Math.min(config.headersTimeoutMs, config.requestTimeoutMs) / 4)));
}

/** Fastify server options carrying the configured timeouts (the connection cap is set on `app.server`). */
export function connectionLimits(config: Config) {
  return {
    requestTimeout: config.requestTimeoutMs,
    connectionTimeout: config.idleTimeoutMs,
    keepAliveTimeout: config.idleTimeoutMs,
    http: { headersTimeout: config.headersTimeoutMs, connectionsCheckingInterval: checkingIntervalMs(config) },
  };
}

/**
 * Lifts the idle timeout from the connections of streaming requests (they stay open by design
 * and end when the client goes away); the connection cap still bounds how many there can be.
 */
export function exemptStreamsFromIdleTimeout(app: FastifyInstance, isStream: (req: FastifyRequest) => boolean): void {
  app.addHook('onRequest', async (req) => {
    // Injected requests (tests) run on a stand-in socket without timers.
    if (isStream(req)) req.raw.socket?.setTimeout?.(0);
  });
}
