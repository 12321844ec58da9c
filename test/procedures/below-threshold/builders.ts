// API builders for HTTP-level belowThreshold tests (architecture.md §3.6): every piece of test data
// is arranged through the public API, so setup goes through the real transitions.
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';

/** Ed25519 public key of the reference test document service (KeyID a8968c46). */
export const REFERENCE_DS_KEY = 'a8968c4682ffa921c91caab5b60c84fbd089311549e5c3defd48f413c89337b6';

/** The instant the recordings start at (frozen sandbox clock). */
export const START = '2027-01-01T00:00:00+02:00';

/**
 * Document-service URLs with the hash they were signed with, copied from REQUEST bodies of the
 * recordings (add-notice-document.http, upload-tender-notice.http, upload-award-criteria.http,
 * update-award-criteria.http). The signature covers `<uuid>\0<hash hex>` only, so the same pair can
 * be reused with any title/documentType.
 */
export const SIGNED_URLS = {
  notice: {
    url: 'http://public-docs-sandbox.prozorro.gov.ua/get/28ead5b46c074f4faf2188518029eeda?Signature=5ctwt%2FCNhhbgoPe1IJoI6ekt0M1xnQDvYqB6mEIwc8neckpF6vdQFm1yLKFXARRP%2FIlK%2B%2BPim2KI5VQrQiohBQ%3D%3D&KeyID=a8968c46',
    hash: 'md5:00000000000000000000000000000000',
  },
  noticePdf: {
    url: 'http://public-docs-sandbox.prozorro.gov.ua/get/325d0d7a8e034710bf0f2fdfb91712c5?Signature=o4TxnA%2BJQEYIAK0n1c%2B6r4571MQlQb6fneG7Qw2dygBov9yg%2FlqHyBiZeEaEXKMOzUklyQ6YBJunU5RKwqb6AQ%3D%3D&KeyID=a8968c46',
    hash: 'md5:00000000000000000000000000000000',
  },
  awardCriteria: {
    url: 'http://public-docs-sandbox.prozorro.gov.ua/get/6306049946ae4528b91128df0c649981?Signature=ARZcwvq%2BLMZUdXvE6PZPmuP6TQNxZiEdfNBr9mihNXU4Fg3sDKBffodS1sGmBaLmvgITF7hQVACCtKMO2HauDw%3D%3D&KeyID=a8968c46',
    hash: 'md5:00000000000000000000000000000000',
  },
  awardCriteria2: {
    url: 'http://public-docs-sandbox.prozorro.gov.ua/get/50ef0208169a47979218f1f8919a46c6?Signature=96VxXWMjGaWNL1XkH%2FhkpQwfViejnFYpH1jzBqgjKSz3jdB3RnhCKinuy7XQdBc7zJ5aMzv85Y0Sz31sd%2BZGBw%3D%3D&KeyID=a8968c46',
    hash: 'md5:11111111111111111111111111111111',
  },
} as const;

export type Json = Record<string, unknown>;

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
  json: Json;
}

export interface RequestOptions {
  /** API key sent as `Authorization: Bearer <auth>`; null sends no Authorization header. */
  auth?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One request through `app.inject`; JSON body by default, parsed JSON response when possible. */
export async function api(app: FastifyInstance, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'HEAD', url: string, opts: RequestOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = {};
  const auth = opts.auth === undefined ? 'broker' : opts.auth;
  if (auth !== null) headers.authorization = `Bearer ${auth}`;
  let payload: string | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  }
  Object.assign(headers, opts.headers ?? {});
  const res = await app.inject({ method, url, headers, payload });
  let json: Json = {};
  try {
    json = JSON.parse(res.body) as Json;
  } catch {
    // not JSON (JSONP, HEAD, ...)
  }
  return { status: res.statusCode, headers: res.headers, body: res.body, json };
}

/** Asserts a response status, showing the body when it differs. */
export function expectStatus(res: ApiResponse, status: number): void {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${res.body}`);
}

/** Asserts the whole error envelope. */
export function expectError(res: ApiResponse, status: number, location: string, name: string, description: unknown): void {
  expectStatus(res, status);
  assert.deepEqual(res.json, { status: 'error', errors: [{ location, name, description }] });
}

/** Moves the sandbox clock (frozen by default) as the Administrator. */
export async function setClock(app: FastifyInstance, now: string, frozen = true): Promise<void> {
  const res = await api(app, 'PUT', '/api/2.5/sandbox/clock', { auth: 'administrator', body: { data: { now, frozen } } });
  expectStatus(res, 200);
}

/** The recorded tender config (tender-post-attempt-json-data.http). */
export function tenderConfig(overrides: Json = {}): Json {
  return withOverrides(
    {
      hasAuction: true,
      hasAwardingOrder: true,
      hasValueRestriction: true,
      valueCurrencyEquality: true,
      hasPrequalification: false,
      minBidsNumber: 1,
      hasPreSelectionAgreement: false,
      hasTenderComplaints: false,
      hasAwardComplaints: false,
      hasCancellationComplaints: false,
      hasValueEstimation: true,
      hasQualificationComplaints: false,
      tenderComplainRegulation: 0,
      qualificationComplainDuration: 0,
      awardComplainDuration: 2,
      cancellationComplainDuration: 0,
      clarificationUntilDuration: 1,
      qualificationDuration: 0,
      minTenderingDuration: 2,
      hasEnquiries: true,
      minEnquiriesDuration: 3,
      enquiryPeriodRegulation: 0,
      restricted: false,
    },
    overrides,
  );
}

/** A tender item in CPV class 4461 (recorded). */
export function tenderItem(overrides: Json = {}): Json {
  return withOverrides(
    {
      id: 'ffffffffffffffffffffffffffffffff',
      description: 'футляри до державних нагород',
      description_en: 'Cases with state awards',
      classification: { scheme: 'ДК021', id: '44617100-9', description: 'Cartons' },
      additionalClassifications: [{ scheme: 'ДКПП', id: '17.21.1', description: 'папір і картон гофровані, паперова й картонна тара' }],
      unit: { name: 'кілограм', code: 'KGM' },
      quantity: 5,
    },
    overrides,
  );
}

/** Recorded milestones: delivery 100 %, financing 45.55 % + 54.45 %. */
export function tenderMilestones(): Json[] {
  return [
    { id: 'cccccccccccccccccccccccccccccccc', title: 'signingTheContract', type: 'delivery', duration: { days: 2, type: 'calendar' }, sequenceNumber: 1, code: 'standard', percentage: 100 },
    { id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', title: 'signingTheContract', code: 'prepayment', type: 'financing', duration: { days: 2, type: 'banking' }, sequenceNumber: 2, percentage: 45.55 },
    { id: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', title: 'deliveryOfGoods', code: 'postpayment', type: 'financing', duration: { days: 900, type: 'calendar' }, sequenceNumber: 3, percentage: 54.45 },
  ];
}

/**
 * The recorded tender-create `data` (tender-post-attempt-json-data.http), created at START.
 * Overrides replace top-level keys; an `undefined` override removes the key.
 */
export function tenderData(overrides: Json = {}): Json {
  return withOverrides(
    {
      title: 'футляри до державних нагород',
      mainProcurementCategory: 'goods',
      procuringEntity: {
        name: 'Державне управління справами',
        identifier: { scheme: 'UA-EDR', id: '00037256', uri: 'http://www.dus.gov.ua/' },
        address: { countryName: 'Україна', postalCode: '01220', region: 'м. Київ', locality: 'м. Київ', streetAddress: 'вул. Банкова, 11, корпус 1' },
        contactPoint: { name: 'Державне управління справами', telephone: '+0440000000' },
        kind: 'general',
      },
      value: { amount: 500, currency: 'UAH' },
      items: [tenderItem()],
      enquiryPeriod: { endDate: '2027-01-08T00:00:00+02:00' },
      tenderPeriod: { endDate: '2027-01-15T00:00:00+02:00' },
      procurementMethodType: 'belowThreshold',
      milestones: tenderMilestones(),
    },
    overrides,
  );
}

/** The whole create body `{data, config}`. */
export function tenderBody(overrides: Json = {}, configOverrides: Json = {}): { data: Json; config: Json } {
  return { data: tenderData(overrides), config: tenderConfig(configOverrides) };
}

/** What the builders need to act as the tender owner. */
export interface TenderRef {
  id: string;
  token: string;
  /** API key of the owner (default `broker`). */
  auth?: string;
}

export interface CreatedTender extends TenderRef {
  token: string;
  transfer: string;
  data: Json;
  config: Json;
  location: string | undefined;
}

export interface CreateTenderOptions {
  /** Overrides of the create `data`. */
  data?: Json;
  /** Overrides of the create `config`. */
  config?: Json;
  /** API key (default `broker`). */
  auth?: string;
}

export async function createTender(app: FastifyInstance, opts: CreateTenderOptions = {}): Promise<CreatedTender> {
  const res = await api(app, 'POST', '/api/2.5/tenders', { auth: opts.auth, body: tenderBody(opts.data, opts.config) });
  expectStatus(res, 201);
  const access = res.json.access as { token: string; transfer: string };
  const data = res.json.data as Json;
  return {
    id: String(data.id),
    token: access.token,
    transfer: access.transfer,
    auth: opts.auth,
    data,
    config: res.json.config as Json,
    location: res.headers.location as string | undefined,
  };
}

/** `/api/2.5/tenders/<id>[suffix]?acc_token=<token>`. */
export function ownerUrl(tender: { id: string; token: string }, suffix = ''): string {
  return `/api/2.5/tenders/${tender.id}${suffix}?acc_token=${tender.token}`;
}

export async function getTender(app: FastifyInstance, id: string): Promise<Json> {
  const res = await api(app, 'GET', `/api/2.5/tenders/${id}`, { auth: null });
  expectStatus(res, 200);
  return res.json.data as Json;
}

export async function patchTender(app: FastifyInstance, tender: TenderRef, data: Json): Promise<Json> {
  const res = await api(app, 'PATCH', ownerUrl(tender), { auth: tender.auth, body: { data } });
  expectStatus(res, 200);
  return res.json.data as Json;
}

/** A lot worth the whole recorded tender value (500 UAH, minimal step 3 %). */
export function lotData(overrides: Json = {}): Json {
  return withOverrides({ title: 'lot title', description: 'lot description', value: { amount: 500, currency: 'UAH' }, minimalStep: { amount: 15, currency: 'UAH' } }, overrides);
}

export async function addLot(app: FastifyInstance, tender: TenderRef, overrides: Json = {}): Promise<Json> {
  const res = await api(app, 'POST', ownerUrl(tender, '/lots'), { auth: tender.auth, body: { data: lotData(overrides) } });
  expectStatus(res, 201);
  return res.json.data as Json;
}

/** PATCHes every item of the tender to `relatedLot: lotId`. */
export async function relateItemsToLot(app: FastifyInstance, tender: TenderRef, lotId: string): Promise<Json> {
  const current = await getTender(app, tender.id);
  const items = (current.items as Json[]).map((i) => ({ ...i, relatedLot: lotId }));
  return patchTender(app, tender, { items });
}

export interface DocumentOptions {
  title: string;
  documentType?: string;
  format?: string;
  /** Which recorded signed url/hash pair to use (default: the notice one). */
  signed?: keyof typeof SIGNED_URLS;
  [extra: string]: unknown;
}

export async function addDocument(app: FastifyInstance, tender: TenderRef, opts: DocumentOptions): Promise<Json> {
  const { signed = 'notice', format = 'application/pdf', ...rest } = opts;
  const res = await api(app, 'POST', ownerUrl(tender, '/documents'), { auth: tender.auth, body: { data: { ...rest, format, ...SIGNED_URLS[signed] } } });
  expectStatus(res, 201);
  return res.json.data as Json;
}

export const addContractProforma = (app: FastifyInstance, tender: TenderRef): Promise<Json> =>
  addDocument(app, tender, { title: 'contractProforma.pdf', documentType: 'contractProforma', signed: 'noticePdf' });

export const addNoticeSignature = (app: FastifyInstance, tender: TenderRef): Promise<Json> =>
  addDocument(app, tender, { title: 'sign.p7s', documentType: 'notice', format: 'application/pkcs7-signature' });

/** Makes a fresh draft publishable (lot, relatedLot, proforma, notice) and PATCHes `active.enquiries`. */
export async function publishTender(app: FastifyInstance, tender: TenderRef): Promise<Json> {
  const lot = await addLot(app, tender);
  await relateItemsToLot(app, tender, String(lot.id));
  await addContractProforma(app, tender);
  await addNoticeSignature(app, tender);
  const data = await patchTender(app, tender, { status: 'active.enquiries' });
  assert.equal(data.status, 'active.enquiries');
  return data;
}

function withOverrides(base: Json, overrides: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

let bidSeq = 0;

/**
 * A bid as stored inside the tender document (below-threshold.md §1.12), for tests that insert bids
 * directly (the bids API lives in another module). Default: a `pending` non-lot bid of 400 UAH.
 */
export function storedBid(overrides: Json = {}): Json {
  bidSeq += 1;
  const n = bidSeq.toString(16).padStart(4, '0');
  return withOverrides(
    {
      id: `b1d0000000000000000000000000${n}`,
      status: 'pending',
      date: '2027-01-09T10:00:00+02:00',
      owner: 'broker',
      owner_token: `70c0000000000000000000000000${n}`,
      tenderers: [
        {
          name: 'ТОВ «Постачальник»',
          identifier: { scheme: 'UA-EDR', id: '00037257', legalName: 'ТОВ «Постачальник»' },
          address: { countryName: 'Україна', postalCode: '01220', region: 'м. Київ', locality: 'м. Київ', streetAddress: 'вул. Банкова, 12' },
          contactPoint: { name: 'Постачальник', telephone: '+0440000001' },
          scale: 'micro',
        },
      ],
      value: { amount: 400, currency: 'UAH', valueAddedTaxIncluded: false },
    },
    overrides,
  );
}

/** A lot bid: one pending lotValue per lot id, no bid-level value. */
export function storedLotBid(lotIds: string[], overrides: Json = {}): Json {
  const lotValues = lotIds.map((relatedLot) => ({ relatedLot, status: 'pending', value: { amount: 400, currency: 'UAH', valueAddedTaxIncluded: false }, date: '2027-01-09T10:00:00+02:00' }));
  return storedBid({ value: undefined, lotValues, ...overrides });
}
