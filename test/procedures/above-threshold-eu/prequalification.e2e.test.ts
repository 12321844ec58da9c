// aboveThresholdEU end to end over HTTP, on both backends (issue 15, open-procedures.md §4): three
// bidders, two qualified and one rejected; the evaluation report and the stand-still; a
// qualification complaint holding the stand-still until the review body decides; the auction with
// the qualified two; the award, its stand-still and the contract → complete.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeApp } from '../../helpers/app.ts';
import { api, expectError, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { REFERENCE_DS_KEY, SIGNED_URLS } from '../../helpers/reference-ds.ts';
import { START } from '../../helpers/recorded-tender.ts';
import { formatIso, isoToMs } from '../../../src/core/time/iso.ts';
import { COMPLAINANT } from '../negotiation/builders.ts';
import { ownerUrl } from '../below-threshold/builders.ts';
import { awardNotice, openTender, publishedOpenTender, submitOpenBid, type OpenTender } from '../open/builders.ts';

const AFTER_TENDERING = '2027-02-01T00:00:01+02:00';
const evaluationReport = (): Json => ({ title: 'evaluation.p7s', documentType: 'evaluationReports', format: 'application/pkcs7-signature', ...SIGNED_URLS.notice });

describeApp('aboveThresholdEU: prequalification end to end', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  before(() => setClock(t.app, START));

  const qualifications = async (tender: OpenTender): Promise<Json[]> =>
    (await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/qualifications`, { auth: null })).json.data as unknown as Json[];
  const decide = (tender: OpenTender, id: unknown, data: Json) => api(t.app, 'PATCH', ownerUrl(tender, `/qualifications/${String(id)}`), { body: { data } });
  const switchTo = (tender: OpenTender, status: string) => api(t.app, 'PATCH', ownerUrl(tender), { body: { data: { status } } });

  /** One lot, two bids decided: the first qualified, the second rejected; the tender left deciding. */
  async function decidedPair() {
    await setClock(t.app, START);
    const tender = await publishedOpenTender(t.app, 'aboveThresholdEU');
    const lot = tender.lotIds[0]!;
    const a = await submitOpenBid(t.app, tender, { [lot]: 900 }, 'brokerh');
    const b = await submitOpenBid(t.app, tender, { [lot]: 950 }, 'broker4');
    await setClock(t.app, AFTER_TENDERING);
    const qs = await qualifications(tender);
    for (const q of qs) expectStatus(await decide(tender, q.id, q.bidID === a.id ? { status: 'active', qualified: true, eligible: true } : { status: 'unsuccessful' }), 200);
    return { tender, a, b, rejected: qs.find((q) => q.bidID === b.id)! };
  }

  test('three bidders → two qualified, one rejected → complaint holds the stand-still → auction → award → complete', async () => {
    await setClock(t.app, START);
    const tender = await publishedOpenTender(t.app, 'aboveThresholdEU');
    const lot = tender.lotIds[0]!;
    const published = await openTender(t.app, tender);
    assert.deepEqual(published.qualificationPeriod, { startDate: '2027-02-01T00:00:00+02:00', endDate: '2027-02-27T00:00:00+02:00' }, '20 working days after tendering (recorded)');
    const a = await submitOpenBid(t.app, tender, { [lot]: 900 }, 'brokerh');
    const b = await submitOpenBid(t.app, tender, { [lot]: 950 }, 'broker4');
    const c = await submitOpenBid(t.app, tender, { [lot]: 800 }, 'brokerr');
    // Bids stay private during tendering, the list too.
    expectError(await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/bids`, { auth: null }), 403, 'body', 'data', "Can't view bids in current (active.tendering) tender status");

    await setClock(t.app, AFTER_TENDERING);
    const pre = await openTender(t.app, tender);
    assert.equal(pre.status, 'active.pre-qualification');
    assert.equal((pre.qualificationPeriod as Json).startDate, AFTER_TENDERING);
    const qs = await qualifications(tender);
    assert.equal(qs.length, 3);
    assert.ok(qs.every((q) => q.status === 'pending' && q.lotID === lot));
    const byBid = (bidId: string) => qs.find((q) => q.bidID === bidId)!;
    expectError(await switchTo(tender, 'active.pre-qualification.stand-still'), 403, 'body', 'data', "Can't switch to 'active.pre-qualification.stand-still' while not all bids are qualified");
    expectError(await api(t.app, 'PATCH', ownerUrl(tender), { body: { data: { title: 'інша' } } }), 403, 'body', 'data', "Can't update tender at 'active.pre-qualification' status");

    const missing = await decide(tender, byBid(a.id).id, { status: 'active', qualified: true });
    expectError(missing, 422, 'body', 'eligible', ['This field must be true.']);
    expectStatus(await decide(tender, byBid(a.id).id, { status: 'active', qualified: true, eligible: true }), 200);
    expectStatus(await decide(tender, byBid(b.id).id, { status: 'active', qualified: true, eligible: true }), 200);
    expectStatus(await decide(tender, byBid(c.id).id, { status: 'unsuccessful' }), 200);
    expectError(await decide(tender, byBid(c.id).id, { status: 'active', qualified: true, eligible: true }), 403, 'body', 'data', "Can't update qualification status");
    // The rejection is reconsidered: a fresh pending qualification takes its place.
    const reopened = await decide(tender, byBid(c.id).id, { status: 'cancelled' });
    expectStatus(reopened, 200);
    assert.match(String(reopened.headers.location), /\/qualifications\/[0-9a-f]{32}$/);
    const fresh = String(reopened.headers.location).split('/').at(-1)!;
    expectStatus(await decide(tender, fresh, { status: 'unsuccessful', title: 'Не відповідає кваліфікаційним критеріям' }), 200);
    const bids = (await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/bids`, { auth: null })).json.data as unknown as Json[];
    assert.deepEqual(Object.fromEntries(bids.map((x) => [x.id, x.status])), { [a.id]: 'active', [b.id]: 'active', [c.id]: 'unsuccessful' });
    const qualified = bids.find((x) => x.id === a.id)!;
    assert.deepEqual(Object.keys(qualified).sort(), ['documents', 'id', 'items', 'lotValues', 'requirementResponses', 'status', 'tenderers']);
    assert.equal(((qualified.lotValues as Json[])[0]!).value, undefined, 'prices stay hidden until the auction');
    const lost = bids.find((x) => x.id === c.id)!;
    assert.equal(lost.selfQualified, true, 'a rejected bid shows its declarations');
    assert.equal(lost.items, undefined);
    expectError(
      await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/bids/${a.id}/financial_documents`, { auth: null }),
      403, 'body', 'data', "Can't view bid documents in current (active.pre-qualification) tender status",
    );
    expectStatus(await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/bids/${a.id}/financial_documents?acc_token=${a.token}`, { auth: 'brokerh' }), 200);

    expectError(await switchTo(tender, 'active.pre-qualification.stand-still'), 422, 'body', 'documents', "Document with type 'evaluationReports' and format pkcs7-signature is required");
    expectError(
      await api(t.app, 'POST', ownerUrl(tender, '/documents'), { body: { data: { title: 'інше.pdf', format: 'application/pdf', ...SIGNED_URLS.notice } } }),
      403, 'body', 'data', "Can't add document in current (active.pre-qualification) tender status",
    );
    expectStatus(await api(t.app, 'POST', ownerUrl(tender, '/documents'), { body: { data: evaluationReport() } }), 201);
    const standStill = await switchTo(tender, 'active.pre-qualification.stand-still');
    expectStatus(standStill, 200);
    const period = (standStill.json.data as Json).qualificationPeriod as Json;
    assert.equal(period.endDate, '2027-02-07T00:00:00+02:00', 'five calendar days');
    assert.equal(period.reportingDatePublication, AFTER_TENDERING);

    // The rejected bidder complains about its rejection; paid, it holds the stand-still.
    const rejected = (await qualifications(tender)).find((q) => q.id === fresh)!;
    assert.deepEqual(rejected.complaintPeriod, { startDate: AFTER_TENDERING, endDate: '2027-02-07T00:00:00+02:00' });
    const complaints = `/api/2.5/tenders/${tender.id}/qualifications/${fresh}/complaints`;
    expectError(
      await api(t.app, 'POST', complaints, { auth: 'broker1', body: { data: { type: 'complaint', title: 'Скарга', description: 'd', author: COMPLAINANT } } }),
      403, 'url', 'permission', 'Forbidden',
    );
    const filed = await api(t.app, 'POST', `${complaints}?acc_token=${c.token}`, { auth: 'brokerr', body: { data: { type: 'complaint', title: 'Скарга', description: 'Безпідставна відмова', author: COMPLAINANT } } });
    expectStatus(filed, 201);
    const complaint = filed.json.data as Json;
    assert.equal(complaint.bid_id, c.id);
    assert.equal(complaint.relatedLot, lot);
    expectStatus(await api(t.app, 'PATCH', `${complaints}/${String(complaint.id)}`, { auth: 'bot', body: { data: { status: 'pending' } } }), 200);
    expectError(await switchTo(tender, 'active.pre-qualification'), 403, 'body', 'data', "Can't switch to 'active.pre-qualification' before resolve all complaints");

    await setClock(t.app, '2027-02-07T00:00:01+02:00');
    assert.equal((await openTender(t.app, tender)).status, 'active.pre-qualification.stand-still', 'the complaint holds the stand-still');
    const review = (data: Json) => api(t.app, 'PATCH', `${complaints}/${String(complaint.id)}`, { auth: 'reviewer', body: { data } });
    expectStatus(await review({ status: 'accepted', reviewDate: '2027-02-07T00:00:01+02:00' }), 200);
    expectStatus(await review({ status: 'declined' }), 200);
    await setClock(t.app, '2027-02-07T00:00:02+02:00');
    const auction = await openTender(t.app, tender);
    assert.equal(auction.status, 'active.auction');

    const start = isoToMs(String(((auction.lots as Json[])[0]!.auctionPeriod as Json).startDate));
    assert.ok(start >= isoToMs('2027-02-07T00:00:00+02:00'), 'the auction follows the stand-still');
    // ... and the declined complaint's unblock date: two days after its decision day.
    assert.equal(((auction.lots as Json[])[0]!.auctionPeriod as Json).shouldStartAfter, '2027-02-10T00:00:00+02:00');
    await setClock(t.app, formatIso(start + 40 * 60_000));
    const qualifying = await openTender(t.app, tender);
    assert.equal(qualifying.status, 'active.qualification');
    const [award] = qualifying.awards as Json[];
    const priced = (await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/bids/${a.id}`, { auth: null })).json.data as Json;
    assert.equal(((priced.lotValues as Json[])[0]!.value as Json).amount, 900, 'prices are public once awarding starts');
    assert.equal(award!.bid_id, a.id, 'the cheapest qualified bid (the rejected cheaper one is out)');
    expectStatus(await api(t.app, 'POST', ownerUrl(tender, `/awards/${String(award!.id)}/documents`), { body: { data: awardNotice() } }), 201);
    const decided = await api(t.app, 'PATCH', ownerUrl(tender, `/awards/${String(award!.id)}`), { body: { data: { status: 'active', qualified: true, eligible: true } } });
    expectStatus(decided, 200);
    const end = String(((decided.json.data as Json).complaintPeriod as Json).endDate);
    await setClock(t.app, end);
    const mirror = ((await openTender(t.app, tender)).contracts as Json[])[0]!;
    const signed = await api(t.app, 'PATCH', `/api/2.5/contracts/${String(mirror.id)}?acc_token=${tender.token}`, {
      body: { data: { status: 'active', contractNumber: 'N-1', dateSigned: end, period: { startDate: end, endDate: '2027-12-31T00:00:00+02:00' } } },
    });
    expectStatus(signed, 200);
    assert.equal((await openTender(t.app, tender)).status, 'complete');
  });

  test('a satisfied qualification complaint sends the tender back to the decisions', async () => {
    const { tender, b, rejected } = await decidedPair();
    expectStatus(await api(t.app, 'POST', ownerUrl(tender, '/documents'), { body: { data: evaluationReport() } }), 201);
    expectStatus(await switchTo(tender, 'active.pre-qualification.stand-still'), 200);
    const complaints = `/api/2.5/tenders/${tender.id}/qualifications/${String(rejected.id)}/complaints`;
    const filed = await api(t.app, 'POST', `${complaints}?acc_token=${b.token}`, { auth: 'broker4', body: { data: { type: 'complaint', title: 'Скарга', description: 'd', author: COMPLAINANT } } });
    expectStatus(filed, 201);
    const url = `${complaints}/${String((filed.json.data as Json).id)}`;
    expectStatus(await api(t.app, 'PATCH', url, { auth: 'bot', body: { data: { status: 'pending' } } }), 200);
    expectStatus(await api(t.app, 'PATCH', url, { auth: 'reviewer', body: { data: { status: 'accepted', reviewDate: AFTER_TENDERING } } }), 200);
    expectStatus(await api(t.app, 'PATCH', url, { auth: 'reviewer', body: { data: { status: 'satisfied' } } }), 200);
    assert.equal((await openTender(t.app, tender)).status, 'active.pre-qualification');
    // Only one bid stays qualified: the stand-still's end (after new decisions) fails the tender if it stays so.
    expectStatus(await decide(tender, rejected.id, { status: 'cancelled' }), 200);
  });

  test('qualification claims: by bidders in the stand-still, a rejection only by its own bidder; the owner answers', async () => {
    const { tender, a, b, rejected } = await decidedPair();
    const claims = `/api/2.5/tenders/${tender.id}/qualifications/${String(rejected.id)}/complaints`;
    const claim = { type: 'claim', title: 'Вимога', description: 'Поясніть відмову', author: COMPLAINANT, status: 'claim' };
    expectError(await api(t.app, 'POST', `${claims}?acc_token=${b.token}`, { auth: 'broker4', body: { data: claim } }), 403, 'body', 'data', "Can't add complaint in current (active.pre-qualification) tender status");
    expectStatus(await api(t.app, 'POST', ownerUrl(tender, '/documents'), { body: { data: evaluationReport() } }), 201);
    expectStatus(await switchTo(tender, 'active.pre-qualification.stand-still'), 200);
    expectError(await api(t.app, 'POST', `${claims}?acc_token=${a.token}`, { auth: 'brokerh', body: { data: claim } }), 403, 'body', 'data', 'Can add claim only on unsuccessful qualification of your bid');
    const filed = await api(t.app, 'POST', `${claims}?acc_token=${b.token}`, { auth: 'broker4', body: { data: claim } });
    expectStatus(filed, 201);
    const filedClaim = filed.json.data as Json;
    assert.equal(filedClaim.status, 'claim');
    assert.equal(filedClaim.bid_id, b.id);
    const answer = await api(t.app, 'PATCH', ownerUrl(tender, `/qualifications/${String(rejected.id)}/complaints/${String(filedClaim.id)}`), {
      body: { data: { status: 'answered', resolutionType: 'declined', resolution: 'Відмову обґрунтовано у протоколі розгляду пропозицій' } },
    });
    expectStatus(answer, 200);
    assert.equal((answer.json.data as Json).status, 'answered');
  });

  test('two lots: a lot left with one qualified bid fails at the stand-still end, the other goes to its auction', async () => {
    await setClock(t.app, START);
    const tender = await publishedOpenTender(t.app, 'aboveThresholdEU', 2);
    const [lot1, lot2] = tender.lotIds as [string, string];
    const a = await submitOpenBid(t.app, tender, { [lot1]: 900, [lot2]: 950 }, 'brokerh');
    const b = await submitOpenBid(t.app, tender, { [lot1]: 920, [lot2]: 930 }, 'broker4');
    await setClock(t.app, AFTER_TENDERING);
    const qs = await qualifications(tender);
    assert.equal(qs.length, 4, 'one per bid and lot');
    for (const q of qs) {
      const reject = q.lotID === lot2 && q.bidID === b.id;
      expectStatus(await decide(tender, q.id, reject ? { status: 'unsuccessful' } : { status: 'active', qualified: true, eligible: true }), 200);
    }
    const bids = (await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/bids`, { auth: null })).json.data as unknown as Json[];
    assert.equal(bids.find((x) => x.id === b.id)!.status, 'active', 'a bid with one qualified lot stays in');
    expectStatus(await api(t.app, 'POST', ownerUrl(tender, '/documents'), { body: { data: evaluationReport() } }), 201);
    expectStatus(await switchTo(tender, 'active.pre-qualification.stand-still'), 200);
    await setClock(t.app, '2027-02-07T00:00:01+02:00');
    const data = await openTender(t.app, tender);
    assert.equal(data.status, 'active.auction');
    assert.deepEqual((data.lots as Json[]).map((l) => l.status), ['active', 'unsuccessful']);
    assert.ok(a.id);
  });

  test('too few bids at the end of tendering: unsuccessful without prequalification', async () => {
    await setClock(t.app, START);
    const tender = await publishedOpenTender(t.app, 'aboveThresholdEU');
    await submitOpenBid(t.app, tender, { [tender.lotIds[0]!]: 900 }, 'brokerh');
    await setClock(t.app, AFTER_TENDERING);
    const data = await openTender(t.app, tender);
    assert.equal(data.status, 'unsuccessful');
    assert.equal(data.qualifications, undefined);
  });

  test('English names are required of the procuring entity and the items', async () => {
    await setClock(t.app, START);
    const { openTenderData, openConfig } = await import('../open/builders.ts');
    const data = openTenderData('aboveThresholdEU');
    const pe = { ...(data.procuringEntity as Json) };
    delete pe.name_en;
    const res = await api(t.app, 'POST', '/api/2.5/tenders', { body: { data: { ...data, procuringEntity: pe }, config: openConfig('aboveThresholdEU') } });
    expectError(res, 422, 'body', 'procuringEntity', { name_en: ['This field is required.'] });
  });
});
