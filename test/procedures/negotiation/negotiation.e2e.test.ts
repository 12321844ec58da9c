// negotiation and negotiation.quick over HTTP, on both backends (open-procedures.md §6.4, §2):
// draft → active → award → review-body complaint (declined / satisfied) → contract after the
// stand-still → complete; bad input answered with the reference's 4xx and nothing changed.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { describeApp } from '../../helpers/app.ts';
import { api, expectError, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { REFERENCE_DS_KEY, SIGNED_URLS } from '../../helpers/reference-ds.ts';

const cancellationReport = (): Json => ({ title: 'sign.p7s', documentType: 'cancellationReport', format: 'application/pkcs7-signature', ...SIGNED_URLS.notice });
import { START } from '../../helpers/recorded-tender.ts';
import {
  activeAward, activeNegotiation, COMPLAINANT, createNegotiation, decide, fileComplaint, getTender, LOT_ID, ownerUrl, postAward, reviewComplaint, runChronograph,
  signContract, signNotice, SUPPLIER, type NegotiationTender,
} from './builders.ts';

const STANDARDS_DIR = process.env.STANDARDS_DIR ?? '/work/shared/data';
const hasStandards = existsSync(`${STANDARDS_DIR}/codelists/tender/tender_cause_details/negotiation.json`);

async function snapshot(app: FastifyInstance, n: NegotiationTender): Promise<string> {
  return (await api(app, 'GET', `/api/2.5/tenders/${n.id}`)).body;
}

describeApp('negotiation', { trustedDsKeys: [REFERENCE_DS_KEY], env: hasStandards ? { STANDARDS_DIR } : {} }, (t) => {
  before(() => setClock(t.app, START));

  for (const [type, days, end] of [
    ['negotiation', 5, '2027-01-06T00:00:00+02:00'],
    ['negotiation.quick', 3, '2027-01-04T00:00:00+02:00'],
  ] as const) {
    test(`${type}: draft → active → award → declined complaint → contract after the ${days}-day stand-still → complete`, async () => {
      await setClock(t.app, START);
      const draft = await createNegotiation(t.app, type);
      assert.equal(draft.data.status, 'draft');
      assert.equal((draft.data.config as Json | undefined)?.awardComplainDuration ?? days, days);
      expectStatus(await api(t.app, 'PATCH', ownerUrl(draft), { body: { data: { status: 'active' } } }), 200);
      const award = await activeAward(t.app, draft);
      assert.deepEqual(award.complaintPeriod, { startDate: START, endDate: end });

      // Any broker complains; the fee is 0.6 % of the lot's value (past tendering), bounded.
      const complaint = await fileComplaint(t.app, draft, `/awards/${award.id}`);
      assert.deepEqual(complaint.data.value, { amount: 3000, currency: 'UAH' });
      assert.equal(complaint.data.status, 'draft');
      assert.equal(complaint.data.relatedLot, LOT_ID);
      assert.match(String(complaint.data.complaintID), /\.a1$/);
      await setClock(t.app, '2027-01-02T00:00:00+02:00');
      const signedEarly = await signContract(t.app, draft, '2027-01-02T00:00:00+02:00');
      expectError(signedEarly, 403, 'body', 'data', `Can't sign contract before stand-still period end (${end})`);

      await setClock(t.app, end);
      expectError(await signContract(t.app, draft, end), 403, 'body', 'data', "Can't sign contract before reviewing all complaints");
      const base = `/awards/${award.id}`;
      expectError(await reviewComplaint(t.app, draft, base, complaint.id, { status: 'accepted' }), 422, 'body', 'reviewDate', ['This field is required.']);
      expectStatus(await reviewComplaint(t.app, draft, base, complaint.id, { status: 'accepted', reviewDate: end, reviewPlace: 'Київ' }), 200);
      const declined = await reviewComplaint(t.app, draft, base, complaint.id, { status: 'declined' });
      expectStatus(declined, 200);
      assert.equal((declined.json.data as Json).status, 'declined');
      assert.ok((declined.json.data as Json).dateDecision);

      expectStatus(await signContract(t.app, draft, end), 200);
      const done = await getTender(t.app, draft);
      assert.equal((done.lots as Json[])[0]!.status, 'complete');
      assert.equal(done.status, 'complete');
    });
  }

  test('a satisfied complaint: the owner cancels the award (every award of the lot) and resolves the complaint', async () => {
    await setClock(t.app, START);
    const n = await activeNegotiation(t.app);
    const award = await activeAward(t.app, n);
    const base = `/awards/${award.id}`;
    const complaint = await fileComplaint(t.app, n, base);
    expectStatus(await reviewComplaint(t.app, n, base, complaint.id, { status: 'accepted', reviewDate: START }), 200);
    expectStatus(await reviewComplaint(t.app, n, base, complaint.id, { status: 'satisfied' }), 200);
    const complaintUrl = ownerUrl(n, `${base}/complaints/${complaint.id}`);
    expectError(await api(t.app, 'PATCH', complaintUrl, { body: { data: { status: 'resolved' } } }), 403, 'body', 'data', 'Forbidden');
    expectStatus(await decide(t.app, n, award.id, { status: 'cancelled' }), 200);
    const resolved = await api(t.app, 'PATCH', complaintUrl, { body: { data: { status: 'resolved', tendererAction: 'Рішення скасовано' } } });
    expectStatus(resolved, 200);
    assert.equal((resolved.json.data as Json).status, 'resolved');
    assert.ok((resolved.json.data as Json).tendererActionDate);
    const tender = await getTender(t.app, n);
    assert.equal((tender.awards as Json[])[0]!.status, 'cancelled');
    assert.equal((tender.contracts as Json[])[0]!.status, 'cancelled');
    // A new award on the lot, its stand-still and contract.
    const second = await activeAward(t.app, n);
    assert.equal(second.lotID, LOT_ID);
    const end = String((second.complaintPeriod as Json).endDate);
    await setClock(t.app, end);
    expectStatus(await signContract(t.app, n, end), 200);
    assert.equal((await getTender(t.app, n)).status, 'complete');
  });

  test('a satisfied cancellation complaint: the owner gives the cancellation up and answers; the tender goes on', async () => {
    await setClock(t.app, START);
    const n = await activeNegotiation(t.app, 'negotiation.quick');
    const award = await activeAward(t.app, n);
    const created = await api(t.app, 'POST', ownerUrl(n, '/cancellations'), { body: { data: { reason: 'r', reasonType: 'noDemand', relatedLot: LOT_ID } } });
    expectStatus(created, 201);
    const cancellationId = String((created.json.data as Json).id);
    const cUrl = (suffix = '') => ownerUrl(n, `/cancellations/${cancellationId}${suffix}`);
    expectStatus(await api(t.app, 'POST', cUrl('/documents'), { body: { data: cancellationReport() } }), 201);
    expectStatus(await api(t.app, 'PATCH', cUrl(), { body: { data: { status: 'pending' } } }), 200);
    const base = `/cancellations/${cancellationId}`;
    const complaint = await fileComplaint(t.app, n, base);
    assert.equal(complaint.data.relatedLot, LOT_ID);
    expectStatus(await reviewComplaint(t.app, n, base, complaint.id, { status: 'accepted', reviewDate: START }), 200);
    expectStatus(await reviewComplaint(t.app, n, base, complaint.id, { status: 'satisfied' }), 200);
    const complaintUrl = ownerUrl(n, `${base}/complaints/${complaint.id}`);
    expectError(
      await api(t.app, 'PATCH', complaintUrl, { body: { data: { tendererAction: 'Скасування відкликано' } } }),
      422, 'body', 'data', "Complaint can't have tendererAction only if cancellation not in unsuccessful status",
    );
    expectStatus(await api(t.app, 'PATCH', cUrl(), { body: { data: { status: 'unsuccessful' } } }), 200);
    expectError(await api(t.app, 'PATCH', complaintUrl, { body: { data: { status: 'resolved' } } }), 403, 'body', 'data', "Can't update complaint from satisfied to resolved status");
    await setClock(t.app, '2027-01-03T12:00:00+02:00');
    const resolved = await api(t.app, 'PATCH', complaintUrl, { body: { data: { tendererAction: 'Скасування відкликано' } } });
    expectStatus(resolved, 200);
    assert.equal((resolved.json.data as Json).status, 'resolved');
    // The award's stand-still began with the cancellation's complaint period, not before it: it stays (§2.6; shifts: unit tests).
    const tender = await getTender(t.app, n);
    assert.equal(((tender.awards as Json[])[0]!.complaintPeriod as Json).endDate, (award.complaintPeriod as Json).endDate);
    assert.equal((tender.cancellations as Json[])[0]!.status, 'unsuccessful');
    assert.equal(tender.status, 'active');
  });

  test('award rules: lotID, one live award per lot, notice signature, qualified; nothing changed on refusal', async () => {
    await setClock(t.app, START);
    const n = await activeNegotiation(t.app);
    let before = await snapshot(t.app, n);
    expectError(await api(t.app, 'POST', ownerUrl(n, '/awards'), { body: { data: { suppliers: [SUPPLIER], value: { amount: 1 } } } }), 422, 'body', 'lotID', ['This field is required.']);
    expectError(
      await api(t.app, 'POST', ownerUrl(n, '/awards'), { body: { data: { suppliers: [SUPPLIER], value: { amount: 1 }, lotID: 'b'.repeat(32) } } }),
      422, 'body', 'lotID', ['lotID should be one of lots'],
    );
    assert.equal(await snapshot(t.app, n), before);
    const award = await postAward(t.app, n);
    before = await snapshot(t.app, n);
    expectError(
      await api(t.app, 'POST', ownerUrl(n, '/awards'), { body: { data: { suppliers: [SUPPLIER], value: { amount: 1 }, lotID: LOT_ID } } }),
      403, 'body', 'data', "Can't create new award on lot while any (pending) award exists",
    );
    expectError(await decide(t.app, n, award.id, { status: 'active', qualified: true }), 422, 'body', 'documents', "Document with type 'notice' and format pkcs7-signature is required");
    expectError(await decide(t.app, n, award.id, { status: 'unsuccessful', qualified: true }), 422, 'body', 'qualified', ["Can't update award to unsuccessful status when qualified/eligible isn't set to False"]);
    expectError(await api(t.app, 'PATCH', ownerUrl(n), { body: { data: { title: 'changed' } } }), 403, 'body', 'data', "Can't update tender when there is at least one award.");
    expectError(await api(t.app, 'POST', ownerUrl(n, '/lots'), { body: { data: { title: 'lot 2', value: { amount: 10 } } } }), 403, 'body', 'data', "Can't add lot when you have awards");
    assert.equal(await snapshot(t.app, n), before);
    expectStatus(await signNotice(t.app, n, award.id), 201);
    const unsuccessful = await decide(t.app, n, award.id, { status: 'unsuccessful', qualified: false });
    expectStatus(unsuccessful, 200);
    assert.equal((unsuccessful.json.data as Json).complaintPeriod, undefined);
    expectError(await decide(t.app, n, award.id, { status: 'cancelled' }), 403, 'body', 'data', "Can't update award in current (unsuccessful) status");
  });

  test('complaint rules: window, roles, payment robot, reviewer; refusals change nothing', async () => {
    await setClock(t.app, START);
    const n = await activeNegotiation(t.app);
    const pending = await postAward(t.app, n);
    const complaintBody = (data: Json = {}) => ({ data: { type: 'complaint', title: 'Скарга', author: COMPLAINANT, ...data } });
    let before = await snapshot(t.app, n);
    expectError(await api(t.app, 'POST', `/api/2.5/tenders/${n.id}/awards/${pending.id}/complaints`, { body: complaintBody() }), 403, 'body', 'data', 'Can add complaint only in complaintPeriod');
    // negotiation has no tender-level complaints: their URLs are unknown.
    expectError(await api(t.app, 'POST', `/api/2.5/tenders/${n.id}/complaints`, { body: complaintBody() }), 404, 'url', 'not_found', 'Not Found');
    expectError(await api(t.app, 'GET', `/api/2.5/tenders/${n.id}/complaints`), 404, 'url', 'not_found', 'Not Found');
    expectError(await api(t.app, 'POST', `/api/2.5/tenders/${n.id}/awards/${pending.id}/complaints`, { body: { data: { title: 'claim', author: COMPLAINANT } } }), 404, 'url', 'not_found', 'Not Found');
    expectError(await api(t.app, 'POST', `/api/2.5/tenders/${n.id}/awards/${pending.id}/complaints`, { auth: null, body: complaintBody() }), 403, 'url', 'permission', 'Forbidden');
    assert.equal(await snapshot(t.app, n), before);

    expectStatus(await signNotice(t.app, n, pending.id), 201);
    expectStatus(await decide(t.app, n, pending.id, { status: 'active', qualified: true }), 200);
    const base = `/awards/${pending.id}`;
    const noId = await api(t.app, 'POST', `/api/2.5/tenders/${n.id}${base}/complaints`, {
      auth: 'broker1',
      body: complaintBody({ author: { ...COMPLAINANT, identifier: { scheme: 'UA-EDR', id: '', legalName: 'x' } } }),
    });
    expectStatus(noId, 422);
    const complaint = await fileComplaint(t.app, n, base, false);
    const url = `/api/2.5/tenders/${n.id}${base}/complaints/${complaint.id}`;
    before = await snapshot(t.app, n);
    // The tender owner, the reviewer and the complainant cannot pay; only the robot moves a draft on.
    expectError(await api(t.app, 'PATCH', `${url}?acc_token=${n.token}`, { body: { data: { status: 'pending' } } }), 403, 'body', 'data', 'Forbidden');
    expectError(await api(t.app, 'PATCH', url, { auth: 'reviewer', body: { data: { status: 'pending' } } }), 403, 'body', 'data', "Can't update complaint from draft to pending status");
    expectError(await api(t.app, 'PATCH', `${url}?acc_token=${complaint.token}`, { auth: 'broker1', body: { data: { status: 'pending' } } }), 403, 'body', 'data', "Can't update complaint from draft to pending status");
    expectError(await api(t.app, 'PATCH', url, { auth: 'bot', body: { data: { status: 'accepted' } } }), 403, 'body', 'data', "Can't update complaint from draft to accepted status");
    expectError(await api(t.app, 'PATCH', url, { auth: 'broker', body: { data: { title: 'x' } } }), 403, 'body', 'data', 'Cannot perform any action on complaint as brokers');
    expectError(await api(t.app, 'PATCH', url, { auth: null, body: { data: { title: 'x' } } }), 403, 'url', 'permission', 'Forbidden');
    expectError(
      await api(t.app, 'PATCH', `${url}?acc_token=${complaint.token}`, { auth: 'broker1', body: { data: { author: { identifier: { id: '99999999' } } } } }),
      403, 'body', 'data', "Can't change complaint author id",
    );
    expectError(await api(t.app, 'PATCH', url, { auth: 'bot', body: { data: { status: 'pending', title: 'x' } } }), 422, 'body', 'title', 'Rogue field');
    assert.equal(await snapshot(t.app, n), before);

    const edited = await api(t.app, 'PATCH', `${url}?acc_token=${complaint.token}`, { auth: 'broker1', body: { data: { title: 'Нова назва' } } });
    expectStatus(edited, 200);
    const mistaken = await api(t.app, 'PATCH', url, { auth: 'bot', body: { data: { status: 'mistaken' } } });
    expectStatus(mistaken, 200);
    assert.equal((mistaken.json.data as Json).rejectReason, 'incorrectPayment');
    // Tokens never shown.
    const read = await api(t.app, 'GET', url, { auth: null });
    assert.equal((read.json.data as Json).owner_token, undefined);
    assert.equal((read.json.data as Json).author !== undefined, true);
  });

  test('an unpaid draft lapses (mistaken, complaintPeriodEnded) when the stand-still ends', async () => {
    await setClock(t.app, START);
    const n = await activeNegotiation(t.app, 'negotiation.quick');
    const award = await activeAward(t.app, n);
    const complaint = await fileComplaint(t.app, n, `/awards/${award.id}`, false);
    const tender = await getTender(t.app, n);
    assert.equal(tender.next_check, (award.complaintPeriod as Json).endDate);
    await setClock(t.app, String((award.complaintPeriod as Json).endDate));
    expectStatus(await runChronograph(t.app, n), 200);
    const read = (await api(t.app, 'GET', `/api/2.5/tenders/${n.id}/awards/${award.id}/complaints/${complaint.id}`)).json.data as Json;
    assert.equal(read.status, 'mistaken');
    assert.equal(read.rejectReason, 'complaintPeriodEnded');
  });

  test('cancellation with an active award: a 10-day complaint period, complaints hold it, the chronograph activates it', async () => {
    await setClock(t.app, START);
    const n = await activeNegotiation(t.app);
    const award = await activeAward(t.app, n);
    // Not during the award's stand-still (start exclusive: a frozen clock at its start passes).
    await setClock(t.app, '2027-01-02T10:00:00+02:00');
    expectError(
      await api(t.app, 'POST', ownerUrl(n, '/cancellations'), { body: { data: { reason: 'r', reasonType: 'noDemand' } } }),
      403, 'body', 'data', "Cancellation can't be add when exists active complaint period",
    );
    await setClock(t.app, String((award.complaintPeriod as Json).endDate));
    const created = await api(t.app, 'POST', ownerUrl(n, '/cancellations'), { body: { data: { reason: 'r', reasonType: 'noDemand' } } });
    expectStatus(created, 201);
    const cancellationId = (created.json.data as Json).id;
    const cUrl = (suffix = '') => ownerUrl(n, `/cancellations/${cancellationId}${suffix}`);
    expectStatus(await api(t.app, 'POST', cUrl('/documents'), { body: { data: cancellationReport() } }), 201);
    expectError(await api(t.app, 'PATCH', cUrl(), { body: { data: { status: 'active' } } }), 403, 'body', 'data', "Can't switch cancellation status from draft to active");
    const pending = await api(t.app, 'PATCH', cUrl(), { body: { data: { status: 'pending' } } });
    expectStatus(pending, 200);
    const period = (pending.json.data as Json).complaintPeriod as Json;
    assert.equal(period.startDate, (award.complaintPeriod as Json).endDate);
    assert.equal(period.endDate, '2027-01-16T00:00:00+02:00');
    assert.equal((await getTender(t.app, n)).status, 'active');

    const base = `/cancellations/${cancellationId}`;
    const complaint = await fileComplaint(t.app, n, base);
    assert.equal(complaint.data.relatedLot, undefined);
    // Neither the complaint's token nor its owner shows anywhere it is embedded or listed.
    for (const path of ['', `/cancellations`, base, `${base}/complaints`, `${base}/complaints/${complaint.id}`, `/awards/${award.id}`]) {
      const text = (await api(t.app, 'GET', `/api/2.5/tenders/${n.id}${path}`, { auth: null })).body;
      for (const secret of ['owner_token', 'transfer_token', '"owner":"broker1"', complaint.token]) assert.ok(!text.includes(secret), `${path || 'tender'} shows ${secret}`);
    }
    await setClock(t.app, '2027-01-16T00:00:00+02:00');
    expectStatus(await runChronograph(t.app, n), 200);
    assert.equal((await getTender(t.app, n)).status, 'active', 'a pending complaint holds the cancellation');
    expectStatus(await reviewComplaint(t.app, n, base, complaint.id, { status: 'invalid', rejectReason: 'lawNonCompliance' }), 200);
    assert.equal((await getTender(t.app, n)).next_check, '2027-01-16T00:00:00+02:00');
    expectStatus(await runChronograph(t.app, n), 200);
    const done = await getTender(t.app, n);
    assert.equal(done.status, 'cancelled');
    assert.equal((done.cancellations as Json[])[0]!.status, 'active');
    assert.equal((done.contracts as Json[])[0]!.status, 'cancelled');
  });

  test('cancellation without an active award is activated by the owner directly', async () => {
    await setClock(t.app, START);
    const n = await activeNegotiation(t.app);
    const created = await api(t.app, 'POST', ownerUrl(n, '/cancellations'), { body: { data: { reason: 'r', reasonType: 'dateViolation' } } });
    expectStatus(created, 201);
    const cUrl = (suffix = '') => ownerUrl(n, `/cancellations/${(created.json.data as Json).id}${suffix}`);
    expectStatus(await api(t.app, 'POST', cUrl('/documents'), { body: { data: cancellationReport() } }), 201);
    expectError(
      await api(t.app, 'POST', ownerUrl(n, '/cancellations'), { body: { data: { reason: 'r', reasonType: 'forceMajeure' } } }),
      422, 'body', 'reasonType', ["Value must be one of ['noObjectiveness', 'unFixable', 'noDemand', 'expensesCut', 'dateViolation', 'noLocalization']"],
    );
    expectStatus(await api(t.app, 'PATCH', cUrl(), { body: { data: { status: 'active' } } }), 200);
    assert.equal((await getTender(t.app, n)).status, 'cancelled');
  });
});
