// reporting over HTTP, on both backends (open-procedures.md §0, §6): draft → active → award →
// contract signed → complete; bad input answered with the reference's 4xx and nothing changed.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { MAX_MONEY_AMOUNT } from '../../../src/core/tender/schemas/common.schema.ts';
import { describeApp } from '../../helpers/app.ts';
import { api, expectError, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { REFERENCE_DS_KEY, SIGNED_URLS } from '../../helpers/reference-ds.ts';
import { START, tenderBody } from '../../helpers/recorded-tender.ts';
import { DELIVERED_ITEM, REPORTING_CAUSE, REPORTING_ENTITY, REPORTING_SUPPLIER, reportingBody } from '../../helpers/limited-tender.ts';

/** The standards the recordings were made with (cause-details code lists). */
const STANDARDS_DIR = process.env.STANDARDS_DIR ?? '/work/shared/data';
const hasStandards = existsSync(`${STANDARDS_DIR}/codelists/tender/tender_cause_details/reporting.json`);

const ITEM = DELIVERED_ITEM;

const PROCURING_ENTITY = REPORTING_ENTITY;
const SUPPLIER = REPORTING_SUPPLIER;

const CAUSE = REPORTING_CAUSE;

interface Report {
  id: string;
  token: string;
}

const url = (r: Report, suffix = ''): string => `/api/2.5/tenders/${r.id}${suffix}?acc_token=${r.token}`;

async function createReport(app: FastifyInstance, data: Json = {}): Promise<Report & { data: Json }> {
  const res = await api(app, 'POST', '/api/2.5/tenders', { body: reportingBody(data) });
  expectStatus(res, 201);
  return { id: String((res.json.data as Json).id), token: String((res.json.access as Json).token), data: res.json.data as Json };
}

async function activeReport(app: FastifyInstance, data: Json = {}): Promise<Report> {
  const r = await createReport(app, data);
  expectStatus(await api(app, 'PATCH', url(r), { body: { data: { status: 'active' } } }), 200);
  return r;
}

async function postAward(app: FastifyInstance, r: Report, amount = 475000): Promise<Json> {
  const res = await api(app, 'POST', url(r, '/awards'), { body: { data: { suppliers: [SUPPLIER], value: { amount } } } });
  expectStatus(res, 201);
  return res.json.data as Json;
}

const decide = (app: FastifyInstance, r: Report, awardId: unknown, data: Json) => api(app, 'PATCH', url(r, `/awards/${awardId}`), { body: { data } });

/** The stored tender text and the feed, to show that a refused request changed nothing. */
async function snapshot(app: FastifyInstance, r?: Report): Promise<string> {
  const feed = (await api(app, 'GET', '/api/2.5/tenders?opt_fields=status')).body;
  return r ? `${(await api(app, 'GET', `/api/2.5/tenders/${r.id}`)).body}\n${feed}` : feed;
}

describeApp('reporting', { trustedDsKeys: [REFERENCE_DS_KEY], env: hasStandards ? { STANDARDS_DIR } : {} }, (t) => {
  before(() => setClock(t.app, START));

  test('draft → active → award → contract signed → complete', async () => {
    const r = await createReport(t.app);
    assert.equal(r.data.status, 'draft');
    assert.equal(r.data.procurementMethod, 'limited');
    for (const absent of ['awardCriteria', 'submissionMethod', 'enquiryPeriod', 'tenderPeriod', 'noticePublicationDate', 'next_check']) assert.equal(r.data[absent], undefined, absent);
    if (hasStandards) {
      assert.deepEqual(r.data.causeDetails, { ...CAUSE, scheme: 'DECREE1178', title: 'Підпункт 21 пункту 13', title_en: 'Subparagraph 21 of paragraph 13', uri: 'https://zakon.rada.gov.ua/laws/show/1178-2022-%D0%BF#n426' });
    }
    assert.ok('emergencyElectricitySupply' in (r.data.contractChangeRationaleTypes as Json), 'DECREE1178 rationales');

    const activated = await api(t.app, 'PATCH', url(r), { body: { data: { status: 'active' } } });
    expectStatus(activated, 200);
    assert.equal((activated.json.data as Json).status, 'active');
    assert.equal((activated.json.data as Json).noticePublicationDate, undefined);

    const award = await postAward(t.app, r);
    assert.equal(award.status, 'pending');
    assert.deepEqual(award.value, { amount: 475000, currency: 'UAH', valueAddedTaxIncluded: true });
    const doc = await api(t.app, 'POST', url(r, `/awards/${award.id}/documents`), { body: { data: { title: 'award.pdf', format: 'application/pdf', ...SIGNED_URLS.notice } } });
    expectStatus(doc, 201);

    const approved = await decide(t.app, r, award.id, { status: 'active', qualified: true });
    expectStatus(approved, 200);
    assert.equal((approved.json.data as Json).complaintPeriod, undefined);
    const tender = (await api(t.app, 'GET', `/api/2.5/tenders/${r.id}`)).json.data as Json;
    assert.equal(tender.status, 'active');
    const [mirror] = tender.contracts as Json[];
    assert.equal(mirror!.status, 'pending');

    const signed = await api(t.app, 'PATCH', `/api/2.5/contracts/${mirror!.id}?acc_token=${r.token}`, {
      body: { data: { status: 'active', contractNumber: 'N-1', period: { startDate: START, endDate: '2027-12-31T00:00:00+02:00' } } },
    });
    expectStatus(signed, 200);
    assert.equal((signed.json.data as Json).dateSigned, START);
    const done = (await api(t.app, 'GET', `/api/2.5/tenders/${r.id}`)).json.data as Json;
    assert.equal(done.status, 'complete');
    assert.equal((done.contracts as Json[])[0]!.status, 'active');
  });

  test('an unknown procurementMethodType: 404 not_found, no tender', async () => {
    const before = await snapshot(t.app);
    expectError(await api(t.app, 'POST', '/api/2.5/tenders', { body: reportingBody({ procurementMethodType: 'reportingX' }) }), 404, 'url', 'not_found', 'Not Found');
    assert.equal(await snapshot(t.app), before);
  });

  test('a wrong or missing cause: 422, no tender', async () => {
    const before = await snapshot(t.app);
    expectError(await api(t.app, 'POST', '/api/2.5/tenders', { body: reportingBody({ causeDetails: undefined }) }), 422, 'body', 'causeDetails', 'This field is required.');
    expectError(await api(t.app, 'POST', '/api/2.5/tenders', { body: reportingBody({ causeDetails: { description: 'd' } }) }), 422, 'body', 'causeDetails', { code: ['This field is required.'] });
    expectError(await api(t.app, 'POST', '/api/2.5/tenders', { body: reportingBody({ causeDetails: { code: 'defencePurchase' } }) }), 422, 'body', 'causeDetails', { description: ['This field is required.'] });
    expectError(await api(t.app, 'POST', '/api/2.5/tenders', { body: reportingBody({ cause: 'UZ' }) }), 422, 'body', 'cause', 'Rogue field.');
    if (hasStandards) {
      const res = await api(t.app, 'POST', '/api/2.5/tenders', { body: reportingBody({ causeDetails: { code: 'noSuchCause', description: 'd' } }) });
      expectStatus(res, 422);
      const [error] = res.json.errors as Json[];
      assert.equal(error!.name, 'causeDetails');
      assert.match(String((error!.description as { code: string[] }).code[0]), /^Value must be one of \['naturalGas', .*'\]\.$/);
    }
    assert.equal(await snapshot(t.app), before);
  });

  test('items: no lot, delivery date and address required; nothing stored', async () => {
    const before = await snapshot(t.app);
    const lotted = { ...ITEM, relatedLot: 'a'.repeat(32) };
    expectError(await api(t.app, 'POST', '/api/2.5/tenders', { body: reportingBody({ items: [lotted] }) }), 422, 'body', 'items', [{ relatedLot: ['This option is not available'] }]);
    const { deliveryAddress: _address, ...noAddress } = ITEM;
    expectError(await api(t.app, 'POST', '/api/2.5/tenders', { body: reportingBody({ items: [noAddress] }) }), 422, 'body', 'items', [{ deliveryAddress: ['This field is required.'] }]);
    assert.equal(await snapshot(t.app), before);
  });

  test('small reports need no cause; a wrong cause on PATCH changes nothing', async () => {
    const r = await createReport(t.app, { causeDetails: undefined, value: { amount: 1000, currency: 'UAH', valueAddedTaxIncluded: true } });
    assert.equal(r.data.causeDetails, undefined);
    if (!hasStandards) return;
    const before = await snapshot(t.app, r);
    const res = await api(t.app, 'PATCH', url(r), { body: { data: { causeDetails: { code: 'noSuchCause', description: 'd' } } } });
    expectStatus(res, 422);
    assert.equal(await snapshot(t.app, r), before);
  });

  test('bids, questions, auction and the chronograph are absent: 404 not_found, nothing changed', async () => {
    const r = await activeReport(t.app);
    const before = await snapshot(t.app, r);
    const bid = { data: { tenderers: [SUPPLIER], value: { amount: 100 } } };
    expectError(await api(t.app, 'POST', `/api/2.5/tenders/${r.id}/bids`, { body: bid }), 404, 'url', 'not_found', 'Not Found');
    expectError(await api(t.app, 'GET', `/api/2.5/tenders/${r.id}/bids`), 404, 'url', 'not_found', 'Not Found');
    expectError(await api(t.app, 'POST', `/api/2.5/tenders/${r.id}/questions`, { body: { data: { title: 'q', author: SUPPLIER } } }), 404, 'url', 'not_found', 'Not Found');
    expectError(await api(t.app, 'GET', `/api/2.5/tenders/${r.id}/auction`, { auth: 'auction' }), 404, 'url', 'not_found', 'Not Found');
    expectError(await api(t.app, 'POST', `/api/2.5/tenders/${r.id}/lots`, { body: { data: { title: 'lot', value: { amount: 1 } } } }), 404, 'url', 'not_found', 'Not Found');
    expectError(await api(t.app, 'PATCH', `/api/2.5/tenders/${r.id}`, { auth: 'chronograph', body: { data: { id: r.id } } }), 404, 'url', 'not_found', 'Not Found');
    assert.equal(await snapshot(t.app, r), before);
  });

  test("an award value sent without currency or VAT takes the tender's, on POST and on PATCH", async () => {
    const r = await activeReport(t.app);
    const tenderValue = (await api(t.app, 'GET', `/api/2.5/tenders/${r.id}`)).json.data as Json;
    const { currency, valueAddedTaxIncluded } = tenderValue.value as Json;
    const award = await postAward(t.app, r, 1000);
    assert.deepEqual(award.value, { amount: 1000, currency, valueAddedTaxIncluded });
    const patched = await decide(t.app, r, award.id, { value: { amount: 900 } });
    expectStatus(patched, 200);
    assert.deepEqual((patched.json.data as Json).value, { amount: 900, currency, valueAddedTaxIncluded });
    const explicit = await decide(t.app, r, award.id, { value: { amount: 800, valueAddedTaxIncluded: !valueAddedTaxIncluded } });
    expectStatus(explicit, 200);
    assert.deepEqual((explicit.json.data as Json).value, { amount: 800, currency, valueAddedTaxIncluded: !valueAddedTaxIncluded });
  });

  test('awards: only on an active report, one live at a time, the owner decides', async () => {
    const draft = await createReport(t.app);
    expectError(
      await api(t.app, 'POST', url(draft, '/awards'), { body: { data: { suppliers: [SUPPLIER], value: { amount: 1 } } } }),
      403, 'body', 'data', "Can't create award in current (draft) tender status",
    );
    const r = await activeReport(t.app);
    expectError(await api(t.app, 'POST', `/api/2.5/tenders/${r.id}/awards`, { body: { data: { suppliers: [SUPPLIER], value: { amount: 1 } } } }), 403, 'url', 'permission', 'Forbidden');
    const first = await postAward(t.app, r);
    let before = await snapshot(t.app, r);
    expectError(
      await api(t.app, 'POST', url(r, '/awards'), { body: { data: { suppliers: [SUPPLIER], value: { amount: 1 } } } }),
      403, 'body', 'data', "Can't create new award while any (pending) award exists",
    );
    expectError(await api(t.app, 'POST', url(r, '/awards'), { body: { data: { suppliers: [SUPPLIER, SUPPLIER], value: { amount: 1 } } } }), 422, 'body', 'suppliers', ['Please provide no more than 1 item.']);
    // The award's value is a money amount like every other (issue 11: beyond an exact decimal → 422).
    const tooLarge = await api(t.app, 'POST', url(r, '/awards'), { body: { data: { suppliers: [SUPPLIER], value: { amount: 1e300 } } } });
    expectStatus(tooLarge, 422);
    assert.deepEqual(tooLarge.json.errors, [{ location: 'body', name: 'value', description: { amount: [`Float value should be less than or equal to ${MAX_MONEY_AMOUNT}.`] } }]);
    expectError(await decide(t.app, r, first.id, { status: 'active' }), 422, 'body', 'qualified', ["Can't update award to active status with not qualified"]);
    assert.equal(await snapshot(t.app, r), before);

    expectStatus(await decide(t.app, r, first.id, { status: 'unsuccessful', qualified: false }), 200);
    before = await snapshot(t.app, r);
    expectError(await decide(t.app, r, first.id, { status: 'cancelled' }), 403, 'body', 'data', "Can't update award in current (unsuccessful) status");
    expectError(
      await api(t.app, 'POST', url(r, `/awards/${first.id}/documents`), { body: { data: { title: 'late.pdf', format: 'application/pdf', ...SIGNED_URLS.notice } } }),
      403, 'body', 'data', "Can't add document in current (unsuccessful) award status",
    );
    assert.equal(await snapshot(t.app, r), before);

    const second = await postAward(t.app, r);
    expectStatus(await decide(t.app, r, second.id, { status: 'active', qualified: true }), 200);
    const contractId = ((await api(t.app, 'GET', `/api/2.5/tenders/${r.id}`)).json.data as { contracts: Json[] }).contracts[0]!.id;
    const cancelled = await decide(t.app, r, second.id, { status: 'cancelled' });
    expectStatus(cancelled, 200);
    const contract = (await api(t.app, 'GET', `/api/2.5/contracts/${contractId}`)).json.data as Json;
    assert.equal(contract.status, 'cancelled');
    assert.equal(((await api(t.app, 'GET', `/api/2.5/tenders/${r.id}`)).json.data as Json).status, 'active');
    await postAward(t.app, r);
  });

  test('contract documents of a confidential cause: buyerOnly with a rationale, hidden from the public', async () => {
    const r = await activeReport(t.app);
    const award = await postAward(t.app, r);
    expectStatus(await decide(t.app, r, award.id, { status: 'active', qualified: true }), 200);
    const contractId = String(((await api(t.app, 'GET', `/api/2.5/tenders/${r.id}`)).json.data as { contracts: Json[] }).contracts[0]!.id);
    const docs = `/api/2.5/contracts/${contractId}/documents`;
    const annexe = (extra: Json) => ({ title: 'annexe.doc', format: 'application/msword', documentType: 'contractAnnexe', ...SIGNED_URLS.notice, ...extra });
    const before = (await api(t.app, 'GET', `/api/2.5/contracts/${contractId}`)).body;
    expectError(await api(t.app, 'POST', `${docs}?acc_token=${r.token}`, { body: { data: annexe({}) } }), 422, 'body', 'confidentiality', 'Document should be confidential');
    expectError(await api(t.app, 'POST', `${docs}?acc_token=${r.token}`, { body: { data: annexe({ confidentiality: 'buyerOnly' }) } }), 422, 'body', 'confidentialityRationale', ['confidentialityRationale is required']);
    expectError(
      await api(t.app, 'POST', `${docs}?acc_token=${r.token}`, { body: { data: annexe({ documentType: 'contractSchedule', confidentiality: 'buyerOnly', confidentialityRationale: 'x'.repeat(30) }) } }),
      422, 'body', 'confidentiality', 'Document should be public',
    );
    assert.equal((await api(t.app, 'GET', `/api/2.5/contracts/${contractId}`)).body, before);
    const posted = await api(t.app, 'POST', `${docs}?acc_token=${r.token}`, { body: { data: annexe({ confidentiality: 'buyerOnly', confidentialityRationale: 'Файл буде оприлюднено через 90 днів з дня припинення' }) } });
    expectStatus(posted, 201);
    const docId = String((posted.json.data as Json).id);
    const publicView = (await api(t.app, 'GET', `${docs}/${docId}`)).json.data as Json;
    assert.equal(publicView.url, undefined);
    assert.match(String(((await api(t.app, 'GET', `${docs}/${docId}?acc_token=${r.token}`)).json.data as Json).url), /\/contracts\//);
    expectError(await api(t.app, 'GET', `${docs}/${docId}?download=1`), 403, 'body', 'data', 'Document download forbidden.');
  });

  test('cancellation: the limited reasons; executed at once with the signed report', async () => {
    const r = await activeReport(t.app);
    const badReason = await api(t.app, 'POST', url(r, '/cancellations'), { body: { data: { reason: 'r', reasonType: 'noObjectiveness' } } });
    expectStatus(badReason, 422);
    assert.match(JSON.stringify(badReason.json.errors), /forceMajeure/);
    const c = await api(t.app, 'POST', url(r, '/cancellations'), { body: { data: { reason: 'r', reasonType: 'forceMajeure' } } });
    expectStatus(c, 201);
    const cid = String((c.json.data as Json).id);
    const report = { title: 'sign.p7s', documentType: 'cancellationReport', format: 'application/pkcs7-signature', ...SIGNED_URLS.notice };
    expectStatus(await api(t.app, 'POST', url(r, `/cancellations/${cid}/documents`), { body: { data: report } }), 201);
    expectStatus(await api(t.app, 'PATCH', url(r, `/cancellations/${cid}`), { body: { data: { status: 'active' } } }), 200);
    assert.equal(((await api(t.app, 'GET', `/api/2.5/tenders/${r.id}`)).json.data as Json).status, 'cancelled');
  });

  test('belowThreshold keeps no award POST (405), so a second awarding route does not leak', async () => {
    const res = await api(t.app, 'POST', '/api/2.5/tenders', { body: tenderBody() });
    expectStatus(res, 201);
    const id = String((res.json.data as Json).id);
    const post = await api(t.app, 'POST', `/api/2.5/tenders/${id}/awards`, { body: { data: {} } });
    expectError(post, 405, 'url', 'method_not_allowed', 'Method Not Allowed');
    assert.equal(post.headers.allow, 'GET, HEAD');
  });
});
