// Lots of a tender (below-threshold.md §4): POST/PATCH/DELETE by the tender owner while the
// tender is editable; every change re-runs the tender's derivation and rules.
import type { RequestCtx } from '../context.ts';
import { dataError, forbidden, notFound } from '../http/errors.ts';
import type { Procedure } from './procedure.ts';
import { assertTenderOwner, assertTenderPeriodExtended, deriveAndValidate } from './tender.service.ts';
import { validateOrThrow } from '../validation/request-model.ts';
import { saveTender, type LoadedTender } from './tender.repository.ts';
import { assertNotUnderReview, invalidateReviewApprovals } from './review-request.rules.ts';
import { awardsOf, type Lot, type Tender } from './tender.types.ts';
import { invalidateBidsOnTenderChange } from './bid.state.ts';
import { criteriaOf, requirementsOf } from './criteria/criterion.types.ts';
import { newId } from '../ids.ts';

type LotOperation = 'add' | 'update' | 'delete';

function assertLotEditable(ctx: RequestCtx, procedure: Procedure, tender: Tender, op: LotOperation): void {
  if (!procedure.editableStatuses.includes(tender.status)) {
    throw forbidden(`Can't ${op} lot in current (${tender.status}) tender status`);
  }
  if (tender.status !== 'draft' || procedure.tenderingEdit?.lotsInDraft === true) assertTenderPeriodExtended(ctx, procedure, tender, procedure.durations.lotEditExtension);
  assertNotUnderReview(tender);
  // Owner-awarded procedures fix their lots once the first award is recorded.
  if (procedure.awarding.kind === 'owner' && awardsOf(tender).length > 0) throw forbidden(`Can't ${op} lot when you have awards`);
}

export function findLot(tender: Tender, lotId: string): Lot {
  const lot = (tender.lots ?? []).find((l) => l.id === lotId);
  if (!lot) throw notFound('lot_id');
  return lot;
}

export async function createLot(ctx: RequestCtx, procedure: Procedure, loaded: LoadedTender, readData: () => Record<string, unknown>): Promise<{ tender: Tender; lot: Lot }> {
  assertTenderOwner(ctx, loaded.tender);
  const data = readData();
  const input = validateOrThrow<Record<string, unknown>>(procedure.models.lotCreate, data, ctx, true);
  assertLotEditable(ctx, procedure, loaded.tender, 'add');
  const after: Tender = structuredClone(loaded.tender);
  const lot: Lot = { ...input, id: typeof input.id === 'string' ? input.id : newId(), status: 'active', date: ctx.nowIso };
  after.lots = [...(after.lots ?? []), lot];
  deriveAndValidate(ctx, procedure, after, loaded.tender, { lots: after.lots });
  invalidateBidsOnTenderChange(after, ctx.nowIso);
  invalidateReviewApprovals(after);
  const saved = await saveTender(ctx, loaded, after);
  return { tender: saved, lot: findLot(saved, lot.id) };
}

export async function patchLot(ctx: RequestCtx, procedure: Procedure, loaded: LoadedTender, lotId: string, readData: () => Record<string, unknown>): Promise<{ tender: Tender; lot: Lot }> {
  findLot(loaded.tender, lotId);
  assertTenderOwner(ctx, loaded.tender);
  const data = readData();
  const patch = validateOrThrow<Record<string, unknown>>(procedure.models.lotPatch, data, ctx, false);
  assertLotEditable(ctx, procedure, loaded.tender, 'update');
  const after: Tender = structuredClone(loaded.tender);
  const lot = findLot(after, lotId);
  if (lot.status !== 'active') throw forbidden(`Can't update lot to (${lot.status}) status`, 'lot');
  for (const [k, v] of Object.entries(patch)) {
    if (k === 'status') continue;
    if (v === null) delete lot[k];
    else lot[k] = v;
  }
  deriveAndValidate(ctx, procedure, after, loaded.tender, { lots: after.lots });
  invalidateBidsOnTenderChange(after, ctx.nowIso);
  invalidateReviewApprovals(after);
  const saved = await saveTender(ctx, loaded, after);
  return { tender: saved, lot: findLot(saved, lotId) };
}

export async function deleteLot(ctx: RequestCtx, procedure: Procedure, loaded: LoadedTender, lotId: string): Promise<Lot> {
  const lot = findLot(loaded.tender, lotId);
  assertTenderOwner(ctx, loaded.tender);
  assertLotEditable(ctx, procedure, loaded.tender, 'delete');
  const t = loaded.tender;
  if (((t.cancellations as Array<{ relatedLot?: string }> | undefined) ?? []).some((c) => c.relatedLot === lotId)) {
    throw dataError('data', 'Cannot delete lot with related cancellations');
  }
  if ((t.milestones ?? []).some((m) => m.relatedLot === lotId)) throw dataError('data', 'Cannot delete lot with related milestones');
  if ((t.items ?? []).some((i) => i.relatedLot === lotId)) throw dataError('data', 'Cannot delete lot with related items');
  if (criteriaOf(t).some((c) => c.relatesTo === 'lot' && c.relatedItem === lotId && requirementsOf(c).some((r) => r.status === 'active'))) {
    throw forbidden(`Can't delete ${lotId} lot while related criterion has active requirements`);
  }
  const after: Tender = structuredClone(t);
  after.lots = (after.lots ?? []).filter((l) => l.id !== lotId);
  if (after.lots.length === 0) delete after.lots;
  deriveAndValidate(ctx, procedure, after, t, { lots: after.lots ?? null });
  invalidateBidsOnTenderChange(after, ctx.nowIso);
  invalidateReviewApprovals(after);
  await saveTender(ctx, loaded, after);
  return lot;
}
