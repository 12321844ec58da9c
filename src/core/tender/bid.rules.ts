// Business rules of bids (below-threshold.md §1.12, §3.4): when bids may be written or read, and
// how a bid must fit the tender (value, lotValues, parameters, items). Pure: every rule takes the
// tender and the bid and throws an ApiError with the reference's exact status, name and message.
import { assertSignatureDocument } from '../documents/signature-document.ts';
import { runningMilestone } from './award-milestones.ts';
import { ApiError, dataError, forbidden, type WireError } from '../http/errors.ts';
import { parseIso } from '../time/iso.ts';
import type { TenderConfig } from './tender-config.ts';
import type { Award, Bid, LotValue, MoneyValue, Tender } from './tender.types.ts';

export type BidOperation = 'add' | 'update' | 'delete';
const DONE: Record<BidOperation, string> = { add: 'added', update: 'updated', delete: 'deleted' };

const instant = (iso: string | undefined): number | undefined => (iso ? parseIso(iso)?.ms : undefined);

/** `<subject> can be <op>ed only during the tendering period` outside tenderPeriod (both ends inclusive). */
function assertInTenderPeriod(tender: Tender, subject: 'Bid' | 'Document', op: BidOperation, now: number): void {
  const period = tender.tenderPeriod ?? {};
  const start = instant(period.startDate);
  const end = instant(period.endDate);
  if ((start !== undefined && now < start) || end === undefined || now > end) {
    throw forbidden(`${subject} can be ${DONE[op]} only during the tendering period: from (${period.startDate}) to (${period.endDate}).`);
  }
}

/** Bids are written only in active.tendering and inside tenderPeriod (both ends inclusive). */
export function assertBidOperationAllowed(tender: Tender, op: BidOperation, now: number): void {
  if (tender.status !== 'active.tendering') throw forbidden(`Can't ${op} bid in current (${tender.status}) tender status`);
  assertInTenderPeriod(tender, 'Bid', op, now);
}

/** Reading bids other than one's own is refused while they are sealed. */
export function assertBidsVisible(tender: Tender, hiddenInStatuses: readonly string[], single: boolean): void {
  if (hiddenInStatuses.includes(tender.status)) {
    throw forbidden(`Can't view ${single ? 'bid' : 'bids'} in current (${tender.status}) tender status`);
  }
}

// ---- value, lotValues, parameters (model-level: every failing field is reported) -------------

type ValueOwner = 'tender' | 'lot';

function valueMismatch(bid: MoneyValue, target: MoneyValue | undefined, of: ValueOwner, config: TenderConfig): string | null {
  if (!target) return null;
  if (config.valueCurrencyEquality !== false && target.currency !== bid.currency) {
    return `currency of bid should be identical to currency of value of ${of}`;
  }
  if (config.hasValueRestriction !== false && target.amount !== undefined && bid.amount !== undefined && bid.amount > target.amount) {
    return `value of bid should be less than value of ${of}`;
  }
  if (target.valueAddedTaxIncluded !== bid.valueAddedTaxIncluded) {
    return `valueAddedTaxIncluded of bid should be identical to valueAddedTaxIncluded of value of ${of}`;
  }
  return null;
}

function bidValueError(tender: Tender, bid: Bid, config: TenderConfig): unknown {
  const hasLots = (tender.lots ?? []).length > 0;
  if (hasLots) return bid.value ? ['value should be posted for each lot of bid'] : null;
  if (!bid.value) return ['This field is required.'];
  const m = valueMismatch(bid.value, tender.value, 'tender', config);
  return m ? [m] : null;
}

function lotValueError(tender: Tender, lv: LotValue, config: TenderConfig): Record<string, unknown> | null {
  const lot = (tender.lots ?? []).find((l) => l.id === lv.relatedLot);
  if (!lot) return { relatedLot: ['relatedLot should be one of lots'] };
  const m = valueMismatch(lv.value, lot.value, 'lot', config);
  return m ? { value: [m] } : null;
}

function lotValuesError(tender: Tender, bid: Bid, config: TenderConfig): unknown {
  const lotValues = bid.lotValues ?? [];
  if ((tender.lots ?? []).length > 0 && lotValues.length === 0) return ['This field is required.'];
  const perElement = lotValues.map((lv) => lotValueError(tender, lv, config)).filter((e) => e !== null);
  if (perElement.length > 0) return perElement;
  const related = lotValues.map((lv) => lv.relatedLot);
  if (new Set(related).size !== related.length) return ["bids don't allow duplicated proposals"];
  return null;
}

/** Feature codes a bid must answer: all tenderer features, plus those of its lots and their items. */
export function applicableFeatureCodes(tender: Tender, bid: Bid): Set<string> {
  const features = tender.features ?? [];
  if ((tender.lots ?? []).length === 0) return new Set(features.map((f) => String(f.code)));
  const lots = new Set((bid.lotValues ?? []).map((lv) => lv.relatedLot));
  const items = new Set((tender.items ?? []).filter((i) => i.relatedLot && lots.has(i.relatedLot)).map((i) => String(i.id)));
  return new Set(
    features
      .filter((f) => f.featureOf === 'tenderer' || (f.featureOf === 'lot' && lots.has(String(f.relatedItem))) || (f.featureOf === 'item' && items.has(String(f.relatedItem))))
      .map((f) => String(f.code)),
  );
}

function parametersError(tender: Tender, bid: Bid): unknown {
  const parameters = bid.parameters ?? [];
  const features = tender.features ?? [];
  const perElement = parameters
    .map((p) => {
      const feature = features.find((f) => f.code === p.code);
      if (!feature) return { code: ['code should be one of feature code.'] };
      if (!feature.enum.some((e) => e.value === p.value)) return { value: ['value should be one of feature value.'] };
      return null;
    })
    .filter((e) => e !== null);
  if (perElement.length > 0) return perElement;
  const codes = parameters.map((p) => p.code);
  if (new Set(codes).size !== codes.length) return ['Parameter code should be uniq for all parameters'];
  if ((tender.lots ?? []).length === 0 && parameters.length === 0 && features.length > 0) return ['This field is required.'];
  const wanted = applicableFeatureCodes(tender, bid);
  if (codes.length !== wanted.size || codes.some((c) => !wanted.has(c))) return ['All features parameters is required.'];
  return null;
}

/** Checks of the whole bid against the tender; every failing field becomes one wire error (422). */
export function assertBidFitsTender(tender: Tender, bid: Bid, config: TenderConfig): void {
  const errors: WireError[] = [];
  const add = (name: string, description: unknown): void => {
    if (description !== null) errors.push({ location: 'body', name, description });
  };
  add('value', bidValueError(tender, bid, config));
  add('lotValues', lotValuesError(tender, bid, config));
  add('parameters', parametersError(tender, bid));
  if (errors.length > 0) throw new ApiError(422, errors);
}

// ---- bid items (state-level: the first failure is reported) --------------------------------

const itemsError = (description: unknown): ApiError => dataError('items', description);

/** Tender item ids a bid prices: the items of its lots (all items for a tender without lots). */
function tenderItemIdsFor(tender: Tender, bid: Bid): Set<string> {
  const lotValues = bid.lotValues ?? [];
  if (lotValues.length === 0) return new Set((tender.items ?? []).map((i) => String(i.id)));
  const lots = new Set(lotValues.map((lv) => lv.relatedLot));
  return new Set((tender.items ?? []).filter((i) => i.relatedLot && lots.has(i.relatedLot)).map((i) => String(i.id)));
}

/** Missing `description`, `unit.name`, `unit.code`, `quantity` of each bid item. */
function assertBidItemFieldsPresent(bid: Bid): void {
  for (const item of bid.items ?? []) {
    const missing: Record<string, unknown> = {};
    if (item.description === undefined) missing.description = 'This field is required.';
    const unitMissing: Record<string, string> = {};
    if (item.unit?.name === undefined) unitMissing.name = 'This field is required.';
    if (item.unit?.code === undefined) unitMissing.code = 'This field is required.';
    if (Object.keys(unitMissing).length > 0) missing.unit = unitMissing;
    if (item.quantity === undefined) missing.quantity = 'This field is required.';
    if (Object.keys(missing).length > 0) throw itemsError(missing);
  }
}

/** Integer part of a money amount, as the reference compares unit-value sums. */
const whole = (n: number): number => Math.trunc(n + 1e-9);

/** Σ quantity × unit price of priced items must match the (lot) value (tenders after 2026-05-01 rule). */
function assertUnitValueSum(sum: number, value: MoneyValue | undefined, objName: string): void {
  if (!value || value.amount === undefined) return;
  if (!value.valueAddedTaxIncluded) {
    if (whole(sum) !== whole(value.amount)) {
      throw itemsError(`Total amount of unit values should be equal ${objName}.value.amount if VAT is not included in ${objName}`);
    }
    return;
  }
  const net = (value as { amountNet?: number }).amountNet ?? value.amount / 1.2;
  if (sum <= 0 || whole(sum) > whole(value.amount) || whole(sum) < whole(net)) {
    throw itemsError(`Total amount of unit values must be no more than ${objName}.value.amount and no less than net ${objName} amount`);
  }
}

function assertBidUnitValues(tender: Tender, bid: Bid): void {
  const lotValues = bid.lotValues ?? [];
  const lotOfItem = new Map((tender.items ?? []).map((i) => [String(i.id), i.relatedLot]));
  const sums = new Map<string, number>();
  let plainSum = 0;
  let priced = false;
  for (const item of bid.items ?? []) {
    const unitValue = item.unit?.value;
    if (!unitValue) continue;
    priced = true;
    if (unitValue.valueAddedTaxIncluded) throw itemsError('valueAddedTaxIncluded of bid unit should be False');
    const lotId = lotOfItem.get(item.id);
    const owner = lotValues.length > 0 ? lotValues.find((lv) => lv.relatedLot === lotId)?.value : bid.value;
    if (owner?.currency !== undefined && unitValue.currency !== owner.currency) {
      throw itemsError(`currency of bid unit should be identical to currency of bid ${lotValues.length > 0 ? 'lotValues' : 'value'}`);
    }
    if (item.quantity === undefined) continue;
    if (item.quantity === 0 && unitValue.amount !== 0) throw itemsError('Item.unit.value.amount should be updated to 0 if item.quantity equal to 0');
    const amount = item.quantity * (unitValue.amount ?? 0);
    if (lotValues.length > 0) {
      if (lotId !== undefined && lotValues.some((lv) => lv.relatedLot === lotId)) sums.set(lotId, (sums.get(lotId) ?? 0) + amount);
    } else {
      plainSum += amount;
    }
  }
  if (!priced) return;
  if (lotValues.length > 0) {
    for (const [lotId, sum] of sums) assertUnitValueSum(sum, lotValues.find((lv) => lv.relatedLot === lotId)?.value, 'bid.lotValues');
  } else {
    assertUnitValueSum(plainSum, bid.value, 'bid');
  }
}

function assertBidItemIds(tender: Tender, bid: Bid, itemsRequired: boolean): void {
  const expected = tenderItemIdsFor(tender, bid);
  const given = new Set((bid.items ?? []).map((i) => i.id));
  const suffix = (bid.lotValues ?? []).length > 0 ? ' for current lot' : '';
  if ([...given].some((id) => !expected.has(id))) throw dataError('data', `Bid items ids should be on tender items ids${suffix}`);
  if (itemsRequired && [...expected].some((id) => !given.has(id))) throw dataError('data', `Bid items ids should include all tender items ids${suffix}`);
}

function assertSomeItemQuantity(tender: Tender, bid: Bid): void {
  const items = bid.items ?? [];
  if (items.length === 0) return;
  const lotValues = bid.lotValues ?? [];
  if (lotValues.length === 0) {
    if (!items.some((i) => i.quantity !== undefined && i.quantity !== 0)) throw itemsError('At least one item should be with not empty quantity');
    return;
  }
  const lotOfItem = new Map((tender.items ?? []).map((i) => [String(i.id), i.relatedLot]));
  const withQuantity = new Map<string, boolean>();
  for (const item of items) {
    const lotId = lotOfItem.get(item.id);
    if (lotId === undefined || !lotValues.some((lv) => lv.relatedLot === lotId)) continue;
    withQuantity.set(lotId, (withQuantity.get(lotId) ?? false) || (item.quantity !== undefined && item.quantity !== 0));
  }
  if (withQuantity.size === 0) throw itemsError('At least one item should be with not empty quantity');
  for (const [lotId, ok] of withQuantity) if (!ok) throw itemsError(`At least one item should be with not empty quantity for lot ${lotId}`);
}

/** Python float repr of a quantity (`5.0`, `2.5`). */
const pyFloat = (n: number): string => (Number.isInteger(n) ? `${n}.0` : String(n));

/** On submission, quantities and unit codes must equal the tender's. */
export function assertBidItemsMatchTender(tender: Tender, bid: Bid): void {
  const tenderItems = new Map((tender.items ?? []).map((i) => [String(i.id), i]));
  for (const item of bid.items ?? []) {
    const tenderItem = tenderItems.get(item.id);
    if (!tenderItem) continue;
    if (item.quantity !== undefined && tenderItem.quantity !== undefined && item.quantity !== tenderItem.quantity) {
      throw itemsError(`bid item.quantity (${pyFloat(item.quantity)}) should be equal to tender item.quantity (${pyFloat(tenderItem.quantity)}) for item ${item.id}`);
    }
    const bidCode = item.unit?.code;
    const tenderCode = (tenderItem.unit as { code?: string } | undefined)?.code;
    if (bidCode && tenderCode && bidCode !== tenderCode) {
      throw itemsError(`bid item.unit.code ('${bidCode}') should be equal to tender item.unit.code ('${tenderCode}') for item ${item.id}`);
    }
  }
}

/** First item checks of every bid write: required fields, then unit prices against the bid value. */
export function assertBidItemsPriced(tender: Tender, bid: Bid, itemsRequired: boolean): void {
  if (itemsRequired && (tender.items ?? []).length > 0) {
    if ((bid.items ?? []).length === 0) throw itemsError('This field is required.');
    assertBidItemFieldsPresent(bid);
  }
  assertBidUnitValues(tender, bid);
}

/** Later item checks (after the status rules): the items are the tender's, with some quantity. */
export function assertBidItemsCoverLots(tender: Tender, bid: Bid, itemsRequired: boolean): void {
  assertBidItemIds(tender, bid, itemsRequired);
  assertSomeItemQuantity(tender, bid);
}

// ---- documents -------------------------------------------------------------------------------

const PROPOSAL_CONTAINERS = ['documents', 'financialDocuments', 'eligibilityDocuments', 'qualificationDocuments'] as const;

/** At most one `proposal` document per container. */
export function assertSingleProposalDocument(bid: Bid): void {
  for (const key of PROPOSAL_CONTAINERS) {
    const docs = (bid[key] as Array<{ documentType?: string }> | undefined) ?? [];
    if (docs.filter((d) => d.documentType === 'proposal').length > 1) throw dataError('documents', 'proposal document in bid should be only one');
  }
}

/**
 * Submitting needs a `proposal` signature (.p7s, about the tender) published after the previous
 * submission, when the tenderer is identified by `scheme` (below-threshold.md §3.4).
 */
export function assertProposalSignature(bid: Bid, scheme: string | null): void {
  if (scheme === null || bid.tenderers[0]?.identifier?.scheme !== scheme) return;
  const after = instant(bid.submissionDate);
  assertSignatureDocument(bid.documents, 'proposal', (d) => {
    const published = instant(d.datePublished);
    return after === undefined || (published !== undefined && published > after);
  });
}

// ---- bid documents (below-threshold.md §3.4) --------------------------------------------------

export type BidDocumentOperation = 'add' | 'update';

/** Tender statuses in which the bidder still writes documents of its bid. */
const BID_DOCUMENT_TENDER_STATUSES = new Set(['active.tendering', 'active.qualification', 'active.awarded']);
/** After tendering, only the bid whose award is in one of these statuses may add documents. */
const BID_DOCUMENT_AWARD_STATUSES = ['active'] as const;

/** When a bidder may add or update documents of its bid; throws the reference's 403s. */
export function assertBidDocumentWritable(tender: Tender, bid: Bid, op: BidDocumentOperation, now: number): void {
  if (!BID_DOCUMENT_TENDER_STATUSES.has(tender.status)) throw forbidden(`Can't ${op} document in current (${tender.status}) tender status`);
  if (tender.status === 'active.tendering') {
    assertInTenderPeriod(tender, 'Document', op, now);
  } else {
    const awards = (tender.awards ?? []) as Array<{ bid_id?: string; status?: string }>;
    const own = awards.filter((a) => a.bid_id === bid.id);
    const current = own[own.length - 1];
    // While its pending award carries a running 24h/alp milestone the bidder answers with documents (open-procedures.md §1.5).
    const answering = current?.status === 'pending' && runningMilestone(current as Award, now) !== undefined;
    if (!current || (!answering && !(BID_DOCUMENT_AWARD_STATUSES as readonly string[]).includes(String(current.status)))) {
      throw forbidden(`Can't ${op} document because award of bid is not in one of statuses (${BID_DOCUMENT_AWARD_STATUSES.map((s) => `'${s}'`).join(', ')},)`);
    }
  }
  if (bid.status === 'unsuccessful') throw forbidden(`Can't ${op} document at 'unsuccessful' bid status`);
}

/** Bid documents are deleted only while the bid is a draft. */
export function assertBidDocumentDeletable(bid: Bid): void {
  if (bid.status !== 'draft') throw forbidden(`Can't delete document when bid in current (${bid.status}) status`);
}
