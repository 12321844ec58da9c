// Arranging cancellations and two-lot tenders for the cancellation and claim tests.
import type { FastifyInstance } from 'fastify';
import {
  SIGNED_URLS, START, addContractProforma, addLot, addNoticeSignature, api, createTender, expectStatus, ownerUrl, patchTender, setClock, tenderItem,
  type CreatedTender, type Json, type TenderRef,
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
