// The open family after tendering and around it, over HTTP on both backends (open-procedures.md
// §1.7–§1.9, §2): tender complaints within the complaint period, award cancellation rules,
// cancellations waiting out their complaint period, the criteria list in a tender PATCH, and
// sandbox acceleration of the family's periods.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeApp } from '../../helpers/app.ts';
import { api, expectError, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { REFERENCE_DS_KEY, SIGNED_URLS } from '../../helpers/reference-ds.ts';
import { START } from '../../helpers/recorded-tender.ts';
import { criterion } from '../../helpers/criteria.ts';
import { COMPLAINANT } from '../negotiation/builders.ts';
import { ownerUrl } from '../below-threshold/builders.ts';
import { awardNotice, createOpenDraft, openTender, publishedOpenTender, submitOpenBid, type OpenTender } from './builders.ts';

const AFTER_TENDERING = '2027-01-17T00:00:01+02:00';
const cancellationReport = (): Json => ({ title: 'sign.p7s', documentType: 'cancellationReport', format: 'application/pkcs7-signature', ...SIGNED_URLS.notice });

describeApp('open procedures: awarding, complaints, cancellations', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  before(() => setClock(t.app, START));

  const awards = async (tender: OpenTender): Promise<Json[]> => (await openTender(t.app, tender)).awards as Json[];
  async function decide(tender: OpenTender, awardId: unknown, data: Json) {
    const award = (await awards(tender)).find((a) => a.id === awardId)!;
    if (!((award.documents as Json[] | undefined) ?? []).some((d) => d.documentType === 'notice')) {
      expectStatus(await api(t.app, 'POST', ownerUrl(tender, `/awards/${String(awardId)}/documents`), { body: { data: awardNotice() } }), 201);
    }
    return api(t.app, 'PATCH', ownerUrl(tender, `/awards/${String(awardId)}`), { body: { data } });
  }

  test('tender complaints: any broker until the complaint period ends; an undecided one holds the end of tendering, a decided one the auction', async () => {
    await setClock(t.app, START);
    const tender = await publishedOpenTender(t.app, 'aboveThresholdUA');
    const complaintsUrl = `/api/2.5/tenders/${tender.id}/complaints`;
    const filed = await api(t.app, 'POST', complaintsUrl, { auth: 'broker1', body: { data: { type: 'complaint', title: 'Дискримінація', description: 'Умови', author: COMPLAINANT } } });
    expectStatus(filed, 201);
    const complaint = filed.json.data as Json;
    // 0.3 % of 1000 UAH during tendering, at least 2000.
    assert.deepEqual(complaint.value, { amount: 2000, currency: 'UAH' });
    expectStatus(await api(t.app, 'PATCH', `${complaintsUrl}/${String(complaint.id)}`, { auth: 'bot', body: { data: { status: 'pending' } } }), 200);
    expectError(
      await api(t.app, 'POST', complaintsUrl, { auth: 'broker1', body: { data: { title: 'Вимога', description: 'd', author: COMPLAINANT } } }),
      404, 'url', 'not_found', 'Not Found',
    );
    const period = (await openTender(t.app, tender)).complaintPeriod as Json;
    assert.equal(period.endDate, '2027-01-13T00:00:00+02:00');
    await setClock(t.app, '2027-01-13T00:00:01+02:00');
    expectError(
      await api(t.app, 'POST', complaintsUrl, { auth: 'broker1', body: { data: { type: 'complaint', title: 'Пізно', description: 'd', author: COMPLAINANT } } }),
      403, 'body', 'data', 'Can submit complaint not later than complaintPeriod end date',
    );
    await submitOpenBid(t.app, tender, { [tender.lotIds[0]!]: 900 }, 'brokerh');
    await submitOpenBid(t.app, tender, { [tender.lotIds[0]!]: 950 }, 'broker4');
    await setClock(t.app, AFTER_TENDERING);
    assert.equal((await openTender(t.app, tender)).status, 'active.tendering', 'the pending complaint holds the end of tendering');
    const review = (data: Json) => api(t.app, 'PATCH', `${complaintsUrl}/${String(complaint.id)}`, { auth: 'reviewer', body: { data } });
    expectStatus(await review({ status: 'invalid', rejectReason: 'lawNonCompliance' }), 200);
    await setClock(t.app, '2027-01-17T00:00:02+02:00');
    const auction = await openTender(t.app, tender);
    assert.equal(auction.status, 'active.auction');
    // A decided complaint holds the auction two days past its decision day.
    assert.equal((((auction.lots as Json[])[0]!).auctionPeriod as Json).shouldStartAfter, '2027-01-20T00:00:00+02:00');
  });

  test('awards: eligibility stated; a rejection is reopened without a claim; a satisfied complaint cancels the lot\'s awards', async () => {
    await setClock(t.app, START);
    const tender = await publishedOpenTender(t.app, 'aboveThreshold');
    const lot = tender.lotIds[0]!;
    const a = await submitOpenBid(t.app, tender, { [lot]: 800 }, 'brokerh');
    const b = await submitOpenBid(t.app, tender, { [lot]: 700 }, 'broker4');
    await setClock(t.app, AFTER_TENDERING);
    // Two bids: an auction, settled here by the auction user with the bids as they are.
    const view = await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/auction`, { auth: 'auction' });
    assert.equal((view.json.data as Json).status, 'active.auction');
    expectStatus(await api(t.app, 'POST', `/api/2.5/tenders/${tender.id}/auction/${lot}`, { auth: 'auction', body: { data: { bids: [{}, {}] } } }), 200);
    const [first] = await awards(tender);
    assert.equal(first!.bid_id, b.id, 'the cheaper bid');
    expectError(await decide(tender, first!.id, { status: 'unsuccessful' }), 422, 'body', 'qualified', ["Can't update award to unsuccessful status when qualified/eligible isn't set to False"]);
    expectStatus(await decide(tender, first!.id, { status: 'unsuccessful', qualified: true, eligible: false }), 200);
    const [, second] = await awards(tender);
    assert.equal(second!.bid_id, a.id);
    assert.equal(second!.status, 'pending');
    // The owner reopens the rejection; no claim is needed in the open family.
    expectStatus(await decide(tender, first!.id, { status: 'cancelled' }), 200);
    const reopened = await awards(tender);
    assert.deepEqual(reopened.map((x) => x.status), ['cancelled', 'cancelled', 'pending']);
    assert.equal(reopened[2]!.bid_id, b.id);

    expectStatus(await decide(tender, reopened[2]!.id, { status: 'active', qualified: true, eligible: true }), 200);
    const complaints = `/api/2.5/tenders/${tender.id}/awards/${String(reopened[2]!.id)}/complaints`;
    const filed = await api(t.app, 'POST', `${complaints}?acc_token=${a.token}`, { auth: 'brokerh', body: { data: { type: 'complaint', title: 'Скарга', description: 'd', author: COMPLAINANT } } });
    expectStatus(filed, 201);
    const id = String((filed.json.data as Json).id);
    expectStatus(await api(t.app, 'PATCH', `${complaints}/${id}`, { auth: 'bot', body: { data: { status: 'pending' } } }), 200);
    const review = (data: Json) => api(t.app, 'PATCH', `${complaints}/${id}`, { auth: 'reviewer', body: { data } });
    expectStatus(await review({ status: 'accepted', reviewDate: AFTER_TENDERING }), 200);
    expectStatus(await review({ status: 'satisfied' }), 200);
    expectStatus(await decide(tender, reopened[2]!.id, { status: 'cancelled' }), 200);
    const after = await awards(tender);
    assert.equal(after[2]!.status, 'cancelled');
    assert.equal(((after[2]!.complaints as Json[])[0]!).status, 'satisfied', 'the review body\'s complaint stays');
    assert.equal(after.at(-1)!.status, 'pending', 'the next award follows');
  });

  test('cancellations wait out a 10-day complaint period, then take effect', async () => {
    await setClock(t.app, START);
    const tender = await publishedOpenTender(t.app, 'aboveThresholdUA');
    const created = await api(t.app, 'POST', ownerUrl(tender, '/cancellations'), { body: { data: { reason: 'Немає потреби', reasonType: 'noOffer' } } });
    expectError(created, 422, 'body', 'reasonType', ["Value must be one of ['noDemand', 'unFixable', 'forceMajeure', 'expensesCut', 'noLocalization']"]);
    const c = await api(t.app, 'POST', ownerUrl(tender, '/cancellations'), { body: { data: { reason: 'Немає потреби', reasonType: 'noDemand' } } });
    expectStatus(c, 201);
    const id = String((c.json.data as Json).id);
    expectStatus(await api(t.app, 'POST', ownerUrl(tender, `/cancellations/${id}/documents`), { body: { data: cancellationReport() } }), 201);
    expectError(await api(t.app, 'PATCH', ownerUrl(tender, `/cancellations/${id}`), { body: { data: { status: 'active' } } }), 403, 'body', 'data', "Can't switch cancellation status from draft to active");
    const pending = await api(t.app, 'PATCH', ownerUrl(tender, `/cancellations/${id}`), { body: { data: { status: 'pending' } } });
    expectStatus(pending, 200);
    assert.deepEqual((pending.json.data as Json).complaintPeriod, { startDate: START, endDate: '2027-01-11T00:00:00+02:00' });
    await setClock(t.app, '2027-01-11T00:00:01+02:00');
    const done = await openTender(t.app, tender);
    assert.equal(done.status, 'cancelled');
    assert.equal(((done.cancellations as Json[])[0]!).status, 'active');
  });

  test('life-cycle cost: answers to the cost criteria add to the price the award goes by', async () => {
    await setClock(t.app, START);
    const tender = await createOpenDraft(t.app, 'aboveThreshold', 1, { awardCriteria: 'lifeCycleCost' });
    const lot = tender.lotIds[0]!;
    const cost = criterion('CRITERION.OTHER.LIFE_CYCLE_COST.COST_OF_EXPLOITATION', { relatesTo: 'lot', relatedItem: lot });
    ((cost.requirementGroups as Json[])[0]!).requirements = [{ title: 'Вартість експлуатації', dataType: 'number', minValue: 0, unit: { code: 'UAH', name: 'гривня' } }];
    const { addRequiredCriteria } = await import('./builders.ts');
    await addRequiredCriteria(t.app, tender, [cost]);
    const { addContractProforma, addNoticeSignature } = await import('../below-threshold/builders.ts');
    await addContractProforma(t.app, tender);
    await addNoticeSignature(t.app, tender);
    expectStatus(await api(t.app, 'PATCH', ownerUrl(tender), { body: { data: { status: 'active.tendering' } } }), 200);
    const requirementId = String(((((tender.criteria.at(-1)!.requirementGroups as Json[])[0]!).requirements as Json[])[0]!).id);
    const withCost = (amount: number) => async (bid: { id: string; token: string; data: Json }, auth: string) => {
      const rr = (bid.data.requirementResponses as Json[]).find((x) => (x.requirement as Json).id === requirementId)!;
      const url = `/api/2.5/tenders/${tender.id}/bids/${bid.id}/requirement_responses/${String(rr.id)}?acc_token=${bid.token}`;
      expectStatus(await api(t.app, 'PATCH', url, { auth, body: { data: { value: amount } } }), 200);
    };
    const cheap = await submitOpenBid(t.app, tender, { [lot]: 800 }, 'brokerh');
    await withCost(300)(cheap, 'brokerh');
    const economical = await submitOpenBid(t.app, tender, { [lot]: 900 }, 'broker4');
    await withCost(50.5)(economical, 'broker4');
    // The response writes sent both bids back; submit them again.
    for (const [bid, auth] of [[cheap, 'brokerh'], [economical, 'broker4']] as const) {
      const { proposalSignature } = await import('../below-threshold/tendering.ts');
      await setClock(t.app, '2027-01-02T00:00:00+02:00');
      expectStatus(await api(t.app, 'POST', `/api/2.5/tenders/${tender.id}/bids/${bid.id}/documents?acc_token=${bid.token}`, { auth, body: { data: proposalSignature() } }), 201);
      expectStatus(await api(t.app, 'PATCH', `/api/2.5/tenders/${tender.id}/bids/${bid.id}?acc_token=${bid.token}`, { auth, body: { data: { status: 'pending' } } }), 200);
    }
    await setClock(t.app, AFTER_TENDERING);
    expectStatus(await api(t.app, 'POST', `/api/2.5/tenders/${tender.id}/auction/${lot}`, { auth: 'auction', body: { data: { bids: [{}, {}] } } }), 200);
    const bids = (await openTender(t.app, tender)).bids as Json[];
    const weighted = Object.fromEntries(bids.map((b) => [b.id, ((b.lotValues as Json[])[0]!).weightedValue]));
    assert.deepEqual(weighted[cheap.id], { amount: 1100, addition: 300, currency: 'UAH' });
    assert.deepEqual(weighted[economical.id], { amount: 950.5, addition: 50.5, currency: 'UAH' });
    const [award] = await awards(tender);
    assert.equal(award!.bid_id, economical.id, 'the lower life-cycle cost wins');
  });

  test('the whole criteria list in a tender PATCH replaces the stored one', async () => {
    await setClock(t.app, START);
    const tender = await createOpenDraft(t.app, 'aboveThreshold');
    const patched = await api(t.app, 'PATCH', ownerUrl(tender), { body: { data: { criteria: [criterion('CRITERION.OTHER.BID.VALIDITY_PERIOD')] } } });
    expectStatus(patched, 200);
    const [stored] = (patched.json.data as Json).criteria as Json[];
    assert.match(String(stored!.id), /^[0-9a-f]{32}$/);
    expectError(
      await api(t.app, 'PATCH', ownerUrl(tender), { body: { data: { criteria: [criterion('CRITERION.OTHER.BID.VALIDITY_PERIOD'), criterion('CRITERION.OTHER.BID.VALIDITY_PERIOD')] } } }),
      403, 'body', 'data', 'Criteria are not unique',
    );
    const rogue = await api(t.app, 'POST', '/api/2.5/tenders', { body: { data: { criteria: [] } } });
    assert.equal(rogue.status, 422);
  });

  test('sandbox acceleration: the family\'s periods shrink with `accelerator`', async () => {
    await setClock(t.app, START);
    // 1440: a day lasts a minute. 16 minutes of tendering count as 16 days.
    const tender = await createOpenDraft(t.app, 'aboveThresholdUA', 1, {
      procurementMethodDetails: 'quick, accelerator=1440',
      tenderPeriod: { endDate: '2027-01-01T00:16:00+02:00' },
    });
    const data = await openTender(t.app, tender);
    assert.equal((data.enquiryPeriod as Json).endDate, '2027-01-01T00:06:00+02:00', 'ten days before the end');
    assert.equal((data.complaintPeriod as Json).endDate, '2027-01-01T00:12:00+02:00', 'four days before the end');
  });
});
