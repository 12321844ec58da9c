// Service endpoints (platform.md §8) and the sandbox clock (extensions.md §2).
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../context.ts';
import { sendJsonText } from '../http/envelope.ts';
import { ApiError, dataError, notFound, permissionDenied } from '../http/errors.ts';
import { brokersResponse } from '../auth/brokers.ts';
import { formatIso, parseIso } from '../time/iso.ts';
import { SandboxClock } from '../time/clock.ts';
import { API_PREFIX } from '../http/api-prefix.ts';
import { runDueChronographChecks } from '../tender/chronograph.service.ts';

export const API_VERSION = '2.5';

export function registerServiceRoutes(app: FastifyInstance, deps: AppDeps, packageVersion: string): void {
  app.get(`${API_PREFIX}/health`, async (_req, reply) => sendJsonText(reply, 200, JSON.stringify({ health: 'ok' })));
  app.get(`${API_PREFIX}/ping`, async (_req, reply) => sendJsonText(reply, 200, JSON.stringify({ msg: 'pong' })));
  app.get(`${API_PREFIX}/version`, async (_req, reply) =>
    sendJsonText(reply, 200, JSON.stringify({ API: packageVersion, standards: { version: deps.config.standardsDir ? 'local' : 'none', url: deps.config.standardsDir ?? '' } })),
  );
  app.get(`${API_PREFIX}/brokers`, async (req, reply) => {
    const levels = (req.query as Record<string, string | undefined>).levels;
    return sendJsonText(reply, 200, JSON.stringify(brokersResponse(deps.keyRing, levels)));
  });

  // Sandbox clock: 404 outside sandbox mode, like any unknown route.
  const clock = deps.clock;
  app.get(`${API_PREFIX}/sandbox/clock`, async (_req, reply) => {
    if (!deps.config.sandbox) throw notFound('not_found');
    await deps.sandboxClockSync?.refresh();
    return sendJsonText(reply, 200, JSON.stringify({ data: { now: formatIso(clock.now()) } }));
  });
  app.put(`${API_PREFIX}/sandbox/clock`, async (req, reply) => {
    if (!deps.config.sandbox || !(clock instanceof SandboxClock)) throw notFound('not_found');
    if (req.principal.role !== 'Administrator') throw permissionDenied();
    const body = req.body as { data?: { now?: unknown; frozen?: unknown } } | undefined;
    const data = body && typeof body === 'object' ? body.data : undefined;
    if (!data || typeof data !== 'object' || Array.isArray(data)) throw dataError('data', 'Data not available');
    const parsed = typeof data.now === 'string' ? parseIso(data.now) : null;
    if (!parsed) throw new ApiError(422, [{ location: 'body', name: 'now', description: [`Could not parse ${String(data.now)}. Should be ISO8601.`] }]);
    clock.set(parsed.ms, data.frozen === true);
    await deps.sandboxClockSync?.publish();
    // Answer only once the world is consistent with the new time (extensions.md §2). Auctions that
    // ended by then post their results first: a running node would have posted them at their end,
    // before the chronograph's re-plan time for auctions without results. Results (and tenders the
    // checks move into an auction) may make more checks due.
    await deps.auction?.afterClockMove(req.log);
    await runDueChronographChecks(deps, req.log);
    for (let pass = 0; pass < 5 && deps.auction && (await deps.auction.afterClockMove(req.log)) > 0; pass++) {
      await runDueChronographChecks(deps, req.log);
    }
    return sendJsonText(reply, 200, JSON.stringify({ data: { now: formatIso(clock.now()), frozen: clock.isFrozen() } }));
  });
}
