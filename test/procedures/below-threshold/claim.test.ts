// HTTP-level tests of claims (below-threshold.md §1.11, §3.3): award claims filed by a bidder in
// the stand-still, stored tender-level claims, the status table per actor, claim documents and
// the chronograph's auto-resolution. Awards are arranged in the stored tender (§1.13 shape).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeApp } from '../../helpers/app.ts';
import { storedTender, updateStoredTender } from '../../helpers/stored-tender.ts';
import { api, expectError, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { REFERENCE_DS_KEY, SIGNED_URLS } from '../../helpers/reference-ds.ts';
import { getTender, ownerUrl, storedLotBid } from './builders.ts';
import { createPublishedTender } from './tendering.ts';
import {
  AWARD_DECIDED, IN_STAND_STILL, STAND_STILL_END, awardClaimsUrl, claimData, fileAwardClaim, type AwardedTender,
} from './cancelling.ts';

const BID_TOKEN = '70c00000000000000000000000000b1d';
const LOSER_TOKEN = '70c00000000000000000000000000b2d';
const AWARD_ID = 'a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0';
const RESOLUTION = 'Рішення переглянуто, порушень не виявлено';
const claimDoc = (overrides: Json = {}): Json => ({ title: 'claim.pdf', format: 'application/pdf', ...SIGNED_URLS.noticePdf, ...overrides });

describeApp('claims', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {

  /** A one-lot tender in active.qualification with an active award decided at AWARD_DECIDED. */
  async function awardedTender(awardStatus = 'active'): Promise<AwardedTender> {
    const { tender, lotId } = await createPublishedTender(t.app);
    const winner = storedLotBid([lotId], { status: 'active', owner_token: BID_TOKEN });
    const loser = storedLotBid([lotId], { status: 'unsuccessful', owner_token: LOSER_TOKEN });
    const invalid = storedLotBid([lotId], { status: 'invalid', owner_token: 'f'.repeat(32) });
    await updateStoredTender(t, tender.id, (d) => {
      d.status = 'active.qualification';
      d.bids = [winner, loser, invalid] as unknown as typeof d.bids;
      d.awards = [
        {
          id: AWARD_ID,
          bid_id: winner.id,
          lotID: lotId,
          status: awardStatus,
          date: AWARD_DECIDED,
          value: { amount: 400, currency: 'UAH', valueAddedTaxIncluded: false },
          suppliers: winner.tenderers,
          complaintPeriod: { startDate: AWARD_DECIDED, endDate: STAND_STILL_END },
        },
      ];
      // An active award comes with its contract (created with the decision).
      if (awardStatus === 'active') d.contracts = [{ id: 'd'.repeat(32), awardID: AWARD_ID, status: 'pending', date: AWARD_DECIDED }] as unknown as typeof d.contracts;
      delete d.next_check;
    });
    await setClock(t.app, IN_STAND_STILL);
    return { tender, lotId, awardId: AWARD_ID, bidToken: BID_TOKEN, bidId: String(winner.id) };
  }

  const patchClaim = (a: AwardedTender, claimId: string, token: string | null, data: Json, auth = 'broker') =>
    api(t.app, 'PATCH', `${awardClaimsUrl(a, `/${claimId}`)}${token ? `?acc_token=${token}` : ''}`, { auth, body: { data } });

  describe('award claim POST', () => {
    test('201 with the claim token and Location; complaintID counts the tender\'s claims', async () => {
      const a = await awardedTender();
      const res = await api(t.app, 'POST', `${awardClaimsUrl(a)}?acc_token=${BID_TOKEN}`, { body: { data: claimData() }, headers: { host: 'api.example' } });
      expectStatus(res, 201);
      const claim = res.json.data as Json;
      const access = res.json.access as Json;
      assert.match(String(access.token), /^[0-9a-f]{32}$/);
      assert.match(String(access.transfer), /^[0-9a-f]{32}$/);
      assert.equal(res.headers.location, `http://api.example/api/2.5/tenders/${a.tender.id}/awards/${AWARD_ID}/complaints/${claim.id}`);
      const tenderID = String((await getTender(t.app, a.tender.id)).tenderID);
      assert.deepEqual(claim, {
        ...claimData(),
        id: claim.id,
        date: IN_STAND_STILL,
        complaintID: `${tenderID}.a1`,
        status: 'draft',
        relatedLot: a.lotId,
        bid_id: a.bidId,
      });
      const second = await fileAwardClaim(t.app, a, claimData({ status: 'claim' }));
      assert.equal(second.data.complaintID, `${tenderID}.a2`);
      assert.equal(second.data.dateSubmitted, IN_STAND_STILL);
      // The loser (unsuccessful bid) may claim too.
      const res3 = await api(t.app, 'POST', `${awardClaimsUrl(a)}?acc_token=${LOSER_TOKEN}`, { body: { data: claimData() } });
      expectStatus(res3, 201);
      // Readers see the author; nobody sees the owner or tokens, in the claim lists nor in the tender.
      const listed = await api(t.app, 'GET', awardClaimsUrl(a), { auth: null });
      assert.equal((listed.json.data as Json[]).length, 3);
      assert.deepEqual((listed.json.data as Json[])[0], claim);
      const one = await api(t.app, 'GET', awardClaimsUrl(a, `/${String(claim.id)}`), { auth: null });
      assert.deepEqual(one.json.data, claim);
      const shown = (((await getTender(t.app, a.tender.id)).awards as Json[])[0]!.complaints as Json[])[0]!;
      assert.deepEqual(shown, claim);
      const stored = ((await storedTender(t, a.tender.id)).awards as Json[])[0]!.complaints as Json[];
      assert.equal(stored[0]!.owner_token, access.token, 'the stored claim keeps its token');
      const chronograph = await api(t.app, 'GET', `/api/2.5/tenders/${a.tender.id}/chronograph`, { auth: 'chronograph' });
      const seen = (((chronograph.json.data as Json).awards as Json[])[0]!.complaints as Json[])[0]!;
      assert.equal(seen.owner_token, undefined, 'not even the chronograph sees claim tokens');
      assert.equal(seen.owner, undefined);
    });

    test('who: a bid owner (active or unsuccessful bid) with its token, else 403 url/permission', async () => {
      const a = await awardedTender();
      const post = (query: string, auth: string | null = 'broker') => api(t.app, 'POST', `${awardClaimsUrl(a)}${query}`, { auth, body: { data: claimData() } });
      expectError(await post(''), 403, 'url', 'permission', 'Forbidden');
      expectError(await post(`?acc_token=${a.tender.token}`), 403, 'url', 'permission', 'Forbidden');
      expectError(await post(`?acc_token=${'f'.repeat(32)}`), 403, 'url', 'permission', 'Forbidden');
      expectError(await post(`?acc_token=${BID_TOKEN}`, null), 403, 'url', 'permission', 'Forbidden');
      expectError(await post(`?acc_token=${BID_TOKEN}`, 'broker2'), 403, 'url', 'permission', 'Forbidden');
      expectError(await api(t.app, 'POST', `/api/2.5/tenders/${a.tender.id}/awards/${'0'.repeat(32)}/complaints?acc_token=${BID_TOKEN}`, { body: { data: claimData() } }), 404, 'url', 'award_id', 'Not Found');
    });

    test('body: type required (no period), only claims have a route, title/author required, Rogue field', async () => {
      const a = await awardedTender();
      const post = (data: Json) => api(t.app, 'POST', `${awardClaimsUrl(a)}?acc_token=${BID_TOKEN}`, { body: { data } });
      expectError(await post(claimData({ type: undefined })), 422, 'body', 'type', ['This field is required']);
      expectError(await post(claimData({ type: 'complaint' })), 404, 'url', 'not_found', 'Not Found');
      expectError(await post(claimData({ title: undefined })), 422, 'body', 'title', ['This field is required.']);
      expectError(await post(claimData({ author: undefined })), 422, 'body', 'author', ['This field is required.']);
      expectError(await post(claimData({ status: 'answered' })), 422, 'body', 'status', ["Value must be one of ['draft', 'claim']."]);
      expectError(await post(claimData({ resolution: 'x' })), 422, 'body', 'resolution', 'Rogue field');
    });

    test('when: tender status, then the lot, then the award stand-still', async () => {
      const a = await awardedTender();
      const post = () => api(t.app, 'POST', `${awardClaimsUrl(a)}?acc_token=${BID_TOKEN}`, { body: { data: claimData() } });
      await setClock(t.app, STAND_STILL_END);
      expectError(await post(), 403, 'body', 'data', 'Can add complaint only in complaintPeriod');
      await setClock(t.app, IN_STAND_STILL);
      await updateStoredTender(t, a.tender.id, (d) => {
        d.lots![0]!.status = 'cancelled';
      });
      expectError(await post(), 403, 'body', 'data', 'Can add complaint only in active lot status');
      await updateStoredTender(t, a.tender.id, (d) => {
        d.status = 'complete';
      });
      expectError(await post(), 403, 'body', 'data', "Can't add complaint in current (complete) tender status");
    });

    test('a pending award has no stand-still → 403', async () => {
      const a = await awardedTender('pending');
      expectError(await api(t.app, 'POST', `${awardClaimsUrl(a)}?acc_token=${BID_TOKEN}`, { body: { data: claimData() } }), 403, 'body', 'data', 'Can add complaint only in complaintPeriod');
    });
  });

  describe('claim PATCH', () => {
    test('draft → claim → answered → resolved, each stamped', async () => {
      const a = await awardedTender();
      const claim = await fileAwardClaim(t.app, a);
      const edited = await patchClaim(a, claim.id, claim.token, { title: 'Нова назва', author: { name: 'ДКП «Школяр» (філія)' } });
      expectStatus(edited, 200);
      assert.equal((edited.json.data as Json).title, 'Нова назва');
      assert.equal(((edited.json.data as Json).author as Json).name, 'ДКП «Школяр» (філія)');
      assert.equal(((edited.json.data as Json).author as Json).contactPoint !== undefined, true, 'the author is patched, not replaced');
      await setClock(t.app, '2027-01-21T13:00:00+02:00');
      const submitted = await patchClaim(a, claim.id, claim.token, { status: 'claim' });
      expectStatus(submitted, 200);
      assert.equal((submitted.json.data as Json).dateSubmitted, '2027-01-21T13:00:00+02:00');
      assert.equal((submitted.json.data as Json).date, '2027-01-21T13:00:00+02:00');

      // The tender owner answers: resolutionType required, resolution at least 20 characters.
      const owner = (data: Json) => patchClaim(a, claim.id, a.tender.token, data);
      expectError(await owner({ status: 'answered', resolution: RESOLUTION }), 422, 'body', 'resolutionType', ['This field is required.']);
      expectError(await owner({ status: 'answered', resolution: 'коротко', resolutionType: 'invalid' }), 403, 'body', 'data', "Can't update complaint: resolution too short");
      expectError(await owner({ status: 'answered', resolutionType: 'bogus', resolution: RESOLUTION }), 422, 'body', 'resolutionType', ["Value must be one of ['invalid', 'resolved', 'declined']."]);
      const drafted = await owner({ resolution: RESOLUTION });
      expectStatus(drafted, 200);
      assert.equal((drafted.json.data as Json).status, 'claim');
      await setClock(t.app, '2027-01-21T14:00:00+02:00');
      const answered = await owner({ status: 'answered', resolutionType: 'declined', tendererAction: 'нічого' });
      expectStatus(answered, 200);
      assert.equal((answered.json.data as Json).status, 'answered');
      assert.equal((answered.json.data as Json).dateAnswered, '2027-01-21T14:00:00+02:00');
      assert.equal((answered.json.data as Json).resolution, RESOLUTION);

      // The author: satisfied may be set, then the claim is resolved (satisfied or not).
      expectError(await patchClaim(a, claim.id, claim.token, { status: 'resolved' }), 403, 'body', 'data', "Can't update complaint from answered to resolved status");
      expectStatus(await patchClaim(a, claim.id, claim.token, { satisfied: false }), 200);
      const resolved = await patchClaim(a, claim.id, claim.token, { status: 'resolved' });
      expectStatus(resolved, 200);
      assert.equal((resolved.json.data as Json).status, 'resolved');
      assert.equal((resolved.json.data as Json).satisfied, false);
      expectError(await patchClaim(a, claim.id, claim.token, { status: 'cancelled' }), 403, 'body', 'data', "Can't update complaint in current (resolved) status");
    });

    test('the author cancels from draft, claim or answered (dateCanceled)', async () => {
      const a = await awardedTender();
      for (const status of ['draft', 'claim']) {
        const claim = await fileAwardClaim(t.app, a, claimData({ status }));
        const res = await patchClaim(a, claim.id, claim.token, { status: 'cancelled', cancellationReason: 'помилка' });
        expectStatus(res, 200);
        assert.equal((res.json.data as Json).status, 'cancelled');
        assert.equal((res.json.data as Json).dateCanceled, IN_STAND_STILL);
        assert.equal((res.json.data as Json).cancellationReason, 'помилка');
      }
      const answered = await fileAwardClaim(t.app, a, claimData({ status: 'claim' }));
      expectStatus(await patchClaim(a, answered.id, a.tender.token, { status: 'answered', resolution: RESOLUTION, resolutionType: 'resolved' }), 200);
      expectStatus(await patchClaim(a, answered.id, answered.token, { status: 'cancelled' }), 200);
    });

    test('refused moves, unknown roles, fields outside the action', async () => {
      const a = await awardedTender();
      const claim = await fileAwardClaim(t.app, a);
      expectError(await patchClaim(a, claim.id, a.tender.token, { status: 'claim' }), 403, 'body', 'data', "Can't update complaint from draft to claim status");
      expectError(await patchClaim(a, claim.id, a.tender.token, { resolution: RESOLUTION }), 403, 'body', 'data', "Can't update complaint from draft to draft status");
      expectError(await patchClaim(a, claim.id, claim.token, { status: 'answered' }), 403, 'body', 'data', "Can't update complaint from draft to answered status");
      expectError(await patchClaim(a, claim.id, claim.token, { resolution: RESOLUTION }), 422, 'body', 'resolution', 'Rogue field');
      expectError(await patchClaim(a, claim.id, null, { title: 'x' }), 403, 'body', 'data', 'Cannot perform any action on complaint as brokers');
      expectError(await patchClaim(a, claim.id, BID_TOKEN, { title: 'x' }), 403, 'body', 'data', 'Cannot perform any action on complaint as brokers');
      expectError(await patchClaim(a, claim.id, claim.token, { title: 'x' }, null as unknown as string), 403, 'url', 'permission', 'Forbidden');
      expectError(await patchClaim(a, 'f'.repeat(32), claim.token, { title: 'x' }), 404, 'url', 'complaint_id', 'Not Found');
      await updateStoredTender(t, a.tender.id, (d) => {
        d.status = 'active.tendering';
      });
      expectError(await patchClaim(a, claim.id, claim.token, { title: 'x' }), 403, 'body', 'data', "Can't update complaint in current (active.tendering) tender status");
      await updateStoredTender(t, a.tender.id, (d) => {
        d.status = 'active.awarded';
        d.lots![0]!.status = 'unsuccessful';
      });
      expectError(await patchClaim(a, claim.id, claim.token, { title: 'x' }), 403, 'body', 'data', 'Can update complaint only in active lot status');
    });

    test('chronograph: an answered claim takes its resolutionType 3 days after the answer', async () => {
      const a = await awardedTender();
      const claim = await fileAwardClaim(t.app, a, claimData({ status: 'claim' }));
      expectStatus(await patchClaim(a, claim.id, a.tender.token, { status: 'answered', resolution: RESOLUTION, resolutionType: 'invalid' }), 200);
      assert.equal((await getTender(t.app, a.tender.id)).next_check, '2027-01-24T12:00:00+02:00');
      await setClock(t.app, '2027-01-24T11:59:59+02:00');
      assert.equal(((await api(t.app, 'GET', awardClaimsUrl(a, `/${claim.id}`), { auth: null })).json.data as Json).status, 'answered');
      await setClock(t.app, '2027-01-24T12:00:00+02:00');
      const after = (await api(t.app, 'GET', awardClaimsUrl(a, `/${claim.id}`), { auth: null })).json.data as Json;
      assert.equal(after.status, 'invalid');
      assert.equal(after.date, '2027-01-24T12:00:00+02:00');
    });
  });

  describe('tender-level (stored) claims', () => {
    async function tenderWithClaim(): Promise<{ tender: AwardedTender['tender']; claimToken: string; claimId: string }> {
      const { tender } = await createPublishedTender(t.app);
      const claimId = 'c1a1'.padEnd(32, '0');
      const claimToken = 'c1a10000000000000000000000000001';
      await updateStoredTender(t, tender.id, (d) => {
        d.complaints = [
          { id: claimId, complaintID: `${d.tenderID}.a1`, type: 'claim', status: 'claim', date: '2027-01-01T00:00:00+02:00', title: 'Умови', author: claimData().author as Json, owner: 'broker', owner_token: claimToken },
        ];
      });
      return { tender, claimToken, claimId };
    }
    const url = (tenderId: string, suffix = '') => `/api/2.5/tenders/${tenderId}/complaints${suffix}`;

    test('GET hides the author; POST has no route (404)', async () => {
      const { tender, claimId } = await tenderWithClaim();
      const list = await api(t.app, 'GET', url(tender.id), { auth: null });
      expectStatus(list, 200);
      const shown = (list.json.data as Json[])[0]!;
      assert.equal(shown.author, undefined);
      assert.equal(shown.owner, undefined);
      assert.equal(shown.owner_token, undefined);
      assert.equal(shown.title, 'Умови');
      const one = await api(t.app, 'GET', url(tender.id, `/${claimId}`), { auth: null });
      assert.deepEqual(one.json.data, shown);
      const inTender = ((await getTender(t.app, tender.id)).complaints as Json[])[0]!;
      assert.ok(inTender.author, 'the tender shows the author');
      assert.equal(inTender.owner_token, undefined);
      expectError(await api(t.app, 'POST', `${url(tender.id)}?acc_token=${tender.token}`, { body: { data: claimData() } }), 404, 'url', 'not_found', 'Not Found');
    });

    test('the owner answers until clarificationsUntil; the response hides the author; tendering end resolves it', async () => {
      const { tender, claimId } = await tenderWithClaim();
      const answer = () => api(t.app, 'PATCH', ownerUrl(tender, `/complaints/${claimId}`), { body: { data: { status: 'answered', resolution: RESOLUTION, resolutionType: 'resolved' } } });
      const setDeadline = (until: string) =>
        updateStoredTender(t, tender.id, (d) => {
          d.enquiryPeriod!.clarificationsUntil = until;
        });
      await setDeadline('2026-12-31T23:59:59+02:00');
      expectError(await answer(), 403, 'body', 'data', 'Can update complaint only before enquiryPeriod.clarificationsUntil');
      await setDeadline('2027-01-01T00:00:00+02:00');
      const res = await answer();
      expectStatus(res, 200);
      assert.equal((res.json.data as Json).status, 'answered');
      assert.equal((res.json.data as Json).dateAnswered, '2027-01-01T00:00:00+02:00');
      assert.equal((res.json.data as Json).author, undefined);
      // The end of tendering turns answered tender claims into their resolution.
      await setClock(t.app, '2027-01-09T10:00:00+02:00');
      await setClock(t.app, '2027-01-15T00:00:00+02:00');
      const stored = await storedTender(t, tender.id);
      assert.notEqual(stored.status, 'active.tendering');
      assert.equal(stored.complaints![0]!.status, 'resolved');
    });

    test('the author edits drafts only in enquiries/tendering', async () => {
      const { tender, claimToken, claimId } = await tenderWithClaim();
      await updateStoredTender(t, tender.id, (d) => {
        d.complaints![0]!.status = 'draft';
      });
      const edit = () => api(t.app, 'PATCH', url(tender.id, `/${claimId}?acc_token=${claimToken}`), { body: { data: { title: 'Інші умови' } } });
      expectStatus(await edit(), 200);
      await updateStoredTender(t, tender.id, (d) => {
        d.status = 'active.auction';
      });
      expectError(await edit(), 403, 'body', 'data', "Can't update complaint from draft to draft status");
    });
  });

  describe('claim documents', () => {
    test('author while draft/answered, tender owner while claim; only the author updates', async () => {
      const a = await awardedTender();
      const claim = await fileAwardClaim(t.app, a, claimData({ documents: [claimDoc({ title: 'inline.pdf' })] }));
      assert.equal((claim.data.documents as Json[])[0]!.author, 'complaint_owner');
      const docs = (token: string, suffix = '') => awardClaimsUrl(a, `/${claim.id}/documents${suffix}?acc_token=${token}`);
      const added = await api(t.app, 'POST', docs(claim.token), { body: { data: claimDoc() } });
      expectStatus(added, 201);
      assert.equal((added.json.data as Json).author, 'complaint_owner');
      expectError(await api(t.app, 'POST', docs(a.tender.token), { body: { data: claimDoc() } }), 403, 'body', 'data', "Can't add document in current (draft) complaint status");
      expectError(await api(t.app, 'POST', docs(BID_TOKEN), { body: { data: claimDoc() } }), 403, 'url', 'permission', 'Forbidden');
      expectStatus(await patchClaim(a, claim.id, claim.token, { status: 'claim' }), 200);
      expectError(await api(t.app, 'POST', docs(claim.token), { body: { data: claimDoc() } }), 403, 'body', 'data', "Can't add document in current (claim) complaint status");
      const ownerDoc = await api(t.app, 'POST', docs(a.tender.token), { body: { data: claimDoc({ title: 'answer.pdf' }) } });
      expectStatus(ownerDoc, 201);
      assert.equal((ownerDoc.json.data as Json).author, 'tender_owner');
      const ownerDocId = String((ownerDoc.json.data as Json).id);
      expectStatus(await patchClaim(a, claim.id, a.tender.token, { status: 'answered', resolution: RESOLUTION, resolutionType: 'resolved' }), 200);
      expectError(
        await api(t.app, 'PATCH', docs(claim.token, `/${ownerDocId}`), { body: { data: { description: 'x' } } }),
        403, 'url', 'role', 'Can update document only author',
      );
      await updateStoredTender(t, a.tender.id, (d) => {
        d.lots![0]!.status = 'cancelled';
      });
      expectError(await api(t.app, 'POST', docs(claim.token), { body: { data: claimDoc() } }), 403, 'body', 'data', 'Can add document only in active lot status');
      await updateStoredTender(t, a.tender.id, (d) => {
        d.status = 'complete';
      });
      expectError(await api(t.app, 'POST', docs(claim.token), { body: { data: claimDoc() } }), 403, 'body', 'data', "Can't add document in current (complete) tender status");
      const listed = await api(t.app, 'GET', awardClaimsUrl(a, `/${claim.id}/documents`), { auth: null });
      assert.equal((listed.json.data as Json[]).length, 3);
    });
  });
});
