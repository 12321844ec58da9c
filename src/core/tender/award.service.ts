// Awards (below-threshold.md §3.6): reading, and the tender owner's decisions. A decision is
// saved with the contracts it creates or cancels in one transaction (contracting.md §5 atomicity).
import { findAward } from './award-ref.ts';
import type { OperationCtx, RequestCtx } from '../context.ts';
import { forbidden } from '../http/errors.ts';
import type { BatchWrite } from '../storage/store.ts';
import { contractCancellations, contractInsert } from './contracting-port.ts';
import { setObjectStatus } from '../state/object-status.ts';
import { updateNextCheck } from './chronograph.events.ts';
import { applyAwardDecision, assertQualifiedForStatus, type AwardMove } from './award.state.ts';
import type { Procedure } from './procedure.ts';
import { assertTenderOwner, chronographCtx } from './tender.service.ts';
import { validateOrThrow } from '../validation/request-model.ts';
import { saveTenderWith, type LoadedTender } from './tender.repository.ts';
import type { Award, Tender } from './tender.types.ts';

/** The lot of an award must still be active (`Can <op> ... only in active lot status`). */
export function isAwardLotActive(tender: Tender, award: Award): boolean {
  return !(tender.lots ?? []).some((l) => l.id === award.lotID && (l.status ?? 'active') !== 'active');
}

export async function patchAward(ctx: RequestCtx, procedure: Procedure, loaded: LoadedTender, awardId: string, readData: () => Record<string, unknown>): Promise<{ tender: Tender; award: Award }> {
  const before = findAward(loaded.tender, awardId);
  assertTenderOwner(ctx, loaded.tender);
  const patch = validateOrThrow<Record<string, unknown>>(procedure.models.awardPatch, readData(), ctx, false);
  const after: Tender = structuredClone(loaded.tender);
  const award = findAward(after, awardId);
  Object.assign(award, patch);
  assertQualifiedForStatus(award);
  if (!procedure.stages.awardDecisions.includes(after.status)) throw forbidden(`Can't update award in current (${after.status}) tender status`);
  if (!isAwardLotActive(after, award)) throw forbidden('Can update award only in active lot status');

  const ec = chronographCtx(ctx, after, procedure);
  const move: AwardMove = {
    tender: after,
    award,
    tc: ec,
    created: [],
    cancelledContracts: [],
  };
  applyAwardDecision(before, move);
  updateNextCheck(after, ec);

  const writes = [...move.created.map((c) => contractInsert(ctx, c.contract)), ...(await contractCancellations(ctx, move.cancelledContracts))];
  const saved = await saveTenderWith(ctx, loaded, after, writes);
  return { tender: saved, award: findAward(saved, awardId) };
}
