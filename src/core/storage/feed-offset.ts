// Feed offset codec (platform.md §4.4). Pure functions, no I/O.
//
// An offset produced by the server is "{F}.{n}.{h}":
//   F = public_modified of the boundary item, rendered like Python repr(float);
//   n = how many items of the page share that public_modified;
//   h = lowercase hex MD5 of those items' ids, sorted ascending and concatenated.
// Incoming offsets are parsed leniently, the way the reference does (five steps, see parseOffset).

import { createHash } from 'node:crypto';
import { FeedQueryError } from './store.ts';

/** The result of parsing an incoming `offset` query value. */
export interface ParsedOffset {
  /**
   * Epoch seconds to page from, or null when the offset does not restrict the query.
   * Reference quirk: a value that parses to 0 (`0`, `0.0`, `1970-01-01T00:00:00Z`, ...) is falsy in Python
   * and is treated as "no offset" for filtering and watermark purposes, so it is returned as null here.
   * The caller still echoes the raw offset and still emits `prev_page` (both depend on the raw string).
   */
  value: number | null;
  /** Count of already delivered items at `value` (part 3 of a 4-part offset), else 0. */
  n: number;
  /** MD5 of the already delivered ids at `value` (part 4 of a 4-part offset), else null. */
  hash: string | null;
}

/** A feed row reduced to what the offset needs. */
export interface OffsetItem {
  id: string;
  publicModified: number;
}

// Characters Python's str.strip()/int()/float() treat as whitespace.
const PY_WS = '[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const DIGITS = '\\d+(?:_\\d+)*';
const PY_INT_RE = new RegExp(`^${PY_WS}*([+-]?)(${DIGITS})${PY_WS}*$`);
const PY_FLOAT_RE = new RegExp(
  `^${PY_WS}*([+-]?(?:${DIGITS}(?:\\.(?:${DIGITS})?)?|\\.${DIGITS})(?:[eE][+-]?${DIGITS})?)${PY_WS}*$`,
);

/**
 * Python `int(s)` for a str (base 10): surrounding whitespace, a sign and single underscores between
 * digits are accepted. Returns null where Python raises ValueError. (Non-ASCII decimal digits, which
 * Python also accepts, are not.)
 */
export function parsePyInt(s: string): bigint | null {
  const m = PY_INT_RE.exec(s);
  if (!m) return null;
  const v = BigInt(m[2].replaceAll('_', ''));
  return m[1] === '-' ? -v : v;
}

/**
 * Python `float(s)` restricted to finite decimal literals (sign, digits with underscores, fraction,
 * exponent, surrounding whitespace). `inf`, `nan` and literals overflowing to infinity return null
 * (Python would accept them; see the report in feed-offset.test.ts).
 */
export function parsePyFloat(s: string): number | null {
  const m = PY_FLOAT_RE.exec(s);
  if (!m) return null;
  const v = Number(m[1].replaceAll('_', ''));
  return Number.isFinite(v) ? v : null;
}

/**
 * Python `repr(float)`: shortest round-trip digits, fixed notation with at least one fractional digit
 * (`1798754401.0`, `1767969651.246`) when the decimal exponent is in (-4, 16], otherwise scientific
 * (`1e+16`, `1.5e-07`).
 */
export function formatPyFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  // ECMAScript Number::toString yields the shortest round-trip digits (closest when ambiguous), as
  // Python's repr does; only the layout differs. Extract digits and the decimal point position.
  const s = String(Math.abs(x));
  const eAt = s.indexOf('e');
  const mantissa = eAt === -1 ? s : s.slice(0, eAt);
  const exp10 = eAt === -1 ? 0 : Number(s.slice(eAt + 1));
  const dot = mantissa.indexOf('.');
  const intPart = dot === -1 ? mantissa : mantissa.slice(0, dot);
  const fracPart = dot === -1 ? '' : mantissa.slice(dot + 1);
  let digits = intPart + fracPart;
  let decpt = intPart.length + exp10; // value = 0.<digits> × 10^decpt
  const lead = digits.length - digits.replace(/^0+/, '').length;
  digits = digits.slice(lead);
  decpt -= lead;
  digits = digits.replace(/0+$/, '');

  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
    if (decpt >= digits.length) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}.0`;
    return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  }
  const e = decpt - 1;
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const eAbs = String(Math.abs(e)).padStart(2, '0');
  return `${sign}${m}e${e < 0 ? '-' : '+'}${eAbs}`;
}

/** Lowercase hex MD5 of the ids sorted ascending and concatenated. */
export function hashIds(ids: readonly string[]): string {
  // Default sort compares UTF-16 code units; ids are ASCII hex, where this equals Python's sorted().
  return createHash('md5').update([...ids].sort().join(''), 'utf8').digest('hex');
}

/**
 * The offset for a page boundary: `which = 'last'` for `next_page`, `'first'` for `prev_page`.
 * `n` and `h` cover every item of `items` (the page as returned) sharing the boundary item's
 * public_modified. Returns `""` for an empty page.
 */
export function composeOffset(items: readonly OffsetItem[], which: 'last' | 'first'): string {
  if (items.length === 0) return '';
  const boundary = which === 'last' ? items[items.length - 1] : items[0];
  const f = boundary.publicModified;
  const ids: string[] = [];
  for (const it of items) if (it.publicModified === f) ids.push(it.id);
  return `${formatPyFloat(f)}.${ids.length}.${hashIds(ids)}`;
}

/** An unreadable `offset` (`Invalid offset provided: <raw>`; the API answers 404). */
export function invalidOffset(raw: string): FeedQueryError {
  return new FeedQueryError('offset', `Invalid offset provided: ${raw}`);
}

const ISO_RE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|(\d{2})(\d{2}))(?:[Tt](\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

function daysFromCivil(y: number, m: number, d: number): number {
  // Howard Hinnant's algorithm: days since 1970-01-01 of a proleptic Gregorian date.
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/**
 * ISO 8601 date-time → epoch seconds (float with microsecond resolution), or null.
 * Accepts `YYYY-MM-DD`, `YYYYMMDD`, `YYYY-MM`, optionally `T` + `hh[:mm[:ss[.f…]]]` (basic or extended;
 * fraction truncated to microseconds; `24:00:00` = next midnight), optionally `Z` or `±hh[[:]mm]`.
 * A value without offset is taken as UTC.
 */
export function parseIsoDateTime(s: string): number | null {
  const m = ISO_RE.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2] ?? m[4] ?? '1');
  const day = Number(m[3] ?? m[5] ?? '1');
  if (m[2] !== undefined && m[3] === undefined && m[4] === undefined && m[6] !== undefined) return null; // YYYY-MMThh
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  let hour = Number(m[6] ?? '0');
  const minute = Number(m[7] ?? '0');
  const second = Number(m[8] ?? '0');
  const micro = Number((m[9] ?? '').slice(0, 6).padEnd(6, '0'));
  let extraDay = 0;
  if (hour === 24) {
    if (minute !== 0 || second !== 0 || micro !== 0) return null;
    hour = 0;
    extraDay = 1;
  }
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetSeconds = 0;
  if (m[11] !== undefined) {
    const oh = Number(m[12]);
    const om = Number(m[13] ?? '0');
    if (oh > 23 || om > 59) return null;
    offsetSeconds = (m[11] === '-' ? -1 : 1) * (oh * 3600 + om * 60);
  }
  const days = daysFromCivil(year, month, day) + extraDay;
  const wholeSeconds = days * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
  // Python: timedelta.total_seconds() = integer microseconds / 10**6 (one correctly rounded division
  // while the microsecond count is below 2**53, i.e. years ~1685–2255).
  return (wholeSeconds * 1_000_000 + micro) / 1_000_000;
}

function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Python-falsy value (0, -0) → null: "no offset" for filtering and watermark. */
const effective = (v: number): number | null => (v === 0 ? null : v);

/**
 * Parse an incoming non-empty `offset` (platform.md §4.4), split on `.`:
 *  1. 4 parts → n = int(part 3), h = part 4 (int failure → 404).
 *  2. ≥ 2 parts and part 2 exactly 10 characters → legacy `public_ts` cursor `<seconds>.<counter>`:
 *     both parts must be integers (else 404); taken as `<seconds>.0` with n = 0. LOSSY: the reference
 *     compares such cursors against the cluster timestamp, which we do not keep, so items written in
 *     the same second as the cursor may be delivered again (never skipped).
 *  3. F = float(part1 + "." + part2), or float(part1) for a single part (further parts are ignored).
 *  4. Else the whole string as an ISO 8601 date-time (spaces replaced by `+`, naive = UTC).
 *  5. Anything else → FeedQueryError (404 `querystring`/`offset`/`Invalid offset provided: <raw>`).
 */
export function parseOffset(raw: string): ParsedOffset {
  const parts = raw.split('.');
  let n = 0;
  let hash: string | null = null;
  if (parts.length === 4) {
    const parsedN = parsePyInt(parts[2]);
    if (parsedN === null) throw invalidOffset(raw);
    n = Number(parsedN);
    hash = parts[3];
  }
  if (parts.length >= 2 && codePointLength(parts[1]) === 10) {
    const seconds = parsePyInt(parts[0]);
    const counter = parsePyInt(parts[1]);
    if (seconds === null || counter === null) throw invalidOffset(raw);
    const v = Number(seconds);
    if (!Number.isFinite(v)) throw invalidOffset(raw);
    return { value: effective(v), n: 0, hash: null };
  }
  const f = parsePyFloat(parts.length === 1 ? parts[0] : `${parts[0]}.${parts[1]}`);
  if (f !== null) return { value: effective(f), n, hash };
  const iso = parseIsoDateTime(raw.replaceAll(' ', '+'));
  if (iso !== null) return { value: effective(iso), n, hash };
  throw invalidOffset(raw);
}
