// Contracts created by an award's activation (contracting.md §1.2–1.6, classic flavour, one
// contract per award): the full contracting object and the mirror the tender keeps. Pure.
import { randomUUID } from 'node:crypto';
import { newToken } from '../auth/owner-token.ts';
import { bidsOf } from '../tender/bid-counting.ts';
import { contractMirrorsOf, type Award, type ContractMirror, type Tender } from '../tender/tender.types.ts';
import type { Contract, ContractAccess } from './contract.types.ts';

export interface CreatedContract {
  contract: Contract;
  mirror: ContractMirror;
}

const hex = (): string => randomUUID().replace(/-/g, '');

/** Keys of the contract Item model; anything else on a tender or bid item is dropped. */
const CONTRACT_ITEM_KEYS = new Set([
  'id', 'description', 'description_en', 'description_ru', 'classification', 'additionalClassifications', 'quantity', 'unit',
  'deliveryAddress', 'deliveryDate', 'deliveryLocation', 'relatedLot', 'relatedBuyer', 'attributes',
]);
const I18N = (name: string): string[] => [name, `${name}_en`, `${name}_ru`];
const SUPPLIER_KEYS = new Set([...I18N('name'), 'identifier', 'additionalIdentifiers', 'additionalContactPoints', 'address', 'scale', 'signerInfo', 'contract_owner']);
const BUYER_KEYS = new Set([...I18N('name'), 'identifier', 'additionalIdentifiers', 'additionalContactPoints', 'address', 'kind', 'signerInfo', 'contract_owner']);

function pick(obj: Record<string, unknown>, keys: ReadonlySet<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(structuredClone(obj)).filter(([k]) => keys.has(k)));
}

/** Tender items of the award's lot, overlaid with the winning bid's priced items; zero quantities dropped. */
function contractItems(t: Tender, award: Award): Array<Record<string, unknown>> {
  const bid = bidsOf(t).find((b) => b.id === award.bid_id);
  const bidItems = Array.isArray(bid?.items) ? (bid.items as Array<Record<string, unknown>>) : [];
  return (t.items ?? [])
    .map((item) => ({ ...item, ...(bidItems.find((b) => b.id === item.id) ?? {}) }) as Record<string, unknown>)
    .filter((item) => item.relatedLot === award.lotID && item.quantity !== 0)
    .map((item) => pick(item, CONTRACT_ITEM_KEYS));
}

function copyTexts(from: Record<string, unknown>, to: Record<string, unknown>): void {
  for (const key of ['title', 'title_en', 'description', 'description_en']) if (typeof from[key] === 'string') to[key] = from[key];
}

export function createContract(t: Tender, award: Award, nowIso: string): CreatedContract {
  const id = hex();
  const contractID = `${t.tenderID ?? t.id}-a${contractMirrorsOf(t).length + 1}`;
  const lot = (t.lots ?? []).find((l) => l.id === award.lotID);
  const texts: Record<string, unknown> = {};
  copyTexts((lot ?? t) as Record<string, unknown>, texts);
  const value = award.value
    ? { amount: award.value.amount, currency: award.value.currency, valueAddedTaxIncluded: award.value.valueAddedTaxIncluded, amountNet: award.value.amount }
    : undefined;
  const bid = bidsOf(t).find((b) => b.id === award.bid_id);
  const access: ContractAccess[] = [
    { role: 'tender', owner: t.owner, token: t.owner_token },
    { role: 'bid', owner: typeof bid?.owner === 'string' ? bid.owner : undefined, token: typeof bid?.owner_token === 'string' ? bid.owner_token : undefined },
  ];
  const milestones = (t.milestones ?? [])
    .filter((m) => m.relatedLot === undefined || m.relatedLot === award.lotID)
    .map(({ relatedLot: _lot, ...m }) => ({ ...structuredClone(m), status: 'scheduled' }));
  const contract: Contract = {
    awardID: award.id,
    contractID,
    ...texts,
    ...(value ? { value } : {}),
    items: contractItems(t, award),
    buyer: pick(t.procuringEntity ?? {}, BUYER_KEYS),
    suppliers: award.suppliers.slice(0, 1).map((s) => pick(s, SUPPLIER_KEYS)),
    owner: t.owner,
    tender_id: t.id,
    ...(milestones.length > 0 ? { milestones } : {}),
    ...(t.contractTemplateName ? { contractTemplateName: t.contractTemplateName } : {}),
    ...(t.contractChangeRationaleTypes ? { contractChangeRationaleTypes: structuredClone(t.contractChangeRationaleTypes) } : {}),
    ...(t.mode ? { mode: t.mode } : {}),
    status: 'pending',
    dateCreated: nowIso,
    dateModified: nowIso,
    id,
    access,
    // Matches no issued secret: a transfer needs `/credentials` first (contracting.md §1.3).
    transfer_token: newToken(),
    config: { restricted: t.config?.restricted === true },
  };
  const mirror: ContractMirror = { id, awardID: award.id, contractID, status: 'pending', date: nowIso, ...texts, ...(value ? { value: { ...value } } : {}) };
  return { contract, mirror };
}
