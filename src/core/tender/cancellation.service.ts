// Cancellations (below-threshold.md §3.8): the tender owner drafts a cancellation of the tender
// or of one lot, attaches the signed report, and activates it; activation executes it at once.
import { tenderRelatedIds } from './tender-documents.ts';
import type { RequestCtx } from '../context.ts';
import { prepareNewDocuments } from '../documents/document.service.ts';
import type { Procedure } from './procedure.ts';
import { assertTenderOwner, chronographCtx } from './tender.service.ts';
import { validateOrThrow } from '../validation/request-model.ts';
import { saveTender, saveTenderWith, type LoadedTender } from './tender.repository.ts';
import { contractCancellations } from './contracting-port.ts';
import { updateNextCheck } from './chronograph.events.ts';
import {
  assertCancellationAllowedInTenderStatus, assertCancellationEditable, assertCancellationLotActive, assertCancellationReasonType,
  assertCancellationRelatedLot, assertCancellationStatusChoice, assertNoPendingCancellationInScope, assertNoRunningAwardStandStill, findCancellation,
} from './cancellation.rules.ts';
import { assertNoUndecidedComplaintsInScope } from './complaints/complaint.rules.ts';
import { assertSingleDocumentOfType } from '../documents/typed-documents.ts';
import { moveCancellation, type CancellationMove } from './cancellation.state.ts';
import type { TenderConfig } from './tender-config.ts';
import type { Cancellation, Tender } from './tender.types.ts';
import { newId } from '../ids.ts';

/** The cancellation's documents collection path (stored document urls start with it). */
export const cancellationPath = (tender: Tender, cancellationId: string): string => `/tenders/${tender.id}/cancellations/${cancellationId}`;

export async function createCancellation(ctx: RequestCtx, procedure: Procedure, loaded: LoadedTender, readData: () => Record<string, unknown>): Promise<{ tender: Tender; cancellation: Cancellation }> {
  const tender = loaded.tender;
  const rules = procedure.cancellations;
  assertTenderOwner(ctx, tender);
  const input = validateOrThrow<Record<string, unknown>>(procedure.models.cancellationCreate, readData(), ctx, true);
  const relatedLot = input.relatedLot as string | undefined;
  assertCancellationRelatedLot(tender, relatedLot);
  assertCancellationAllowedInTenderStatus(tender, rules.forbiddenTenderStatuses);
  assertCancellationLotActive(tender, relatedLot);
  assertNoPendingCancellationInScope(tender, { status: String(input.status ?? 'draft'), relatedLot, id: '' });
  if (procedure.modules.has('complaints')) assertNoRunningAwardStandStill(tender, relatedLot, ctx.nowIso, 'add');
  assertNoUndecidedComplaintsInScope(tender, relatedLot);
  assertCancellationReasonType(input.reasonType as string | undefined, rules.reasonTypes(tender));
  assertCancellationStatusChoice(input.status as string | undefined, rules.statuses);
  for (const check of rules.extraChecks) check(tender, { relatedLot } as Cancellation);

  const id = newId();
  const { documents, status: _status, cancellationOf: _of, ...fields } = input;
  // Created as a draft whatever is sent; `cancellationOf` follows `relatedLot`.
  const cancellation = { ...fields, id, date: ctx.nowIso, cancellationOf: relatedLot ? 'lot' : 'tender', status: 'draft' } as Cancellation;
  if (Array.isArray(documents) && documents.length > 0) {
    cancellation.documents = prepareNewDocuments(ctx, cancellationPath(tender, id), documents as Record<string, unknown>[], undefined, tenderRelatedIds(tender));
    assertSingleDocumentOfType(cancellation.documents, 'cancellationReport', 'cancellation');
  }
  const after: Tender = structuredClone(tender);
  after.cancellations = [...(after.cancellations ?? []), cancellation];
  const saved = await saveTender(ctx, loaded, after);
  return { tender: saved, cancellation: findCancellation(saved, id) };
}

export async function patchCancellation(
  ctx: RequestCtx,
  procedure: Procedure,
  loaded: LoadedTender,
  cancellationId: string,
  readData: () => Record<string, unknown>,
): Promise<{ tender: Tender; cancellation: Cancellation }> {
  const before = findCancellation(loaded.tender, cancellationId);
  const rules = procedure.cancellations;
  assertTenderOwner(ctx, loaded.tender);
  const input = validateOrThrow<{ status?: string; reasonType?: string }>(procedure.models.cancellationPatch, readData(), ctx, false);
  assertCancellationAllowedInTenderStatus(loaded.tender, rules.forbiddenTenderStatuses);
  assertCancellationLotActive(loaded.tender, before.relatedLot);
  assertCancellationEditable(before);
  assertNoPendingCancellationInScope(loaded.tender, before);
  if (procedure.modules.has('complaints')) assertNoRunningAwardStandStill(loaded.tender, before.relatedLot, ctx.nowIso, 'update');
  assertNoUndecidedComplaintsInScope(loaded.tender, before.relatedLot);
  const reasonType = input.reasonType ?? before.reasonType;
  assertCancellationReasonType(reasonType, rules.reasonTypes(loaded.tender));
  assertCancellationStatusChoice(input.status, rules.statuses);
  for (const check of rules.extraChecks) check(loaded.tender, before);

  const after: Tender = structuredClone(loaded.tender);
  const cancellation = findCancellation(after, cancellationId);
  if (reasonType !== undefined) cancellation.reasonType = reasonType;
  const move: CancellationMove = {
    tender: after,
    cancellation,
    cc: chronographCtx(ctx, after),
    reportRequired: rules.reportRequired,
  };
  moveCancellation(move, input.status ?? before.status);
  // An executed cancellation changes the tender's events; a pending one adds its period's end.
  updateNextCheck(after, chronographCtx(ctx, after));
  // The contracting objects of the cancelled contracts follow the tender mirror, in one transaction.
  const contractWrites = move.effects ? await contractCancellations(ctx, move.effects.cancelledContractIds) : [];
  const saved = await saveTenderWith(ctx, loaded, after, contractWrites);
  return { tender: saved, cancellation: findCancellation(saved, cancellationId) };
}
