// Per-client request budget (issue 7): a fixed one-minute window on the app clock, keyed by the
// API key's user name (so one broker behind many addresses shares a budget) or, for anonymous
// callers, the client address. Over budget → 429 in the error envelope with `Retry-After`.
// The reference leaves this to its edge proxy (platform.md §7.12); a single node without one needs it here.
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../time/clock.ts';
import { genericError, sendErrors } from './error-handler.ts';

const WINDOW_MS = 60_000;

export interface RateLimitOptions {
  /** Requests per client per minute; 0 turns the limit off. */
  perMinute: number;
  clock: Clock;
}

/** Counts requests per client in the current window; only the current window is kept. */
export class RequestBudget {
  private window = Number.NaN;
  private readonly counts = new Map<string, number>();
  private readonly perMinute: number;

  constructor(perMinute: number) {
    this.perMinute = perMinute;
  }

  /** Records one request; returns null when allowed, else the seconds until the window ends. */
  take(client: string, nowMs: number): number | null {
    const window = Math.floor(nowMs / WINDOW_MS);
    if (window !== this.window) {
      this.window = window;
      this.counts.clear();
    }
    const used = (this.counts.get(client) ?? 0) + 1;
    this.counts.set(client, used);
    if (used <= this.perMinute) return null;
    return Math.max(1, Math.ceil(((window + 1) * WINDOW_MS - nowMs) / 1000));
  }
}

/** Adds the limit as an onRequest hook; register it after the hook that sets `req.principal`. */
export function registerRateLimit(app: FastifyInstance, opts: RateLimitOptions): void {
  if (opts.perMinute <= 0) return;
  const budget = new RequestBudget(opts.perMinute);
  app.addHook('onRequest', async (req, reply) => {
    const client = req.principal?.name ? `key:${req.principal.name}` : `ip:${req.ip}`;
    const retryAfter = budget.take(client, opts.clock.now());
    if (retryAfter === null) return;
    reply.header('Retry-After', String(retryAfter));
    return sendErrors(reply, 429, [genericError(429)]);
  });
}
