// Arranging tenders for the bid/question tests (published, in tendering, chronograph held back),
// and the bid builders.
import type { FastifyInstance } from 'fastify';
import type { TestApp } from '../../helpers/app.ts';
import { updateStoredTender } from '../../helpers/stored-tender.ts';
import { api, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { START } from '../../helpers/recorded-tender.ts';
import { SIGNED_URLS } from '../../helpers/reference-ds.ts';
import { createTender, getTender, publishTender, type CreatedTender, type TenderRef } from './builders.ts';

/** Inside the recorded tenderPeriod (2027-01-08 … 2027-01-15). */
export const TENDERING_NOW = '2027-01-09T10:00:00+02:00';

/** A tender published at START (active.enquiries) with one lot; `data` overrides the create data. */
export async function createPublishedTender(app: FastifyInstance, data?: Json): Promise<{ tender: CreatedTender; lotId: string }> {
  await setClock(app, START);
  const tender = await createTender(app, { data });
  await publishTender(app, tender);
  const lots = (await getTender(app, tender.id)).lots as Json[];
  return { tender, lotId: String(lots[0].id) };
}

/** Moves a published tender into active.tendering: the sandbox clock runs the chronograph. */
export async function startTendering(t: TestApp, id: string): Promise<void> {
  await setClock(t.app, TENDERING_NOW);
  const status = (await getTender(t.app, id)).status;
  if (status !== 'active.tendering') throw new Error(`tender ${id} is ${String(status)}, not active.tendering`);
}

/** Holds the chronograph back (no next_check), so a test can move the clock past a period end. */
export async function holdChronograph(t: TestApp, id: string): Promise<void> {
  await updateStoredTender(t, id, (tender) => {
    delete tender.next_check;
  });
}

/** A recorded tenderer (register-bidder.http); `scheme` UA-EDR needs a proposal signature to submit. */
export function tenderer(overrides: Json = {}): Json {
  return {
    name: 'ДКП «Школяр»',
    identifier: { scheme: 'UA-EDR', id: '00137256', legalName: 'ДКП «Школяр»', uri: 'http://www.sc.gov.ua/' },
    address: { countryName: 'Україна', locality: 'м. Вінниця', postalCode: '21100', region: 'Вінницька область', streetAddress: 'вул. Островського, 33' },
    contactPoint: { email: 'soleksuk@gmail.com', name: 'Сергій Олексюк', telephone: '+380432216930' },
    scale: 'micro',
    ...overrides,
  };
}

/** A bid for one lot pricing the recorded tender item (5 × 100 = 500). */
export function bidData(lotId: string, overrides: Json = {}): Json {
  const out: Json = {
    tenderers: [tenderer()],
    lotValues: [{ value: { amount: 500 }, relatedLot: lotId }],
    items: [
      {
        id: 'ffffffffffffffffffffffffffffffff',
        description: 'папір',
        quantity: 5,
        relatedLot: lotId,
        unit: { name: 'кг', code: 'KGM', value: { amount: 100, currency: 'UAH', valueAddedTaxIncluded: false } },
      },
    ],
  };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

/** An inline proposal signature document (recorded signed url). */
export function proposalSignature(): Json {
  return { title: 'Proposal.p7s', format: 'application/pkcs7-signature', documentType: 'proposal', ...SIGNED_URLS.notice };
}

export interface CreatedBid {
  id: string;
  token: string;
  transfer: string;
  data: Json;
}

export const bidsUrl = (tender: { id: string }, suffix = ''): string => `/api/2.5/tenders/${tender.id}/bids${suffix}`;
export const bidUrl = (tender: { id: string }, bid: { id: string; token?: string }): string =>
  `/api/2.5/tenders/${tender.id}/bids/${bid.id}${bid.token ? `?acc_token=${bid.token}` : ''}`;

export async function postBid(app: FastifyInstance, tender: TenderRef, data: Json, auth = 'broker'): Promise<CreatedBid> {
  const res = await api(app, 'POST', bidsUrl(tender), { auth, body: { data } });
  expectStatus(res, 201);
  const access = res.json.access as { token: string; transfer: string };
  const bid = res.json.data as Json;
  return { id: String(bid.id), token: access.token, transfer: access.transfer, data: bid };
}
