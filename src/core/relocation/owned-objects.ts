// The objects a transfer can move (platform.md §3.6) as OwnedObjects: where each lives, who may take
// it over, in which statuses, and which of its fields carry the ownership.
import type { OperationCtx } from '../context.ts';
import type { LoadedContract } from '../contracting/contract.repository.ts';
import { contractUpdate } from '../contracting/contract.repository.ts';
import type { LoadedPlan } from '../planning/plan.repository.ts';
import { planUpdate } from '../planning/plan.repository.ts';
import { PLAN_CREATE_LEVELS } from '../planning/plan.service.ts';
import type { LoadedTender } from '../tender/tender.repository.ts';
import { tenderUpdate } from '../tender/tender.repository.ts';
import type { OwnedObject } from './ownership.service.ts';
import type { Transfer } from './transfer.repository.ts';

/** Tender statuses in which a tender no longer changes hands. */
const FINAL_TENDER_STATUSES = new Set(['complete', 'unsuccessful', 'cancelled', 'active.stage2.waiting', 'draft.pending', 'draft.unsuccessful']);
const CONTRACT_TRANSFER_LEVELS = ['3', '5'];
/** Contract access entries that speak for the buyer (the bid's supplier entry stays with the supplier). */
const BUYER_ROLES = new Set(['contract', 'tender']);

/** A copy of an object that keeps one owner token (tenders, plans), owned by the transfer's broker. */
function handedOver<T extends { owner?: string; owner_token?: string; transfer_token?: string }>(doc: T, transfer: Transfer): T {
  return { ...structuredClone(doc), owner: transfer.owner, owner_token: transfer.access_token, transfer_token: transfer.transfer_token };
}

/** A tender: the levels that may create one of its procedure (and, for a central buyer, those too). */
export function ownedTender(ctx: OperationCtx, loaded: LoadedTender): OwnedObject {
  const tender = loaded.tender;
  const procedure = ctx.deps.procedures.get(String(tender.procurementMethodType));
  const central = (tender.procuringEntity as { kind?: string } | undefined)?.kind === 'central';
  return {
    noun: 'tender',
    doc: tender,
    levels: procedure?.createLevels ?? [],
    ...(central && procedure ? { centralLevels: procedure.centralCreateLevels } : {}),
    transferable: (status) => !FINAL_TENDER_STATUSES.has(status),
    takeOver: (transfer) => tenderUpdate(ctx, loaded, handedOver(tender, transfer)),
  };
}

export function ownedPlan(ctx: OperationCtx, loaded: LoadedPlan, tenderID: string | undefined): OwnedObject {
  const plan = loaded.plan;
  return {
    noun: 'plan',
    doc: plan,
    levels: PLAN_CREATE_LEVELS,
    transferable: (status) => status === 'scheduled',
    takeOver: (transfer) => planUpdate(ctx, loaded, handedOver(plan, transfer), tenderID),
  };
}

export function ownedContract(ctx: OperationCtx, loaded: LoadedContract): OwnedObject {
  const contract = loaded.contract;
  return {
    noun: 'contract',
    doc: contract,
    levels: CONTRACT_TRANSFER_LEVELS,
    transferable: (status) => status === 'pending' || status === 'active',
    takeOver(transfer) {
      const after = structuredClone(contract);
      after.owner = transfer.owner;
      after.access = after.access.map((entry) => (BUYER_ROLES.has(entry.role) ? { ...entry, owner: transfer.owner, token: transfer.access_token } : entry));
      after.transfer_token = transfer.transfer_token;
      return contractUpdate(ctx, loaded, after);
    },
  };
}
