// Awards (below-threshold.md §3.6): reading, and the tender owner's decisions. A decision is
// saved with the contracts it creates or cancels in one transaction (contracting.md §5 atomicity).
import { findAward } from './award-ref.ts';
import type { OperationCtx, RequestCtx } from '../context.ts';
import { ApiError, forbidden } from '../http/errors.ts';
import { genericError } from '../http/error-handler.ts';
import type { BatchWrite } from '../storage/store.ts';
import { contractCancellations, contractInsert } from './contracting-port.ts';
import { setObjectStatus } from '../state/object-status.ts';
import { updateNextCheck } from './chronograph.events.ts';
import { applyAwardDecision, assertQualifiedForStatus, type AwardMove } from './award.state.ts';
import type { Procedure } from './procedure.ts';
import { assertTenderOwner, chronographCtx } from './tender.service.ts';
import { validateOrThrow } from '../validation/request-model.ts';
import { saveTenderWith, type LoadedTender } from './tender.repository.ts';
import { awardsOf, type Award, type MoneyValue, type Tender } from './tender.types.ts';
import { isAwardLotActive } from './awarding.ts';
import { assertNoRunningMilestone } from './award-milestones.ts';
import { assertHolderResponses } from './criteria/requirement-responses.ts';
import { newId } from '../ids.ts';

export async function patchAward(ctx: RequestCtx, procedure: Procedure, loaded: LoadedTender, awardId: string, readData: () => Record<string, unknown>): Promise<{ tender: Tender; award: Award }> {
  const before = findAward(loaded.tender, awardId);
  assertTenderOwner(ctx, loaded.tender);
  const patch = validateOrThrow<Record<string, unknown>>(procedure.models.awardPatch, readData(), ctx, false);
  const after: Tender = structuredClone(loaded.tender);
  const award = findAward(after, awardId);
  // An owner-posted award's value keeps its defaults when the owner re-sends it in part.
  const posting = procedure.awarding.posting;
  if (posting && patch.value !== undefined && patch.value !== null) patch.value = posting.valueOf(after, patch.value as MoneyValue);
  Object.assign(award, patch);
  posting?.assertChange?.(after, before, award);
  assertQualifiedForStatus(award, procedure.models.awardPatch.properties?.eligible !== undefined);
  if ('requirementResponses' in patch) assertHolderResponses(after, award as Record<string, unknown>, 'award');
  if (!procedure.stages.awardDecisions.includes(after.status)) throw forbidden(`Can't update award in current (${after.status}) tender status`);
  if (!isAwardLotActive(after, award)) throw forbidden('Can update award only in active lot status');
  assertNoRunningMilestone(before, award, ctx.now);

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

/**
 * `POST /tenders/{id}/awards` of the owner strategy (open-procedures.md §6.1): the tender owner
 * records an award. A ranked procedure defines no such method (the framework's 405).
 */
export async function createAward(ctx: RequestCtx, procedure: Procedure, loaded: LoadedTender, readData: () => Record<string, unknown>): Promise<{ tender: Tender; award: Award }> {
  const posting = procedure.awarding.posting;
  if (!posting) throw new ApiError(405, [genericError(405)], { Allow: 'GET, HEAD' });
  assertTenderOwner(ctx, loaded.tender);
  const input = validateOrThrow<Record<string, unknown>>(posting.model, readData(), ctx, true);
  if (!procedure.stages.awardDecisions.includes(loaded.tender.status)) throw forbidden(`Can't create award in current (${loaded.tender.status}) tender status`);
  posting.assertAllowed(loaded.tender, input);
  const after: Tender = structuredClone(loaded.tender);
  const award = posting.build(after, input, newId(), ctx.nowIso);
  after.awards = [...awardsOf(after), award];
  updateNextCheck(after, chronographCtx(ctx, after, procedure));
  const saved = await saveTenderWith(ctx, loaded, after, []);
  return { tender: saved, award: findAward(saved, award.id) };
}
