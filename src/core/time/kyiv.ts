// Kyiv wall-clock helpers. Every period rule of the reference runs on Europe/Kyiv local time
// (below-threshold.md §0.2, platform.md §7.3), so this module is the one place that knows the zone.
// Instants are epoch milliseconds (may carry a fractional microsecond part); local parts are plain
// numbers. Only the UTC offset needs ICU: everything else is UTC arithmetic on "wall-clock as if UTC".

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

/** Wall-clock date and time in Kyiv. `weekday` is ISO: 1 = Monday … 7 = Sunday (Python `isoweekday`). */
export interface KyivParts {
  y: number;
  m: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  /** 0 ≤ ms < 1000; may carry a microsecond fraction. */
  ms: number;
  weekday: number;
}

/** Input for local → instant; omitted time fields are 0. */
export interface KyivLocal {
  y: number;
  m: number;
  d: number;
  h?: number;
  mi?: number;
  s?: number;
  ms?: number;
}

/**
 * How to read a wall-clock time that occurs twice (autumn switch, 03:00–03:59 on the last Sunday
 * of October): `earlier` = the summer-time (+03:00) instant, `later` = the winter-time (+02:00)
 * instant — the latter is what pytz `localize(is_dst=False)` in the reference picks.
 * Times inside the spring gap are always shifted forward by the gap length.
 */
export type Disambiguation = 'earlier' | 'later';

function pickZone(): string {
  for (const zone of ['Europe/Kyiv', 'Europe/Kiev']) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return zone;
    } catch {
      // ICU without the 2022 rename: fall through to the old name.
    }
  }
  throw new Error('ICU time-zone data for Europe/Kyiv (or Europe/Kiev) is not available');
}

/** IANA zone name usable with this runtime's ICU. */
export const KYIV_TIME_ZONE = pickZone();

const offsetFormatter = new Intl.DateTimeFormat('en-US', {
  timeZone: KYIV_TIME_ZONE,
  hourCycle: 'h23',
  era: 'short',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** Date.UTC that does not map years 0–99 onto 1900–1999. */
export function utcFromFields(y: number, m: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const t = Date.UTC(y, m - 1, d, h, mi, s, 0);
  if (y >= 0 && y < 100) {
    const date = new Date(t);
    date.setUTCFullYear(y);
    return date.getTime() + ms;
  }
  return t + ms;
}

function computeOffsetMs(wholeSecondMs: number): number {
  let y = 0;
  let m = 0;
  let d = 0;
  let h = 0;
  let mi = 0;
  let s = 0;
  let bc = false;
  for (const part of offsetFormatter.formatToParts(wholeSecondMs)) {
    switch (part.type) {
      case 'year': y = Number(part.value); break;
      case 'month': m = Number(part.value); break;
      case 'day': d = Number(part.value); break;
      case 'hour': h = Number(part.value); break;
      case 'minute': mi = Number(part.value); break;
      case 'second': s = Number(part.value); break;
      case 'era': bc = part.value.startsWith('B'); break;
      default: break;
    }
  }
  if (bc) y = 1 - y;
  return utcFromFields(y, m, d, h, mi, s) - wholeSecondMs;
}

// Offsets are cached per UTC hour: since 1925 every Kyiv transition falls on a whole UTC hour,
// so an hour bucket never straddles one. Earlier instants (LMT era) are computed every time.
const CACHE_FROM_MS = Date.UTC(1925, 0, 1);
const CACHE_LIMIT = 8192;
const offsetCache = new Map<number, number>();

function offsetMsAt(ms: number): number {
  const wholeSecond = Math.floor(ms / 1000) * 1000;
  if (ms < CACHE_FROM_MS) return computeOffsetMs(wholeSecond);
  const bucket = Math.floor(ms / MS_PER_HOUR);
  const cached = offsetCache.get(bucket);
  if (cached !== undefined) return cached;
  const offset = computeOffsetMs(bucket * MS_PER_HOUR);
  if (offsetCache.size >= CACHE_LIMIT) offsetCache.clear();
  offsetCache.set(bucket, offset);
  return offset;
}

/** UTC offset of Kyiv at the instant, in minutes (+120 in winter, +180 in summer). */
export function kyivOffsetMinutes(ms: number): number {
  return offsetMsAt(ms) / MS_PER_MINUTE;
}

/** Wall-clock time expressed as if it were UTC ("local epoch"): instant + offset. */
export function toKyivWallMs(ms: number): number {
  return ms + offsetMsAt(ms);
}

/** Split a "local epoch" (wall clock as if UTC) into fields. */
export function wallMsToParts(wallMs: number): KyivParts {
  const whole = Math.floor(wallMs);
  const date = new Date(whole);
  const dow = date.getUTCDay();
  return {
    y: date.getUTCFullYear(),
    m: date.getUTCMonth() + 1,
    d: date.getUTCDate(),
    h: date.getUTCHours(),
    mi: date.getUTCMinutes(),
    s: date.getUTCSeconds(),
    ms: date.getUTCMilliseconds() + (wallMs - whole),
    weekday: dow === 0 ? 7 : dow,
  };
}

/** Instant → Kyiv wall-clock parts. */
export function toKyivParts(ms: number): KyivParts {
  return wallMsToParts(toKyivWallMs(ms));
}

/**
 * Resolve a wall-clock time given as "local epoch" to an instant and the offset it is written with.
 * For a time inside the spring gap the instant is shifted forward by the gap and `offsetMinutes`
 * is the pre-transition offset (how pytz renders it: `03:30+02:00`).
 */
export function resolveKyivWallMs(
  wallMs: number,
  disambiguation: Disambiguation = 'earlier',
): { ms: number; offsetMinutes: number } {
  // Transitions are months apart, so the offsets 12 h either side cover every candidate.
  const before = offsetMsAt(wallMs - 12 * MS_PER_HOUR);
  const after = offsetMsAt(wallMs + 12 * MS_PER_HOUR);
  const candidates: number[] = [];
  for (const offset of before === after ? [before] : [before, after]) {
    if (offsetMsAt(wallMs - offset) === offset) candidates.push(offset);
  }
  let offset: number;
  if (candidates.length === 0) {
    offset = before;
  } else if (candidates.length === 1) {
    offset = candidates[0];
  } else {
    // Larger offset ⇒ earlier instant.
    offset = disambiguation === 'earlier' ? Math.max(...candidates) : Math.min(...candidates);
  }
  return { ms: wallMs - offset, offsetMinutes: offset / MS_PER_MINUTE };
}

/** Kyiv wall-clock parts → instant (earlier instant for repeated times, forward across gaps). */
export function fromKyivParts(local: KyivLocal, disambiguation: Disambiguation = 'earlier'): number {
  const wallMs = utcFromFields(local.y, local.m, local.d, local.h ?? 0, local.mi ?? 0, local.s ?? 0, local.ms ?? 0);
  return resolveKyivWallMs(wallMs, disambiguation).ms;
}

/** 00:00 local of the Kyiv day containing the instant. */
export function startOfKyivDay(ms: number): number {
  const wall = toKyivWallMs(ms);
  return resolveKyivWallMs(Math.floor(wall / MS_PER_DAY) * MS_PER_DAY).ms;
}

/** Add local calendar days keeping the wall-clock time (a DST switch makes the real span 23 h or 25 h). */
export function addKyivDays(ms: number, days: number, disambiguation: Disambiguation = 'earlier'): number {
  return resolveKyivWallMs(toKyivWallMs(ms) + days * MS_PER_DAY, disambiguation).ms;
}

/** Kyiv calendar day of the instant as days since 1970-01-01 (the "local epoch" day number). */
export function kyivDayNumber(ms: number): number {
  return Math.floor(toKyivWallMs(ms) / MS_PER_DAY);
}

/** 00:00 local of a day number. */
export function kyivMidnightOfDay(dayNumber: number): number {
  return resolveKyivWallMs(dayNumber * MS_PER_DAY).ms;
}
