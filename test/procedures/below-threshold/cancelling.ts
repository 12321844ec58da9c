// Arranging cancellations and two-lot tenders for the cancellation and claim tests.
import type { FastifyInstance } from 'fastify';
import { api, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { START, tenderItem } from '../../helpers/recorded-tender.ts';
import { SIGNED_URLS } from '../../helpers/reference-ds.ts';
import {
  addContractProforma, addLot, addNoticeSignature, createTender, ownerUrl, patchTender, type CreatedTender, type TenderRef,
} from './builders.ts';

/** The second item of a two-lot tender (the first is the recorded `ffff…` item). */
export const SECOND_ITEM = 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee';

/** A tender published at START with two lots, one item each (lotA: `ffff…`, lotB: SECOND_ITEM). */
export async function createTwoLotTender(app: FastifyInstance): Promise<{ tender: CreatedTender; lotA: string; lotB: string }> {
  await setClock(app, START);
  const tender = await createTender(app, { data: { items: [tenderItem(), tenderItem({ id: SECOND_ITEM })] } });
  const lotA = String((await addLot(app, tender, { title: 'lot A' })).id);
  const lotB = String((await addLot(app, tender, { title: 'lot B' })).id);
  await patchTender(app, tender, { items: [tenderItem({ relatedLot: lotA }), tenderItem({ id: SECOND_ITEM, relatedLot: lotB })] });
  await addContractProforma(app, tender);
  await addNoticeSignature(app, tender);
  await patchTender(app, tender, { status: 'active.enquiries' });
  return { tender, lotA, lotB };
}

export const cancellationsUrl = (tender: { id: string; token: string }, suffix = ''): string => ownerUrl(tender, `/cancellations${suffix}`);

/** The recorded cancellation request (prepare-cancellation.http). */
export const cancellationData = (overrides: Json = {}): Json => ({ reason: 'cancellation reason', reasonType: 'noDemand', ...overrides });

/** The signed cancellation report (a .p7s `cancellationReport`). */
export const cancellationReport = (): Json => ({ title: 'sign.p7s', documentType: 'cancellationReport', format: 'application/pkcs7-signature', ...SIGNED_URLS.notice });

export async function postCancellation(app: FastifyInstance, tender: TenderRef, data: Json = cancellationData()): Promise<Json> {
  const res = await api(app, 'POST', cancellationsUrl(tender), { auth: tender.auth, body: { data } });
  expectStatus(res, 201);
  return res.json.data as Json;
}

/** Drafts, signs and activates a cancellation (of `relatedLot` when given); returns the PATCH response data. */
export async function cancel(app: FastifyInstance, tender: TenderRef, relatedLot?: string): Promise<Json> {
  const c = await postCancellation(app, tender, cancellationData(relatedLot ? { relatedLot } : {}));
  const doc = await api(app, 'POST', cancellationsUrl(tender, `/${c.id}/documents`), { auth: tender.auth, body: { data: cancellationReport() } });
  expectStatus(doc, 201);
  const res = await api(app, 'PATCH', cancellationsUrl(tender, `/${c.id}`), { auth: tender.auth, body: { data: { status: 'active' } } });
  expectStatus(res, 200);
  return res.json.data as Json;
}

/** Ids and tokens of the awarded tender `createAwardedTender` arranges. */
export interface AwardedTender {
  tender: CreatedTender;
  lotId: string;
  awardId: string;
  /** Token of the winning (active) bid, whose owner may file award claims. */
  bidToken: string;
  bidId: string;
}

export const AWARD_DECIDED = '2027-01-20T10:00:00+02:00';
/** End of the award's stand-still (2 full working days after AWARD_DECIDED). */
export const STAND_STILL_END = '2027-01-23T00:00:00+02:00';
/** Inside the stand-still. */
export const IN_STAND_STILL = '2027-01-21T12:00:00+02:00';

export const awardClaimsUrl = (a: AwardedTender, suffix = ''): string => `/api/2.5/tenders/${a.tender.id}/awards/${a.awardId}/complaints${suffix}`;

/** A claim author (the recorded tenderer without `scale`). */
export const claimAuthor = (): Json => ({
  name: 'ДКП «Школяр»',
  identifier: { scheme: 'UA-EDR', id: '00137256', legalName: 'ДКП «Школяр»', uri: 'http://www.sc.gov.ua/' },
  address: { countryName: 'Україна', locality: 'м. Вінниця', postalCode: '21100', region: 'Вінницька область', streetAddress: 'вул. Островського, 33' },
  contactPoint: { email: 'soleksuk@gmail.com', name: 'Сергій Олексюк', telephone: '+380432216930' },
});

export const claimData = (overrides: Json = {}): Json => ({ title: 'Незгода з рішенням', description: 'Просимо переглянути', author: claimAuthor(), type: 'claim', ...overrides });

export interface FiledClaim {
  id: string;
  token: string;
  data: Json;
}

export async function fileAwardClaim(app: FastifyInstance, a: AwardedTender, data: Json = claimData()): Promise<FiledClaim> {
  const res = await api(app, 'POST', `${awardClaimsUrl(a)}?acc_token=${a.bidToken}`, { body: { data } });
  expectStatus(res, 201);
  const claim = res.json.data as Json;
  return { id: String(claim.id), token: (res.json.access as { token: string }).token, data: claim };
}
