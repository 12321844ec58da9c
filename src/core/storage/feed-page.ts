// One page of a listing / synchronisation feed (platform.md §4.2–4.4): query parsing, the store
// query, de-duplication of already delivered items, item shaping and the next/prev page links.

import { FeedQueryError, type CollectionName, type FeedQuery, type FeedRow, type Store } from './store.ts';
import { composeOffset, hashIds, parseOffset, parsePyInt } from './feed-offset.ts';
import type { ParsedOffset } from './feed-offset.ts';
import { queryParam, type RawQuery } from './query-param.ts';
import { feedFilterLinkParams, parseFeedFilters } from './feed-filters.ts';

export { queryParam, type RawQuery };

export const FEED_DEFAULT_LIMIT = 100;
export const FEED_MAX_LIMIT = 1000;
/** Fields every item carries besides `id`; never echoed in `opt_fields` of page links. */
export const FEED_DEFAULT_FIELDS: readonly string[] = ['dateModified'];

/** Fields that come from the stored row, not from the document. */
const ROW_FIELDS = new Set(['public_modified', 'public_ts']);

/**
 * The feed text of a document written once at save time: only the fields a feed item may show
 * (defaults and the opt_fields whitelist), so a feed page parses a few hundred bytes per row, not
 * the whole public text.
 */
export function feedTextOf(view: Readonly<Record<string, unknown>>, optFieldsWhitelist: readonly string[]): string {
  const picked: Record<string, unknown> = {};
  for (const f of [...FEED_DEFAULT_FIELDS, ...optFieldsWhitelist]) {
    if (!ROW_FIELDS.has(f) && Object.hasOwn(view, f) && view[f] !== undefined) picked[f] = view[f];
  }
  return JSON.stringify(picked);
}
/**
 * Upper bound on the extra rows fetched for an incoming offset's `n` (fetch = limit + n). A guard against
 * hostile offsets such as `1.0.999999999999.x`; a legitimate `n` only exceeds it when more than this many
 * objects share one millisecond of public_modified.
 */
export const FEED_MAX_DEDUP_EXTRA = 1000;

export interface FeedPageLink {
  offset: string;
  path: string;
  uri: string;
}

export interface FeedPage<T = Record<string, unknown>> {
  data: T[];
  next_page: FeedPageLink;
  prev_page?: FeedPageLink;
}


export interface ReadFeedPageArgs<T = Record<string, unknown>> {
  store: Pick<Store, 'feed'>;
  collection: CollectionName;
  /** Reads the rows instead of `store.feed(collection, …)` (the release feed). */
  read?: (query: FeedQuery) => Promise<FeedRow[]>;
  /** Accepts the filter parameters (feed-filters.ts); unknown parameters are then refused. */
  filterable?: boolean;
  /** Turns a row into a page item (default: `id`, `dateModified` and the requested fields). */
  item?: (row: FeedRow) => T;
  query: RawQuery;
  /** Route path of the listing, e.g. `/api/2.5/tenders`. */
  basePath: string;
  /** Scheme and host prepended to the path for `uri`, e.g. `http://host` (no trailing slash). */
  baseUrl: string;
  /** Optional fields allowed for this collection (`dateModified` is always allowed). */
  optFieldsWhitelist: readonly string[];
  /** Watermark lag in seconds (platform.md §4.4); 0 or less disables it. */
  watermarkSeconds: number;
}

/** The request parameters after the reference's parsing rules. */
export interface FeedParams {
  /** Raw non-empty offset, or null. */
  offsetRaw: string | null;
  offset: ParsedOffset | null;
  /** Parsed `limit` as sent (Python int), or null when absent/empty. */
  limitSent: bigint | null;
  /** Rows per page before the offset's `n` extra: 1..1000. */
  limit: number;
  descending: boolean;
  /** Raw non-empty `mode`, echoed as given. */
  modeRaw: string | null;
  mode: FeedQuery['mode'];
  /** Requested whitelisted fields (default fields included when requested), sorted. */
  optFields: string[];
}


/** Python `repr(str)`. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp < 0x7f) out += ch;
    else if (ch !== ' ' && /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u.test(ch)) {
      if (cp <= 0xff) out += `\\x${cp.toString(16).padStart(2, '0')}`;
      else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, '0')}`;
      else out += `\\U${cp.toString(16).padStart(8, '0')}`;
    } else out += ch;
  }
  return out + quote;
}

/** An unreadable `limit`, with Python's int() message (repr truncated to 200 characters, as `%.200R`). */
export function invalidLimit(raw: string): FeedQueryError {
  const repr = [...pyStrRepr(raw)].slice(0, 200).join('');
  return new FeedQueryError('limit', `invalid literal for int() with base 10: ${repr}`);
}

/** Parse the feed query parameters (offset first, then limit, as the reference does). */
export function parseFeedParams(query: RawQuery, optFieldsWhitelist: readonly string[]): FeedParams {
  const offsetRaw = queryParam(query, 'offset') || null;
  const offset = offsetRaw === null ? null : parseOffset(offsetRaw);

  const limitRaw = queryParam(query, 'limit') || null;
  let limitSent: bigint | null = null;
  if (limitRaw !== null) {
    limitSent = parsePyInt(limitRaw);
    if (limitSent === null) throw invalidLimit(limitRaw);
  }
  const limit =
    limitSent === null
      ? FEED_DEFAULT_LIMIT
      : limitSent < 1n
        ? 1
        : limitSent > BigInt(FEED_MAX_LIMIT)
          ? FEED_MAX_LIMIT
          : Number(limitSent);

  const descending = Boolean(queryParam(query, 'descending'));
  const modeRaw = queryParam(query, 'mode') || null;
  const mode: FeedQuery['mode'] = modeRaw === 'test' ? 'test' : modeRaw === '_all_' ? '_all_' : 'real';

  const optRaw = queryParam(query, 'opt_fields') || '';
  const allowed = new Set([...optFieldsWhitelist, ...FEED_DEFAULT_FIELDS]);
  const optFields = [...new Set(optRaw.split(','))].filter((f) => allowed.has(f)).sort(byCodePoint);

  return { offsetRaw, offset, limitSent, limit, descending, modeRaw, mode, optFields };
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Python `urllib.parse.quote_plus(s, safe='')`. */
export function quotePlus(s: string): string {
  // Lone surrogates cannot be UTF-8 encoded (Python raises); substitute U+FFFD instead of failing.
  const wellFormed = s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  return encodeURIComponent(wellFormed)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

function link(basePath: string, baseUrl: string, params: [string, string][], offset: string): FeedPageLink {
  const qs = params.map(([k, v]) => `${quotePlus(k)}=${quotePlus(v)}`).join('&');
  const path = qs ? `${basePath}?${qs}` : basePath;
  return { offset, path, uri: baseUrl + path };
}

/** Build a feed item: `id`, `dateModified` and the requested fields, keys sorted. */
export function shapeItem(row: FeedRow, optFields: readonly string[]): Record<string, unknown> {
  const doc = JSON.parse(row.feedText) as Record<string, unknown>;
  const picked: Record<string, unknown> = { id: row.id };
  for (const f of FEED_DEFAULT_FIELDS) if (Object.hasOwn(doc, f) && doc[f] !== undefined) picked[f] = doc[f];
  for (const f of optFields) {
    if (f === 'id') continue;
    if (f === 'public_modified') picked[f] = row.publicModified;
    else if (Object.hasOwn(doc, f) && doc[f] !== undefined) picked[f] = doc[f];
  }
  const item: Record<string, unknown> = {};
  for (const k of Object.keys(picked).sort(byCodePoint)) item[k] = picked[k];
  return item;
}

/** Drop the rows an incoming `{F}.{n}.{h}` offset says were already delivered (exact match only). */
export function dropDelivered(rows: FeedRow[], offset: ParsedOffset | null): FeedRow[] {
  if (offset === null || offset.value === null || offset.n <= 0 || offset.hash === null) return rows;
  const f = offset.value;
  const atF = rows.filter((r) => r.publicModified === f);
  if (atF.length !== offset.n || hashIds(atF.map((r) => r.id)) !== offset.hash) return rows;
  return rows.filter((r) => r.publicModified !== f);
}

/** Read one feed page and build the full response body `{data, next_page, prev_page?}`. */
export async function readFeedPage<T = Record<string, unknown>>(args: ReadFeedPageArgs<T>): Promise<FeedPage<T>> {
  const p = parseFeedParams(args.query, args.optFieldsWhitelist);
  const filters = args.filterable ? parseFeedFilters(args.query) : undefined;
  const value = p.offset?.value ?? null;
  const n = Math.max(0, p.offset?.n ?? 0);

  const feedQuery: FeedQuery = {
    descending: p.descending,
    limit: p.limit + Math.min(n, FEED_MAX_DEDUP_EXTRA),
    mode: p.mode,
    watermarkSeconds: args.watermarkSeconds > 0 && (!p.descending || value === null) ? args.watermarkSeconds : null,
    ...(filters ? { filters } : {}),
  };
  if (value !== null) {
    feedQuery.after = value;
    feedQuery.inclusive = n > 0;
  }
  const rows = dropDelivered(await (args.read ? args.read(feedQuery) : args.store.feed(args.collection, feedQuery)), p.offset);

  // Link parameters, in the reference's order: mode, limit, descending, opt_fields, offset.
  const head: [string, string][] = [];
  if (p.modeRaw !== null) head.push(['mode', p.modeRaw]);
  if (p.limitSent !== null) {
    const echoed = p.limitSent > BigInt(FEED_MAX_LIMIT) ? BigInt(FEED_MAX_LIMIT) : p.limitSent;
    head.push(['limit', echoed.toString()]);
  }
  const linkFields = p.optFields.filter((f) => !FEED_DEFAULT_FIELDS.includes(f));
  const optParam: [string, string][] = [
    ...(linkFields.length > 0 ? ([['opt_fields', linkFields.join(',')]] as [string, string][]) : []),
    // Filters travel with the page links (after the reference's own parameters, before the offset).
    ...(args.filterable ? feedFilterLinkParams(args.query) : []),
  ];

  const nextParams: [string, string][] = [
    ...head,
    ...(p.descending ? ([['descending', '1']] as [string, string][]) : []),
    ...optParam,
  ];
  // prev_page toggles `descending`: dropped when set, appended after opt_fields when not.
  const prevParams: [string, string][] = [
    ...head,
    ...optParam,
    ...(p.descending ? [] : ([['descending', '1']] as [string, string][])),
  ];

  let nextOffset = '';
  let prevOffset = '';
  if (rows.length > 0) {
    nextOffset = composeOffset(rows, 'last');
    prevOffset = composeOffset(rows, 'first');
  } else if (p.offsetRaw !== null) {
    nextOffset = p.offsetRaw;
  }
  if (nextOffset) nextParams.push(['offset', nextOffset]);
  if (prevOffset) prevParams.push(['offset', prevOffset]);

  const page: FeedPage<T> = {
    data: rows.map((r) => (args.item ? args.item(r) : (shapeItem(r, p.optFields) as T))),
    next_page: link(args.basePath, args.baseUrl, nextParams, nextOffset),
  };
  if (p.descending || p.offsetRaw !== null) page.prev_page = link(args.basePath, args.baseUrl, prevParams, prevOffset);
  return page;
}
