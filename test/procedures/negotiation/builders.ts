// Building negotiation tenders over HTTP for the tests (open-procedures.md §6.4): a tender with
// one lot, published, an award decided with its signed notice, complaints filed and reviewed.
import type { FastifyInstance } from 'fastify';
import { negotiationConfig } from '../../../src/procedures/negotiation/config.ts';
import { api, expectStatus, type ApiResponse, type Json } from '../../helpers/api.ts';
import { SIGNED_URLS } from '../../helpers/reference-ds.ts';
import { DELIVERED_ITEM } from '../../helpers/limited-tender.ts';

export const LOT_ID = 'e10f7c85d2484c99a312334e6e9faaac';

const ITEM = { ...DELIVERED_ITEM, relatedLot: LOT_ID };

const CONTACT = { name: 'Куца Світлана', telephone: '+380432465302' };

export const PROCURING_ENTITY = {
  kind: 'general',
  name: 'ЗОСШ #10 м.Вінниці',
  identifier: { scheme: 'UA-EDR', id: '21725150', legalName: 'Заклад' },
  address: { countryName: 'Україна', locality: 'м. Вінниця', postalCode: '21027', region: 'Вінницька область', streetAddress: 'вул. Стахурського. 22' },
  contactPoint: CONTACT,
};

export const SUPPLIER = {
  name: 'ДКП «Школяр»',
  identifier: { scheme: 'UA-EDR', id: '00137256', legalName: 'ДКП' },
  address: { countryName: 'Україна', locality: 'м. Вінниця', postalCode: '21100', region: 'Вінницька область', streetAddress: 'вул. Островського, 33' },
  contactPoint: CONTACT,
  scale: 'micro',
};

/** A complainant (any broker in limited procedures). */
export const COMPLAINANT = {
  name: 'ТОВ «Скаржник»',
  identifier: { scheme: 'UA-EDR', id: '13313462', legalName: 'ТОВ «Скаржник»' },
  address: { countryName: 'Україна', locality: 'м. Київ', postalCode: '01001', region: 'м. Київ', streetAddress: 'вул. Хрещатик, 1' },
  contactPoint: CONTACT,
};

const MILESTONE = { id: 'a'.repeat(32), title: 'signingTheContract', type: 'financing', code: 'prepayment', percentage: 100, duration: { days: 10, type: 'banking' }, sequenceNumber: 1 };

export function negotiationBody(type: 'negotiation' | 'negotiation.quick', data: Json = {}): { data: Json; config: Json } {
  const config = Object.fromEntries(Object.entries(negotiationConfig(type === 'negotiation' ? 5 : 3)).filter(([, s]) => !s.optional).map(([k, s]) => [k, s.default]));
  return {
    config,
    data: {
      title: 'Послуги шкільних їдалень',
      procurementMethod: 'limited',
      procurementMethodType: type,
      mainProcurementCategory: 'services',
      procuringEntity: PROCURING_ENTITY,
      value: { amount: 500000, currency: 'UAH', valueAddedTaxIncluded: true },
      items: [ITEM],
      lots: [{ id: LOT_ID, title: 'Лот 1', value: { amount: 500000, currency: 'UAH', valueAddedTaxIncluded: true } }],
      milestones: [MILESTONE],
      causeDetails: { code: type === 'negotiation' ? 'noCompetition' : 'unforeseeableUrgentNeed', description: 'Причина' },
      ...data,
    },
  };
}

export interface NegotiationTender {
  id: string;
  token: string;
}

export const ownerUrl = (n: NegotiationTender, suffix = ''): string => `/api/2.5/tenders/${n.id}${suffix}?acc_token=${n.token}`;

export async function createNegotiation(app: FastifyInstance, type: 'negotiation' | 'negotiation.quick', data: Json = {}): Promise<NegotiationTender & { data: Json }> {
  const res = await api(app, 'POST', '/api/2.5/tenders', { body: negotiationBody(type, data) });
  expectStatus(res, 201);
  return { id: String((res.json.data as Json).id), token: String((res.json.access as Json).token), data: res.json.data as Json };
}

export async function activeNegotiation(app: FastifyInstance, type: 'negotiation' | 'negotiation.quick' = 'negotiation'): Promise<NegotiationTender> {
  const n = await createNegotiation(app, type);
  expectStatus(await api(app, 'PATCH', ownerUrl(n), { body: { data: { status: 'active' } } }), 200);
  return n;
}

export async function postAward(app: FastifyInstance, n: NegotiationTender, data: Json = {}): Promise<Json> {
  const res = await api(app, 'POST', ownerUrl(n, '/awards'), { body: { data: { suppliers: [SUPPLIER], value: { amount: 470000 }, lotID: LOT_ID, ...data } } });
  expectStatus(res, 201);
  return res.json.data as Json;
}

export const signNotice = (app: FastifyInstance, n: NegotiationTender, awardId: unknown): Promise<ApiResponse> =>
  api(app, 'POST', ownerUrl(n, `/awards/${awardId}/documents`), {
    body: { data: { title: 'sign.p7s', documentType: 'notice', format: 'application/pkcs7-signature', ...SIGNED_URLS.notice } },
  });

export const decide = (app: FastifyInstance, n: NegotiationTender, awardId: unknown, data: Json): Promise<ApiResponse> =>
  api(app, 'PATCH', ownerUrl(n, `/awards/${awardId}`), { body: { data } });

/** A pending award, signed and activated: the stand-still runs from now. */
export async function activeAward(app: FastifyInstance, n: NegotiationTender): Promise<Json> {
  const award = await postAward(app, n);
  expectStatus(await signNotice(app, n, award.id), 201);
  const res = await decide(app, n, award.id, { status: 'active', qualified: true });
  expectStatus(res, 200);
  return res.json.data as Json;
}

export interface FiledComplaint {
  id: string;
  token: string;
  data: Json;
}

/** A complaint by another broker, paid by the payment robot when `paid`. */
export async function fileComplaint(app: FastifyInstance, n: NegotiationTender, base: string, paid = true, auth = 'broker1'): Promise<FiledComplaint> {
  const res = await api(app, 'POST', `/api/2.5/tenders/${n.id}${base}/complaints`, {
    auth,
    body: { data: { type: 'complaint', title: 'Скарга', description: 'Порушення', author: COMPLAINANT } },
  });
  expectStatus(res, 201);
  const complaint = { id: String((res.json.data as Json).id), token: String((res.json.access as Json).token), data: res.json.data as Json };
  if (paid) expectStatus(await api(app, 'PATCH', `/api/2.5/tenders/${n.id}${base}/complaints/${complaint.id}`, { auth: 'bot', body: { data: { status: 'pending' } } }), 200);
  return complaint;
}

export const reviewComplaint = (app: FastifyInstance, n: NegotiationTender, base: string, id: string, data: Json): Promise<ApiResponse> =>
  api(app, 'PATCH', `/api/2.5/tenders/${n.id}${base}/complaints/${id}`, { auth: 'reviewer', body: { data } });

export const runChronograph = (app: FastifyInstance, n: NegotiationTender): Promise<ApiResponse> =>
  api(app, 'PATCH', `/api/2.5/tenders/${n.id}/chronograph`, { auth: 'chronograph', body: { data: { id: n.id } } });

export async function getTender(app: FastifyInstance, n: NegotiationTender): Promise<Json> {
  return (await api(app, 'GET', `/api/2.5/tenders/${n.id}`)).json.data as Json;
}

export async function signContract(app: FastifyInstance, n: NegotiationTender, signedAt: string): Promise<ApiResponse> {
  const tender = await getTender(app, n);
  const mirror = (tender.contracts as Json[]).find((c) => c.status === 'pending')!;
  return api(app, 'PATCH', `/api/2.5/contracts/${mirror.id}?acc_token=${n.token}`, {
    body: { data: { status: 'active', contractNumber: 'N-1', dateSigned: signedAt, period: { startDate: signedAt, endDate: '2027-12-31T00:00:00+02:00' } } },
  });
}
