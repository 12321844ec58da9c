// HTTP-level tests of inspector review requests (below-threshold.md §8.1): creation rules and
// messages, the inspector's single answer, what an unanswered request blocks, and the
// chronograph gate of a tender with an inspector.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeApp } from '../../helpers/app.ts';
import { updateStoredTender } from '../../helpers/stored-tender.ts';
import { api, expectError, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { START } from '../../helpers/recorded-tender.ts';
import { REFERENCE_DS_KEY, SIGNED_URLS } from '../../helpers/reference-ds.ts';
import { getTender, lotData, ownerUrl, type CreatedTender } from './builders.ts';
import { createPublishedTender } from './tendering.ts';

const FUNDER: Json = {
  name: 'Глобальний фонд',
  identifier: { scheme: 'XM-DAC', id: '47045', legalName: 'Глобальний Фонд для боротьби зі СНІДом, туберкульозом і малярією' },
  address: { streetAddress: 'Global Health Campus, Chemin du Pommier 40', locality: 'Geneva', region: 'Grand-Saconnex', postalCode: '1218', countryName: 'Швейцарська Конфедерація' },
  contactPoint: { name: 'Фонд', email: 'ccm@theglobalfund.org' },
};
const INSPECTOR: Json = { ...FUNDER, name: 'Компанія Контролер' };

describeApp('review requests', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {

  /** A published one-lot tender with funders and an inspector (stored: the funders rules are another module's). */
  async function inspectedTender(): Promise<{ tender: CreatedTender; lotId: string }> {
    const created = await createPublishedTender(t.app);
    await updateStoredTender(t, created.tender.id, (d) => {
      d.funders = [FUNDER];
      d.inspector = INSPECTOR;
      delete d.next_check;
    });
    return created;
  }
  const post = (tender: CreatedTender, data: Json = {}) => api(t.app, 'POST', ownerUrl(tender, '/review_requests'), { body: { data } });
  const answer = (tender: CreatedTender, id: unknown, data: Json, auth = 'inspector') =>
    api(t.app, 'PATCH', `/api/2.5/tenders/${tender.id}/review_requests/${String(id)}`, { auth, body: { data } });

  test('in enquiries: 201 with Location; one unanswered request at a time; the inspector answers once', async () => {
    const { tender } = await inspectedTender();
    const res = await api(t.app, 'POST', ownerUrl(tender, '/review_requests'), { body: { data: {} }, headers: { host: 'api.example' } });
    expectStatus(res, 201);
    const rr = res.json.data as Json;
    assert.deepEqual(rr, { id: rr.id, dateCreated: START, tenderStatus: 'active.enquiries' });
    assert.equal(res.headers.location, `http://api.example/api/2.5/tenders/${tender.id}/review_requests/${String(rr.id)}`);
    expectError(await post(tender), 403, 'body', 'data', 'Disallowed create review request while existing another unanswered review request');
    const list = await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/review_requests`, { auth: null });
    assert.deepEqual(list.json.data, [rr]);

    expectError(await answer(tender, rr.id, { approved: true }, 'broker'), 403, 'url', 'permission', 'Forbidden');
    expectError(await answer(tender, rr.id, {}), 422, 'body', 'approved', ['This field is required.']);
    await setClock(t.app, '2027-01-02T10:00:00+02:00');
    const approved = await answer(tender, rr.id, { approved: true, description: 'Все добре' });
    expectStatus(approved, 200);
    assert.deepEqual(approved.json.data, { ...rr, approved: true, description: 'Все добре', date: '2027-01-02T10:00:00+02:00', is_valid: true });
    expectError(await answer(tender, rr.id, { approved: false }), 403, 'body', 'data', 'Disallowed re-patching review request');
    expectError(await answer(tender, 'f'.repeat(32), { approved: false }), 404, 'url', 'review_request_id', 'Not Found');
  });

  test('an unanswered request blocks owner edits but the tender period; the chronograph waits for an approval', async () => {
    const { tender } = await inspectedTender();
    const rr = (await post(tender)).json.data as Json;
    expectError(
      await api(t.app, 'PATCH', ownerUrl(tender), { body: { data: { description: 'Оновлений опис' } } }),
      422, 'body', 'data', "With unanswered review request can be patched only ('tenderPeriod',) fields",
    );
    const moved = await api(t.app, 'PATCH', ownerUrl(tender), { body: { data: { tenderPeriod: { startDate: '2027-01-11T00:00:00+02:00', endDate: '2027-01-16T00:00:00+02:00' } } } });
    expectStatus(moved, 200);
    expectError(await api(t.app, 'POST', ownerUrl(tender, '/lots'), { body: { data: lotData() } }), 422, 'body', 'data', 'Disallowed while exist unanswered review request');
    const blocked = await api(t.app, 'POST', ownerUrl(tender, '/documents'), {
      body: { data: { title: 'spec.pdf', format: 'application/pdf', ...SIGNED_URLS.noticePdf } },
    });
    expectError(blocked, 422, 'body', 'data', 'Disallowed while exist unanswered review request');

    assert.equal((await getTender(t.app, tender.id)).next_check, undefined, 'no way out of enquiries without an approval');
    await setClock(t.app, '2027-01-11T10:00:00+02:00');
    assert.equal((await getTender(t.app, tender.id)).status, 'active.enquiries');
    expectStatus(await answer(tender, rr.id, { approved: true }), 200);
    assert.equal((await getTender(t.app, tender.id)).next_check, '2027-01-11T00:00:00+02:00');
    // An owner edit voids the approval of this stage.
    await updateStoredTender(t, tender.id, (d) => {
      delete d.next_check;
    });
    expectStatus(await api(t.app, 'PATCH', ownerUrl(tender), { body: { data: { description: 'Оновлений опис' } } }), 200);
    const requests = (await getTender(t.app, tender.id)).reviewRequests as Json[];
    assert.equal(requests[0]!.is_valid, false);
  });

  test('without inspector, or in a status without reviews → 403', async () => {
    const { tender } = await createPublishedTender(t.app);
    expectError(await post(tender), 403, 'body', 'data', "Can't create reviewRequest without inspector");
    const inspected = await inspectedTender();
    await updateStoredTender(t, inspected.tender.id, (d) => {
      d.status = 'active.tendering';
    });
    expectError(await post(inspected.tender), 403, 'body', 'data', "Can't perform review request in active.tendering tender status");
  });

  test('lotID: only in the awarding statuses, of an active lot, required there; the reviewed lot needs an active award', async () => {
    const { tender, lotId } = await inspectedTender();
    expectError(await post(tender, { lotID: lotId }), 422, 'body', 'lotID', "lotID could be set only in ('active.qualification', 'active.awarded') tender statuses");
    expectError(await post(tender, { comment: 'x' }), 422, 'body', 'comment', 'Rogue field');
    await updateStoredTender(t, tender.id, (d) => {
      d.status = 'active.qualification';
      d.awards = [{ id: 'a'.repeat(32), lotID: lotId, status: 'pending', date: START }];
    });
    expectError(await post(tender), 422, 'body', 'lotID', 'Required field.');
    expectError(await post(tender, { lotID: 'b'.repeat(32) }), 422, 'body', 'lotID', 'lotID should be one of lots');
    expectError(await post(tender, { lotID: lotId }), 403, 'body', 'data', 'Review request can be created only for lot with active award');
    await updateStoredTender(t, tender.id, (d) => {
      (d.awards as Json[])[0]!.status = 'active';
    });
    const res = await post(tender, { lotID: lotId });
    expectStatus(res, 201);
    assert.equal((res.json.data as Json).lotID, lotId);
    assert.equal((res.json.data as Json).tenderStatus, 'active.qualification');
    await updateStoredTender(t, tender.id, (d) => {
      delete d.lots;
    });
    expectError(await post(tender, { lotID: lotId }), 422, 'body', 'lotID', 'Rogue field');
    expectError(await post(tender), 403, 'body', 'data', 'Review request can be created only for tender with active award');
  });
});
