// Complaint documents (open-procedures.md §2.7), on a negotiation award complaint, on both
// backends: each role writes in its complaint statuses only, the document records its author,
// and only that author updates it; refusals store nothing.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeApp } from '../../../helpers/app.ts';
import { api, expectError, expectStatus, setClock, type Json } from '../../../helpers/api.ts';
import { REFERENCE_DS_KEY, SIGNED_URLS } from '../../../helpers/reference-ds.ts';
import { START } from '../../../helpers/recorded-tender.ts';
import { activeAward, activeNegotiation, fileComplaint, reviewComplaint, type FiledComplaint, type NegotiationTender } from '../../../procedures/negotiation/builders.ts';

const doc = (title: string): Json => ({ data: { title, format: 'application/pdf', ...SIGNED_URLS.notice } });

describeApp('complaint documents', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  let n: NegotiationTender;
  let complaint: FiledComplaint;
  let base: string;
  before(async () => {
    await setClock(t.app, START);
    n = await activeNegotiation(t.app);
    const award = await activeAward(t.app, n);
    base = `/awards/${String(award.id)}`;
    complaint = await fileComplaint(t.app, n, base, false);
  });

  test('draft: the complainant adds and updates its documents; the owner, the reviewer and other brokers may not', async () => {
    const docs = `/api/2.5/tenders/${n.id}${base}/complaints/${complaint.id}/documents`;
    const added = await api(t.app, 'POST', `${docs}?acc_token=${complaint.token}`, { auth: 'broker1', body: doc('evidence.pdf') });
    expectStatus(added, 201);
    assert.equal((added.json.data as Json).author, 'complaint_owner');
    const before = (await api(t.app, 'GET', `/api/2.5/tenders/${n.id}`)).body;
    expectError(await api(t.app, 'POST', `${docs}?acc_token=${n.token}`, { body: doc('owner.pdf') }), 403, 'body', 'data', "Can't add document in current (draft) complaint status");
    expectError(await api(t.app, 'POST', docs, { auth: 'reviewer', body: doc('review.pdf') }), 403, 'body', 'data', "Can't add document in current (draft) complaint status");
    expectError(await api(t.app, 'POST', docs, { auth: 'broker2', body: doc('other.pdf') }), 403, 'url', 'permission', 'Forbidden');
    expectError(await api(t.app, 'POST', docs, { auth: null, body: doc('anon.pdf') }), 403, 'url', 'permission', 'Forbidden');
    assert.equal((await api(t.app, 'GET', `/api/2.5/tenders/${n.id}`)).body, before);
    const docId = String((added.json.data as Json).id);
    expectStatus(await api(t.app, 'PATCH', `${docs}/${docId}?acc_token=${complaint.token}`, { auth: 'broker1', body: { data: { title: 'evidence-v2.pdf' } } }), 200);
  });

  test('pending: the review body and the tender owner add theirs; a decided complaint takes none', async () => {
    const docs = `/api/2.5/tenders/${n.id}${base}/complaints/${complaint.id}/documents`;
    expectStatus(await api(t.app, 'PATCH', `/api/2.5/tenders/${n.id}${base}/complaints/${complaint.id}`, { auth: 'bot', body: { data: { status: 'pending' } } }), 200);
    const review = await api(t.app, 'POST', docs, { auth: 'reviewer', body: doc('decision.pdf') });
    expectStatus(review, 201);
    assert.equal((review.json.data as Json).author, 'aboveThresholdReviewers');
    const owner = await api(t.app, 'POST', `${docs}?acc_token=${n.token}`, { body: doc('explanation.pdf') });
    expectStatus(owner, 201);
    assert.equal((owner.json.data as Json).author, 'tender_owner');
    expectStatus(await reviewComplaint(t.app, n, base, complaint.id, { status: 'invalid', rejectReason: 'alreadyExists' }), 200);
    expectError(await api(t.app, 'POST', docs, { auth: 'reviewer', body: doc('late.pdf') }), 403, 'body', 'data', "Can't add document in current (invalid) complaint status");
    const listed = await api(t.app, 'GET', docs);
    assert.equal((listed.json.data as Json[]).length, 3);
  });
});
