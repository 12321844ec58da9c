// The bidder page, served at each auction's `auctionUrl` (extensions.md §5):
//   GET  /auctions/{key}          the page (plain HTML + JS, nothing to build)
//   GET  /auctions/{key}/state    the page state as JSON
//   GET  /auctions/{key}/events   the page state as Server-Sent Events, sent whenever it changes
//   POST /auctions/{key}/bids     {bidder, signature, amount}: a bid (or -1) in the bidder's turn
// `bidder` and `signature` come from the bidder's participationUrl; without a valid pair the caller
// watches read-only.
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../core/context.ts';
import type { BuiltinAuction } from './builtin-auction.ts';
import { pageRefusal, pageState } from './auction-page.view.ts';
import { AUCTION_PAGE_PREFIX, isParticipationSignature } from './participation-signature.ts';
import { storedAuctionRuns } from './stored-auction-runs.ts';

const PAGE_HTML = readFileSync(new URL('./auction-page.html', import.meta.url), 'utf8');
const EVENTS_POLL_MS = 250;
const HEARTBEAT_MS = 15_000;

type P = { Params: { key: string }; Querystring: { bidder?: string; signature?: string } };
type BidBody = { bidder?: unknown; signature?: unknown; amount?: unknown };

export function registerAuctionPageRoutes(app: FastifyInstance, deps: AppDeps, auction: BuiltinAuction): void {
  const runs = storedAuctionRuns(deps.store);
  const streams = new Set<() => void>();

  /** The bid id the caller proved with its participation signature, or null for a watcher. */
  async function bidderOf(key: string, bidder: unknown, signature: unknown): Promise<string | null> {
    if (typeof bidder !== 'string' || typeof signature !== 'string') return null;
    return isParticipationSignature(await auction.secret(), key, bidder, signature) ? bidder : null;
  }

  async function stateText(req: FastifyRequest<P>): Promise<string | null> {
    const record = await runs.load(req.params.key);
    if (!record) return null;
    const viewer = await bidderOf(req.params.key, req.query.bidder, req.query.signature);
    const state = pageState(record.run, deps.clock.now(), viewer);
    // Whole seconds: the page counts down itself; an event a second is enough.
    return JSON.stringify({ ...state, timeLeftMs: state.timeLeftMs === null ? null : Math.ceil(state.timeLeftMs / 1000) * 1000 });
  }

  app.get<P>(`${AUCTION_PAGE_PREFIX}/:key`, async (_req, reply) => reply.type('text/html; charset=utf-8').send(PAGE_HTML));

  app.get<P>(`${AUCTION_PAGE_PREFIX}/:key/state`, async (req, reply) => {
    const text = await stateText(req);
    if (text === null) throw pageRefusal('no-such-auction');
    return reply.type('application/json').send(text);
  });

  app.get<P>(`${AUCTION_PAGE_PREFIX}/:key/events`, async (req, reply) => {
    if ((await stateText(req)) === null) throw pageRefusal('no-such-auction');
    reply.hijack();
    const out = reply.raw;
    out.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    let last = '';
    let sinceBeat = 0;
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      stateText(req)
        .then((text) => {
          sinceBeat += EVENTS_POLL_MS;
          if (text !== null && text !== last) {
            last = text;
            sinceBeat = 0;
            out.write(`event: state\ndata: ${text}\n\n`);
          } else if (sinceBeat >= HEARTBEAT_MS) {
            sinceBeat = 0;
            out.write(': keep-alive\n\n');
          }
        })
        .catch((err: unknown) => req.log.error({ err }, 'auction page events failed'))
        .finally(() => {
          busy = false;
        });
    }, EVENTS_POLL_MS);
    const close = (): void => {
      clearInterval(timer);
      streams.delete(close);
      out.end();
    };
    streams.add(close);
    req.raw.on('close', close);
  });

  app.post<{ Params: { key: string }; Body: BidBody }>(`${AUCTION_PAGE_PREFIX}/:key/bids`, async (req, reply) => {
    const body = (req.body ?? {}) as BidBody;
    if (!(await runs.load(req.params.key))) throw pageRefusal('no-such-auction');
    const bidder = await bidderOf(req.params.key, body.bidder, body.signature);
    if (bidder === null) throw pageRefusal('not-a-bidder');
    const amount = typeof body.amount === 'number' ? body.amount : typeof body.amount === 'string' && body.amount.trim() !== '' ? Number(body.amount) : NaN;
    if (!Number.isFinite(amount)) throw pageRefusal('bad-amount');
    const outcome = await auction.runner.submitBid(req.params.key, bidder, amount);
    if (!outcome.ok) throw pageRefusal(outcome.refusal.code, 'maxAllowedAmount' in outcome.refusal ? outcome.refusal.maxAllowedAmount : undefined);
    return reply.type('application/json').send(JSON.stringify(pageState(outcome.run, deps.clock.now(), bidder)));
  });

  app.addHook('onClose', async () => {
    for (const close of [...streams]) close();
  });
}
