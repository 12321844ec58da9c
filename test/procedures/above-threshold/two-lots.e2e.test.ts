// An aboveThreshold tender with two lots from creation to its end over the API alone, on both
// backends (issue 14): draft → active.tendering → built-in auctions → qualification with a 24-hour
// milestone → a review-body complaint on an award → contracts after the stand-still → complete;
// and with one bid per lot, the reference's path: no auction, each lot awarded directly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeApp } from '../../helpers/app.ts';
import { api, expectError, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { REFERENCE_DS_KEY, SIGNED_URLS } from '../../helpers/reference-ds.ts';
import { START } from '../../helpers/recorded-tender.ts';
import { formatIso, isoToMs } from '../../../src/core/time/iso.ts';
import { COMPLAINANT } from '../negotiation/builders.ts';
import { ownerUrl } from '../below-threshold/builders.ts';
import { awardNotice, openBidUrl, openTender, publishedOpenTender, submitOpenBid, TENDERING_END, type OpenTender } from '../open/builders.ts';

const AFTER_TENDERING = '2027-01-17T00:00:01+02:00';

describeApp('aboveThreshold: two lots end to end', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  const awardsOf = async (tender: OpenTender): Promise<Json[]> => (await openTender(t.app, tender)).awards as Json[];
  const awardUrl = (tender: OpenTender, id: unknown, suffix = '') => ownerUrl(tender, `/awards/${String(id)}${suffix}`);

  async function decide(tender: OpenTender, award: Json, data: Json): Promise<ReturnType<typeof api>> {
    const current = (await awardsOf(tender)).find((a) => a.id === award.id)!;
    if (!((current.documents as Json[] | undefined) ?? []).some((d) => d.documentType === 'notice')) {
      expectStatus(await api(t.app, 'POST', awardUrl(tender, award.id, '/documents'), { body: { data: awardNotice() } }), 201);
    }
    return api(t.app, 'PATCH', awardUrl(tender, award.id), { body: { data } });
  }

  async function signContract(tender: OpenTender, awardId: unknown, signedAt: string): Promise<ReturnType<typeof api>> {
    const mirror = ((await openTender(t.app, tender)).contracts as Json[]).find((c) => c.awardID === awardId)!;
    return api(t.app, 'PATCH', `/api/2.5/contracts/${String(mirror.id)}?acc_token=${tender.token}`, {
      body: { data: { status: 'active', contractNumber: 'N-1', dateSigned: signedAt, period: { startDate: signedAt, endDate: '2027-12-31T00:00:00+02:00' } } },
    });
  }

  test('bids on both lots → built-in auctions → 24h milestone → complaint → contracts → complete', async () => {
    await setClock(t.app, START);
    const tender = await publishedOpenTender(t.app, 'aboveThreshold', 2);
    const [lot1, lot2] = tender.lotIds as [string, string];
    const first = await submitOpenBid(t.app, tender, { [lot1]: 900, [lot2]: 950 }, 'brokerh');
    const second = await submitOpenBid(t.app, tender, { [lot1]: 920, [lot2]: 930 }, 'broker4');

    await setClock(t.app, AFTER_TENDERING);
    const inAuction = await openTender(t.app, tender);
    assert.equal(inAuction.status, 'active.auction');
    const lots = inAuction.lots as Json[];
    assert.ok(lots.every((l) => typeof l.auctionUrl === 'string'), 'the built-in auction set every lot url');
    const starts = lots.map((l) => isoToMs(String((l.auctionPeriod as Json).startDate)));
    await setClock(t.app, formatIso(Math.max(...starts) + 40 * 60_000));
    const qualifying = await openTender(t.app, tender);
    assert.equal(qualifying.status, 'active.qualification');
    const [award1, award2] = [lot1, lot2].map((lot) => ((qualifying.awards as Json[]).find((a) => a.lotID === lot && a.status === 'pending'))!) as [Json, Json];
    assert.equal(award1.bid_id, first.id);
    assert.equal(award2.bid_id, second.id);
    assert.equal(award1.milestones, undefined, 'no abnormally low price here');

    // The owner gives the first bidder 24 hours to fix its bid; no decision meanwhile.
    const milestone = await api(t.app, 'POST', awardUrl(tender, award1.id, '/milestones'), { body: { data: { code: '24h', description: 'Додайте довідку' } } });
    expectStatus(milestone, 201);
    const due = String((milestone.json.data as Json).dueDate);
    assert.equal(isoToMs(due) - isoToMs(String((milestone.json.data as Json).date)), 24 * 3_600_000);
    expectError(
      await api(t.app, 'POST', awardUrl(tender, award1.id, '/milestones'), { body: { data: { code: '24h' } } }),
      422, 'body', 'awards', [{ milestones: ["There can be only one '24h' milestone"] }],
    );
    expectError(await decide(tender, award1, { status: 'active', qualified: true, eligible: true }), 403, 'body', 'data', `Can't change status to 'active' until milestone.dueDate: ${due}`);
    const fixed = await api(t.app, 'PATCH', openBidUrl(tender, first), { auth: 'brokerh', body: { data: { subcontractingDetails: 'ТОВ «Субпідрядник»' } } });
    expectStatus(fixed, 200);
    const note = await api(t.app, 'POST', openBidUrl(tender, first, '/documents'), { auth: 'brokerh', body: { data: { title: 'довідка.pdf', format: 'application/pdf', ...SIGNED_URLS.notice } } });
    expectStatus(note, 201);
    expectError(
      await api(t.app, 'PATCH', openBidUrl(tender, first, `/documents/${String((note.json.data as Json).id)}`), {
        auth: 'brokerh',
        body: { data: { confidentiality: 'buyerOnly', confidentialityRationale: 'Комерційна таємниця учасника закупівлі' } },
      }),
      403, 'body', 'data', "Can't update document confidentiality in current (active.qualification) tender status",
    );
    await setClock(t.app, formatIso(isoToMs(due) + 1000));
    expectError(await api(t.app, 'PATCH', openBidUrl(tender, first), { auth: 'brokerh', body: { data: { subcontractingDetails: 'пізно' } } }), 403, 'body', 'data', "Can't update bid in current (active.qualification) tender status");

    expectError(await decide(tender, award1, { status: 'active', qualified: true }), 422, 'body', 'eligible', ["Can't update award to active status with not eligible"]);
    const active1 = await decide(tender, award1, { status: 'active', qualified: true, eligible: true });
    expectStatus(active1, 200);
    const standStill = (active1.json.data as Json).complaintPeriod as Json;
    const decidedAt = formatIso(isoToMs(due) + 1000);
    assert.equal(standStill.startDate, decidedAt);
    assert.equal(standStill.endDate, '2027-01-25T00:00:00+02:00', 'five calendar days after the decision day');

    // The rival bidder complains about the first award; the review body takes it up.
    const complaints = `/api/2.5/tenders/${tender.id}/awards/${String(award1.id)}/complaints`;
    const filed = await api(t.app, 'POST', `${complaints}?acc_token=${second.token}`, { auth: 'broker4', body: { data: { type: 'complaint', title: 'Скарга', description: 'Порушення', author: COMPLAINANT } } });
    expectStatus(filed, 201);
    const complaint = filed.json.data as Json;
    assert.equal(complaint.relatedLot, lot1);
    assert.equal(complaint.bid_id, second.id);
    assert.deepEqual(complaint.value, { amount: 3000, currency: 'UAH' });
    expectStatus(await api(t.app, 'PATCH', `${complaints}/${String(complaint.id)}`, { auth: 'bot', body: { data: { status: 'pending' } } }), 200);

    expectStatus(await decide(tender, award2, { status: 'active', qualified: true, eligible: true }), 200);
    const soon = formatIso(isoToMs(decidedAt) + 60_000);
    await setClock(t.app, soon);
    expectError(await signContract(tender, award1.id, soon), 403, 'body', 'data', `Can't sign contract before stand-still period end (${String(standStill.endDate)})`);
    await setClock(t.app, '2027-01-25T00:00:00+02:00');
    expectError(await signContract(tender, award1.id, '2027-01-25T00:00:00+02:00'), 403, 'body', 'data', "Can't sign contract before reviewing all complaints");
    const review = (data: Json) => api(t.app, 'PATCH', `${complaints}/${String(complaint.id)}`, { auth: 'reviewer', body: { data } });
    expectStatus(await review({ status: 'accepted', reviewDate: '2027-01-25T00:00:00+02:00', reviewPlace: 'Київ' }), 200);
    expectStatus(await review({ status: 'declined' }), 200);

    expectStatus(await signContract(tender, award1.id, '2027-01-25T00:00:00+02:00'), 200);
    const half = await openTender(t.app, tender);
    assert.deepEqual((half.lots as Json[]).map((l) => l.status), ['complete', 'active']);
    expectStatus(await signContract(tender, award2.id, '2027-01-25T00:00:00+02:00'), 200);
    const done = await openTender(t.app, tender);
    assert.equal(done.status, 'complete');
    assert.deepEqual((done.lots as Json[]).map((l) => l.status), ['complete', 'complete']);
  });

  test('one bid per lot: no auction, each lot awarded directly at the end of tendering', async () => {
    await setClock(t.app, START);
    const tender = await publishedOpenTender(t.app, 'aboveThreshold', 2);
    const [lot1, lot2] = tender.lotIds as [string, string];
    const a = await submitOpenBid(t.app, tender, { [lot1]: 900 }, 'brokerh');
    const b = await submitOpenBid(t.app, tender, { [lot2]: 940 }, 'broker4');
    await setClock(t.app, AFTER_TENDERING);
    const data = await openTender(t.app, tender);
    assert.equal(data.status, 'active.qualification');
    assert.ok((data.lots as Json[]).every((l) => l.auctionPeriod === undefined || (l.auctionPeriod as Json).startDate === undefined), 'no auction planned');
    const awards = await awardsOf(tender);
    assert.deepEqual(awards.map((x) => [x.lotID, x.bid_id, (x.value as Json).amount]), [[lot1, a.id, 900], [lot2, b.id, 940]]);
    assert.equal(TENDERING_END < AFTER_TENDERING, true);
  });

  test('aboveThresholdUA: a lot with a single bid fails; the abnormally low price milestone holds the decision', async () => {
    await setClock(t.app, START);
    const tender = await publishedOpenTender(t.app, 'aboveThresholdUA', 2);
    const [lot1, lot2] = tender.lotIds as [string, string];
    const cheap = await submitOpenBid(t.app, tender, { [lot1]: 400, [lot2]: 900 }, 'brokerh');
    await submitOpenBid(t.app, tender, { [lot1]: 1000 }, 'broker4');
    await setClock(t.app, AFTER_TENDERING);
    const ended = await openTender(t.app, tender);
    assert.equal(ended.status, 'active.auction');
    assert.deepEqual((ended.lots as Json[]).map((l) => l.status), ['active', 'unsuccessful']);
    const starts = (ended.lots as Json[]).filter((l) => l.status === 'active').map((l) => isoToMs(String((l.auctionPeriod as Json).startDate)));
    await setClock(t.app, formatIso(Math.max(...starts) + 40 * 60_000));
    const [award] = await awardsOf(tender);
    assert.equal(award!.bid_id, cheap.id);
    const alp = ((award!.milestones as Json[]) ?? [])[0]!;
    assert.equal(alp.code, 'alp');
    expectError(await decide(tender, award!, { status: 'unsuccessful', qualified: false, eligible: false }), 403, 'body', 'data', `Can't change status to 'unsuccessful' until milestone.dueDate: ${String(alp.dueDate)}`);
    // Meanwhile the bidder explains its price with a document on its bid.
    expectStatus(await api(t.app, 'POST', openBidUrl(tender, cheap, '/documents'), { auth: 'brokerh', body: { data: { title: 'пояснення.pdf', format: 'application/pdf', documentType: 'evidence', ...SIGNED_URLS.notice } } }), 201);
  });
});
