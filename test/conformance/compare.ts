// Compare a recorded response with ours.
//
// Rules (shared/conformance/README.md):
// - status code must be equal (statusOk);
// - error bodies (`{"status": "error", "errors": [...]}`): the whole `errors`
//   list must be equal, element by element and in order. A different list fails
//   both shapeOk and valuesOk (the list IS the shape of an error answer);
// - data bodies: every key the recording has must exist in ours, recursively
//   (arrays by position; objects with an `id` paired through the id mapping):
//   a missing key/element fails shapeOk. Extra keys/elements in ours are only
//   reported as notes;
// - stable values (statuses, titles, amounts, messages, enums, booleans) must
//   be equal (numbers numerically: 500.0 == 500), else valuesOk fails;
// - volatile values are compared for presence only: 32-hex ids and hashes
//   (ids additionally must agree with the mapping when it is already known),
//   tokens, date/date-times, URLs (document urls, Location, next_page
//   uri/path/offset) and tenderID/complaintID/contractID-like values.

import { isDeepStrictEqual } from 'node:util';
import { HEX32, IdMap, isPlainObject, pairArray, VOLATILE_ID_KEYS } from './id-map.ts';

export interface ActualResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  bodyText: string;
  json?: unknown;
}

export interface RecordedLike {
  status: number;
  headers: Record<string, string>;
  bodyText: string;
  json?: unknown;
}

export interface CompareResult {
  statusOk: boolean;
  shapeOk: boolean;
  valuesOk: boolean;
  /** Failures, most important first (status, then shape, then values). */
  problems: string[];
  /** Informational differences that do not fail anything (extra keys, URL differences). */
  notes: string[];
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;
/** Keys whose values are URLs/paths/offsets even when relative. */
const URL_KEYS: ReadonlySet<string> = new Set(['url', 'uri', 'path', 'offset', 'auctionUrl', 'participationUrl']);

export function isDateTime(v: string): boolean {
  return DATE_TIME.test(v);
}

/** Classify a recorded scalar: how should it be compared? */
export function volatileKind(key: string | undefined, value: unknown): 'id' | 'presence' | undefined {
  if (typeof value !== 'string') return undefined;
  if (HEX32.test(value)) return 'id';
  if (key !== undefined) {
    if (VOLATILE_ID_KEYS.has(key) || URL_KEYS.has(key)) return 'presence';
    if (/ID$/.test(key) && /^UA-/.test(value)) return 'presence';
  }
  if (isDateTime(value) || URL_LIKE.test(value)) return 'presence';
  return undefined;
}

function show(v: unknown, max = 120): string {
  const s = JSON.stringify(v);
  if (s === undefined) return String(v);
  return s.length > max ? `${s.slice(0, max - 3)}...` : s;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

interface Acc {
  shape: string[];
  values: string[];
  notes: string[];
}

function compareValue(rec: unknown, act: unknown, path: string, key: string | undefined, map: IdMap | undefined, acc: Acc): void {
  if (Array.isArray(rec)) {
    if (!Array.isArray(act)) {
      acc.shape.push(`${path}: expected an array, got ${show(act)}`);
      return;
    }
    const pairs = pairArray(rec, act, map);
    const used = new Set<number>();
    pairs.forEach((j, i) => {
      const p = `${path}[${i}]`;
      if (j < 0) {
        acc.shape.push(`${p}: missing element ${show(rec[i])}`);
        return;
      }
      used.add(j);
      compareValue(rec[i], act[j], p, key, map, acc);
    });
    act.forEach((a, j) => {
      if (!used.has(j)) acc.notes.push(`${path}[${j}]: extra element ${show(a)}`);
    });
    return;
  }
  if (isPlainObject(rec)) {
    if (!isPlainObject(act)) {
      acc.shape.push(`${path}: expected an object, got ${show(act)}`);
      return;
    }
    for (const k of Object.keys(rec)) {
      const p = join(path, k);
      if (!(k in act) || act[k] === undefined) {
        // A recorded empty object carries no data: the same as the field being absent (the
        // reference's tooling leaves `"auctionPeriod": {}` behind on lot tenders).
        if (isPlainObject(rec[k]) && Object.keys(rec[k]).length === 0) {
          acc.notes.push(`${p}: recorded {} is absent here`);
          continue;
        }
        acc.shape.push(`${p}: missing (recorded ${show(rec[k])})`);
        continue;
      }
      compareValue(rec[k], act[k], p, k, map, acc);
    }
    for (const k of Object.keys(act)) {
      if (!(k in rec)) acc.notes.push(`${join(path, k)}: extra key`);
    }
    return;
  }
  // Scalars (and null).
  if (isPlainObject(act) || Array.isArray(act)) {
    acc.shape.push(`${path}: expected ${show(rec)}, got ${Array.isArray(act) ? 'an array' : 'an object'}`);
    return;
  }
  const kind = volatileKind(key, rec);
  if (kind === 'id') {
    if (typeof act !== 'string' || act === '') {
      acc.values.push(`${path}: expected an id, got ${show(act)}`);
      return;
    }
    const mapped = map?.get(rec as string);
    if (mapped !== undefined && mapped !== act) {
      acc.values.push(`${path}: id ${show(act)} is not the one mapped from ${show(rec)} (${show(mapped)})`);
    }
    return;
  }
  if (kind === 'presence') {
    if (act === null || (act === '' && rec !== '')) acc.values.push(`${path}: expected a value like ${show(rec)}, got ${show(act)}`);
    return;
  }
  if (typeof rec === 'number' && typeof act === 'number') {
    if (Math.abs(rec - act) > 1e-9 * Math.max(1, Math.abs(rec))) acc.values.push(`${path}: expected ${rec}, got ${act}`);
    return;
  }
  if (rec !== act) acc.values.push(`${path}: expected ${show(rec)}, got ${show(act)}`);
}

function isErrorBody(v: unknown): v is { status?: unknown; errors: unknown[] } {
  return isPlainObject(v) && Array.isArray(v.errors);
}

function headerValue(h: Record<string, unknown>, name: string): string | undefined {
  for (const [k, v] of Object.entries(h)) {
    if (k.toLowerCase() === name) return Array.isArray(v) ? String(v[0]) : v === undefined ? undefined : String(v);
  }
  return undefined;
}

function tryJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Compare two JSON bodies only (no status, no headers). */
export function compareBodies(rec: unknown, act: unknown, map?: IdMap): Omit<CompareResult, 'statusOk'> {
  const acc: Acc = { shape: [], values: [], notes: [] };
  if (rec === undefined) {
    if (act !== undefined) acc.notes.push('body: recorded empty, ours is not');
  } else if (act === undefined) {
    acc.shape.push('body: missing or not JSON');
  } else if (isErrorBody(rec)) {
    if (!isErrorBody(act)) {
      acc.shape.push(`errors: expected an error body ${show(rec.errors)}, got ${show(act)}`);
    } else {
      if (!isDeepStrictEqual(rec.errors, act.errors)) {
        // Fails shape (and therefore values); reported once.
        acc.shape.push(`errors: expected ${show(rec.errors, 600)}, got ${show(act.errors, 600)}`);
      }
      if ('status' in rec && rec.status !== act.status) acc.values.push(`status: expected ${show(rec.status)}, got ${show(act.status)}`);
    }
  } else {
    compareValue(rec, act, '', undefined, map, acc);
  }
  return {
    shapeOk: acc.shape.length === 0,
    valuesOk: acc.values.length === 0 && acc.shape.length === 0,
    problems: [...acc.shape, ...acc.values],
    notes: acc.notes,
  };
}

/** Compare a whole recorded response with ours. */
export function compareResponse(recorded: RecordedLike, actual: ActualResponse, map?: IdMap): CompareResult {
  const problems: string[] = [];
  const notes: string[] = [];
  const statusOk = recorded.status === actual.status;
  if (!statusOk) {
    const act = actual.json ?? tryJson(actual.bodyText);
    const detail = isErrorBody(act) ? ` ${show(act.errors)}` : '';
    problems.push(`status: expected ${recorded.status}, got ${actual.status}${detail}`);
  }
  let shapeOk = true;
  // Location header: presence is shape; the value (after mapping) only a note.
  const recLoc = recorded.headers['location'];
  const actLoc = headerValue(actual.headers, 'location');
  if (recLoc !== undefined) {
    if (actLoc === undefined) {
      shapeOk = false;
      problems.push('header Location: missing');
    } else if (map && map.rewriteString(recLoc) !== actLoc) {
      notes.push(`header Location: recorded ${recLoc} (mapped ${map.rewriteString(recLoc)}), ours ${actLoc}`);
    }
  }
  const body = compareBodies(recorded.json ?? tryJson(recorded.bodyText), actual.json ?? tryJson(actual.bodyText), map);
  shapeOk = shapeOk && body.shapeOk;
  problems.push(...body.problems);
  notes.push(...body.notes);
  return { statusOk, shapeOk, valuesOk: body.valuesOk && shapeOk, problems, notes };
}
