// API builders for HTTP-level belowThreshold tests (architecture.md §3.6): every piece of test data
// is arranged through the public API, so setup goes through the real transitions.
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { api, expectStatus, type Json } from '../../helpers/api.ts';
import { SIGNED_URLS } from '../../helpers/reference-ds.ts';
import { tenderBody, withOverrides } from '../../helpers/recorded-tender.ts';

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
