// ISO-8601 date-times on the wire (platform.md §7.3).
// Output matches Python's `datetime.isoformat()`: `2027-01-01T00:00:00+02:00`, with a 6-digit
// fraction only when the microseconds are non-zero. Input accepts what the reference accepts
// (ciso8601 `parse_datetime`, naive values localised to Kyiv by pytz): calendar, ordinal and week
// dates, basic or extended format (not mixed between date and time), `T`/`t`/space separator,
// `hh[:mm[:ss[.f]]]`, `24:00:00`, fraction with `.` or `,` truncated to microseconds, and
// `Z`/`z`/`±hh`/`±hhmm`/`±hh:mm`.

import { kyivOffsetMinutes, resolveKyivWallMs, toKyivWallMs, utcFromFields } from './kyiv.ts';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

export interface ParsedIso {
  /** The instant, epoch ms; a microsecond part of the input survives as a fraction. */
  ms: number;
  /** The value as the reference stores and echoes it: the client's offset kept, `Z` → `+00:00`, naive → Kyiv. */
  normalized: string;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad4(n: number): string {
  return n >= 1000 ? String(n) : String(n).padStart(4, '0');
}

function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const totalSeconds = Math.round(Math.abs(offsetMinutes) * 60);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  return `${sign}${pad2(h)}:${pad2(m)}${s ? `:${pad2(s)}` : ''}`;
}

/** Render a wall clock ("local epoch" ms, fraction = microseconds) with the given offset, Python style. */
function formatWall(wallMs: number, offsetMinutes: number): string {
  let whole = Math.floor(wallMs);
  let subMicros = Math.round((wallMs - whole) * 1000);
  if (subMicros === 1000) {
    whole += 1;
    subMicros = 0;
  }
  const date = new Date(whole);
  const micros = date.getUTCMilliseconds() * 1000 + subMicros;
  const fraction = micros ? `.${String(micros).padStart(6, '0')}` : '';
  return (
    `${pad4(date.getUTCFullYear())}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}` +
    `T${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}` +
    `${fraction}${formatOffset(offsetMinutes)}`
  );
}

/** Server-generated timestamp: the instant in Kyiv time, e.g. `2027-01-15T13:09:55.701000+02:00`. */
export function formatIso(ms: number): string {
  return formatWall(toKyivWallMs(ms), kyivOffsetMinutes(ms));
}

// ---------------------------------------------------------------------------------------------
// Parsing

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeap(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Number of ISO weeks in the ISO year `y` (52 or 53). */
function isoWeeksInYear(y: number): number {
  const jan1 = new Date(utcFromFields(y, 1, 1)).getUTCDay(); // 0 = Sunday
  return jan1 === 4 || (jan1 === 3 && isLeap(y)) ? 53 : 52;
}

/** Days since epoch of the Monday of ISO week 1 of year `y`. */
function isoWeekOneMonday(y: number): number {
  const jan4 = utcFromFields(y, 1, 4) / MS_PER_DAY;
  const dow = new Date(jan4 * MS_PER_DAY).getUTCDay() || 7; // 1 = Monday … 7 = Sunday
  return jan4 - (dow - 1);
}

class Scanner {
  readonly text: string;
  pos = 0;
  constructor(text: string) {
    this.text = text;
  }
  get done(): boolean {
    return this.pos >= this.text.length;
  }
  peek(): string {
    return this.text[this.pos] ?? '';
  }
  isDigit(offset = 0): boolean {
    const c = this.text.charCodeAt(this.pos + offset);
    return c >= 48 && c <= 57;
  }
  eat(ch: string): boolean {
    if (this.text[this.pos] === ch) {
      this.pos += 1;
      return true;
    }
    return false;
  }
  /** Exactly n ASCII digits, or -1. */
  digits(n: number): number {
    let value = 0;
    for (let i = 0; i < n; i++) {
      if (!this.isDigit()) return -1;
      value = value * 10 + (this.text.charCodeAt(this.pos) - 48);
      this.pos += 1;
    }
    return value;
  }
}

interface ParsedFields {
  /** Wall clock as "local epoch" ms (integer). */
  wallMs: number;
  /** Microseconds below the millisecond, 0–999. */
  subMicros: number;
  /** Explicit offset in minutes, or null for a naive value. */
  offsetMinutes: number | null;
}

/** Date part → days since epoch, or null. Sets `extended` to the format used. */
function scanDate(sc: Scanner): { day: number; extended: boolean } | null {
  const year = sc.digits(4);
  if (year < 1) return null; // also rejects year 0000 (Python MINYEAR = 1)
  const extended = sc.eat('-');
  if (sc.eat('W')) {
    const week = sc.digits(2);
    if (week < 1 || week > isoWeeksInYear(year)) return null;
    let weekday = 1;
    if (extended ? sc.eat('-') : sc.isDigit()) {
      weekday = sc.digits(1);
      if (weekday < 1 || weekday > 7) return null;
    }
    return { day: isoWeekOneMonday(year) + (week - 1) * 7 + (weekday - 1), extended };
  }
  let month: number;
  let day: number;
  if (extended) {
    if (sc.isDigit(0) && sc.isDigit(1) && sc.isDigit(2)) {
      const ordinal = sc.digits(3);
      if (ordinal < 1 || ordinal > (isLeap(year) ? 366 : 365)) return null;
      return { day: utcFromFields(year, 1, 1) / MS_PER_DAY + ordinal - 1, extended };
    }
    month = sc.digits(2);
    if (month < 0) return null;
    day = 1;
    if (sc.eat('-')) {
      day = sc.digits(2);
      if (day < 0) return null;
    }
  } else {
    let n = 0;
    while (n < 4 && sc.isDigit(n)) n += 1;
    if (n === 3) {
      const ordinal = sc.digits(3);
      if (ordinal < 1 || ordinal > (isLeap(year) ? 366 : 365)) return null;
      return { day: utcFromFields(year, 1, 1) / MS_PER_DAY + ordinal - 1, extended };
    }
    if (n !== 4) return null;
    month = sc.digits(2);
    day = sc.digits(2);
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { day: utcFromFields(year, month, day) / MS_PER_DAY, extended };
}

function scanFields(text: string): ParsedFields | null {
  const sc = new Scanner(text);
  const date = scanDate(sc);
  if (!date) return null;
  let h = 0;
  let mi = 0;
  let s = 0;
  let micros = 0;
  let offsetMinutes: number | null = null;
  if (!sc.done) {
    const sep = sc.peek();
    if (sep !== 'T' && sep !== 't' && sep !== ' ') return null;
    sc.pos += 1;
    h = sc.digits(2);
    if (h < 0) return null;
    const hasMinutes = date.extended ? sc.eat(':') : sc.isDigit();
    if (hasMinutes) {
      mi = sc.digits(2);
      if (mi < 0) return null;
      const hasSeconds = date.extended ? sc.eat(':') : sc.isDigit();
      if (hasSeconds) {
        s = sc.digits(2);
        if (s < 0) return null;
        if (sc.peek() === '.' || sc.peek() === ',') {
          sc.pos += 1;
          if (!sc.isDigit()) return null;
          let count = 0;
          while (sc.isDigit()) {
            if (count < 6) micros = micros * 10 + (text.charCodeAt(sc.pos) - 48);
            count += 1;
            sc.pos += 1;
          }
          for (; count < 6; count++) micros *= 10;
        }
      }
    }
    // Mixed basic/extended (e.g. `2014-01-02T0102`, `20140102T01:02`) ends up here as trailing text.
    const tz = sc.peek();
    if (tz === 'Z' || tz === 'z') {
      sc.pos += 1;
      offsetMinutes = 0;
    } else if (tz === '+' || tz === '-') {
      sc.pos += 1;
      const th = sc.digits(2);
      if (th < 0 || th > 23) return null;
      let tm = 0;
      if (sc.eat(':') || sc.isDigit()) {
        tm = sc.digits(2);
        if (tm < 0 || tm > 59) return null;
      }
      offsetMinutes = (tz === '-' ? -1 : 1) * (th * 60 + tm);
      if (offsetMinutes === 0) offsetMinutes = 0; // no "-0"
    }
  }
  if (!sc.done) return null;
  if (mi > 59 || s > 59) return null;
  let day = date.day;
  if (h === 24) {
    if (mi !== 0 || s !== 0 || micros !== 0) return null;
    h = 0;
    day += 1;
  } else if (h > 23) {
    return null;
  }
  const wallMs = day * MS_PER_DAY + h * 3_600_000 + mi * MS_PER_MINUTE + s * 1000 + Math.floor(micros / 1000);
  // Python datetime: year 1..9999.
  if (wallMs >= utcFromFields(10000, 1, 1)) return null;
  return { wallMs, subMicros: micros % 1000, offsetMinutes };
}

/**
 * Parse a client-supplied ISO-8601 date-time. Naive values and bare dates are Kyiv wall-clock time
 * (a repeated autumn hour resolves to winter time and a spring-gap time keeps its wall clock with
 * the winter offset, as pytz `localize` does in the reference). Returns null when unparseable or
 * out of range (the caller reports `Could not parse <value>. Should be ISO8601.`).
 */
export function parseIso(text: string): ParsedIso | null {
  if (typeof text !== 'string') return null;
  const fields = scanFields(text);
  if (!fields) return null;
  let offsetMinutes = fields.offsetMinutes;
  let instantMs: number;
  if (offsetMinutes === null) {
    const resolved = resolveKyivWallMs(fields.wallMs, 'later');
    offsetMinutes = resolved.offsetMinutes;
    instantMs = resolved.ms;
  } else {
    instantMs = fields.wallMs - offsetMinutes * MS_PER_MINUTE;
  }
  const sub = fields.subMicros / 1000;
  return { ms: instantMs + sub, normalized: formatWall(fields.wallMs + sub, offsetMinutes) };
}

/** Instant of a stored/trusted ISO value; throws RangeError when it does not parse. */
export function isoToMs(text: string): number {
  const parsed = parseIso(text);
  if (!parsed) throw new RangeError(`Not an ISO-8601 date-time: ${JSON.stringify(text)}`);
  return parsed.ms;
}

function exactInstant(text: string): [number, number] {
  const fields = typeof text === 'string' ? scanFields(text) : null;
  if (!fields) throw new RangeError(`Not an ISO-8601 date-time: ${JSON.stringify(text)}`);
  const offset =
    fields.offsetMinutes === null
      ? fields.wallMs - resolveKyivWallMs(fields.wallMs, 'later').ms
      : fields.offsetMinutes * MS_PER_MINUTE;
  return [fields.wallMs - offset, fields.subMicros];
}

/** Order two ISO date-times by instant (negative, 0, positive); exact to the microsecond. Throws on unparseable input. */
export function compareIso(a: string, b: string): number {
  const [aMs, aUs] = exactInstant(a);
  const [bMs, bUs] = exactInstant(b);
  return aMs !== bMs ? Math.sign(aMs - bMs) : Math.sign(aUs - bUs);
}
