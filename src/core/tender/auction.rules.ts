// The auction module's rules (below-threshold.md §3.5): which tender/lot may be touched, how the
// positional `bids`/`lots` lists of `PATCH` (urls) and `POST` (results) bodies are checked and
// applied. Pure: the service loads, calls these on a draft and saves.
//
// The lists are positional, one entry per tender bid (lot), an entry's `id` may be left out and is
// then taken from its position; a list naming exactly the tender's bids in another order is put back
// into tender order (the auction may post its bids best first). Messages are the reference's
// body-model errors: 422, location body, a one-element list as description.
import { dataError, forbidden, type ApiError } from '../http/errors.ts';
import { parseIso } from '../time/iso.ts';
import { MAX_MONEY_AMOUNT } from './schemas/common.schema.ts';
import type { Bid, LotValue, Tender } from './tender.types.ts';

export type AuctionOperation = 'get' | 'patch' | 'post';

const OPERATION_WORDS: Record<AuctionOperation, string> = {
  get: 'get auction info',
  patch: 'update auction urls',
  post: 'report auction results',
};

/** Every auction endpoint needs `active.auction` (external runners parse this text). */
export function assertAuctionStatus(tender: Tender, op: AuctionOperation): void {
  if (tender.status !== 'active.auction') throw forbidden(`Can't ${OPERATION_WORDS[op]} in current (${tender.status}) tender status`);
}

/** The lot endpoints: the path lot must exist and be active. */
export function assertAuctionLotActive(tender: Tender, lotId: string, op: 'patch' | 'post'): void {
  if (!(tender.lots ?? []).some((l) => l.id === lotId && l.status === 'active')) {
    throw forbidden(`Can ${OPERATION_WORDS[op]} only in active lot status`);
  }
}

/** The tender-level endpoints refuse a lot tender (each lot has its own auction). */
export function assertNonLotAuction(tender: Tender): void {
  if ((tender.lots ?? []).length > 0) throw dataError('bids', [{ participationUrl: ['url should be posted for each lot of bid'] }]);
}

/**
 * Tender-level results on a lot tender: the reference reads the body and then has no tender auction
 * period to finish (an internal error there); here the lot wording of the bid model, as a 422.
 */
export function assertNonLotResults(tender: Tender): void {
  if ((tender.lots ?? []).length > 0) throw dataError('bids', [{ value: ['value should be posted for each lot of bid'] }]);
}

const bidsError = (message: string): ApiError => dataError('bids', [message]);
const lotsError = (message: string): ApiError => dataError('lots', [message]);

type Entry = Record<string, unknown>;
const isObject = (v: unknown): v is Entry => typeof v === 'object' && v !== null && !Array.isArray(v);

// --- shape checks of one list entry -------------------------------------------------------------

type FieldCheck = (v: unknown) => unknown | undefined;

function hashError(v: unknown): unknown | undefined {
  if (typeof v !== 'string') return ["Couldn't interpret value as string."];
  if (v.length !== 32) return ['Hash value is wrong length.'];
  if (!/^[0-9a-fA-F]{32}$/.test(v)) return ['Hash value is not hexadecimal.'];
  return undefined;
}

function urlError(v: unknown): unknown | undefined {
  if (typeof v !== 'string' || !/^https?:\/\/[^\s/?#]+[^\s]*$/i.test(v)) return ['Not a well formed URL.'];
  return undefined;
}

function dateError(v: unknown): unknown | undefined {
  if (typeof v !== 'string' || !parseIso(v)) return [`Could not parse ${String(v)}. Should be ISO8601.`];
  return undefined;
}

function amountError(v: unknown): unknown | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v)) return [`Value '${String(v)}' is not float.`];
  if (v < 0) return ['Float value should be greater than or equal to 0.'];
  if (v > MAX_MONEY_AMOUNT) return [`Float value should be less than or equal to ${MAX_MONEY_AMOUNT}.`];
  return undefined;
}

const VALUE_RESULT: Record<string, FieldCheck> = {
  amount: amountError,
  date: dateError,
  currency: (v) => (typeof v === 'string' ? undefined : ["Couldn't interpret value as string."]),
  valueAddedTaxIncluded: (v) => (typeof v === 'boolean' ? undefined : ['Must be either true or false.']),
};

function modelErrors(entry: unknown, fields: Record<string, FieldCheck>): Record<string, unknown> | undefined {
  if (!isObject(entry)) return undefined;
  const errors: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entry)) {
    if (!(k in fields)) errors[k] = 'Rogue field';
    else if (v !== null && v !== undefined) {
      const e = fields[k]!(v);
      if (e !== undefined) errors[k] = e;
    }
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
}

const submodel = (fields: Record<string, FieldCheck>): FieldCheck => (v) =>
  isObject(v) ? modelErrors(v, fields) : ['Please use a mapping for this field or Value instance instead of str.'];

const sublist = (fields: Record<string, FieldCheck>): FieldCheck => (v) => {
  if (!Array.isArray(v)) return ['Please provide a list.'];
  for (const item of v) {
    if (!isObject(item)) return ['Please use a mapping for this field.'];
    const e = modelErrors(item, fields);
    if (e) return e;
  }
  return undefined;
};

const URL_BID: Record<string, FieldCheck> = { id: hashError, participationUrl: urlError };
const URL_LOT_VALUE: Record<string, FieldCheck> = { relatedLot: hashError, participationUrl: urlError };
const URL_LOT_BID: Record<string, FieldCheck> = { id: hashError, lotValues: sublist(URL_LOT_VALUE) };
const URL_LOT: Record<string, FieldCheck> = { id: hashError, auctionUrl: urlError };
const RESULT_FIELDS = { value: submodel(VALUE_RESULT), weightedValue: submodel(VALUE_RESULT), date: dateError };
const RESULT_BID: Record<string, FieldCheck> = { id: hashError, ...RESULT_FIELDS };
const RESULT_LOT_VALUE: Record<string, FieldCheck> = { relatedLot: hashError, ...RESULT_FIELDS };
const RESULT_LOT_BID: Record<string, FieldCheck> = { id: hashError, lotValues: sublist(RESULT_LOT_VALUE) };

/** The top-level keys a body may carry, the rest is "Rogue field". */
function assertOnlyKeys(data: Entry, allowed: readonly string[]): void {
  for (const k of Object.keys(data)) if (!allowed.includes(k)) throw dataError(k, 'Rogue field');
}

/** A list field: a list of mappings, each valid against `fields` (the first failing entry is reported). */
function readList(data: Entry, name: 'bids' | 'lots', fields: Record<string, FieldCheck>, required: boolean): Entry[] | undefined {
  const v = data[name];
  if (v === undefined || v === null) {
    if (required) throw dataError(name, ['This field is required.']);
    return undefined;
  }
  if (!Array.isArray(v)) throw dataError(name, ['Please provide a list.']);
  for (const entry of v) {
    if (!isObject(entry)) throw dataError(name, ['Please use a mapping for this field.']);
    const e = modelErrors(entry, fields);
    if (e) throw dataError(name, e);
  }
  return (v as Entry[]).map((e) => structuredClone(e));
}

// --- positional matching -------------------------------------------------------------------------

/**
 * Matches entries to the tender's objects: same count (else `countMessage`), missing ids taken from
 * the position, and the same set of ids (else `identicalMessage`). Returns the entries keyed by id.
 */
function matchPositional(
  entries: Entry[],
  ids: readonly string[],
  countMessage: string,
  identicalMessage: string,
  error: (m: string) => ApiError,
): Map<string, Entry> {
  if (entries.length !== ids.length) throw error(countMessage);
  const byId = new Map<string, Entry>();
  entries.forEach((entry, i) => {
    const id = typeof entry.id === 'string' ? entry.id : ids[i]!;
    if (!ids.includes(id) || byId.has(id)) throw error(identicalMessage);
    byId.set(id, entry);
  });
  return byId;
}

const bidIds = (tender: Tender): string[] => (tender.bids ?? []).map((b) => b.id);

/**
 * A bid entry's `lotValues` matched to the tender bid's lotValues by position (a shorter list is
 * allowed); returns only the entry for `lotId`, or undefined.
 */
function lotValueEntryFor(entry: Entry, bid: Bid, lotId: string): Entry | undefined {
  const values = entry.lotValues as Entry[] | undefined;
  if (!values || values.length === 0) return undefined;
  const related = (bid.lotValues ?? []).map((lv) => lv.relatedLot);
  if (values.length > related.length) throw bidsError('Number of lots of auction results did not match the number of tender lots');
  let found: Entry | undefined;
  values.forEach((value, i) => {
    const relatedLot = typeof value.relatedLot === 'string' ? value.relatedLot : related[i]!;
    if (relatedLot !== related[i]) throw bidsError('Auction bid.lotValues should be identical to the tender bid.lotValues');
    if (relatedLot === lotId) found = value;
  });
  return found;
}

// --- PATCH: urls ---------------------------------------------------------------------------------

export interface TenderUrls {
  auctionUrl?: string;
  /** bid id → participationUrl. */
  participationUrls: Map<string, string>;
}

export function readTenderUrls(tender: Tender, data: Entry): TenderUrls {
  assertOnlyKeys(data, ['auctionUrl', 'bids']);
  if (data.auctionUrl !== undefined && data.auctionUrl !== null) {
    const e = urlError(data.auctionUrl);
    if (e) throw dataError('auctionUrl', e);
  }
  const urls: TenderUrls = { participationUrls: new Map() };
  if (typeof data.auctionUrl === 'string') urls.auctionUrl = data.auctionUrl;
  const entries = readList(data, 'bids', URL_BID, false);
  if (entries) {
    const byId = matchPositional(entries, bidIds(tender), 'Number of bids did not match the number of tender bids', 'Auction bids should be identical to the tender bids', bidsError);
    for (const [id, entry] of byId) if (typeof entry.participationUrl === 'string') urls.participationUrls.set(id, entry.participationUrl);
  }
  return urls;
}

export interface LotUrls {
  auctionUrl: string;
  participationUrls: Map<string, string>;
}

/** Bids that take part in a lot's auction: active, with a lotValue of the lot that is not unsuccessful. */
export function lotParticipants(tender: Tender, lotId: string): Array<{ bid: Bid; lotValue: LotValue }> {
  const out: Array<{ bid: Bid; lotValue: LotValue }> = [];
  for (const bid of tender.bids ?? []) {
    if (bid.status !== 'active') continue;
    const lotValue = (bid.lotValues ?? []).find((lv) => lv.relatedLot === lotId && lv.status !== 'unsuccessful');
    if (lotValue) out.push({ bid, lotValue });
  }
  return out;
}

export function readLotUrls(tender: Tender, lotId: string, data: Entry): LotUrls {
  assertOnlyKeys(data, ['lots', 'bids']);
  const lotEntries = readList(data, 'lots', URL_LOT, true)!;
  const byLot = matchPositional(
    lotEntries, (tender.lots ?? []).map((l) => l.id), 'Number of lots did not match the number of tender lots', 'Auction lots should be identical to the tender lots', lotsError,
  );
  const auctionUrl = byLot.get(lotId)?.auctionUrl;
  if (typeof auctionUrl !== 'string') throw lotsError('Auction url required');

  const bidEntries = readList(data, 'bids', URL_LOT_BID, true)!;
  const byBid = matchPositional(
    bidEntries, bidIds(tender), 'Number of auction results did not match the number of tender bids', 'Auction bids should be identical to the tender bids', bidsError,
  );
  const participationUrls = new Map<string, string>();
  for (const bid of tender.bids ?? []) {
    const value = lotValueEntryFor(byBid.get(bid.id)!, bid, lotId);
    if (!value) continue;
    if (typeof value.participationUrl !== 'string') throw bidsError('Auction participation url required');
    participationUrls.set(bid.id, value.participationUrl);
  }
  const participants = lotParticipants(tender, lotId);
  const given = participants.filter((p) => participationUrls.has(p.bid.id)).length;
  if (given !== 0 && given !== participants.length) throw bidsError('All bids must receive participationUrl, or none must.');
  return { auctionUrl, participationUrls };
}

export function applyTenderUrls(tender: Tender, urls: TenderUrls): void {
  if (urls.auctionUrl !== undefined) tender.auctionUrl = urls.auctionUrl;
  for (const bid of tender.bids ?? []) {
    const url = urls.participationUrls.get(bid.id);
    if (url !== undefined) bid.participationUrl = url;
  }
}

export function applyLotUrls(tender: Tender, lotId: string, urls: LotUrls): void {
  const lot = (tender.lots ?? []).find((l) => l.id === lotId);
  if (lot) lot.auctionUrl = urls.auctionUrl;
  for (const bid of tender.bids ?? []) {
    const url = urls.participationUrls.get(bid.id);
    const lotValue = (bid.lotValues ?? []).find((lv) => lv.relatedLot === lotId);
    if (url !== undefined && lotValue) lotValue.participationUrl = url;
  }
}

// --- POST: results -------------------------------------------------------------------------------

/** What the auction reports for one bid (or one lotValue). */
export interface AuctionResult {
  value?: Entry;
  weightedValue?: Entry;
  date?: string;
}

function resultOf(entry: Entry): AuctionResult {
  const r: AuctionResult = {};
  if (isObject(entry.value)) r.value = entry.value;
  if (isObject(entry.weightedValue)) r.weightedValue = entry.weightedValue;
  if (typeof entry.date === 'string') r.date = entry.date;
  return r;
}

/** Results by bid id; an absent `bids` list reports nothing (the initial offers stand). */
export function readTenderResults(tender: Tender, data: Entry): Map<string, AuctionResult> {
  assertOnlyKeys(data, ['bids']);
  const entries = readList(data, 'bids', RESULT_BID, false);
  const results = new Map<string, AuctionResult>();
  if (!entries) return results;
  const byId = matchPositional(entries, bidIds(tender), 'Number of auction results did not match the number of tender bids', 'Auction bids should be identical to the tender bids', bidsError);
  for (const [id, entry] of byId) results.set(id, resultOf(entry));
  return results;
}

/** Results of one lot by bid id; the other lots' lotValues in the body are checked, then ignored. */
export function readLotResults(tender: Tender, lotId: string, data: Entry): Map<string, AuctionResult> {
  assertOnlyKeys(data, ['bids']);
  const entries = readList(data, 'bids', RESULT_LOT_BID, true)!;
  const byId = matchPositional(entries, bidIds(tender), 'Number of auction results did not match the number of tender bids', 'Auction bids should be identical to the tender bids', bidsError);
  const results = new Map<string, AuctionResult>();
  for (const bid of tender.bids ?? []) {
    const value = lotValueEntryFor(byId.get(bid.id)!, bid, lotId);
    if (value) results.set(bid.id, resultOf(value));
  }
  return results;
}

/** Only the fields a money value keeps; a `date` inside a value result is not stored. */
function mergeMoney(current: unknown, patch: Entry): Record<string, unknown> {
  const { date: _date, ...rest } = patch;
  return { ...(isObject(current) ? current : {}), ...rest };
}

function applyResult(target: Bid | LotValue, result: AuctionResult): void {
  if (result.value) target.value = mergeMoney(target.value, result.value);
  if (result.weightedValue) target.weightedValue = mergeMoney(target.weightedValue, result.weightedValue);
  if (result.date) target.date = result.date;
}

export function applyTenderResults(tender: Tender, results: Map<string, AuctionResult>): void {
  for (const bid of tender.bids ?? []) {
    const r = results.get(bid.id);
    if (r) applyResult(bid, r);
  }
}

export function applyLotResults(tender: Tender, lotId: string, results: Map<string, AuctionResult>): void {
  for (const bid of tender.bids ?? []) {
    const r = results.get(bid.id);
    const lotValue = (bid.lotValues ?? []).find((lv) => lv.relatedLot === lotId);
    if (r && lotValue) applyResult(lotValue, r);
  }
}

/** The auction ended now: `endDate = now`, and a start still in the future moves to now. */
export function finishAuctionPeriod(holder: { auctionPeriod?: { startDate?: string; endDate?: string } }, nowIso: string, nowMs: number): void {
  const period = { ...(holder.auctionPeriod ?? {}) };
  const start = period.startDate ? parseIso(period.startDate)?.ms : undefined;
  if (start !== undefined && start > nowMs) period.startDate = nowIso;
  period.endDate = nowIso;
  holder.auctionPeriod = period;
}
