// Contracts created by an award's activation (contracting.md §1.2–1.6, classic flavour): one per
// award, or one per buyer of a multi-buyer tender; each as the full contracting object and the
// mirror the tender keeps. Pure.
import { hashTransfer, newToken } from '../auth/owner-token.ts';
import { bidsOf, contractMirrorsOf, type Award, type ContractMirror, type Tender } from './tender-port.ts';
import type { Contract, ContractAccess } from './contract.types.ts';
import { newId } from '../ids.ts';

export interface CreatedContract {
  contract: Contract;
  mirror: ContractMirror;
}

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

interface ContractShare {
  items: Array<Record<string, unknown>>;
  buyer: Record<string, unknown>;
  buyerID?: string;
  /** Multi-buyer contracts start at 0 and are priced by the buyers (contracting.md §1.3). */
  unpriced: boolean;
}

const buyersOf = (t: Tender): Array<Record<string, unknown>> => (Array.isArray(t.buyers) ? (t.buyers as Array<Record<string, unknown>>) : []);

/** Multi-buyer: buyers exist and every tender item names its buyer. */
function isMultiBuyer(t: Tender): boolean {
  return buyersOf(t).length > 0 && (t.items ?? []).every((i) => typeof i.relatedBuyer === 'string');
}

function shares(t: Tender, award: Award): ContractShare[] {
  const items = contractItems(t, award);
  if (!isMultiBuyer(t)) return [{ items, buyer: pick(t.procuringEntity ?? {}, BUYER_KEYS), unpriced: false }];
  const buyerIds = [...new Set(items.map((i) => String(i.relatedBuyer)))];
  return buyerIds.map((buyerID) => {
    const buyer = buyersOf(t).find((b) => b.id === buyerID) ?? t.procuringEntity ?? {};
    return { items: items.filter((i) => i.relatedBuyer === buyerID), buyer: pick(buyer, BUYER_KEYS), buyerID, unpriced: true };
  });
}

function buildContract(t: Tender, award: Award, share: ContractShare, position: number, nowIso: string): CreatedContract {
  const id = newId();
  const contractID = `${t.tenderID ?? t.id}-a${position}`;
  const lot = (t.lots ?? []).find((l) => l.id === award.lotID);
  const texts: Record<string, unknown> = {};
  copyTexts((lot ?? t) as Record<string, unknown>, texts);
  const amount = share.unpriced ? 0 : award.value?.amount;
  const value = award.value
    ? { amount, currency: award.value.currency, valueAddedTaxIncluded: award.value.valueAddedTaxIncluded, amountNet: amount }
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
    ...(share.buyerID ? { buyerID: share.buyerID } : {}),
    ...texts,
    ...(value ? { value } : {}),
    items: share.items,
    buyer: share.buyer,
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
    // The hash of a secret nobody was given: a transfer needs `/credentials` first (contracting.md §1.3).
    transfer_token: hashTransfer(newToken()),
    config: { restricted: t.config?.restricted === true },
  };
  const mirror: ContractMirror = { id, awardID: award.id, contractID, status: 'pending', date: nowIso, ...texts, ...(value ? { value: { ...value } } : {}) };
  return { contract, mirror };
}

/** The contracts of a newly active award; their mirrors are appended to the tender. */
export function createContracts(t: Tender, award: Award, nowIso: string): CreatedContract[] {
  const created = shares(t, award).map((share, i) => buildContract(t, award, share, contractMirrorsOf(t).length + 1 + i, nowIso));
  t.contracts = [...contractMirrorsOf(t), ...created.map((c) => c.mirror)];
  return created;
}
