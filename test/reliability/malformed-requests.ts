// Deterministic generator of malformed requests (issue 7, reliability 3): broken JSON, wrong
// types, huge and deeply nested bodies, bad UTF-8, wrong content types, bad offsets and ids,
// oversized uploads. Driven by a seeded PRNG so a failure replays exactly.
import { multipartPayload } from '../helpers/multipart.ts';

/** mulberry32: tiny, fast, good enough to pick cases. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FuzzRoute {
  method: string;
  /** The pattern with real ids filled in. */
  url: string;
  pattern: string;
}

export interface FuzzRequest {
  kind: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

export interface FuzzLimits {
  bodyLimit: number;
  maxUploadBytes: number;
}

type Rng = () => number;
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;
const int = (rng: Rng, max: number): number => Math.floor(rng() * max);

const FIELDS = [
  'title', 'description', 'status', 'value', 'items', 'lots', 'tenderPeriod', 'enquiryPeriod', 'procuringEntity', 'tenderers',
  'lotValues', 'documents', 'answer', 'author', 'relatedLot', 'relatedItem', 'questionOf', 'documentType', 'url', 'hash', 'format',
  'minimalStep', 'milestones', 'features', 'parameters', 'mode', 'procurementMethodType', 'id', 'now', 'frozen', 'confidentiality',
  'subcontractingDetails', 'guarantee', 'mainProcurementCategory', 'amount', 'currency', 'valueAddedTaxIncluded', '__proto__', 'constructor',
];

/** A JSON value of a random (usually wrong) type. */
function oddValue(rng: Rng, depth = 0): unknown {
  const r = int(rng, 16);
  switch (r) {
    case 0: return null;
    case 1: return true;
    case 2: return -1;
    case 3: return 1e308;
    case 4: return 0.1 + 0.2;
    case 5: return '';
    case 6: return 'x'.repeat(int(rng, 3000));
    case 7: return '\u0000\ud800\uffff';
    case 8: return '2027-13-45T99:99:99+99:99';
    case 9: return [];
    case 10: return {};
    case 11: return depth < 3 ? [oddValue(rng, depth + 1), oddValue(rng, depth + 1)] : 'leaf';
    case 12: return depth < 3 ? oddObject(rng, depth + 1) : 1;
    case 13: return { amount: pick(rng, ['1', -5, null, 1e21, 'NaN', {}]), currency: pick(rng, [1, 'XXX', '', null]) };
    case 14: return { startDate: pick(rng, ['yesterday', 5, null]), endDate: pick(rng, ['', {}, '2027-01-01']) };
    default: return Number.MAX_SAFE_INTEGER + 2;
  }
}

/**
 * The `data` of a malformed write: odd values in random fields plus a field no model knows, so the
 * body is refused even when the odd values happen to fit.
 */
function malformedData(rng: Rng): Record<string, unknown> {
  return { ...oddObject(rng), 'fuzz-rogue-field': oddValue(rng) };
}

function oddObject(rng: Rng, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const n = 1 + int(rng, 4);
  for (let i = 0; i < n; i++) out[pick(rng, FIELDS)] = oddValue(rng, depth);
  return out;
}

function deeplyNested(rng: Rng, bytesBudget: number): string {
  const depth = Math.min(Math.floor(bytesBudget / 6), 1000 + int(rng, 20_000));
  switch (int(rng, 3)) {
    case 0: return `{"data":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    case 1: return `{"data":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
    default: return `{"data":{"title":${'{"x":['.repeat(depth / 2)}0${']}'.repeat(depth / 2)}}}`;
  }
}

function brokenJson(rng: Rng): string {
  const good = JSON.stringify({ data: oddObject(rng) });
  switch (int(rng, 8)) {
    case 0: return good.slice(0, int(rng, good.length));
    case 1: return `${good},`;
    case 2: return good.replace(/"/g, "'");
    case 3: return `{"data": {"title": "a",}}`;
    case 4: return '\u0000\u0001\u0002';
    case 5: return 'NaN';
    case 6: return `${good}${good}`;
    default: return '{"data": {"title": "\\ud800\\x"}}';
  }
}

function badUtf8(rng: Rng): Buffer {
  const bytes = [Buffer.from('{"data":{"title":"'), Buffer.from(pick(rng, [[0xff, 0xfe], [0xc3], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80]])), Buffer.from('"}}')];
  return Buffer.concat(bytes);
}

const BAD_IDS = [
  '', 'x', '..', '%2e%2e', 'a'.repeat(2000), '%00', '%ff%fe', '%E2%82%AC', 'null', '-1', '0', '{}', '%7B%22a%22%3A1%7D', 'ffffffffffffffffffffffffffffffff',
  'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF', '1e3', '%20', '%0A', "'or'1'='1", 'UA-2027-01-01-000001-a',
];

const BAD_QUERIES = [
  'offset=abc', 'offset=-1', 'offset=1e400', 'offset=NaN', 'offset=2027-01-01', 'offset=%ff', 'offset=1.5.6', 'offset=&offset=1',
  'limit=-5', 'limit=abc', 'limit=99999999999', 'limit=0', 'descending=maybe', 'mode=%00', 'opt_fields=%2C%2C', 'opt_fields=a'.concat('b'.repeat(500)),
  'feed=changes', 'feed=nope', 'acc_token=&acc_token=x', 'acc_token[]=1', 'acc_token=%ff', 'opt_jsonp=<script>', 'opt_pretty=2',
  'Signature=%%%&KeyID=zz', 'KeyID=', 'a[b][c]=1', '%',
];

const CONTENT_TYPES = [
  'text/plain', 'application/xml', 'application/json; charset=latin1', 'application/x-www-form-urlencoded', 'multipart/form-data',
  'multipart/form-data; boundary=', 'application/octet-stream', 'application/jsonx', 'image/png', ';;;', 'application/json;;',
];

function withQuery(url: string, q: string): string {
  return url + (url.includes('?') ? '&' : '?') + q;
}

/** Replaces one `:param` value of the route with a bad id. */
function badIdUrl(rng: Rng, route: FuzzRoute): string {
  const base = route.url.split('?')[0] as string;
  const patternParts = route.pattern.split('/');
  const urlParts = base.split('/');
  const params = patternParts.map((p, i) => (p.startsWith(':') ? i : -1)).filter((i) => i >= 0);
  if (params.length === 0) return `${base}/${pick(rng, BAD_IDS)}`;
  urlParts[pick(rng, params)] = pick(rng, BAD_IDS);
  return urlParts.join('/') + (route.url.includes('?') ? `?${route.url.split('?')[1]}` : '');
}

export const MUTATIONS = [
  'broken-json', 'wrong-types', 'wrong-top-level', 'huge-body', 'deep-nesting', 'bad-utf8', 'wrong-content-type', 'bad-id',
  'bad-query', 'oversized-upload', 'broken-multipart', 'form-garbage', 'empty-body', 'odd-method', 'bad-headers',
] as const;

const ODD_METHODS = ['OPTIONS', 'TRACE', 'PROPFIND', 'SEARCH', 'LOCK', 'MKCOL', 'PURGE', 'QUERY'];

const BAD_HEADERS: Array<Record<string, string>> = [
  { authorization: 'Basic %%%' }, { authorization: 'Basic ====' }, { authorization: `Bearer ${'k'.repeat(5000)}` }, { authorization: 'Digest x' },
  { 'x-access-token': '' }, { 'x-access-token': 'x'.repeat(3000) }, { accept: 'text/html' }, { accept: ',,,' }, { accept: '*/*;q=abc' },
  { 'content-length': '5' }, { 'x-request-id': '\t' }, { host: '' }, { 'x-forwarded-proto': 'gopher', 'x-forwarded-host': '%%%' },
];

export function malformedRequest(rng: Rng, route: FuzzRoute, auth: Record<string, string>, limits: FuzzLimits): FuzzRequest {
  // A DELETE carries no body and ignores unknown query parameters, so only a bad id makes it malformed.
  const kind = route.method === 'DELETE' ? 'bad-id' : pick(rng, MUTATIONS);
  const json = { ...auth, 'content-type': 'application/json' };
  const base = { kind, method: route.method, url: route.url };
  switch (kind) {
    case 'broken-json':
      return { ...base, headers: json, payload: brokenJson(rng) };
    case 'wrong-types':
      return { ...base, headers: json, payload: JSON.stringify({ data: malformedData(rng), config: rng() < 0.3 ? oddObject(rng) : undefined }) };
    case 'wrong-top-level':
      return { ...base, headers: json, payload: JSON.stringify(pick(rng, [[], 1, 'data', null, { data: [] }, { data: 'x' }, { data: null }, { data: [{}] }, { config: {} }])) };
    case 'huge-body': {
      const size = limits.bodyLimit + 1 + int(rng, limits.bodyLimit);
      return { ...base, headers: json, payload: `{"data":{"title":"${'x'.repeat(size)}"}}` };
    }
    case 'deep-nesting':
      return { ...base, headers: json, payload: deeplyNested(rng, limits.bodyLimit - 64) };
    case 'bad-utf8':
      return { ...base, headers: { ...auth, 'content-type': pick(rng, ['application/json', 'application/x-www-form-urlencoded']) }, payload: badUtf8(rng) };
    case 'wrong-content-type':
      return { ...base, headers: { ...auth, 'content-type': pick(rng, CONTENT_TYPES) }, payload: JSON.stringify({ data: malformedData(rng) }) };
    case 'bad-id':
      return { ...base, url: badIdUrl(rng, route), headers: json, payload: JSON.stringify({ data: malformedData(rng) }) };
    case 'bad-query':
      return { ...base, url: withQuery(route.url, pick(rng, BAD_QUERIES)), headers: json, payload: JSON.stringify({ data: malformedData(rng) }) };
    case 'oversized-upload': {
      const body = multipartPayload([{ name: 'file', value: Buffer.alloc(limits.maxUploadBytes + 1 + int(rng, 2 * limits.maxUploadBytes), 0x61), filename: 'big.pdf', contentType: 'application/pdf' }]);
      return { ...base, headers: { ...auth, ...body.headers }, payload: body.payload };
    }
    case 'broken-multipart': {
      // Cut before the closing boundary: the body never completes.
      const body = multipartPayload([{ name: pick(rng, ['file', 'data', '']), value: 'abc', filename: pick(rng, [undefined, '', '../../etc/passwd', '\u0000.pdf']) }]);
      return { ...base, headers: { ...auth, ...body.headers }, payload: body.payload.subarray(0, int(rng, body.payload.length - 8)) };
    }
    case 'form-garbage':
      return {
        ...base,
        headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
        payload: pick(rng, ['data[title][][x]=1', 'data=1', '%%%', 'data[items][0][quantity]=many', 'data[__proto__][x]=1', '&&&=', 'data[value][amount]=1e999']),
      };
    case 'odd-method':
      return { ...base, method: pick(rng, ODD_METHODS), headers: json, payload: JSON.stringify({ data: malformedData(rng) }) };
    case 'bad-headers':
      return { ...base, headers: { ...json, ...pick(rng, BAD_HEADERS) }, payload: JSON.stringify({ data: malformedData(rng) }) };
    case 'empty-body':
      return { ...base, headers: rng() < 0.5 ? json : { ...auth }, payload: rng() < 0.5 ? '' : undefined };
  }
}
