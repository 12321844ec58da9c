// Complaints on the tender itself (open-procedures.md §2.1, §2.5), on a test-only procedure that
// has them, on both backends: a paid complaint holds the end of tendering (the chronograph does
// nothing at tenderPeriod.endDate) and releases it once the review body decides it.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeApp } from '../../../helpers/app.ts';
import { api, expectError, expectStatus, setClock, type Json } from '../../../helpers/api.ts';
import { REFERENCE_DS_KEY } from '../../../helpers/reference-ds.ts';
import { START } from '../../../helpers/recorded-tender.ts';
import { TENDER_COMPLAINTS_CONFIG, tenderComplaintsRegistry } from '../../../helpers/tender-complaints-procedure.ts';
import { createTender, publishTender, type CreatedTender } from '../../../procedures/below-threshold/builders.ts';
import { startTendering } from '../../../procedures/below-threshold/tendering.ts';
import { COMPLAINANT } from '../../../procedures/negotiation/builders.ts';

const complaintBody = (data: Json = {}) => ({ data: { type: 'complaint', title: 'Умови дискримінаційні', author: COMPLAINANT, ...data } });

async function getTender(t: { app: Parameters<typeof api>[0] }, id: string): Promise<Json> {
  return (await api(t.app, 'GET', `/api/2.5/tenders/${id}`)).json.data as Json;
}

describeApp('tender-level complaints', { trustedDsKeys: [REFERENCE_DS_KEY], procedures: tenderComplaintsRegistry() }, (t) => {
  let tender: CreatedTender;
  before(async () => {
    await setClock(t.app, START);
    tender = await createTender(t.app, { config: TENDER_COMPLAINTS_CONFIG });
    await publishTender(t.app, tender);
  });

  test('not before tendering; a wrong lot is a 422; nothing stored', async () => {
    const before = (await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}`)).body;
    expectError(await api(t.app, 'POST', `/api/2.5/tenders/${tender.id}/complaints`, { auth: 'broker1', body: complaintBody() }), 403, 'body', 'data', "Can't add complaint in current (active.enquiries) tender status");
    expectError(
      await api(t.app, 'POST', `/api/2.5/tenders/${tender.id}/complaints`, { auth: 'broker1', body: complaintBody({ relatedLot: 'c'.repeat(32) }) }),
      422, 'body', 'relatedLot', ['relatedLot should be one of lots'],
    );
    expectError(await api(t.app, 'POST', `/api/2.5/tenders/${tender.id}/complaints`, { auth: 'broker1', body: { data: { title: 'claim', author: COMPLAINANT } } }), 404, 'url', 'not_found', 'Not Found');
    assert.equal((await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}`)).body, before);
  });

  test('a tender created without tender complaints refuses them', async () => {
    const off = await createTender(t.app, { config: { hasTenderComplaints: false } });
    await publishTender(t.app, off);
    await startTendering(t, off.id);
    expectError(
      await api(t.app, 'POST', `/api/2.5/tenders/${off.id}/complaints`, { auth: 'broker1', body: complaintBody() }),
      403, 'body', 'data', "Can't add complaint as it is forbidden by configuration",
    );
  });

  test('a paid complaint holds the end of tendering until the review body decides it', async () => {
    await startTendering(t, tender.id);
    const posted = await api(t.app, 'POST', `/api/2.5/tenders/${tender.id}/complaints`, { auth: 'broker1', body: complaintBody() });
    expectStatus(posted, 201);
    const complaint = posted.json.data as Json;
    assert.equal(complaint.status, 'draft');
    assert.deepEqual(complaint.value, { amount: 2000, currency: 'UAH' }, 'tendering: 0.3 %, at least 2000');
    assert.equal(complaint.author !== undefined, true, 'a complaint shows its author on the tender-level endpoint');
    const url = `/api/2.5/tenders/${tender.id}/complaints/${String(complaint.id)}`;
    expectStatus(await api(t.app, 'PATCH', url, { auth: 'bot', body: { data: { status: 'pending' } } }), 200);

    const tendering = await getTender(t, tender.id);
    const end = String((tendering.tenderPeriod as Json).endDate);
    assert.equal(tendering.next_check, undefined, 'held: no tendering-end event');
    await setClock(t.app, end);
    expectStatus(await api(t.app, 'PATCH', `/api/2.5/tenders/${tender.id}/chronograph`, { auth: 'chronograph', body: { data: { id: tender.id } } }), 200);
    assert.equal((await getTender(t, tender.id)).status, 'active.tendering', 'the pending complaint holds the tender');

    expectStatus(await api(t.app, 'PATCH', url, { auth: 'reviewer', body: { data: { status: 'invalid', rejectReason: 'lawNonCompliance' } } }), 200);
    const released = await getTender(t, tender.id);
    assert.equal(released.next_check, end, 'the tendering end is due again');
    expectStatus(await api(t.app, 'PATCH', `/api/2.5/tenders/${tender.id}/chronograph`, { auth: 'chronograph', body: { data: { id: tender.id } } }), 200);
    assert.notEqual((await getTender(t, tender.id)).status, 'active.tendering');
  });
});
