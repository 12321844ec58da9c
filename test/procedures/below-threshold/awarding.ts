// Arranging tenders for the award and contract tests: published lot tenders, submitted bids,
// tendering end through the sandbox clock, and auction results written straight into the stored
// tender (the auction API is another module) followed by the real awarding step.
import type { FastifyInstance } from 'fastify';
import type { TestApp } from '../../helpers/app.ts';
import { updateStoredTender } from '../../helpers/stored-tender.ts';
import { addNextAward } from '../../../src/core/tender/awarding.ts';
import { formatIso } from '../../../src/core/time/iso.ts';
import type { Tender } from '../../../src/core/tender/tender.types.ts';
import { api, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { START, tenderItem } from '../../helpers/recorded-tender.ts';
import { SIGNED_URLS } from '../../helpers/reference-ds.ts';
import {
  addContractProforma, addLot, addNoticeSignature, createTender, getTender, ownerUrl, patchTender, type CreatedTender,
} from './builders.ts';
import { TENDERING_NOW, postBid, proposalSignature, tenderer, type CreatedBid } from './tendering.ts';

/** Just after the recorded tenderPeriod end (2027-01-15T00:00): tendering end has run. */
export const AFTER_TENDERING = '2027-01-15T00:15:06+02:00';

const ITEM_IDS = ['ffffffffffffffffffffffffffffffff', 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee', 'dddddddddddddddddddddddddddddddd'];

export interface LotTender {
  tender: CreatedTender;
  lotIds: string[];
}

/** A tender with `lotCount` lots (one item each, 5 kg), published at START; `data` adds create fields (e.g. features). */
export async function publishLotTender(app: FastifyInstance, lotCount: number, data: Json = {}): Promise<LotTender> {
  await setClock(app, START);
  const items = ITEM_IDS.slice(0, lotCount).map((id) => tenderItem({ id }));
  const tender = await createTender(app, { data: { items, value: { amount: 500 * lotCount, currency: 'UAH' }, ...data } });
  const lotIds: string[] = [];
  for (let i = 0; i < lotCount; i++) lotIds.push(String((await addLot(app, tender, { title: `lot ${i + 1}` })).id));
  const current = await getTender(app, tender.id);
  await patchTender(app, tender, { items: (current.items as Json[]).map((item, i) => ({ ...item, relatedLot: lotIds[i] })) });
  await addContractProforma(app, tender);
  await addNoticeSignature(app, tender);
  await patchTender(app, tender, { status: 'active.enquiries' });
  return { tender, lotIds };
}

/** A submitted bid on the given lots (`amounts` per lot, item unit prices matching), tenderer `name`. */
export function submittedBid(lotIds: string[], amounts: number[], name = 'ДКП «Школяр»'): Json {
  return {
    tenderers: [tenderer({ name })],
    lotValues: lotIds.map((relatedLot, i) => ({ value: { amount: amounts[i] }, relatedLot })),
    items: lotIds.map((relatedLot, i) => ({
      id: ITEM_IDS[i],
      description: 'футляри',
      quantity: 5,
      relatedLot,
      unit: { name: 'кілограм', code: 'KGM', value: { amount: amounts[i]! / 5, currency: 'UAH', valueAddedTaxIncluded: false } },
    })),
    status: 'pending',
    documents: [proposalSignature()],
  };
}

/**
 * Submits bids during tendering (each: amounts per lot; `extra[i]` adds fields to bid i, e.g.
 * parameters), then moves the clock past tendering end.
 */
export async function bidAndEndTendering(t: TestApp, lt: LotTender, bids: number[][], extra: Json[] = []): Promise<CreatedBid[]> {
  await setClock(t.app, TENDERING_NOW);
  const created: CreatedBid[] = [];
  for (const [i, amounts] of bids.entries()) {
    await setClock(t.app, `2027-01-09T1${i}:00:00+02:00`);
    created.push(await postBid(t.app, lt.tender, { ...submittedBid(lt.lotIds, amounts, `Учасник ${i + 1}`), ...extra[i] }));
  }
  await setClock(t.app, AFTER_TENDERING);
  return created;
}

/**
 * Auction results for every active lot of a tender in active.auction: the recorded amounts per bid
 * (lotValues in bid order) replace the bid values, the auctions end now and awarding starts.
 */
export async function finishAuctions(t: TestApp, tenderId: string, amounts: Record<string, number>, nowIso = AFTER_TENDERING): Promise<Tender> {
  const now = Date.parse(nowIso);
  return updateStoredTender(t, tenderId, (tender) => {
    for (const bid of tender.bids ?? []) {
      for (const lv of bid.lotValues ?? []) if (amounts[`${bid.id}:${lv.relatedLot}`] !== undefined) lv.value = { ...lv.value, amount: amounts[`${bid.id}:${lv.relatedLot}`] };
    }
    for (const lot of tender.lots ?? []) if (lot.auctionPeriod) lot.auctionPeriod = { ...lot.auctionPeriod, startDate: nowIso, endDate: nowIso };
    addNextAward(tender, { now, nowIso: formatIso(now), calendar: t.deps.calendar, accelerator: undefined });
  });
}

export const awardsUrl = (tender: { id: string; token: string }, suffix = ''): string => ownerUrl(tender, `/awards${suffix}`);

export async function listAwards(app: FastifyInstance, tenderId: string): Promise<Json[]> {
  const res = await api(app, 'GET', `/api/2.5/tenders/${tenderId}/awards`, { auth: null });
  expectStatus(res, 200);
  return res.json.data as Json[];
}

/** The tender owner's `notice` signature on an award. */
export async function signAward(app: FastifyInstance, tender: CreatedTender, awardId: string): Promise<Json> {
  const res = await api(app, 'POST', awardsUrl(tender, `/${awardId}/documents`), {
    body: { data: { title: 'sign.p7s', documentType: 'notice', format: 'application/pkcs7-signature', ...SIGNED_URLS.notice } },
  });
  expectStatus(res, 201);
  return res.json.data as Json;
}

/** Signs and decides an award: `active` (qualified) or `unsuccessful` (not qualified). */
export async function decideAward(app: FastifyInstance, tender: CreatedTender, awardId: string, status: 'active' | 'unsuccessful'): Promise<Json> {
  await signAward(app, tender, awardId);
  const res = await api(app, 'PATCH', awardsUrl(tender, `/${awardId}`), { body: { data: { status, qualified: status === 'active' } } });
  expectStatus(res, 200);
  return res.json.data as Json;
}
