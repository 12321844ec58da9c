// What both backends compute identically before touching their database: revs, the revision
// entry as stored, and next_check as epoch milliseconds.

import { randomUUID } from 'node:crypto';
import type { CollectionName, RevisionEntry, StoredDocument } from '../core/storage/store.ts';

export const COLLECTIONS: readonly CollectionName[] = ['tenders', 'contracts', 'plans'];

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
