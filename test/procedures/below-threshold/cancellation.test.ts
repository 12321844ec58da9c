// HTTP-level tests of /tenders/{id}/cancellations[/{id}] and their documents (below-threshold.md
// §1.15, §3.8): every message, every transition, the execution effects per tender status.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeApp } from '../../helpers/app.ts';
import { storedTender, updateStoredTender } from '../../helpers/stored-tender.ts';
import { raceOnSameRevision } from '../../helpers/race.ts';
import { api, expectError, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { START } from '../../helpers/recorded-tender.ts';
import { REFERENCE_DS_KEY } from '../../helpers/reference-ds.ts';
import { createTender, getTender, type CreatedTender } from './builders.ts';
import { bidData, createPublishedTender, postBid, proposalSignature, startTendering, TENDERING_NOW } from './tendering.ts';
import { SECOND_ITEM, cancel, cancellationData, cancellationReport, cancellationsUrl, createTwoLotTender, postCancellation } from './cancelling.ts';

const REASON_TYPES = "Value must be one of ['noDemand', 'unFixable', 'expensesCut', 'noLocalization']";

describeApp('cancellations', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {

  const patch = (tender: CreatedTender, id: unknown, data: Json) => api(t.app, 'PATCH', cancellationsUrl(tender, `/${String(id)}`), { body: { data } });
  const addDoc = (tender: CreatedTender, id: unknown, data: Json, auth = 'broker') =>
    api(t.app, 'POST', cancellationsUrl(tender, `/${String(id)}/documents`), { auth, body: { data } });

  describe('POST', () => {
    test('201 draft with Location, whatever status is sent; cancellationOf follows relatedLot', async () => {
      const { tender, lotId } = await createPublishedTender(t.app);
      const res = await api(t.app, 'POST', cancellationsUrl(tender), { body: { data: cancellationData({ status: 'active', cancellationOf: 'lot' }) }, headers: { host: 'api.example' } });
      expectStatus(res, 201);
      const c = res.json.data as Json;
      assert.deepEqual(c, { id: c.id, reason: 'cancellation reason', reasonType: 'noDemand', date: START, cancellationOf: 'tender', status: 'draft' });
      assert.equal(res.headers.location, `http://api.example/api/2.5/tenders/${tender.id}/cancellations/${c.id}`);
      const onLot = await postCancellation(t.app, tender, cancellationData({ relatedLot: lotId }));
      assert.equal(onLot.cancellationOf, 'lot');
      assert.equal(onLot.relatedLot, lotId);
      const listed = await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/cancellations`, { auth: null });
      assert.deepEqual(listed.json.data, [c, onLot]);
      const one = await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/cancellations/${c.id}`, { auth: null });
      assert.deepEqual(one.json.data, c);
      assert.deepEqual((await getTender(t.app, tender.id)).cancellations, [c, onLot]);
      expectError(await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/cancellations/${'0'.repeat(32)}`, { auth: null }), 404, 'url', 'cancellation_id', 'Not Found');
    });

    test('body errors → 422: reason, reasonType, relatedLot, status, Rogue field', async () => {
      const { tender } = await createPublishedTender(t.app);
      const post = (data: Json) => api(t.app, 'POST', cancellationsUrl(tender), { body: { data } });
      expectError(await post({ reasonType: 'noDemand' }), 422, 'body', 'reason', ['This field is required.']);
      expectError(await post(cancellationData({ reasonType: undefined })), 422, 'body', 'reasonType', ['This field is required']);
      expectError(await post(cancellationData({ reasonType: 'forceMajeure' })), 422, 'body', 'reasonType', [REASON_TYPES]);
      expectError(await post(cancellationData({ relatedLot: 'a'.repeat(32) })), 422, 'body', 'relatedLot', ['relatedLot should be one of lots']);
      expectError(await post(cancellationData({ status: 'unsuccessful' })), 422, 'body', 'status', ["Value must be one of ['draft', 'pending', 'active']."]);
      expectError(await post(cancellationData({ id: 'x' })), 422, 'body', 'id', 'Rogue field');
    });

    test('noLocalization only for tenders created after 2026-05-01', async () => {
      const { tender } = await createPublishedTender(t.app);
      await postCancellation(t.app, tender, cancellationData({ reasonType: 'noLocalization' }));
      await updateStoredTender(t, tender.id, (d) => {
        d.dateCreated = '2026-04-01T00:00:00+03:00';
      });
      expectError(
        await api(t.app, 'POST', cancellationsUrl(tender), { body: { data: cancellationData({ reasonType: 'noLocalization' }) } }),
        422, 'body', 'reasonType', ["Value must be one of ['noDemand', 'unFixable', 'expensesCut']"],
      );
    });

    test('only the tender owner → 403 url/permission', async () => {
      const { tender } = await createPublishedTender(t.app);
      expectError(await api(t.app, 'POST', `/api/2.5/tenders/${tender.id}/cancellations`, { body: { data: cancellationData() } }), 403, 'url', 'permission', 'Forbidden');
      expectError(await api(t.app, 'POST', `/api/2.5/tenders/${tender.id}/cancellations?acc_token=${'0'.repeat(32)}`, { body: { data: cancellationData() } }), 403, 'url', 'permission', 'Forbidden');
    });

    test("Can't perform cancellation in draft, active.auction and terminal tender statuses", async () => {
      await setClock(t.app, START);
      const draft = await createTender(t.app);
      expectError(await api(t.app, 'POST', cancellationsUrl(draft), { body: { data: cancellationData() } }), 403, 'body', 'data', "Can't perform cancellation in current (draft) tender status");
      const { tender } = await createPublishedTender(t.app);
      for (const status of ['active.auction', 'complete', 'unsuccessful', 'cancelled']) {
        await updateStoredTender(t, tender.id, (d) => {
          d.status = status;
        });
        expectError(
          await api(t.app, 'POST', cancellationsUrl(tender), { body: { data: cancellationData() } }),
          403, 'body', 'data', `Can't perform cancellation in current (${status}) tender status`,
        );
      }
    });

    test('a lot that is not active cannot be cancelled → 403', async () => {
      const { tender, lotId } = await createPublishedTender(t.app);
      await updateStoredTender(t, tender.id, (d) => {
        d.lots![0]!.status = 'unsuccessful';
      });
      expectError(await api(t.app, 'POST', cancellationsUrl(tender), { body: { data: cancellationData({ relatedLot: lotId }) } }), 403, 'body', 'data', 'Can perform cancellation only in active lot status');
    });

    test('inline documents are stored without author; two reports → 422', async () => {
      const { tender } = await createPublishedTender(t.app);
      const c = await postCancellation(t.app, tender, cancellationData({ documents: [cancellationReport()] }));
      const docs = c.documents as Json[];
      assert.equal(docs.length, 1);
      assert.equal(docs[0]!.author, undefined);
      assert.match(String(docs[0]!.url), /^http:\/\/localhost:\d+\/get\/|Signature=/);
      expectError(
        await api(t.app, 'POST', cancellationsUrl(tender), { body: { data: cancellationData({ documents: [cancellationReport(), cancellationReport()] }) } }),
        422, 'body', 'documents', 'cancellationReport document in cancellation should be only one',
      );
    });
  });

  describe('PATCH', () => {
    test('draft → active needs the signed report (422), then cancels the tender in enquiries', async () => {
      const { tender } = await createPublishedTender(t.app);
      const c = await postCancellation(t.app, tender);
      expectError(await patch(tender, c.id, { status: 'active' }), 422, 'body', 'documents', "Document with type 'cancellationReport' and format pkcs7-signature is required");
      // An ordinary document is not the report.
      expectStatus(await addDoc(tender, c.id, { ...cancellationReport(), documentType: undefined, title: 'Notice.pdf', format: 'application/pdf' }), 201);
      expectError(await patch(tender, c.id, { status: 'active' }), 422, 'body', 'documents', "Document with type 'cancellationReport' and format pkcs7-signature is required");
      expectStatus(await addDoc(tender, c.id, cancellationReport()), 201);
      await setClock(t.app, '2027-01-02T10:00:00+02:00');
      const res = await patch(tender, c.id, { status: 'active' });
      expectStatus(res, 200);
      assert.equal((res.json.data as Json).status, 'active');
      assert.equal(((res.json.data as Json).documents as Json[]).length, 2);
      const after = await getTender(t.app, tender.id);
      assert.equal(after.status, 'cancelled');
      assert.equal(after.date, '2027-01-02T10:00:00+02:00');
      assert.equal(after.next_check, undefined, 'a cancelled tender has no chronograph events');
      // Nothing more can be cancelled or changed.
      expectError(await patch(tender, c.id, { status: 'unsuccessful' }), 403, 'body', 'data', "Can't perform cancellation in current (cancelled) tender status");
      expectError(await addDoc(tender, c.id, cancellationReport()), 403, 'body', 'data', "Can't perform cancellation in current (cancelled) tender status");
    });

    test('draft → pending executes at once (no complaint period here)', async () => {
      const { tender } = await createPublishedTender(t.app);
      const c = await postCancellation(t.app, tender, cancellationData({ documents: [cancellationReport()] }));
      const res = await patch(tender, c.id, { status: 'pending' });
      expectStatus(res, 200);
      assert.equal((res.json.data as Json).status, 'active');
      assert.equal((await getTender(t.app, tender.id)).status, 'cancelled');
    });

    test('draft → unsuccessful abandons it; afterwards it cannot change', async () => {
      const { tender } = await createPublishedTender(t.app);
      const c = await postCancellation(t.app, tender);
      const res = await patch(tender, c.id, { status: 'unsuccessful' });
      expectStatus(res, 200);
      assert.equal((res.json.data as Json).status, 'unsuccessful');
      assert.equal((await getTender(t.app, tender.id)).status, 'active.enquiries');
      expectError(await patch(tender, c.id, { status: 'active' }), 403, 'body', 'data', "Can't update cancellation in current (unsuccessful) status");
    });

    test('reasonType may change; status choices and transitions are checked', async () => {
      const { tender } = await createPublishedTender(t.app);
      const c = await postCancellation(t.app, tender);
      const res = await patch(tender, c.id, { reasonType: 'unFixable' });
      expectStatus(res, 200);
      assert.equal((res.json.data as Json).reasonType, 'unFixable');
      expectError(await patch(tender, c.id, { reasonType: 'cancelled' }), 422, 'body', 'reasonType', [REASON_TYPES]);
      expectError(await patch(tender, c.id, { status: 'deleted' }), 422, 'body', 'status', ["Value must be one of ['draft', 'pending', 'active', 'unsuccessful']."]);
      expectError(await patch(tender, c.id, { reason: 'other' }), 422, 'body', 'reason', 'Rogue field');
      await updateStoredTender(t, tender.id, (d) => {
        d.cancellations![0]!.status = 'pending';
      });
      expectError(await patch(tender, c.id, { status: 'unsuccessful' }), 403, 'body', 'data', "Can't switch cancellation status from pending to unsuccessful");
      expectError(await patch(tender, c.id, { status: 'draft' }), 403, 'body', 'data', "Can't switch cancellation status from pending to draft");
    });

    test('an empty reason cannot take effect → 422', async () => {
      const { tender } = await createPublishedTender(t.app);
      const c = await postCancellation(t.app, tender, cancellationData({ reason: '', documents: [cancellationReport()] }));
      expectError(await patch(tender, c.id, { status: 'active' }), 422, 'body', 'data', 'Field reason must be filled for switch cancellation to active status');
      expectError(await patch(tender, c.id, { status: 'pending' }), 422, 'body', 'data', 'Field reason must be filled for switch cancellation to pending status');
    });

    test('only the tender owner; unknown cancellation → 404', async () => {
      const { tender } = await createPublishedTender(t.app);
      const c = await postCancellation(t.app, tender);
      expectError(await api(t.app, 'PATCH', `/api/2.5/tenders/${tender.id}/cancellations/${String(c.id)}`, { body: { data: { status: 'unsuccessful' } } }), 403, 'url', 'permission', 'Forbidden');
      expectError(await patch(tender, 'f'.repeat(32), { status: 'active' }), 404, 'url', 'cancellation_id', 'Not Found');
    });
  });

  describe('documents', () => {
    test('owner adds, patches, uploads versions; others are refused; one report only; no delete', async () => {
      const { tender } = await createPublishedTender(t.app);
      const c = await postCancellation(t.app, tender);
      const report = await addDoc(tender, c.id, cancellationReport());
      expectStatus(report, 201);
      const doc = report.json.data as Json;
      assert.equal(doc.author, undefined);
      expectError(await addDoc(tender, c.id, cancellationReport()), 422, 'body', 'documents', 'cancellationReport document in cancellation should be only one');
      const put = await api(t.app, 'PUT', cancellationsUrl(tender, `/${String(c.id)}/documents/${String(doc.id)}`), { body: { data: cancellationReport() } });
      expectStatus(put, 200);
      const patched = await api(t.app, 'PATCH', cancellationsUrl(tender, `/${String(c.id)}/documents/${String(doc.id)}`), { body: { data: { description: 'signed' } } });
      expectStatus(patched, 200);
      assert.equal((patched.json.data as Json).description, 'signed');
      expectError(
        await api(t.app, 'POST', `/api/2.5/tenders/${tender.id}/cancellations/${String(c.id)}/documents`, { body: { data: cancellationReport() } }),
        403, 'url', 'permission', 'Forbidden',
      );
      expectError(
        await api(t.app, 'DELETE', cancellationsUrl(tender, `/${String(c.id)}/documents/${String(doc.id)}`)),
        403, 'body', 'data', 'Forbidden to delete document for cancellation',
      );
      const all = await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/cancellations/${String(c.id)}/documents?all=1`, { auth: null });
      assert.equal((all.json.data as Json[]).length, 2, 'both versions');
      const one = await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/cancellations/${String(c.id)}`, { auth: null });
      assert.equal(((one.json.data as Json).documents as Json[]).length, 2, 'the cancellation shows every version');
    });
  });

  test('two cancellations posted on the same revision → one 201, one 409', async () => {
    const { tender } = await createPublishedTender(t.app);
    const post = () => api(t.app, 'POST', cancellationsUrl(tender), { body: { data: cancellationData() } });
    const results = await raceOnSameRevision(t.deps.store, [post, post]);
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 409]);
    expectError(results.find((r) => r.status === 409)!, 409, 'body', 'data', 'Conflict while updating document. Please, retry');
    assert.equal(((await getTender(t.app, tender.id)).cancellations as Json[]).length, 1);
  });

  describe('execution', () => {
    test('tender cancellation in tendering drops the sealed bids', async () => {
      const { tender, lotId } = await createPublishedTender(t.app);
      await startTendering(t, tender.id);
      await postBid(t.app, tender, bidData(lotId, { status: 'pending', documents: [proposalSignature()] }));
      const c = await cancel(t.app, tender);
      assert.equal(c.status, 'active');
      const stored = await storedTender(t, tender.id);
      assert.equal(stored.status, 'cancelled');
      assert.equal(stored.bids, undefined);
      assert.equal(stored.lots![0]!.auctionPeriod, undefined, 'the planned auction is gone');
      assert.equal(stored.date, TENDERING_NOW);
    });

    test('lot cancellation in tendering: bids lose that lot (a bid left without lots is invalid); the tender goes on', async () => {
      const { tender, lotA, lotB } = await createTwoLotTender(t.app);
      await startTendering(t, tender.id);
      const itemB = { id: SECOND_ITEM, description: 'папір', quantity: 5, relatedLot: lotB, unit: { name: 'кг', code: 'KGM', value: { amount: 100, currency: 'UAH', valueAddedTaxIncluded: false } } };
      const onlyA = await postBid(t.app, tender, bidData(lotA, { status: 'pending', documents: [proposalSignature()] }));
      const both = bidData(lotA, { status: 'pending', documents: [proposalSignature()] });
      both.lotValues = [...(both.lotValues as Json[]), { value: { amount: 500 }, relatedLot: lotB }];
      both.items = [...(both.items as Json[]), itemB];
      const bidBoth = await postBid(t.app, tender, both);
      const c = await cancel(t.app, tender, lotA);
      assert.equal(c.cancellationOf, 'lot');
      const stored = await storedTender(t, tender.id);
      assert.equal(stored.status, 'active.tendering');
      assert.deepEqual(stored.lots!.map((l) => l.status), ['cancelled', 'active']);
      assert.equal(stored.lots![0]!.auctionPeriod, undefined);
      assert.ok(stored.lots![1]!.auctionPeriod, 'the other lot keeps its auction');
      const a = stored.bids!.find((b) => b.id === onlyA.id)!;
      assert.equal(a.status, 'invalid');
      assert.equal(a.lotValues, undefined);
      const b = stored.bids!.find((x) => x.id === bidBoth.id)!;
      assert.equal(b.status, 'pending');
      assert.deepEqual(b.lotValues!.map((lv) => lv.relatedLot), [lotB]);
      // Cancelling the other lot too cancels the tender (and drops the bids).
      expectError(
        await api(t.app, 'POST', cancellationsUrl(tender), { body: { data: cancellationData({ relatedLot: lotA }) } }),
        403, 'body', 'data', 'Can perform cancellation only in active lot status',
      );
      await cancel(t.app, tender, lotB);
      const done = await storedTender(t, tender.id);
      assert.equal(done.status, 'cancelled');
      assert.equal(done.bids, undefined);
    });

    test('lot cancellation in qualification: unsigned contracts of its awards are cancelled, signed ones and other lots kept', async () => {
      const { tender, lotA, lotB } = await createTwoLotTender(t.app);
      await updateStoredTender(t, tender.id, (d) => {
        d.status = 'active.qualification';
        d.awards = [
          { id: 'a1'.padEnd(32, '0'), bid_id: 'b'.repeat(32), lotID: lotA, status: 'active', date: START },
          { id: 'a2'.padEnd(32, '0'), bid_id: 'c'.repeat(32), lotID: lotB, status: 'active', date: START },
        ];
        d.contracts = [
          { id: 'c1'.padEnd(32, '0'), awardID: 'a1'.padEnd(32, '0'), status: 'pending', date: START },
          { id: 'c2'.padEnd(32, '0'), awardID: 'a2'.padEnd(32, '0'), status: 'pending', date: START },
        ];
      });
      await setClock(t.app, '2027-01-20T10:00:00+02:00');
      await cancel(t.app, tender, lotA);
      const stored = await storedTender(t, tender.id);
      // Lot B's award is active and lot A is gone: awarding is over for every active lot.
      assert.equal(stored.status, 'active.awarded');
      assert.deepEqual((stored.contracts as Json[]).map((c) => c.status), ['cancelled', 'pending']);
      assert.equal((stored.contracts as Json[])[0]!.date, '2027-01-20T10:00:00+02:00');
      assert.deepEqual(stored.lots!.map((l) => l.status), ['cancelled', 'active']);
    });

    test('the last active lot cancelled after the others finished: the tender follows its lots', async () => {
      const { tender, lotA, lotB } = await createTwoLotTender(t.app);
      await updateStoredTender(t, tender.id, (d) => {
        d.status = 'active.awarded';
        d.lots![0]!.status = 'complete';
      });
      await cancel(t.app, tender, lotB);
      assert.equal((await getTender(t.app, tender.id)).status, 'complete');
      void lotA;
    });
  });
});
