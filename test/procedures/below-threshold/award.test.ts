// HTTP-level tests of /tenders/{id}/awards (below-threshold.md §3.6): generation, decisions in the
// reference's order with its messages, award documents, contracts created and cancelled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeApp } from '../../helpers/app.ts';
import { api, expectError, expectStatus, type Json } from '../../helpers/api.ts';
import { REFERENCE_DS_KEY, SIGNED_URLS } from '../../helpers/reference-ds.ts';
import { getTender } from './builders.ts';
import { AFTER_TENDERING, awardsUrl, bidAndEndTendering, decideAward, finishAuctions, listAwards, publishLotTender, signAward, type LotTender } from './awarding.ts';
import type { CreatedBid } from './tendering.ts';
import { updateStoredTender } from '../../helpers/stored-tender.ts';

describeApp('awards', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {

  async function oneBidTender(): Promise<{ lt: LotTender; bids: CreatedBid[]; award: Json }> {
    const lt = await publishLotTender(t.app, 1);
    const bids = await bidAndEndTendering(t, lt, [[500]]);
    const awards = await listAwards(t.app, lt.tender.id);
    assert.equal(awards.length, 1);
    return { lt, bids, award: awards[0]! };
  }

  test('one bid: tendering end creates a pending award for the lot (period: 5 full working days, Sat 01-16 moves to Mon)', async () => {
    const { lt, bids, award } = await oneBidTender();
    const tender = await getTender(t.app, lt.tender.id);
    assert.equal(tender.status, 'active.qualification');
    assert.deepEqual(tender.awardPeriod, { startDate: AFTER_TENDERING });
    assert.equal(award.status, 'pending');
    assert.equal(award.bid_id, bids[0]!.id);
    assert.equal(award.lotID, lt.lotIds[0]);
    assert.equal(award.date, AFTER_TENDERING);
    assert.deepEqual(award.value, { amount: 500, currency: 'UAH', valueAddedTaxIncluded: false });
    assert.deepEqual(award.period, { startDate: AFTER_TENDERING, endDate: '2027-01-23T00:00:00+02:00' });
    assert.equal((award.suppliers as Json[])[0]!.name, 'Учасник 1');
    const one = await api(t.app, 'GET', `/api/2.5/tenders/${lt.tender.id}/awards/${String(award.id)}`, { auth: null });
    expectStatus(one, 200);
    assert.deepEqual(one.json.data, award);
    // Bids are public once qualification starts.
    expectStatus(await api(t.app, 'GET', `/api/2.5/tenders/${lt.tender.id}/bids`, { auth: null }), 200);
  });

  test('PATCH messages in the reference order (recorded award files)', async () => {
    const { lt, award } = await oneBidTender();
    const url = awardsUrl(lt.tender, `/${String(award.id)}`);
    const patch = (data: Json, auth = 'broker') => api(t.app, 'PATCH', url, { auth, body: { data } });
    expectError(await api(t.app, 'PATCH', `/api/2.5/tenders/${lt.tender.id}/awards/${String(award.id)}`, { body: { data: { status: 'active' } } }), 403, 'url', 'permission', 'Forbidden');
    expectError(await patch({ eligible: true }), 422, 'body', 'eligible', 'Rogue field');
    expectError(await patch({ status: 'unsuccessful', qualified: true }), 422, 'body', 'qualified', ["Can't update award to unsuccessful status when qualified/eligible isn't set to False"]);
    expectError(await patch({ status: 'unsuccessful' }), 422, 'body', 'qualified', ["Can't update award to unsuccessful status when qualified/eligible isn't set to False"]);
    expectError(await patch({ status: 'active', qualified: false }), 422, 'body', 'qualified', ["Can't update award to active status with not qualified"]);
    expectError(await patch({ status: 'active', qualified: true }), 422, 'body', 'documents', "Document with type 'notice' and format pkcs7-signature is required");
    expectError(await patch({ status: 'cancelled' }), 403, 'body', 'data', "Can't update award in current (pending) status");
    // A pending award may be edited without a decision.
    const titled = await patch({ title: 'Рішення' });
    expectStatus(titled, 200);
    assert.equal((titled.json.data as Json).title, 'Рішення');
    const doc = await signAward(t.app, lt.tender, String(award.id));
    assert.equal(doc.author, 'tender_owner');
    assert.equal(doc.documentOf, 'tender');
    const again = await api(t.app, 'POST', awardsUrl(lt.tender, `/${String(award.id)}/documents`), {
      body: { data: { title: 'sign2.p7s', documentType: 'notice', format: 'application/pkcs7-signature', ...SIGNED_URLS.notice } },
    });
    expectError(again, 422, 'body', 'documents', 'Notice document already exists in award');
  });

  test('pending → active: stand-still, contract (tender mirror and /contracts), tender active.awarded', async () => {
    const { lt, award } = await oneBidTender();
    const decided = await decideAward(t.app, lt.tender, String(award.id), 'active');
    assert.equal(decided.status, 'active');
    assert.equal(decided.qualified, true);
    assert.equal(decided.date, AFTER_TENDERING);
    // Fri 2027-01-15 00:15 + 2 full working days: Mon, Tue → Wed 2027-01-20 00:00.
    assert.deepEqual(decided.complaintPeriod, { startDate: AFTER_TENDERING, endDate: '2027-01-20T00:00:00+02:00' });
    const tender = await getTender(t.app, lt.tender.id);
    assert.equal(tender.status, 'active.awarded');
    assert.deepEqual(tender.awardPeriod, { startDate: AFTER_TENDERING, endDate: AFTER_TENDERING });
    const mirrors = tender.contracts as Json[];
    assert.equal(mirrors.length, 1);
    const mirror = mirrors[0]!;
    assert.equal(mirror.status, 'pending');
    assert.equal(mirror.awardID, award.id);
    assert.equal(mirror.contractID, `${String(tender.tenderID)}-a1`);
    assert.deepEqual(mirror.value, { amount: 500, currency: 'UAH', valueAddedTaxIncluded: false, amountNet: 500 });
    const list = await api(t.app, 'GET', `/api/2.5/tenders/${lt.tender.id}/contracts`, { auth: null });
    assert.deepEqual(list.json.data, [mirror]);
    const full = await api(t.app, 'GET', `/api/2.5/contracts/${String(mirror.id)}`, { auth: null });
    expectStatus(full, 200);
    const contract = full.json.data as Json;
    assert.equal(contract.status, 'pending');
    assert.equal(contract.tender_id, lt.tender.id);
    assert.equal(contract.owner, 'broker');
    assert.equal(contract.access, undefined);
    assert.equal(contract.transfer_token, undefined);
    assert.equal((contract.items as Json[]).length, 1);
    assert.deepEqual(full.json.config, { restricted: false });
    // Decided awards are not edited any more.
    expectError(await api(t.app, 'PATCH', awardsUrl(lt.tender, `/${String(award.id)}`), { body: { data: { title: 'x' } } }), 403, 'body', 'data', "Can't update award in current (active) status");
  });

  test('active → cancelled: contract cancelled everywhere, the same bid gets a new pending award', async () => {
    const { lt, bids, award } = await oneBidTender();
    await decideAward(t.app, lt.tender, String(award.id), 'active');
    const mirrorId = String(((await getTender(t.app, lt.tender.id)).contracts as Json[])[0]!.id);
    const changedQualified = await api(t.app, 'PATCH', awardsUrl(lt.tender, `/${String(award.id)}`), { body: { data: { status: 'cancelled', qualified: false } } });
    expectError(changedQualified, 422, 'body', 'data', "Can't update qualified/eligible fields in award in (cancelled) status");
    const res = await api(t.app, 'PATCH', awardsUrl(lt.tender, `/${String(award.id)}`), { body: { data: { status: 'cancelled' } } });
    expectStatus(res, 200);
    const cancelled = res.json.data as Json;
    assert.equal(cancelled.status, 'cancelled');
    assert.equal((cancelled.complaintPeriod as Json).endDate, AFTER_TENDERING);
    const tender = await getTender(t.app, lt.tender.id);
    assert.equal(tender.status, 'active.qualification');
    assert.equal((tender.contracts as Json[])[0]!.status, 'cancelled');
    const contract = await api(t.app, 'GET', `/api/2.5/contracts/${mirrorId}`, { auth: null });
    assert.equal((contract.json.data as Json).status, 'cancelled');
    assert.equal((contract.json.data as Json).date, AFTER_TENDERING);
    const awards = await listAwards(t.app, lt.tender.id);
    assert.deepEqual(awards.map((a) => a.status), ['cancelled', 'pending']);
    assert.equal(awards[1]!.bid_id, bids[0]!.id);
    expectError(await api(t.app, 'PATCH', awardsUrl(lt.tender, `/${String(award.id)}`), { body: { data: { status: 'active', qualified: true } } }), 403, 'body', 'data', "Can't update award in current (cancelled) status");
  });

  test('unsuccessful → cancelled needs a considered claim', async () => {
    const { lt, award } = await oneBidTender();
    await decideAward(t.app, lt.tender, String(award.id), 'unsuccessful');
    const res = await api(t.app, 'PATCH', awardsUrl(lt.tender, `/${String(award.id)}`), { body: { data: { status: 'cancelled', qualified: true } } });
    expectError(res, 422, 'body', 'data', "Can't update qualified/eligible fields in award in (cancelled) status");
    const same = await api(t.app, 'PATCH', awardsUrl(lt.tender, `/${String(award.id)}`), { body: { data: { status: 'cancelled' } } });
    expectError(same, 403, 'body', 'data', "Can't update award in current (unsuccessful) status");
  });

  test('two bids: cheapest first, then the next one after a disqualification; ties by bid date', async () => {
    const lt = await publishLotTender(t.app, 1);
    const bids = await bidAndEndTendering(t, lt, [[500], [480], [480]]);
    assert.equal((await getTender(t.app, lt.tender.id)).status, 'active.auction');
    expectError(
      await api(t.app, 'PATCH', awardsUrl(lt.tender, '/ffffffffffffffffffffffffffffffff'), { body: { data: { status: 'active', qualified: true } } }),
      404, 'url', 'award_id', 'Not Found',
    );
    await finishAuctions(t, lt.tender.id, { [`${bids[0]!.id}:${lt.lotIds[0]}`]: 450 });
    let awards = await listAwards(t.app, lt.tender.id);
    assert.deepEqual(awards.map((a) => a.bid_id), [bids[0]!.id]);
    await decideAward(t.app, lt.tender, String(awards[0]!.id), 'unsuccessful');
    awards = await listAwards(t.app, lt.tender.id);
    assert.deepEqual(awards.map((a) => [a.bid_id, a.status]), [[bids[0]!.id, 'unsuccessful'], [bids[1]!.id, 'pending']]);
    await decideAward(t.app, lt.tender, String(awards[1]!.id), 'unsuccessful');
    awards = await listAwards(t.app, lt.tender.id);
    assert.deepEqual(awards.map((a) => [a.bid_id, a.status]), [[bids[0]!.id, 'unsuccessful'], [bids[1]!.id, 'unsuccessful'], [bids[2]!.id, 'pending']]);
    expectError(
      await api(t.app, 'PATCH', awardsUrl(lt.tender, `/${String(awards[0]!.id)}`), { body: { data: { title: 'x' } } }),
      403, 'body', 'data', "Can't update award in current (unsuccessful) status",
    );
    assert.equal((await getTender(t.app, lt.tender.id)).status, 'active.qualification');
  });

  test('gates: award documents only in active.qualification, decisions only on active lots', async () => {
    const lt = await publishLotTender(t.app, 2);
    await bidAndEndTendering(t, lt, [[500, 500]]);
    const awards = await listAwards(t.app, lt.tender.id);
    expectError(await api(t.app, 'POST', awardsUrl(lt.tender, '/x/documents'), { body: { data: {} } }), 404, 'url', 'award_id', 'Not Found');
    await decideAward(t.app, lt.tender, String(awards[0]!.id), 'active');
    await decideAward(t.app, lt.tender, String(awards[1]!.id), 'active');
    assert.equal((await getTender(t.app, lt.tender.id)).status, 'active.awarded');
    const doc = { title: 'late.pdf', format: 'application/pdf', ...SIGNED_URLS.noticePdf };
    expectError(await api(t.app, 'POST', awardsUrl(lt.tender, `/${String(awards[0]!.id)}/documents`), { body: { data: doc } }), 403, 'body', 'data', "Can't add document in current (active.awarded) tender status");
    await updateStoredTender(t, lt.tender.id, (tender) => {
      tender.lots![1]!.status = 'cancelled';
    });
    expectError(
      await api(t.app, 'PATCH', awardsUrl(lt.tender, `/${String(awards[1]!.id)}`), { body: { data: { status: 'cancelled' } } }),
      403, 'body', 'data', 'Can update award only in active lot status',
    );
    // Cancelling the first lot's award reopens qualification for that lot only.
    const res = await api(t.app, 'PATCH', awardsUrl(lt.tender, `/${String(awards[0]!.id)}`), { body: { data: { status: 'cancelled' } } });
    expectStatus(res, 200);
    const tender = await getTender(t.app, lt.tender.id);
    assert.equal(tender.status, 'active.qualification');
    assert.equal((tender.awardPeriod as Json).endDate, undefined);
    assert.deepEqual((tender.awards as Json[]).map((a) => [a.lotID, a.status]), [[lt.lotIds[0], 'cancelled'], [lt.lotIds[1], 'active'], [lt.lotIds[0], 'pending']]);
  });
});
