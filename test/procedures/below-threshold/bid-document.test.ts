// Bid documents (below-threshold.md §3.4): the four lists, who writes them when, sealed reads,
// invalidation of a changed pending bid, deletion only in draft, and no move in the feed.
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeApp } from '../../helpers/app.ts';
import { updateStoredTender } from '../../helpers/stored-tender.ts';
import { api, expectError, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { REFERENCE_DS_KEY, SIGNED_URLS } from '../../helpers/reference-ds.ts';
import type { CreatedTender } from './builders.ts';
import { bidData, bidUrl, createPublishedTender, holdChronograph, postBid, proposalSignature, startTendering, type CreatedBid } from './tendering.ts';

const PERIOD = 'from (2027-01-08T00:00:00+02:00) to (2027-01-15T00:00:00+02:00)';
const docData = (overrides: Json = {}): Json => ({ title: 'offer.pdf', format: 'application/pdf', ...SIGNED_URLS.notice, ...overrides });

describeApp('bid documents', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  let tender: CreatedTender;
  let lotId: string;
  let bid: CreatedBid;
  beforeEach(async () => {
    ({ tender, lotId } = await createPublishedTender(t.app));
    await startTendering(t, tender.id);
    bid = await postBid(t.app, tender, bidData(lotId));
  });

  const docsUrl = (segment = 'documents', b: { id: string; token?: string } = bid, suffix = '') =>
    `/api/2.5/tenders/${tender.id}/bids/${b.id}/${segment}${suffix}${b.token ? `?acc_token=${b.token}` : ''}`;

  test('every list: POST 201 without author, listed for the owner, url under its own segment', async () => {
    for (const [segment, key] of [['documents', 'documents'], ['financial_documents', 'financialDocuments'], ['eligibility_documents', 'eligibilityDocuments'], ['qualification_documents', 'qualificationDocuments']]) {
      const res = await api(t.app, 'POST', docsUrl(segment), { body: { data: docData() } });
      expectStatus(res, 201);
      const doc = res.json.data as Json;
      assert.equal(doc.author, undefined, 'bid documents carry no author');
      assert.ok(String(res.headers.location).endsWith(`/api/2.5/tenders/${tender.id}/bids/${bid.id}/${segment}/${doc.id}`));
      const list = await api(t.app, 'GET', docsUrl(segment));
      expectStatus(list, 200);
      assert.deepEqual((list.json.data as Json[]).map((d) => d.id), [doc.id]);
      const own = await api(t.app, 'GET', bidUrl(tender, bid));
      assert.deepEqual(((own.json.data as Json)[key] as Json[]).map((d) => d.id), [doc.id]);
    }
  });

  test('only the bid owner writes; others read nothing while bids are sealed', async () => {
    expectError(await api(t.app, 'POST', docsUrl('documents', { id: bid.id }), { body: { data: docData() } }), 403, 'url', 'permission', 'Forbidden');
    expectError(await api(t.app, 'GET', docsUrl('documents', { id: bid.id }), { auth: null }), 403, 'body', 'data', "Can't view bid documents in current (active.tendering) tender status");
    expectError(await api(t.app, 'GET', docsUrl('financial_documents', { id: bid.id }), { auth: 'broker1' }), 403, 'body', 'data', "Can't view bid documents in current (active.tendering) tender status");
  });

  test('a document added to a pending bid makes it invalid; the owner submits it again', async () => {
    expectStatus(await api(t.app, 'POST', docsUrl(), { body: { data: proposalSignature() } }), 201);
    expectStatus(await api(t.app, 'PATCH', bidUrl(tender, bid), { body: { data: { status: 'pending' } } }), 200);
    expectStatus(await api(t.app, 'POST', docsUrl('financial_documents'), { body: { data: docData() } }), 201);
    assert.equal(((await api(t.app, 'GET', bidUrl(tender, bid))).json.data as Json).status, 'invalid');
  });

  test('deletion only while the bid is a draft', async () => {
    const doc = (await api(t.app, 'POST', docsUrl(), { body: { data: docData() } })).json.data as Json;
    const other = (await api(t.app, 'POST', docsUrl(), { body: { data: docData({ title: 'other.pdf' }) } })).json.data as Json;
    expectStatus(await api(t.app, 'DELETE', docsUrl('documents', bid, `/${doc.id}`)), 200);
    expectStatus(await api(t.app, 'POST', docsUrl(), { body: { data: proposalSignature() } }), 201);
    expectStatus(await api(t.app, 'PATCH', bidUrl(tender, bid), { body: { data: { status: 'pending' } } }), 200);
    expectError(await api(t.app, 'DELETE', docsUrl('documents', bid, `/${other.id}`)), 403, 'body', 'data', "Can't delete document when bid in current (pending) status");
  });

  test('outside the tendering period and in other tender statuses → 403', async () => {
    await holdChronograph(t, tender.id);
    await setClock(t.app, '2027-01-15T00:00:01+02:00');
    expectError(await api(t.app, 'POST', docsUrl(), { body: { data: docData() } }), 403, 'body', 'data', `Document can be added only during the tendering period: ${PERIOD}.`);
    await updateStoredTender(t, tender.id, (stored) => {
      stored.status = 'active.auction';
    });
    expectError(await api(t.app, 'POST', docsUrl(), { body: { data: docData() } }), 403, 'body', 'data', "Can't add document in current (active.auction) tender status");
  });

  test('in qualification only the bid with an active award adds documents', async () => {
    await updateStoredTender(t, tender.id, (stored) => {
      stored.status = 'active.qualification';
      (stored as Json).awards = [{ id: 'a'.repeat(32), bid_id: bid.id, status: 'pending' }];
    });
    expectError(await api(t.app, 'POST', docsUrl(), { body: { data: docData() } }), 403, 'body', 'data', "Can't add document because award of bid is not in one of statuses ('active',)");
    await updateStoredTender(t, tender.id, (stored) => {
      (stored as Json).awards = [{ id: 'a'.repeat(32), bid_id: bid.id, status: 'active' }];
    });
    expectStatus(await api(t.app, 'POST', docsUrl(), { body: { data: docData() } }), 201);
  });

  test('bid documents during tendering do not move the tender in the feed', async () => {
    const before = (await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}?opt_fields=public_modified`, { auth: null })).json.data as Json;
    await setClock(t.app, '2027-01-10T10:00:00+02:00');
    expectStatus(await api(t.app, 'POST', docsUrl(), { body: { data: docData() } }), 201);
    const afterwards = (await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}?opt_fields=public_modified`, { auth: null })).json.data as Json;
    assert.equal(afterwards.dateModified, before.dateModified);
  });
});
