// The classic contract PATCH pipeline (contracting.md §3.1–3.2), rules in the reference's order with
// its messages, and the contract status table. Pure: everything comes in through ContractCheck.
import { TransitionTable } from '../state/machine.ts';
import { ApiError, dataError, forbidden } from '../http/errors.ts';
import { compareIso } from '../time/iso.ts';
import { jsonEqual } from '../state/json-equal.ts';
import { awardingHeldByComplaints, cancellationComplaintsHoldLot, type Award, type ContractMirror, type Tender } from './tender-port.ts';
import type { Contract, ContractValue } from './contract.types.ts';

export const CONTRACT_STATUSES = ['pending', 'pending.winner-signing', 'active', 'terminated', 'cancelled'] as const;

/** Statuses in which a contract can be edited at all. */
export const EDITABLE_CONTRACT_STATUSES: ReadonlySet<string> = new Set(['pending', 'active']);

export interface ContractCheck {
  before: Contract;
  after: Contract;
  /** Keys the client sent. */
  sent: ReadonlySet<string>;
  tender: Tender;
  award: Award | undefined;
  nowIso: string;
}

const valueError = (description: string): ApiError => forbidden(description, 'value');
const isMultiBuyer = (t: Tender): boolean => Array.isArray(t.buyers) && t.buyers.length > 1;

export const contractTransitions = new TransitionTable<ContractCheck>(CONTRACT_STATUSES, [
  { from: 'pending', to: 'active' },
  { from: 'active', to: 'terminated', guard: ({ after }) => assertAmountPaidSet(after) },
  {
    from: 'pending',
    to: 'cancelled',
    guard({ tender, after }) {
      if (!isMultiBuyer(tender)) throw forbidden("Can't update contract status");
      const others = ((tender.contracts ?? []) as ContractMirror[]).filter((c) => c.awardID === after.awardID && c.id !== after.id && c.status !== 'cancelled');
      if (others.length === 0) throw forbidden("Can't update contract status from pending to cancelled for last not cancelled contract. Cancel award instead.");
    },
  },
  { from: 'pending', to: 'pending.winner-signing' },
  { from: 'pending.winner-signing', to: 'pending' },
  { from: 'pending.winner-signing', to: 'active' },
]);

function assertAmountPaidSet(after: Contract): void {
  if (!after.amountPaid) throw forbidden("Can't terminate contract while 'amountPaid' is not set");
}

/** Rule 2 / §3.1: a signature date after the award's activation and not in the future. */
function assertDateSigned(c: ContractCheck): void {
  const signed = c.after.dateSigned;
  if (signed === undefined || signed === c.before.dateSigned) return;
  const activation = c.award?.complaintPeriod?.startDate;
  if (activation && compareIso(signed, activation) <= 0) {
    throw dataError('dateSigned', [`Contract signature date should be after award activation date (${activation})`]);
  }
  if (compareIso(signed, c.nowIso) > 0) throw dataError('dateSigned', ["Contract signature date can't be in the future"]);
}

function assertStatusMove(c: ContractCheck): void {
  if (c.before.status === c.after.status) return;
  const edge = contractTransitions.find(c.before.status, c.after.status);
  if (!edge) throw forbidden("Can't update contract status");
  edge.guard?.(c);
}

const ITEM_EDITABLE_KEYS = new Set(['unit', 'quantity']);

/** Rule 4a: a not-yet-active contract keeps its items; only `unit` and `quantity` change. */
function assertPendingItems(c: ContractCheck): void {
  if (c.after.status === 'active' || !c.sent.has('items')) return;
  const before = c.before.items ?? [];
  const after = c.after.items ?? [];
  if (before.length !== after.length) throw forbidden("Can't change items list length");
  before.forEach((old, i) => {
    const item = after[i]!;
    const removed = Object.keys(old).filter((k) => !(k in item));
    if (removed.length > 0) throw forbidden(`Forbidden to delete fields in item: ${JSON.stringify(removed)}`);
    for (const key of Object.keys(item)) {
      if (ITEM_EDITABLE_KEYS.has(key) || jsonEqual(old[key], item[key])) continue;
      throw forbidden(`Updated could be only ('unit', 'quantity') in item, ${key} change forbidden: ${JSON.stringify(old[key])} -> ${JSON.stringify(item[key])}`);
    }
    const oldCurrency = (old.unit as { value?: { currency?: string } } | undefined)?.value?.currency;
    const newCurrency = (item.unit as { value?: { currency?: string } } | undefined)?.value?.currency;
    if (oldCurrency !== undefined && newCurrency !== undefined && oldCurrency !== newCurrency) throw forbidden('Forbidden to change currency in contract items unit');
  });
}

/** The identity of an item for rule 4b: what it is, for which lot and buyer. */
function mainInformation(item: Record<string, unknown>): string {
  const extra = ((item.additionalClassifications as unknown[] | undefined) ?? []).map((c) => JSON.stringify(c)).sort();
  return JSON.stringify([item.classification ?? null, item.relatedLot ?? null, item.relatedBuyer ?? null, extra]);
}

const MAIN_FIELDS_TAIL = 'all main fields should be the same as in previous items: classification, relatedLot, relatedBuyer, additionalClassifications';

/** Rule 4b: an activated contract may split or regroup items, not change what is bought. */
function assertActiveItems(c: ContractCheck): void {
  if (c.after.status !== 'active' || !c.sent.has('items')) return;
  const before = new Set((c.before.items ?? []).map(mainInformation));
  const after = new Set((c.after.items ?? []).map(mainInformation));
  if ([...after].some((k) => !before.has(k))) throw forbidden(`Forbidden to add new items main information in contract, ${MAIN_FIELDS_TAIL}`);
  if ([...before].some((k) => !after.has(k))) throw forbidden(`Forbidden to delete items main information in contract, ${MAIN_FIELDS_TAIL}`);
}

/** Rule 4c (model level): item unit prices are in the contract's currency. */
function assertItemCurrency(c: ContractCheck): void {
  const currency = c.after.value?.currency;
  if (!c.sent.has('items') || currency === undefined) return;
  for (const item of c.after.items ?? []) {
    const unitCurrency = (item.unit as { value?: { currency?: string } } | undefined)?.value?.currency;
    if (unitCurrency !== undefined && unitCurrency !== currency) throw dataError('items', [`Value mismatch. Expected: currency ${currency}`]);
  }
}

/** After an accepted value change item prices follow the contract currency, VAT excluded. */
export function normaliseItemUnitValues(contract: Contract): void {
  const currency = contract.value?.currency;
  if (currency === undefined) return;
  for (const item of contract.items ?? []) {
    const unit = item.unit as { value?: { currency?: string; valueAddedTaxIncluded?: boolean } } | undefined;
    if (unit?.value) {
      unit.value.currency = currency;
      unit.value.valueAddedTaxIncluded = false;
    }
  }
}

/** Rules 7–8 on one value (`value` or `amountPaid`). */
function assertAmountNet(v: ContractValue, name: string): void {
  if (v.amountNet === undefined) throw dataError(name, { amountNet: 'This field is required.' });
  const amount = v.amount ?? 0;
  if (amount === 0 && v.amountNet === 0) return;
  if (v.valueAddedTaxIncluded) {
    const upper = Math.ceil(v.amountNet * 1.2 * 100 - 1e-9) / 100;
    if (amount < v.amountNet || amount > upper) throw forbidden('Amount should be equal or greater than amountNet and differ by no more than 20.0%', name);
  } else if (amount !== v.amountNet) {
    throw forbidden('Amount and amountNet should be equal', name);
  }
}

function valueOrStatusChanged(c: ContractCheck): boolean {
  return c.sent.has('value') || c.before.status !== c.after.status;
}

/**
 * Where awards can be complained about (open-procedures.md §1.8, §6.4): not before the award's
 * stand-still ended, nor while a complaint on the tender, the lot's awards or the lot's
 * cancellation waits for the review body.
 */
function assertReviewWindowOver(c: ContractCheck): void {
  if (c.tender.config?.hasAwardComplaints !== true) return;
  const end = c.award?.complaintPeriod?.endDate;
  if (end && compareIso(end, c.nowIso) > 0) throw forbidden(`Can't sign contract before stand-still period end (${end})`);
  const lotId = c.award?.lotID;
  if (awardingHeldByComplaints(c.tender, lotId) || cancellationComplaintsHoldLot(c.tender, lotId)) {
    throw forbidden("Can't sign contract before reviewing all complaints");
  }
}

/** Rules 9a–9b: signing after the award's activation; the award's contracts within its amount. */
function assertAgainstAward(c: ContractCheck): void {
  if (c.before.status !== 'pending') return;
  const activation = c.award?.complaintPeriod?.startDate;
  if (c.after.status === 'active' && activation && compareIso(activation, c.nowIso) > 0) {
    throw forbidden(`Can't sign contract before award activation date (${activation})`);
  }
  if (c.after.status === 'active') assertReviewWindowOver(c);
  if (c.after.status === 'cancelled' || !valueOrStatusChanged(c) || !c.award?.value) return;
  const others = ((c.tender.contracts ?? []) as ContractMirror[]).filter((m) => m.awardID === c.after.awardID && m.id !== c.after.id && m.status !== 'cancelled');
  const useNet = c.after.value?.valueAddedTaxIncluded === true && c.award.value.valueAddedTaxIncluded !== true;
  const of = (v: ContractValue | undefined): number => (useNet ? (v?.amountNet ?? 0) : (v?.amount ?? 0));
  const total = of(c.after.value) + others.reduce((s, m) => s + of(m.value), 0);
  if (total > (c.award.value.amount ?? 0) + 1e-9) throw valueError(useNet ? 'AmountNet should be less or equal to awarded amount' : 'Amount should be less or equal to awarded amount');
}

/** Rule 11: Σ quantity × unit price against the contract amount (tenders created since 2026-05-01). */
function assertUnitValueSums(c: ContractCheck): void {
  const items = c.after.items ?? [];
  const priced = items.filter((i) => typeof i.quantity === 'number' && (i.unit as { value?: { amount?: number } } | undefined)?.value?.amount !== undefined);
  if (priced.length === 0) return;
  for (const i of priced) {
    if (i.quantity === 0 && (i.unit as { value: { amount: number } }).value.amount !== 0) throw dataError('items', 'Item.unit.value.amount should be updated to 0 if item.quantity equal to 0');
  }
  const sum = priced.reduce((s, i) => s + (i.quantity as number) * (i.unit as { value: { amount: number } }).value.amount, 0);
  const amount = c.after.value?.amount ?? 0;
  if (c.after.value?.valueAddedTaxIncluded) {
    const net = c.after.value.amountNet ?? amount / 1.2;
    if (!(Math.trunc(net) <= Math.trunc(sum) && Math.trunc(sum) <= Math.trunc(amount) && sum > 0)) {
      throw dataError('items', 'Total amount of unit values must be no more than contract.value.amount and no less than net contract amount');
    }
  } else if (Math.trunc(sum) !== Math.trunc(amount)) {
    throw dataError('items', 'Total amount of unit values should be equal contract.value.amount if VAT is not included in contract');
  }
}

function assertAmountPaid(c: ContractCheck): void {
  const paid = c.after.amountPaid;
  if (!paid) return;
  if (c.sent.has('amountPaid') && paid.currency !== undefined && paid.currency !== c.after.value?.currency) {
    throw forbidden('currency of amountPaid should be identical to currency of value of contract', 'amountPaid');
  }
  assertAmountNet(paid, 'amountPaid');
  if (paid.amountNet !== undefined && c.after.value?.amountNet !== undefined && paid.amountNet > c.after.value.amountNet) {
    throw forbidden('AmountPaid amountNet can`t be greater than value amountNet', 'amountPaid');
  }
}

/** Rule 14: a partial period is completed from the stored one; the end may not precede the start. */
function checkPeriod(c: ContractCheck): void {
  if (!c.after.period) return;
  c.after.period = { ...(c.before.period ?? {}), ...c.after.period };
  const { startDate, endDate } = c.after.period;
  if (startDate && endDate && compareIso(endDate, startDate) < 0) throw dataError('period', 'period should begin before its end');
}

/** §3.1 activation requirements, after the pipeline. */
function assertActivationReady(c: ContractCheck): void {
  if (c.before.status === 'active' || c.after.status !== 'active') return;
  if (c.tender.contractTemplateName) {
    const suppliersSigned = (c.after.suppliers ?? []).every((s) => s.signerInfo);
    if (!c.after.buyer?.signerInfo || !suppliersSigned) throw dataError('data', 'signerInfo field for buyer and suppliers is required for contract in `active` status');
  }
  if (!c.after.period?.startDate || !c.after.period.endDate) throw dataError('data', 'period is required for contract in `active` status');
  if (!c.after.contractNumber) throw dataError('data', 'contractNumber is required for contract in `active` status');
}

/** Runs the pipeline (contracting.md §3.2 order) on the merged contract; mutates only `after.period`. */
export function checkContractPatch(c: ContractCheck): void {
  assertItemCurrency(c);
  if (c.after.value && c.after.value.amount === undefined) throw dataError('amount', ['This field is required.']);
  assertDateSigned(c);
  assertStatusMove(c);
  assertPendingItems(c);
  assertActiveItems(c);
  if (c.sent.has('value') && c.before.value?.currency !== undefined && c.after.value?.currency !== c.before.value.currency) {
    throw valueError("Can't update currency for contract value");
  }
  if (c.after.value && valueOrStatusChanged(c)) assertAmountNet(c.after.value, 'value');
  if (c.after.status === 'cancelled') return;
  assertAgainstAward(c);
  if (c.after.status === 'pending') return;
  assertUnitValueSums(c);
  if (c.after.status !== 'terminated' || c.sent.has('amountPaid')) assertAmountPaid(c);
  checkPeriod(c);
  assertActivationReady(c);
}
