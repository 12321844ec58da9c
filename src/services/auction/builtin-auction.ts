// The built-in auction (extensions.md §5) wired to the app: when the chronograph has passed over a
// tender in active.auction, each auction it needs gets a stored run (re-planned when the API moved
// its start) and its page and participation urls, set through the auction API's own service; runs
// that ended post their results through the same service as `POST /tenders/{id}/auction`, as the
// `auction` user. Time is the app's clock, so the sandbox clock and `accelerator=N` drive it.
import { serverUrl } from '../../config.ts';
import type { FastifyBaseLogger } from 'fastify';
import { operationCtx, type AppDeps, type AuctionHooks, type OperationCtx } from '../../core/context.ts';
import { RevisionConflictError } from '../../core/storage/store.ts';
import { acceleratorOf } from '../../core/time/accelerator.ts';
import { AUCTION_PRINCIPAL, reportAuctionResults, setAuctionUrls } from '../../core/tender/auction.service.ts';
import { loadTender } from '../../core/tender/tender.repository.ts';
import type { Tender } from '../../core/tender/tender.types.ts';
import { createAuctionRunner, type AuctionRunner } from './auction-runner.ts';
import type { AuctionResultEntry } from './auction-run.types.ts';
import { auctionTargets, resultsBody, urlsBody, type AuctionTarget } from './auction-targets.ts';
import { auctionPageUrl, loadOrCreateParticipationSecret, participationUrl } from './participation-signature.ts';
import { storedAuctionRuns } from './stored-auction-runs.ts';

const SAVE_ATTEMPTS = 5;
/** Bound of the ticks one clock move runs (each posts up to a batch of ended runs). */
const MAX_DRAIN_PASSES = 1000;

export interface BuiltinAuction {
  hooks: AuctionHooks;
  runner: AuctionRunner;
  /** `<public url>` the pages live under. */
  publicBase: string;
  secret(): Promise<Buffer>;
  /** Polls for ended runs (main.ts; tests move the sandbox clock instead). */
  start(): void;
  stop(): void;
}

export interface BuiltinAuctionOptions {
  nodeId: string;
  log: FastifyBaseLogger;
  pollMs?: number;
}

export function publicBaseOf(deps: AppDeps): string {
  return serverUrl(deps.config);
}

/** Whether the tender shows this auction's page url (and, for a lot, on the lot). */
function hasPageUrl(tender: Tender, target: AuctionTarget, pageUrl: string): boolean {
  if (target.lotId === null) return tender.auctionUrl === pageUrl;
  return (tender.lots ?? []).some((lot) => lot.id === target.lotId && lot.auctionUrl === pageUrl);
}

/** The target still waits for its results (the tender may have moved on meanwhile). */
function awaitsResults(tender: Tender, lotId: string | null): boolean {
  if (tender.status !== 'active.auction') return false;
  const period = lotId === null ? tender.auctionPeriod : (tender.lots ?? []).find((l) => l.id === lotId && l.status === 'active')?.auctionPeriod;
  return period !== undefined && period.endDate === undefined;
}

export function createBuiltinAuction(deps: AppDeps, opts: BuiltinAuctionOptions): BuiltinAuction {
  const publicBase = publicBaseOf(deps);
  let secretPromise: Promise<Buffer> | null = null;
  const secret = (): Promise<Buffer> => (secretPromise ??= loadOrCreateParticipationSecret(deps.store));
  const auctionCtx = (log: FastifyBaseLogger): OperationCtx => operationCtx(deps, AUCTION_PRINCIPAL, log);

  async function postResults(tenderId: string, lotId: string | null, results: AuctionResultEntry[]): Promise<void> {
    // A concurrent write to the tender (chronograph, another lot's results) is retried at once:
    // waiting for the run's claim to expire would hold the results back for a minute.
    for (let attempt = 1; ; attempt++) {
      const ctx = auctionCtx(opts.log);
      const loaded = await loadTender(ctx, tenderId);
      // Cancelled, or results already reported by someone else: nothing left to post.
      if (!awaitsResults(loaded.tender, lotId)) return;
      const procedure = deps.procedures.get(String(loaded.tender.procurementMethodType));
      if (!procedure) return;
      try {
        await reportAuctionResults(ctx, procedure, loaded, lotId, () => resultsBody(loaded.tender, lotId, results));
        ctx.log.info({ tenderId, lotId }, 'auction results posted');
        return;
      } catch (err) {
        if (!(err instanceof RevisionConflictError) || attempt >= SAVE_ATTEMPTS) throw err;
      }
    }
  }

  const runner = createAuctionRunner({
    store: storedAuctionRuns(deps.store),
    clock: deps.clock,
    nodeId: opts.nodeId,
    postResults,
    pollMs: opts.pollMs,
    beforeLoopTick: async () => deps.sandboxClockSync?.refresh(),
    onPostingError: (key, err) => opts.log.error({ err, key }, 'auction results not posted (retried when the claim expires)'),
  });

  async function setUrls(log: FastifyBaseLogger, target: AuctionTarget): Promise<void> {
    const key = await secret();
    const pageUrl = auctionPageUrl(publicBase, target.key);
    for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
      const ctx = auctionCtx(log);
      const loaded = await loadTender(ctx, target.run.tenderId);
      if (hasPageUrl(loaded.tender, target, pageUrl) || !awaitsResults(loaded.tender, target.lotId)) return;
      const procedure = deps.procedures.get(String(loaded.tender.procurementMethodType));
      if (!procedure) return;
      const body = urlsBody(loaded.tender, target, pageUrl, (bidId) => participationUrl(pageUrl, key, target.key, bidId));
      try {
        await setAuctionUrls(ctx, procedure, loaded, target.lotId, () => body);
        return;
      } catch (err) {
        if (!(err instanceof RevisionConflictError)) throw err;
      }
    }
  }

  const hooks: AuctionHooks = {
    async afterChronograph(ctx, tender) {
      const sandbox = deps.config.sandbox;
      const accelerator = sandbox ? acceleratorOf(tender.procurementMethodDetails) : undefined;
      for (const target of auctionTargets(tender, { sandbox, accelerator })) {
        if (!(await runner.schedule(target.run)) && (await runner.replan(target.run))) {
          ctx.log.info({ key: target.key, startDate: target.run.startMs }, 'auction run re-planned');
        }
        // no-auction: results from the initial offers, and no page to show (platform.md §7.8).
        if (target.mode !== 'no-auction' && !hasPageUrl(tender, target, auctionPageUrl(publicBase, target.key))) await setUrls(ctx.log, target);
      }
    },
    async afterClockMove() {
      // Every run that has ended by the new time, not just one batch: the chronograph runs next and
      // would re-plan the auctions whose results are still unposted.
      let posted = 0;
      for (let pass = 0; pass < MAX_DRAIN_PASSES; pass++) {
        const n = (await runner.tick()).posted.length;
        posted += n;
        if (n === 0) break;
      }
      return posted;
    },
  };

  return {
    hooks,
    runner,
    publicBase,
    secret,
    start: () => runner.start(),
    stop: () => runner.stop(),
  };
}
