// A tender as it was (platform.md §7.6, the reference's "historical" API): the stored document
// walked back over its reverse-patch revisions to the version a broker asks for by number
// (`X-Revision-N`, checked against `X-Revision-Hash`) or by date (`X-Revision-Date`). The
// reference's quirks are kept, since brokers' clients were written against them: a version's
// `dateModified` is taken from the revisions up to and including the next one, skipping the
// chronograph's and those that touched bids; a date asks for the first state older than it.
import { ApiError } from '../http/errors.ts';
import { applyPatch } from '../storage/revisions.ts';
import type { RevisionEntry } from '../storage/store.ts';
import { parseIso } from '../time/iso.ts';

export interface RevisionRequest {
  /** `X-Revision-N`, as sent ('' when absent). */
  version: string;
  /** `X-Revision-Hash`, as sent. */
  hash: string;
  /** `X-Revision-Date`, parsed; null when absent, or unreadable beside a usable version. */
  date: number | null;
}

export interface HistoricalVersion {
  doc: Record<string, unknown>;
  /** The response headers `X-Revision-N`, `X-Revision-Hash`, `X-Previous-Hash`. */
  version: string;
  hash: string;
  previousHash: string;
}

const notFoundIn = (name: 'version' | 'hash'): ApiError => new ApiError(404, [{ location: 'header', name, description: 'Not Found' }]);
const notImplemented = (): ApiError => new ApiError(501, [{ location: 'body', name: 'revision', description: 'Not Implemented' }]);

const isPositiveNumber = (text: string): boolean => /^[0-9]+$/.test(text) && Number(text) >= 1;

/** The part of a `_rev` after its dash. */
export function revisionHash(rev: string | undefined): string {
  const at = rev?.indexOf('-') ?? -1;
  return rev && at >= 0 ? rev.slice(at + 1) : '';
}

const NAMES_OFFSET = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

/** An instant in a header: ISO 8601, UTC when it names no offset (the reference's default zone there). */
function headerInstant(text: string): number | null {
  const trimmed = text.trim();
  const withZone = /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `${trimmed}T00:00:00Z` : NAMES_OFFSET.test(trimmed) ? trimmed : `${trimmed}Z`;
  return parseIso(withZone)?.ms ?? null;
}

/** The revision headers, checked as the reference checks them before it reads the document. */
export function revisionRequest(headers: Record<string, string | string[] | undefined>): RevisionRequest {
  const one = (name: string): string => {
    const value = headers[name];
    return typeof value === 'string' ? value : Array.isArray(value) ? (value[0] ?? '') : '';
  };
  const version = one('x-revision-n');
  const hash = one('x-revision-hash');
  const dateText = one('x-revision-date');
  if (dateText !== '') {
    const date = headerInstant(dateText);
    if (date !== null) return { version, hash, date };
    if (version === '' || !isPositiveNumber(version)) throw notFoundIn('version');
    return { version, hash, date: null };
  }
  if (version !== '' && !isPositiveNumber(version)) throw notFoundIn('version');
  return { version, hash, date: null };
}

/** The date of the newest revision that was not the chronograph's and touched no bid; '' when none. */
export function lastModification(revisions: readonly RevisionEntry[]): string {
  for (let i = revisions.length - 1; i >= 0; i--) {
    const r = revisions[i]!;
    if (r.author !== 'chronograph' && !r.changes.some((op) => op.path.includes('bids'))) return r.date;
  }
  return '';
}

function undo(doc: Record<string, unknown>, revision: RevisionEntry): Record<string, unknown> {
  try {
    return applyPatch(doc, revision.changes);
  } catch {
    throw notImplemented();
  }
}

const instant = (iso: unknown): number => (typeof iso === 'string' ? (parseIso(iso)?.ms ?? Number.NaN) : Number.NaN);

/** The version `request` names of a document stored as `current` (`_rev` `rev`) with `revisions`, oldest first. */
export function historicalVersion(current: Record<string, unknown>, rev: string, revisions: readonly RevisionEntry[], request: RevisionRequest): HistoricalVersion {
  const count = revisions.length;
  // revisions[i - 1] of the reference: index -1 is its last entry.
  const previousOf = (i: number): string => revisionHash(revisions[i - 1 >= 0 ? i - 1 : count - 1]?.rev);
  let doc = current;

  if (request.date !== null) {
    const oldest = count > 1 ? instant(revisions[1]!.date) : Number.NaN;
    if (!(request.date <= instant(current.dateModified)) || !(request.date >= oldest)) throw notFoundIn('version');
    for (let i = count - 1; i >= 0; i--) {
      doc = undo(doc, revisions[i]!);
      const before = lastModification(revisions.slice(0, i));
      if (before !== '' && request.date < instant(before)) continue;
      return { doc: { ...doc, dateModified: lastModification(revisions.slice(0, i + 1)) }, version: request.version, hash: revisionHash(revisions[i]!.rev), previousHash: previousOf(i) };
    }
    throw notFoundIn('version');
  }

  const wanted = request.version === '' || Number(request.version) === count ? null : Number(request.version);
  if (count === 0 || wanted === null) {
    const modified = lastModification(revisions);
    return {
      doc: modified !== '' ? { ...doc, dateModified: modified } : doc,
      version: String(count),
      hash: revisionHash(rev),
      previousHash: revisionHash(revisions[count - 1]?.rev),
    };
  }
  if (wanted > count) throw notFoundIn('version');
  for (let i = count - 1; i >= wanted; i--) doc = undo(doc, revisions[i]!);
  const at = revisions[wanted]!;
  if (request.hash !== '' && request.hash !== revisionHash(at.rev)) throw notFoundIn('hash');
  return { doc: { ...doc, dateModified: lastModification(revisions.slice(0, wanted + 1)) }, version: request.version, hash: revisionHash(at.rev), previousHash: previousOf(wanted) };
}
