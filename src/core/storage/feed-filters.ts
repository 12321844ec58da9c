// Filtered feeds (issue 16 §3): the query parameters a feed accepts besides paging, read into the
// storage's FeedFilters, and the values a document is filtered by, extracted once at write time.
// Pure: no I/O. Filters combine with AND; a comma-separated list matches any of its values.

import { dataError } from '../http/errors.ts';
import { parseIsoDateTime } from './feed-offset.ts';
import type { FeedFilterValues, FeedFilters, FeedRange } from './store.ts';
import { queryParam, type RawQuery } from './query-param.ts';

/** Paging and output options every feed accepts (platform.md §4, §5); anything else must be a filter. */
const FEED_OPTION_PARAMS = new Set(['offset', 'limit', 'descending', 'mode', 'opt_fields', 'opt_pretty', 'opt_jsonp', 'feed']);

type RangeKey = 'valueAmount' | 'dateModified' | 'tenderPeriodStart' | 'tenderPeriodEnd';

/** Range filters: `<field>.gte` / `<field>.lte`, both ends inclusive. */
const RANGE_FILTERS: readonly { field: string; key: RangeKey; kind: 'amount' | 'date' }[] = [
  { field: 'value.amount', key: 'valueAmount', kind: 'amount' },
  { field: 'dateModified', key: 'dateModified', kind: 'date' },
  { field: 'tenderPeriod.startDate', key: 'tenderPeriodStart', kind: 'date' },
  { field: 'tenderPeriod.endDate', key: 'tenderPeriodEnd', kind: 'date' },
];

/** The filter parameters, in the order page links repeat them. */
export const FEED_FILTER_PARAMS: readonly string[] = [
  'status',
  'procurementMethodType',
  'procuringEntity.identifier.id',
  'classification',
  ...RANGE_FILTERS.flatMap((r) => [`${r.field}.gte`, `${r.field}.lte`]),
];

/** What a filter parameter accepts, for the OpenAPI document and the error messages. */
export const FEED_FILTER_DESCRIPTIONS: Readonly<Record<string, string>> = {
  status: 'Status, or several separated by commas (any of them).',
  procurementMethodType: 'Procedure type, or several separated by commas (any of them).',
  'procuringEntity.identifier.id': "The procuring entity's identifier (EDRPOU code), exact.",
  classification: 'Prefix of an item classification code (CPV / ДК021), e.g. `452` or `45231000-4`.',
  ...Object.fromEntries(
    RANGE_FILTERS.flatMap((r) => {
      const what = r.kind === 'amount' ? 'a decimal number' : 'an ISO 8601 date-time (UTC when it has no offset)';
      return [
        [`${r.field}.gte`, `${r.field} at least this: ${what}.`],
        [`${r.field}.lte`, `${r.field} at most this: ${what}.`],
      ];
    }),
  ),
};

const CLASSIFICATION_PREFIX = /^[0-9]{1,8}(?:-[0-9]?)?$/;
const LIST_VALUE = /^[A-Za-z0-9._-]{1,64}$/;
const MAX_LIST = 20;
const MAX_TEXT = 128;

const badFilter = (name: string, description: string) => dataError(name, description, 'querystring');

function listOf(name: string, raw: string): string[] {
  const values = [...new Set(raw.split(',').map((v) => v.trim()).filter((v) => v !== ''))];
  if (values.length === 0 || values.length > MAX_LIST || !values.every((v) => LIST_VALUE.test(v))) {
    throw badFilter(name, `Expected one value or up to ${MAX_LIST} separated by commas (letters, digits, '.', '_', '-').`);
  }
  return values;
}

function bound(name: string, raw: string, kind: 'amount' | 'date'): number {
  if (kind === 'amount') {
    const v = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(raw.trim()) ? Number(raw) : NaN;
    if (!Number.isFinite(v)) throw badFilter(name, 'Expected a decimal number.');
    return v;
  }
  const v = parseIsoDateTime(raw.trim().replaceAll(' ', '+'));
  if (v === null) throw badFilter(name, 'Expected an ISO 8601 date-time.');
  return v;
}

/**
 * The filters of a feed query; 422 (`querystring`) for an unknown parameter or a value that cannot
 * be read. An empty value is no filter, as empty paging parameters are.
 */
export function parseFeedFilters(query: RawQuery): FeedFilters | undefined {
  for (const name of Object.keys(query)) {
    if (!FEED_OPTION_PARAMS.has(name) && !FEED_FILTER_PARAMS.includes(name)) throw badFilter(name, 'Unknown filter.');
  }
  const filters: FeedFilters = {};
  const text = (name: string): string | undefined => {
    const v = queryParam(query, name);
    return v === undefined || v === '' ? undefined : v;
  };
  const status = text('status');
  if (status !== undefined) filters.statuses = listOf('status', status);
  const types = text('procurementMethodType');
  if (types !== undefined) filters.procurementMethodTypes = listOf('procurementMethodType', types);
  const entity = text('procuringEntity.identifier.id');
  if (entity !== undefined) {
    if (entity.length > MAX_TEXT) throw badFilter('procuringEntity.identifier.id', `At most ${MAX_TEXT} characters.`);
    filters.procuringEntityId = entity;
  }
  const classification = text('classification');
  if (classification !== undefined) {
    if (!CLASSIFICATION_PREFIX.test(classification)) throw badFilter('classification', 'Expected the start of a classification code: up to 8 digits, optionally `-` and the check digit.');
    filters.classificationPrefix = classification;
  }
  for (const r of RANGE_FILTERS) {
    const min = text(`${r.field}.gte`);
    const max = text(`${r.field}.lte`);
    if (min === undefined && max === undefined) continue;
    const range: FeedRange = {};
    if (min !== undefined) range.min = bound(`${r.field}.gte`, min, r.kind);
    if (max !== undefined) range.max = bound(`${r.field}.lte`, max, r.kind);
    if (range.min !== undefined && range.max !== undefined && range.min > range.max) {
      throw badFilter(`${r.field}.gte`, `${r.field}.gte must not be after ${r.field}.lte.`);
    }
    filters[r.key] = range;
  }
  return Object.keys(filters).length > 0 ? filters : undefined;
}

/** The filter parameters of a query as sent (non-empty ones), in link order, for page links. */
export function feedFilterLinkParams(query: RawQuery): [string, string][] {
  const out: [string, string][] = [];
  for (const name of FEED_FILTER_PARAMS) {
    const v = queryParam(query, name);
    if (v !== undefined && v !== '') out.push([name, v]);
  }
  return out;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const epoch = (v: unknown): number | null => (typeof v === 'string' ? parseIsoDateTime(v) : null);

/**
 * The values a tender, contract or plan is filtered by: the same public fields in each (a contract
 * has no tenderPeriod, a plan no procurementMethodType at its top: their filters match nothing).
 */
export function feedFilterValuesOf(doc: Readonly<Json>): FeedFilterValues {
  const codes = new Set<string>();
  const addCode = (c: unknown): void => {
    const code = str(obj(c).id);
    if (code !== null && /^[0-9-]{1,16}$/.test(code)) codes.add(code);
  };
  addCode(doc.classification);
  for (const item of Array.isArray(doc.items) ? doc.items : []) addCode(obj(item).classification);
  const entity = obj(doc.procuringEntity).identifier ?? obj(doc.buyer).identifier;
  const amount = obj(doc.value).amount;
  return {
    status: str(doc.status),
    procurementMethodType: str(doc.procurementMethodType) ?? str(obj(doc.tender).procurementMethodType),
    procuringEntityId: str(obj(entity).id),
    classifications: [...codes],
    valueAmount: typeof amount === 'number' && Number.isFinite(amount) ? amount : null,
    dateModified: epoch(doc.dateModified),
    tenderPeriodStart: epoch(obj(doc.tenderPeriod).startDate),
    tenderPeriodEnd: epoch(obj(doc.tenderPeriod).endDate),
  };
}
