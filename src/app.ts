// buildApp(config, deps) → a Fastify instance with every route; never listens (tests, bench).
import fs from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from './config.ts';
import type { AppDeps } from './core/context.ts';
import { registerBodyParsers } from './core/http/body-parsers.ts';
import { registerRendering } from './core/http/render.ts';
import { registerErrorHandling, renderFrameworkError, sendErrors } from './core/http/error-handler.ts';
import { RouteTable } from './core/http/route-table.ts';
import { registerRateLimit } from './core/http/rate-limit.ts';
import { REDACT_PATHS, serializeRequest } from './core/http/log-redaction.ts';
import { connectionLimits, exemptStreamsFromIdleTimeout } from './core/http/connection-limits.ts';
import { principalFromAuthorization } from './core/auth/authenticate.ts';
import { extractAccToken } from './core/auth/owner-token.ts';
import { openTokenSealer } from './core/auth/stored-tokens.ts';
import { loadKeyFile } from './core/auth/key-file.ts';
import { loadOrCreateDsKeyring } from './core/documents/ds-keys.ts';
import { SandboxClock, SystemClock } from './core/time/clock.ts';
import { SandboxClockSync } from './core/time/sandbox-clock-sync.ts';
import { loadWorkingCalendar } from './core/time/holidays.ts';
import { loadStandards } from './core/standards.ts';
import { openStore } from './storage/open-store.ts';
import { buildRegistry } from './procedures/registry.ts';
import { registerTenderRoutes } from './core/tender/routes/tender.routes.ts';
import { registerHistoricalRoutes } from './core/tender/routes/historical.routes.ts';
import { API_PREFIX } from './core/http/api-prefix.ts';
import { registerLotRoutes } from './core/tender/routes/lot.routes.ts';
import { registerCriteriaRoutes } from './core/tender/routes/criteria.routes.ts';
import { registerQualificationRoutes } from './core/tender/routes/qualification.routes.ts';
import { registerRequirementResponseRoutes } from './core/tender/routes/requirement-response.routes.ts';
import { registerTenderDocumentRoutes } from './core/tender/routes/document.routes.ts';
import { registerQuestionRoutes } from './core/tender/routes/question.routes.ts';
import { registerBidRoutes } from './core/tender/routes/bid.routes.ts';
import { registerBidDocumentRoutes } from './core/tender/routes/bid-document.routes.ts';
import { registerCancellationRoutes } from './core/tender/routes/cancellation.routes.ts';
import { registerComplaintRoutes } from './core/tender/routes/complaint.routes.ts';
import { registerReviewRequestRoutes } from './core/tender/routes/review-request.routes.ts';
import { registerAuctionRoutes } from './core/tender/routes/auction.routes.ts';
import { registerAwardRoutes } from './core/tender/routes/award.routes.ts';
import { registerTenderContractRoutes } from './core/tender/routes/contract.routes.ts';
import { registerContractRoutes } from './core/contracting/contract.routes.ts';
import { registerRelocationRoutes } from './core/relocation/relocation.routes.ts';
import { registerPlanRoutes } from './core/planning/plan.routes.ts';
import { registerOcdsRoutes } from './core/ocds/ocds.routes.ts';
import { FEED_INDEX_UPGRADE, feedIndexUpgrade } from './core/ocds/feed-index-upgrade.ts';
import { registerStreamRoutes, streamPath } from './core/stream/stream.routes.ts';
import { TENDER_FEED_FIELDS } from './core/tender/tender.view.ts';
import { CONTRACT_FEED_FIELDS } from './core/contracting/contract.view.ts';
import { PLAN_FEED_FIELDS } from './core/planning/plan.view.ts';
import { registerServiceRoutes } from './core/service/service.routes.ts';
import { DOCS_PATH, registerOpenApiRoutes } from './core/service/openapi.routes.ts';
import { registerDocumentServiceRoutes } from './services/document-service/document-service.routes.ts';
import { ChronographScheduler } from './services/chronograph/chronograph.scheduler.ts';
import { registerChronographRoutes } from './core/tender/routes/chronograph.routes.ts';
import { createBuiltinAuction } from './services/auction/builtin-auction.ts';
import { registerAuctionPageRoutes } from './services/auction/auction-page.routes.ts';
import { AUCTION_PAGE_PREFIX } from './services/auction/participation-signature.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Owner token presented by the request (query, header or body; platform.md §3.4). */
    accToken?: string;
  }
}

const PACKAGE_VERSION = (JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Opens everything the app needs from the configuration. */
export async function createDeps(config: Config, overrides: Partial<AppDeps> = {}): Promise<AppDeps> {
  const store = overrides.store ?? (await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, sqliteSynchronous: config.sqliteSynchronous, poolSize: config.databasePoolSize }));
  const clock = overrides.clock ?? (config.sandbox ? new SandboxClock() : new SystemClock());
  const sandboxClockSync = config.sandbox && clock instanceof SandboxClock ? new SandboxClockSync(store, clock) : undefined;
  // A node joining a running sandbox (or restarting) starts at the sandbox's time.
  await sandboxClockSync?.refresh();
  const deps: AppDeps = {
    config,
    store,
    clock,
    sandboxClockSync,
    calendar: overrides.calendar ?? loadWorkingCalendar(config.standardsDir),
    standards: overrides.standards ?? loadStandards(config.standardsDir),
    keyRing: overrides.keyRing ?? loadKeyFile(config.authFile),
    dsKeyring: overrides.dsKeyring ?? (await loadOrCreateDsKeyring(store, config.dsPublicKeys)),
    tokens: overrides.tokens ?? (await openTokenSealer(store)),
    procedures: overrides.procedures ?? buildRegistry(),
    random: overrides.random ?? Math.random,
  };
  // Databases written before filtered feeds and the release feed: their documents indexed once
  // (their history rendered as the procedures render it, hence after the deps are complete).
  await store.upgradeOnce(FEED_INDEX_UPGRADE, feedIndexUpgrade(deps));
  return deps;
}

/** Accept header check of the reference's JSON views (platform.md §2.2). */
function acceptsJson(accept: string | undefined): boolean {
  if (!accept || accept.trim() === '') return true;
  return accept.split(',').some((part) => {
    const [type, ...params] = part.trim().split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) return false;
    return type === '*/*' || type === 'application/*' || type === 'application/json';
  });
}

const MAX_PATH_SEGMENT_LENGTH = 4096;

/** Requests that write nothing (they may read a sandbox time up to one background refresh old). */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** How often a sandbox node looks for a clock moved through another node, between writes. */
const SANDBOX_CLOCK_REFRESH_MS = 1000;

/** The auction page's server-sent events: a response that lasts the whole auction. */
const AUCTION_EVENTS_ROUTE = `${AUCTION_PAGE_PREFIX}/:key/events`;

export interface BuildAppOptions {
  logger?: boolean;
  /** Where log lines go (default stdout); tests capture them. */
  logStream?: NonNullable<Exclude<FastifyServerOptions['logger'], boolean | undefined>>['stream'];
  /** Start the built-in chronograph when the app is ready (main.ts passes config.chronograph; tests opt in). */
  chronograph?: boolean;
  /**
   * Poll for ended auction runs when the app is ready (main.ts passes config.auction; tests move the
   * sandbox clock instead). The built-in auction itself is on whenever config.auction is.
   */
  auctionRunner?: boolean;
}

export async function buildApp(deps: AppDeps, opts: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : {
            level: deps.config.logLevel,
            serializers: { req: serializeRequest },
            redact: { paths: REDACT_PATHS, censor: '[redacted]' },
            ...(opts.logStream ? { stream: opts.logStream } : {}),
          },
    ...connectionLimits(deps.config),
    // X-Forwarded-* (req.protocol, req.host, req.ip) count only from these peers; none by default.
    trustProxy: deps.config.trustedProxies.length > 0 ? [...deps.config.trustedProxies] : false,
    bodyLimit: deps.config.bodyLimit,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && given !== '' ? given : `req-${randomUUID()}`;
    },
    // Ids longer than this are answered 414; below it an unknown id is the reference's plain 404.
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: MAX_PATH_SEGMENT_LENGTH },
    frameworkErrors: renderFrameworkError,
  });
  app.server.maxConnections = deps.config.maxConnections;
  const routes = new RouteTable();
  routes.attach(app);
  app.decorate('routeTable', routes);
  registerBodyParsers(app, { maxUploadBytes: deps.config.maxUploadBytes });
  registerErrorHandling(app, routes);
  registerRendering(app);

  // The reference's SESSION cookie carries replica clock data; on one database there is nothing to
  // carry, so it is an opaque per-process value that tells nothing about the server (platform.md §7.10).
  const sessionCookie = `SESSION=${randomBytes(16).toString('base64url')}; Path=/`;
  app.decorateRequest('principal', null as never);
  app.decorateRequest('accToken', undefined);
  const streams = new Set([AUCTION_EVENTS_ROUTE, streamPath('tenders'), streamPath('contracts'), streamPath('plans')]);
  app.addHook('onRequest', async (req, reply) => {
    reply.header('X-Request-ID', req.id);
    const clientId = req.headers['x-client-request-id'];
    if (typeof clientId === 'string') reply.header('X-Client-Request-ID', clientId);
    reply.header('Set-Cookie', sessionCookie);
    req.principal = principalFromAuthorization(req.headers.authorization, deps.keyRing);
    // A write happens at the sandbox's time even when another node moved the clock a moment ago.
    if (deps.sandboxClockSync && !SAFE_METHODS.has(req.method)) await deps.sandboxClockSync.refresh();
    // The documentation page is HTML for browsers, the push feeds are event streams; everything
    // else under the API speaks JSON.
    const speaksJson = !req.url.startsWith(DOCS_PATH) && !streams.has(req.routeOptions.url ?? '');
    if (req.url.startsWith(`${API_PREFIX}/`) && speaksJson && !acceptsJson(req.headers.accept)) {
      return sendErrors(reply, 406, [{ location: 'header', name: 'Accept', description: "Accept header should be one of ['application/json']" }]);
    }
  });
  exemptStreamsFromIdleTimeout(app, (req) => streams.has(req.routeOptions.url ?? ''));
  registerRateLimit(app, { perMinute: deps.config.rateLimitPerMinute, clock: deps.clock });
  app.addHook('preValidation', async (req) => {
    req.accToken = extractAccToken({
      query: req.query as Record<string, unknown>,
      headers: req.headers,
      body: req.body,
      contentType: req.headers['content-type'] ?? null,
      method: req.method,
    });
  });

  registerServiceRoutes(app, deps, PACKAGE_VERSION);
  registerOpenApiRoutes(app, deps, routes, PACKAGE_VERSION);
  registerTenderRoutes(app, deps);
  registerHistoricalRoutes(app, deps);
  registerLotRoutes(app, deps);
  registerCriteriaRoutes(app, deps);
  registerQualificationRoutes(app, deps);
  registerRequirementResponseRoutes(app, deps);
  registerTenderDocumentRoutes(app, deps);
  registerQuestionRoutes(app, deps);
  registerBidRoutes(app, deps);
  registerBidDocumentRoutes(app, deps);
  registerCancellationRoutes(app, deps);
  registerComplaintRoutes(app, deps);
  registerReviewRequestRoutes(app, deps);
  registerAuctionRoutes(app, deps);
  registerAwardRoutes(app, deps);
  registerTenderContractRoutes(app, deps);
  registerPlanRoutes(app, deps);
  registerContractRoutes(app, deps);
  registerRelocationRoutes(app, deps);
  registerOcdsRoutes(app, deps);
  registerStreamRoutes(app, deps, [
    { collection: 'tenders', optFieldsWhitelist: TENDER_FEED_FIELDS },
    { collection: 'contracts', optFieldsWhitelist: CONTRACT_FEED_FIELDS },
    { collection: 'plans', optFieldsWhitelist: PLAN_FEED_FIELDS },
  ]);
  registerDocumentServiceRoutes(app, deps);
  registerChronographRoutes(app, deps);
  const clockSync = deps.sandboxClockSync;
  if (clockSync) {
    app.addHook('onReady', async () => clockSync.start(SANDBOX_CLOCK_REFRESH_MS, (err) => app.log.warn({ err }, 'sandbox clock refresh failed')));
    app.addHook('onClose', async () => clockSync.stop());
  }
  const auction = deps.config.auction ? createBuiltinAuction(deps, { nodeId: randomUUID(), log: app.log, pollMs: deps.config.auctionIntervalMs }) : null;
  if (auction) {
    deps.auction = auction.hooks;
    registerAuctionPageRoutes(app, deps, auction);
    if (opts.auctionRunner) app.addHook('onReady', async () => auction.start());
  }
  const chronograph = opts.chronograph ? new ChronographScheduler(deps, app.log, deps.config.chronographIntervalMs) : null;
  if (chronograph) app.addHook('onReady', async () => chronograph.start());
  app.addHook('onClose', async () => {
    await chronograph?.stop();
    auction?.stop();
    await deps.store.close();
  });
  return app;
}
