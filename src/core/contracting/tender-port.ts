// The contracting module's one door into the tender core (contracting.md §1.2, §3.3): the tender
// shapes and parts contracts are built from, and the tender write a contract change brings. No
// other contracting module imports tender code; the tender reaches contracting through its own
// port (src/core/tender/contracting-port.ts).
import type { RequestCtx } from '../context.ts';
import { setObjectStatus } from '../state/object-status.ts';
import { jsonEqual } from '../state/json-equal.ts';
import type { BatchWrite } from '../storage/store.ts';
import { settleAwarding, updateNextCheck } from '../tender/chronograph.events.ts';
import { chronographCtx } from '../tender/tender.service.ts';
import { loadTender, tenderUpdate } from '../tender/tender.repository.ts';
import { contractMirrorsOf, type Tender } from '../tender/tender.types.ts';
import type { Contract } from './contract.types.ts';

export type { Award, ContractMirror, MoneyValue, PeriodValue, Tender } from '../tender/tender.types.ts';
export { awardsOf, contractMirrorsOf } from '../tender/tender.types.ts';
export { bidsOf } from '../tender/bid-counting.ts';
export { tenderCreatedAfter } from '../tender/rule-dates.ts';
export { awardingHeldByComplaints, cancellationComplaintsHoldLot } from '../tender/complaints/complaint.rules.ts';
export { Amount, Item, Period, SignedAmount, SignerInfo } from '../tender/schemas/common.schema.ts';

/**
 * The tender write a contracting change brings (contracting.md §3.3): the mirror takes the contract's
 * status and value; when that changed anything, the tender is re-evaluated (lots, completion).
 */
export async function tenderMirrorSync(ctx: RequestCtx, contract: Contract): Promise<BatchWrite | null> {
  const loaded = await loadTender(ctx, contract.tender_id);
  const tender: Tender = structuredClone(loaded.tender);
  const mirror = contractMirrorsOf(tender).find((m) => m.id === contract.id);
  if (!mirror) return null;
  setObjectStatus(mirror, contract.status, ctx.nowIso);
  if (contract.value && !jsonEqual(mirror.value, contract.value)) mirror.value = structuredClone(contract.value);
  if (jsonEqual(tender, loaded.tender)) return null;
  const ec = chronographCtx(ctx, tender);
  settleAwarding(tender, ec);
  updateNextCheck(tender, ec);
  return tenderUpdate(ctx, loaded, tender);
}

/** The tender a contract was awarded in, when this server stores it (a migrated contract may come without). */
export async function storedTenderOfContract(ctx: RequestCtx, contract: Contract): Promise<Tender | undefined> {
  const stored = await ctx.deps.store.get('tenders', contract.tender_id);
  return stored ? (stored.doc as unknown as Tender) : undefined;
}

/** The tender a contract was awarded in (as stored). */
export async function tenderOfContract(ctx: RequestCtx, contract: Contract): Promise<Tender> {
  return (await loadTender(ctx, contract.tender_id)).tender;
}
