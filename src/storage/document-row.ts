// What both backends compute identically before touching their database: revs, the revision
// entry as stored, and next_check as epoch milliseconds.

import { randomUUID } from 'node:crypto';
import type { CollectionName, FeedFilters, FeedFilterValues, FeedQuery, RevisionEntry, StoredDocument } from '../core/storage/store.ts';

export const COLLECTIONS: readonly CollectionName[] = ['tenders', 'contracts', 'plans', 'transfers'];

/** Guards table names built from a collection (they are interpolated into SQL). */
export function assertCollection(collection: string): asserts collection is CollectionName {
  if (!(COLLECTIONS as readonly string[]).includes(collection)) {
    throw new TypeError(`unknown collection: ${collection}`);
  }
}

/** `"<n>-<uuid4 hex>"`, the reference's `_rev` shape (platform.md §7.6). */
export function makeRev(n: number): string {
  return `${n}-${randomUUID().replace(/-/g, '')}`;
}

/** The generation number of a rev, or null when it is not `"<n>-..."`. */
export function revNumber(rev: string): number | null {
  const m = /^([1-9][0-9]*)-/.exec(rev);
  if (!m) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) ? n : null;
}

/**
 * The entry as stored: reference key order, `rev` = the rev being replaced on updates and absent
 * on the creating write (whatever the caller put there).
 */
export function storedRevisionEntry(entry: RevisionEntry, previousRev: string | undefined): RevisionEntry {
  const { author, changes, date, rev: _ignored, ...rest } = entry;
  return previousRev === undefined
    ? { author, changes, date, ...rest }
    : { author, changes, rev: previousRev, date, ...rest };
}

const ISO_WITH_OFFSET = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Epoch ms of an ISO 8601 date-time that carries an offset. Sub-millisecond digits round UP, so
 * a document is never reported due before its real next_check instant (a chronograph waking a
 * fraction of a millisecond early would find nothing to do and be woken again at once).
 */
export function nextCheckToEpochMs(iso: string | null): number | null {
  if (iso === null) return null;
  const m = ISO_WITH_OFFSET.exec(iso);
  if (!m) throw new TypeError(`nextCheck must be an ISO 8601 date-time with an offset: ${iso}`);
  const [, base, fraction = '', offset] = m;
  const ms = fraction.padEnd(3, '0').slice(0, 3);
  const offsetNorm = offset === 'Z' ? 'Z' : offset.length === 5 ? `${offset.slice(0, 3)}:${offset.slice(3)}` : offset;
  const seconds = base.length === 16 ? ':00' : '';
  const epoch = Date.parse(`${base}${seconds}.${ms}${offsetNorm}`);
  if (Number.isNaN(epoch)) throw new TypeError(`nextCheck is not a valid date-time: ${iso}`);
  const rest = fraction.slice(3);
  return /[1-9]/.test(rest) ? epoch + 1 : epoch;
}

/** Rounds epoch seconds to milliseconds (3 decimals), as public_modified is kept. */
export function roundMs(epochSeconds: number): number {
  return Math.round(epochSeconds * 1000) / 1000;
}

/** A stored row as both backends select it. */
export interface DocumentRow {
  id: string;
  rev: string;
  doc: string;
  public_text: string;
  public_modified: number | null;
}

/** Row → StoredDocument: the document parsed, the public text kept as stored. */
export function storedFromRow(row: DocumentRow): StoredDocument {
  return {
    id: row.id,
    rev: row.rev,
    doc: JSON.parse(row.doc) as Record<string, unknown>,
    publicText: row.public_text,
    publicModified: row.public_modified,
  };
}

/** The filter columns of a document table, in the order `filterColumnValues` gives them. */
export const FILTER_COLUMNS = ['f_status', 'f_method', 'f_entity', 'f_amount', 'f_modified', 'f_period_start', 'f_period_end'] as const;

/**
 * Filter columns indexed together with public_modified, so an equality filter reads its pages in
 * feed order. The range columns (amount, dates) have plain indexes: the planner (PostgreSQL's
 * statistics, SQLite's STAT4 after `PRAGMA optimize`) reads a narrow range through its index and
 * a wide one in feed order, checking each row. Classification prefixes are probed per row through
 * the (collection, id, code) index.
 */
export const ORDERED_FILTER_COLUMNS = ['f_status', 'f_method', 'f_entity'] as const;

/** The filter columns with their SQL types: text for the equality ones, `numberType` for the ranges. */
export function filterColumnTypes(numberType: string): [string, string][] {
  return FILTER_COLUMNS.map((c) => [c, (ORDERED_FILTER_COLUMNS as readonly string[]).includes(c) ? 'TEXT' : numberType]);
}

/** Filter columns with a plain index (ranges). */
export const RANGE_FILTER_COLUMNS = ['f_amount', 'f_modified', 'f_period_start', 'f_period_end'] as const;

export type FilterColumnValues = [string | null, string | null, string | null, number | null, number | null, number | null, number | null];

export function filterColumnValues(f: FeedFilterValues | undefined): FilterColumnValues {
  if (!f) return [null, null, null, null, null, null, null];
  return [f.status, f.procurementMethodType, f.procuringEntityId, f.valueAmount, f.dateModified, f.tenderPeriodStart, f.tenderPeriodEnd];
}

/**
 * The end (exclusive) of the code range a classification prefix covers: codes are digits and `-`,
 * both below `:`, so `[prefix, prefix + ':')` holds exactly the codes starting with the prefix
 * (compared bytewise: SQLite's BINARY, PostgreSQL's "C" collation).
 */
export function prefixRangeEnd(prefix: string): string {
  return `${prefix}:`;
}

/** A filter condition as SQL over the filter columns, with `param(value)` giving the placeholder. */
export function filterConditions(filters: FeedFilters | undefined, param: (value: unknown) => string, classificationSubquery: (from: string, to: string) => string): string[] {
  if (!filters) return [];
  const where: string[] = [];
  const anyOf = (column: string, values: readonly string[] | undefined): void => {
    if (values && values.length > 0) where.push(`${column} IN (${values.map((v) => param(v)).join(', ')})`);
  };
  const range = (column: string, r: { min?: number; max?: number } | undefined): void => {
    if (r?.min !== undefined) where.push(`${column} >= ${param(r.min)}`);
    if (r?.max !== undefined) where.push(`${column} <= ${param(r.max)}`);
  };
  anyOf('f_status', filters.statuses);
  anyOf('f_method', filters.procurementMethodTypes);
  if (filters.procuringEntityId !== undefined) where.push(`f_entity = ${param(filters.procuringEntityId)}`);
  range('f_amount', filters.valueAmount);
  range('f_modified', filters.dateModified);
  range('f_period_start', filters.tenderPeriodStart);
  range('f_period_end', filters.tenderPeriodEnd);
  if (filters.classificationPrefix !== undefined) {
    where.push(classificationSubquery(param(filters.classificationPrefix), param(prefixRangeEnd(filters.classificationPrefix))));
  }
  return where;
}

/** The comparison of public_modified with a page's offset: past it in the page's direction, the offset's own rows too when inclusive. */
export function feedAfter(query: Pick<FeedQuery, 'descending' | 'inclusive'>): string {
  return query.descending ? (query.inclusive ? '<=' : '<') : query.inclusive ? '>=' : '>';
}

/** A watcher's failure is its own: the write it hears about has committed. */
export function callQuietly(listener: (collection: string) => void, name: string): void {
  try {
    listener(name);
  } catch {
    // Nothing to undo; the listener logs its own trouble.
  }
}
