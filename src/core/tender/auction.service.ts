// The auction module (below-threshold.md §3.5): the `auction` user (an external runner, or the
// built-in one in src/services/auction) reads the tender, sets the auction and participation urls,
// and reports the results, which finish the auction period and start awarding. One path for both:
// the built-in runner posts through `reportAuctionResults` like the HTTP route does.
import type { OperationCtx } from '../context.ts';
import { permissionDenied } from '../http/errors.ts';
import { isAuction, type Principal } from '../auth/principal.ts';
import {
  applyLotResults, applyLotUrls, applyTenderResults, applyTenderUrls, assertAuctionLotActive, assertAuctionStatus, assertNonLotAuction, assertNonLotResults,
  finishAuctionPeriod, readLotResults, readLotUrls, readTenderResults, readTenderUrls,
} from './auction.rules.ts';
import { countLotBids } from './bid-counting.ts';
import { updateNextCheck } from './chronograph.events.ts';
import { deriveTender } from './tender.derive.ts';
import { saveTender, type LoadedTender } from './tender.repository.ts';
import { chronographCtx, deriveContext } from './tender.service.ts';
import type { Procedure } from './procedure.ts';
import type { Tender } from './tender.types.ts';

/** The identity the built-in auction acts as (revision author `auction`). */
export const AUCTION_PRINCIPAL: Principal = Object.freeze({ role: 'auction', name: 'auction', levels: new Set<string>(), permissions: new Set<string>() });

function assertAuctionUser(ctx: OperationCtx): void {
  if (!isAuction(ctx.principal)) throw permissionDenied();
}

/**
 * The checks before the body, in the reference's order: user, tender status, then the path lot must
 * be active; the tender-level urls refuse a lot tender before reading the body.
 */
function assertAuctionTarget(ctx: OperationCtx, tender: Tender, lotId: string | null, op: 'patch' | 'post'): void {
  assertAuctionUser(ctx);
  assertAuctionStatus(tender, op);
  if (lotId !== null) assertAuctionLotActive(tender, lotId, op);
  else if (op === 'patch') assertNonLotAuction(tender);
}

async function saveDerived(ctx: OperationCtx, procedure: Procedure, loaded: LoadedTender, after: Tender): Promise<Tender> {
  deriveTender(after, deriveContext(ctx, procedure, after));
  updateNextCheck(after, chronographCtx(ctx, after));
  return saveTender(ctx, loaded, after);
}

export function readAuction(ctx: OperationCtx, tender: Tender): Tender {
  assertAuctionUser(ctx);
  assertAuctionStatus(tender, 'get');
  return tender;
}

export async function setAuctionUrls(
  ctx: OperationCtx, procedure: Procedure, loaded: LoadedTender, lotId: string | null, readData: () => Record<string, unknown>,
): Promise<Tender> {
  const tender = loaded.tender;
  assertAuctionTarget(ctx, tender, lotId, 'patch');
  const data = readData();
  const after: Tender = structuredClone(tender);
  if (lotId === null) applyTenderUrls(after, readTenderUrls(tender, data));
  else applyLotUrls(after, lotId, readLotUrls(tender, lotId, data));
  return saveDerived(ctx, procedure, loaded, after);
}

/** Awarding waits until every active lot that has an auction (more than one bid) reported. */
function allLotAuctionsFinished(tender: Tender): boolean {
  return (tender.lots ?? [])
    .filter((lot) => lot.status === 'active' && countLotBids(tender, lot.id) > 1)
    .every((lot) => lot.auctionPeriod?.endDate !== undefined);
}

export async function reportAuctionResults(
  ctx: OperationCtx, procedure: Procedure, loaded: LoadedTender, lotId: string | null, readData: () => Record<string, unknown>,
): Promise<Tender> {
  const tender = loaded.tender;
  assertAuctionTarget(ctx, tender, lotId, 'post');
  const data = readData();
  const after: Tender = structuredClone(tender);
  if (lotId === null) {
    const results = readTenderResults(tender, data);
    assertNonLotResults(tender);
    applyTenderResults(after, results);
    finishAuctionPeriod(after, ctx.nowIso, ctx.now);
    procedure.awarding.next(after, chronographCtx(ctx, after, procedure));
  } else {
    applyLotResults(after, lotId, readLotResults(tender, lotId, data));
    const lot = (after.lots ?? []).find((l) => l.id === lotId)!;
    finishAuctionPeriod(lot, ctx.nowIso, ctx.now);
    if (allLotAuctionsFinished(after)) procedure.awarding.next(after, chronographCtx(ctx, after, procedure));
  }
  return saveDerived(ctx, procedure, loaded, after);
}
