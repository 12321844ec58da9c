// The chronograph operation (below-threshold.md §5): apply the body (planned auction starts), run
// the events due by now, recompute derived data and next_check, save with the revision check.
// Used by `PATCH /tenders/{id}[/chronograph]` (chronograph user), the built-in scheduler
// (src/services/chronograph) and the sandbox clock, all through the same path.
import type { FastifyBaseLogger } from 'fastify';
import { operationCtx, type AppDeps, type OperationCtx } from '../context.ts';
import type { Principal } from '../auth/principal.ts';
import { dataError, ApiError } from '../http/errors.ts';
import { machineNow } from '../time/clock.ts';
import { RevisionConflictError } from '../storage/store.ts';
import { runDueEvents, updateNextCheck } from './chronograph.events.ts';
import { deriveTender } from './tender.derive.ts';
import { chronographCtx, deriveContext } from './tender.service.ts';
import { loadTender, saveTenderWith, type LoadedTender } from './tender.repository.ts';
import { contractCancellations, contractInsert } from './contracting-port.ts';
import type { Procedure } from './procedure.ts';
import type { Tender } from './tender.types.ts';

/** The identity the server's own chronograph acts as (revision author `chronograph`). */
export const CHRONOGRAPH_PRINCIPAL: Principal = Object.freeze({ role: 'chronograph', name: 'chronograph', levels: new Set<string>(), permissions: new Set<string>() });

/** What the chronograph may set: planned auction starts (below-threshold.md §3.5). */
export interface ChronographPatch {
  auctionPeriod?: { startDate?: string };
  /** Position-wise; null leaves the lot as it is. */
  lots?: Array<{ auctionPeriod?: { startDate?: string } } | null>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function rogue(name: string): ApiError {
  return dataError(name, 'Rogue field');
}

function readStartDate(v: unknown, name: string): { startDate?: string } {
  if (!isObject(v)) throw new ApiError(422, [{ location: 'body', name, description: ['Please use a mapping for this field or Period instance instead of str.'] }]);
  for (const k of Object.keys(v)) if (k !== 'startDate') throw rogue(`${name}.${k}`);
  return typeof v.startDate === 'string' ? { startDate: v.startDate } : {};
}

/** Validates the chronograph PATCH `data` against the tender (422s as the reference words them). */
export function readChronographPatch(data: Record<string, unknown>, tender: Tender): ChronographPatch {
  const patch: ChronographPatch = {};
  for (const [k, v] of Object.entries(data)) {
    if (k === 'auctionPeriod') {
      if ((tender.lots ?? []).length > 0) throw dataError('auctionPeriod', ['Auction url at tender lvl forbidden'], 'body');
      patch.auctionPeriod = readStartDate(v, 'auctionPeriod');
    } else if (k === 'lots' && Array.isArray(v)) {
      patch.lots = v.map((lot) => {
        if (lot === null || !isObject(lot) || lot.auctionPeriod === null) return null;
        for (const lk of Object.keys(lot)) if (lk !== 'auctionPeriod') throw rogue(`lots.${lk}`);
        return lot.auctionPeriod === undefined ? {} : { auctionPeriod: readStartDate(lot.auctionPeriod, 'lots.auctionPeriod') };
      });
    } else if (k !== 'id') {
      throw rogue(k);
    }
  }
  return patch;
}

function applyChronographPatch(t: Tender, patch: ChronographPatch): void {
  if (patch.auctionPeriod?.startDate) t.auctionPeriod = { ...(t.auctionPeriod ?? {}), startDate: patch.auctionPeriod.startDate };
  (patch.lots ?? []).forEach((lp, i) => {
    const lot = t.lots?.[i];
    if (lot && lp?.auctionPeriod?.startDate) lot.auctionPeriod = { ...(lot.auctionPeriod ?? {}), startDate: lp.auctionPeriod.startDate };
  });
}

/** Lets the built-in auction schedule what the tender needs; its failure never fails the chronograph. */
async function followAuction(ctx: OperationCtx, tender: Tender): Promise<void> {
  if (!ctx.deps.auction) return;
  try {
    await ctx.deps.auction.afterChronograph(ctx, tender);
  } catch (err) {
    ctx.log.error({ err, tenderId: tender.id }, 'auction scheduling failed');
  }
}

/** One chronograph pass over one tender; returns the tender as stored (the loaded one when nothing changed). */
export async function runChronograph(ctx: OperationCtx, procedure: Procedure, loaded: LoadedTender, patch: ChronographPatch = {}): Promise<Tender> {
  const after = structuredClone(loaded.tender);
  applyChronographPatch(after, patch);
  const ec = chronographCtx(ctx, after, procedure);
  const ran = runDueEvents(after, ec);
  deriveTender(after, deriveContext(ctx, procedure, after));
  updateNextCheck(after, ec);
  const contractWrites = [...ec.contractsCreated.map((c) => contractInsert(ctx, c.contract)), ...(await contractCancellations(ctx, ec.contractsCancelled))];
  const saved = await saveTenderWith(ctx, loaded, after, contractWrites);
  if (ran.length > 0) ctx.log.info({ tenderId: after.id, events: ran, status: `${loaded.tender.status}→${saved.status}` }, 'chronograph events applied');
  await followAuction(ctx, saved);
  return saved;
}

export interface DueChecksOptions {
  /** Passes over the due list; each pass sees the results of the previous one. */
  maxRounds?: number;
  /** Tenders fetched per pass. */
  batch?: number;
  /**
   * Claim each due tender for this caller before checking it (a node's background passes): of
   * several nodes polling one store, one checks each tender. Without it (the sandbox clock's PUT,
   * which answers only once every due check ran) claims are not looked at; the revision check
   * keeps the outcome right either way.
   */
  claimAs?: { claimant: string; leaseMs: number };
}

export interface DueChecksResult {
  checked: number;
  conflicts: number;
}

/**
 * Runs the chronograph for every tender due by the clock's now, pass after pass until nothing due is
 * left (or the bound is hit). A tender that a run left unchanged is not retried in the same call;
 * a revision conflict (someone else wrote it meanwhile) is simply retried in the next pass.
 */
export async function runDueChronographChecks(deps: AppDeps, log: FastifyBaseLogger, opts: DueChecksOptions = {}): Promise<DueChecksResult> {
  const maxRounds = opts.maxRounds ?? 20;
  const batch = opts.batch ?? 100;
  const settled = new Set<string>();
  const result: DueChecksResult = { checked: 0, conflicts: 0 };
  for (let round = 0; round < maxRounds; round++) {
    const ctx = operationCtx(deps, CHRONOGRAPH_PRINCIPAL, log);
    const claim = opts.claimAs;
    const wanted = batch + settled.size;
    // A lease runs in the machines' time (it outlives a node that dies), not the sandbox's.
    const leaseNow = machineNow();
    const ids = claim
      ? await deps.store.claimDueForCheck('tenders', ctx.now, wanted, { claimant: claim.claimant, nowMs: leaseNow, untilMs: leaseNow + claim.leaseMs })
      : await deps.store.dueForCheck('tenders', ctx.now, wanted);
    const due = ids.filter((id) => !settled.has(id));
    if (claim) for (const id of ids) if (settled.has(id)) await deps.store.releaseCheck('tenders', id, claim.claimant);
    if (due.length === 0) break;
    for (const id of due) {
      try {
        const loaded = await loadTender(ctx, id);
        const procedure = deps.procedures.get(String(loaded.tender.procurementMethodType));
        const saved = procedure ? await runChronograph(ctx, procedure, loaded) : loaded.tender;
        result.checked += 1;
        if (saved === loaded.tender) settled.add(id);
      } catch (err) {
        if (err instanceof RevisionConflictError) {
          result.conflicts += 1;
        } else {
          settled.add(id);
          log.error({ err, tenderId: id }, 'chronograph check failed');
        }
      } finally {
        if (claim) await deps.store.releaseCheck('tenders', id, claim.claimant);
      }
    }
  }
  return result;
}
