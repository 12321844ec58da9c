// The bidder page, served at each auction's `auctionUrl` (extensions.md §5):
//   GET  /auctions/{key}          the page (plain HTML + JS, nothing to build) with the tender's and
//                                 lot's titles; 404 for an unknown key
//   GET  /auctions/{key}/state    the page state as JSON
//   GET  /auctions/{key}/events   the page state as Server-Sent Events, sent whenever it changes
//                                 (auction-page-streams.ts: one shared poll per run, capped)
//   POST /auctions/{key}/bids     {bidder, signature, amount}: a bid (or -1) in the bidder's turn
//   GET  /auctions/static/{asset}  the price chart's library (chart.js-<version>.umd.min.js)
// `bidder` and `signature` come from the bidder's participationUrl; without a valid pair the caller
// watches read-only.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../core/context.ts';
import type { BuiltinAuction } from './builtin-auction.ts';
import type { StoredAuctionRun } from './auction-run-store.ts';
import { createPageStreams, type RenderedState } from './auction-page-streams.ts';
import { createHeadlineCache, headlineOf } from './auction-page-headline.ts';
import { renderAuctionPage } from './auction-page-html.ts';
import { AUCTION_ASSETS_PREFIX, chartLibraryAsset } from './chart-library-asset.ts';
import { notFound } from '../../core/http/errors.ts';
import { pageRefusal, pageState } from './auction-page.view.ts';
import { AUCTION_PAGE_PREFIX, isParticipationSignature } from './participation-signature.ts';
import { storedAuctionRuns } from './stored-auction-runs.ts';
import { machineNow } from '../../core/time/clock.ts';

const EVENTS_POLL_MS = 250;
const HEARTBEAT_MS = 15_000;
/** Live pages one bidder's participation link may hold at once (tabs, devices), besides the watchers. */
const STREAMS_PER_BIDDER = 4;
/** How long a page's titles are kept before the tender is read again. */
const HEADLINE_TTL_MS = 60_000;
const HEADLINES_KEPT = 1000;

type P = { Params: { key: string }; Querystring: { bidder?: string; signature?: string } };
type BidBody = { bidder?: unknown; signature?: unknown; amount?: unknown };

export function registerAuctionPageRoutes(app: FastifyInstance, deps: AppDeps, auction: BuiltinAuction): void {
  const runs = storedAuctionRuns(deps.store);
  const connections = new Set<() => void>();
  const chartLibrary = chartLibraryAsset();
  const headlines = createHeadlineCache({
    async load(key) {
      const record = await runs.load(key);
      if (!record) return null;
      const tender = await deps.store.getPublic('tenders', record.run.tenderId);
      return headlineOf(tender ? (JSON.parse(tender.publicText) as Record<string, unknown>) : {}, record.run.lotId);
    },
    ttlMs: HEADLINE_TTL_MS,
    maxEntries: HEADLINES_KEPT,
    now: () => performance.now(),
  });

  /** The bid id the caller proved with its participation signature, or null for a watcher. */
  async function bidderOf(key: string, bidder: unknown, signature: unknown): Promise<string | null> {
    if (typeof bidder !== 'string' || typeof signature !== 'string') return null;
    return isParticipationSignature(await auction.secret(), key, bidder, signature) ? bidder : null;
  }

  function renderState(record: StoredAuctionRun, viewer: string | null): RenderedState {
    const now = deps.clock.now();
    const { timeLeftMs, ...rest } = pageState(record.run, now, viewer);
    // Whole seconds: the page counts down itself from the time left it was sent.
    const text = JSON.stringify({ ...rest, timeLeftMs: timeLeftMs === null ? null : Math.ceil(timeLeftMs / 1000) * 1000 });
    // So a new event is owed only when something else changed, or the clock stopped running with
    // the machine's (the sandbox clock moved or is frozen): the page's own countdown is off then.
    const clockOffsetS = Math.round((now - machineNow()) / 1000);
    return { text, key: `${clockOffsetS}|${JSON.stringify(rest)}` };
  }

  const streams = createPageStreams({
    load: (key) => runs.load(key),
    render: renderState,
    pollMs: EVENTS_POLL_MS,
    heartbeatMs: HEARTBEAT_MS,
    maxWatchersPerRun: deps.config.auctionPageStreamsPerRun,
    maxStreamsPerBidder: STREAMS_PER_BIDDER,
    onError: (err) => app.log.error({ err }, 'auction page events failed'),
  });

  /** The run and who looks at it; 404 for an unknown key. */
  async function viewOf(key: string, query: P['Querystring']): Promise<{ record: StoredAuctionRun; viewer: string | null }> {
    const record = await runs.load(key);
    if (!record) throw pageRefusal('no-such-auction');
    return { record, viewer: await bidderOf(key, query.bidder, query.signature) };
  }

  app.get<{ Params: { asset: string } }>(`${AUCTION_ASSETS_PREFIX}/:asset`, async (req, reply) => {
    if (req.params.asset !== chartLibrary.name) throw notFound('asset');
    return reply.type(chartLibrary.contentType).header('Cache-Control', chartLibrary.cacheControl).send(chartLibrary.body);
  });

  app.get<P>(`${AUCTION_PAGE_PREFIX}/:key`, async (req, reply) => {
    const headline = await headlines.get(req.params.key);
    if (!headline) throw pageRefusal('no-such-auction');
    return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(renderAuctionPage(headline, chartLibrary.path));
  });

  app.get<P>(`${AUCTION_PAGE_PREFIX}/:key/state`, async (req, reply) => {
    const { record, viewer } = await viewOf(req.params.key, req.query);
    return reply.type('application/json').send(renderState(record, viewer).text);
  });

  app.get<P>(`${AUCTION_PAGE_PREFIX}/:key/events`, async (req, reply) => {
    const { record, viewer } = await viewOf(req.params.key, req.query);
    if (!streams.hasRoom(record.key, viewer)) throw pageRefusal('too-many-streams');
    reply.hijack();
    const out = reply.raw;
    out.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    const stream = streams.open(record, viewer, (chunk) => out.write(chunk));
    const close = (): void => {
      if (!connections.delete(close)) return;
      stream.close();
      out.end();
    };
    connections.add(close);
    out.on('close', close);
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

  // preClose, not onClose: the server waits for open requests before onClose, and a live page never ends.
  app.addHook('preClose', async () => {
    for (const close of [...connections]) close();
  });
}
