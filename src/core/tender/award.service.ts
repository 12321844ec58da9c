// Awards (below-threshold.md §3.6): reading, and the tender owner's decisions. A decision is
// saved with the contracts it creates or cancels in one transaction (contracting.md §5 atomicity).
import { randomUUID } from 'node:crypto';
import { findAward } from './award-ref.ts';
import type { OperationCtx, RequestCtx } from '../context.ts';
import { ApiError, forbidden } from '../http/errors.ts';
import { genericError } from '../http/error-handler.ts';
import type { BatchWrite } from '../storage/store.ts';
import { contractInsert, contractUpdate, findContract } from '../contracting/contract.repository.ts';
import { setObjectStatus } from './tendering-end.ts';
import { updateNextCheck } from './chronograph.events.ts';
import { applyAwardDecision, assertQualifiedForStatus, awardTransitions, type AwardMove } from './award.state.ts';
import type { Procedure, ProcedureAwarding } from './procedure.ts';
import type { TenderConfig } from './tender-config.ts';
import { assertTenderOwner, chronographEventCtx, validateOrThrow } from './tender.service.ts';
import { saveTenderWith, type LoadedTender } from './tender.repository.ts';
import { awardsOf, type Award, type Tender } from './tender.types.ts';

/** Tender statuses in which award documents are written (bots also once awarded). */
const AWARD_DOCUMENT_STATUSES: ReadonlySet<string> = new Set(['active.qualification']);
const BOTS_AWARD_DOCUMENT_STATUSES: ReadonlySet<string> = new Set(['active.qualification', 'active.awarded']);

/** The core's awarding (below-threshold.md §3.6): the system awards bids best first; the owner decides. */
export const RANKED_AWARDING: ProcedureAwarding = {
  strategy: 'ranked',
  decisionStatuses: ['active.qualification', 'active.awarded'],
  transitions: awardTransitions,
  assertDocumentWritable(tender, award, role, op) {
    const allowed = role === 'bots' ? BOTS_AWARD_DOCUMENT_STATUSES : AWARD_DOCUMENT_STATUSES;
    if (!allowed.has(tender.status)) throw forbidden(`Can't ${op} document in current (${tender.status}) tender status`);
    if (!isAwardLotActive(tender, award)) throw forbidden(`Can ${op} document only in active lot status`);
  },
};

export const awardingOf = (procedure: Procedure): ProcedureAwarding => procedure.awarding ?? RANKED_AWARDING;

const hex = (): string => randomUUID().replace(/-/g, '');

/** The lot of an award must still be active (`Can <op> ... only in active lot status`). */
export function isAwardLotActive(tender: Tender, award: Award): boolean {
  return !(tender.lots ?? []).some((l) => l.id === award.lotID && (l.status ?? 'active') !== 'active');
}

/** Writes that bring the contracting objects of cancelled mirrors to `cancelled` (contracting.md §1.8). */
export async function contractCancellations(ctx: OperationCtx, contractIds: readonly string[]): Promise<BatchWrite[]> {
  const writes: BatchWrite[] = [];
  for (const id of contractIds) {
    const loaded = await findContract(ctx, id);
    if (!loaded) continue;
    const after = structuredClone(loaded.contract);
    setObjectStatus(after, 'cancelled', ctx.nowIso);
    const write = contractUpdate(ctx, loaded, after);
    if (write) writes.push(write);
  }
  return writes;
}

export async function patchAward(ctx: RequestCtx, procedure: Procedure, loaded: LoadedTender, awardId: string, readData: () => Record<string, unknown>): Promise<{ tender: Tender; award: Award }> {
  const before = findAward(loaded.tender, awardId);
  assertTenderOwner(ctx, loaded.tender);
  const patch = validateOrThrow<Record<string, unknown>>(procedure.models.awardPatch, readData(), ctx, false);
  const after: Tender = structuredClone(loaded.tender);
  const award = findAward(after, awardId);
  Object.assign(award, patch);
  assertQualifiedForStatus(award);
  const awarding = awardingOf(procedure);
  if (!awarding.decisionStatuses.includes(after.status)) throw forbidden(`Can't update award in current (${after.status}) tender status`);
  if (!isAwardLotActive(after, award)) throw forbidden('Can update award only in active lot status');

  const ec = chronographEventCtx(ctx, after);
  const move: AwardMove = {
    tender: after,
    award,
    ac: ec,
    complainDays: Number(((after.config ?? {}) as TenderConfig).awardComplainDuration ?? 0),
    created: [],
    cancelledContracts: [],
  };
  applyAwardDecision(before, move, awarding.transitions);
  updateNextCheck(after, ec);

  const writes = [...move.created.map((c) => contractInsert(ctx, c.contract)), ...(await contractCancellations(ctx, move.cancelledContracts))];
  const saved = await saveTenderWith(ctx, loaded, after, writes);
  return { tender: saved, award: findAward(saved, awardId) };
}

/**
 * `POST /tenders/{id}/awards` of the owner strategy (open-procedures.md §6.1): the tender owner
 * records an award; a procedure awarding by rank has no such method.
 */
export async function createAward(ctx: RequestCtx, procedure: Procedure, loaded: LoadedTender, readData: () => Record<string, unknown>): Promise<{ tender: Tender; award: Award }> {
  const awarding = awardingOf(procedure);
  // Ranked procedures define no POST here: the framework's 405 for an existing path.
  if (awarding.strategy !== 'owner' || !awarding.createModel || !awarding.newAward) throw new ApiError(405, [genericError(405)], { Allow: 'GET, HEAD' });
  assertTenderOwner(ctx, loaded.tender);
  const input = validateOrThrow<Record<string, unknown>>(awarding.createModel, readData(), ctx, true);
  if (!awarding.decisionStatuses.includes(loaded.tender.status)) throw forbidden(`Can't create award in current (${loaded.tender.status}) tender status`);
  awarding.assertCreatable?.(loaded.tender);
  const after: Tender = structuredClone(loaded.tender);
  const award = awarding.newAward(after, input, hex(), ctx.nowIso);
  after.awards = [...awardsOf(after), award];
  updateNextCheck(after, chronographEventCtx(ctx, after));
  const saved = await saveTenderWith(ctx, loaded, after, []);
  return { tender: saved, award: findAward(saved, award.id) };
}
