// HTTP-level tests of /tenders/{id}/bids[/{bid_id}] (below-threshold.md §1.12, §3.4).
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { updateStoredTender } from '../../helpers/stored-tender.ts';
import { describeApp } from '../../helpers/app.ts';
import { buildApp } from '../../../src/app.ts';
import { api, expectError, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { START } from '../../helpers/recorded-tender.ts';
import { REFERENCE_DS_KEY } from '../../helpers/reference-ds.ts';
import { createTender, getTender, type CreatedTender } from './builders.ts';
import {
  holdChronograph, TENDERING_NOW, bidData, createPublishedTender, bidUrl, bidsUrl, postBid, proposalSignature, startTendering, tenderer,
} from './tendering.ts';

const ITEM = 'ffffffffffffffffffffffffffffffff';
const PERIOD = 'from (2027-01-08T00:00:00+02:00) to (2027-01-15T00:00:00+02:00).';

describeApp('bids', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  let tender: CreatedTender;
  let lotId: string;

  async function tenderingTender(data?: Json): Promise<void> {
    ({ tender, lotId } = await createPublishedTender(t.app, data));
    await startTendering(t, tender.id);
  }
  const post = (data: Json, auth = 'broker') => api(t.app, 'POST', bidsUrl(tender), { auth, body: { data } });

  describe('POST', () => {
    beforeEach(() => tenderingTender());

    test('201 with Location and access; draft by default; lotValues pending, dated; tokens never shown', async () => {
      const res = await api(t.app, 'POST', bidsUrl(tender), { body: { data: bidData(lotId) }, headers: { host: 'api.example' } });
      expectStatus(res, 201);
      const bid = res.json.data as Json;
      const access = res.json.access as Json;
      assert.match(String(access.token), /^[0-9a-f]{32}$/);
      assert.match(String(access.transfer), /^[0-9a-f]{32}$/);
      assert.equal(res.headers.location, `http://api.example/api/2.5/tenders/${tender.id}/bids/${bid.id}`);
      assert.deepEqual(bid, {
        id: bid.id,
        status: 'draft',
        date: TENDERING_NOW,
        tenderers: [tenderer()],
        lotValues: [{ value: { amount: 500, currency: 'UAH', valueAddedTaxIncluded: false }, relatedLot: lotId, status: 'pending', date: TENDERING_NOW }],
        items: (bidData(lotId).items as Json[]),
      });
    });

    test('bids do not move the tender: dateModified and feed position stay', async () => {
      const before = await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}?opt_fields=public_modified`, { auth: null });
      await setClock(t.app, '2027-01-10T10:00:00+02:00');
      const bid = await postBid(t.app, tender, bidData(lotId));
      expectStatus(await api(t.app, 'PATCH', bidUrl(tender, bid), { body: { data: { subcontractingDetails: 'ДКП «Книга»' } } }), 200);
      expectStatus(await api(t.app, 'DELETE', bidUrl(tender, bid)), 200);
      const afterRes = await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}?opt_fields=public_modified`, { auth: null });
      assert.equal((afterRes.json.data as Json).dateModified, (before.json.data as Json).dateModified);
      assert.equal((afterRes.json.data as Json).public_modified, (before.json.data as Json).public_modified);
    });

    test('status pending needs a proposal signature for a UA-EDR tenderer; with it, submissionDate is set', async () => {
      expectError(await post(bidData(lotId, { status: 'pending' })), 422, 'body', 'documents', "Document with type 'proposal' and format pkcs7-signature is required");
      const bid = await postBid(t.app, tender, bidData(lotId, { status: 'pending', documents: [proposalSignature()] }));
      assert.equal(bid.data.status, 'pending');
      assert.equal(bid.data.submissionDate, TENDERING_NOW);
      const doc = (bid.data.documents as Json[])[0];
      assert.equal(doc.documentType, 'proposal');
      assert.equal(doc.author, undefined, 'bid documents carry no author');
      const other = await postBid(t.app, tender, bidData(lotId, { status: 'pending', tenderers: [tenderer({ identifier: { scheme: 'UA-IPN', id: '1' } })] }));
      assert.equal(other.data.status, 'pending', 'no signature needed for other schemes');
    });

    test('status other than draft/pending → 403 bid', async () => {
      expectError(await post(bidData(lotId, { status: 'active' })), 403, 'body', 'bid', "Bid can be added only with status: ('draft', 'pending')");
      expectError(await post(bidData(lotId, { status: 'nope' })), 422, 'body', 'status', ["Value must be one of ['draft', 'pending', 'active', 'invalid', 'invalid.pre-qualification', 'unsuccessful', 'deleted']."]);
    });

    test('accreditation level 2 → else 403 url/accreditation; anonymous → 403 permission; checked before the body', async () => {
      expectError(await post({}, 'broker1'), 403, 'url', 'accreditation', 'Broker Accreditation level does not permit bid creation');
      expectError(await post(bidData(lotId), 'broker2t'), 403, 'url', 'mode', 'Broker Accreditation level does not permit bid creation');
      expectError(await api(t.app, 'POST', bidsUrl(tender), { auth: null, body: { data: bidData(lotId) } }), 403, 'url', 'permission', 'Forbidden');
      await postBid(t.app, tender, bidData(lotId), 'broker2');
    });

    test('lotValues rules → 422', async () => {
      expectError(await post(bidData(lotId, { lotValues: undefined })), 422, 'body', 'lotValues', ['This field is required.']);
      const over = await post(bidData(lotId, { lotValues: [{ value: { amount: 501 }, relatedLot: lotId }] }));
      expectError(over, 422, 'body', 'lotValues', [{ value: ['value of bid should be less than value of lot'] }]);
      const currency = await post(bidData(lotId, { lotValues: [{ value: { amount: 500, currency: 'USD' }, relatedLot: lotId }] }));
      expectError(currency, 422, 'body', 'lotValues', [{ value: ['currency of bid should be identical to currency of value of lot'] }]);
      const vat = await post(bidData(lotId, { lotValues: [{ value: { amount: 500, valueAddedTaxIncluded: true }, relatedLot: lotId }] }));
      expectError(vat, 422, 'body', 'lotValues', [{ value: ['valueAddedTaxIncluded of bid should be identical to valueAddedTaxIncluded of value of lot'] }]);
      const unknown = await post(bidData(lotId, { lotValues: [{ value: { amount: 500 }, relatedLot: 'a'.repeat(32) }] }));
      expectError(unknown, 422, 'body', 'lotValues', [{ relatedLot: ['relatedLot should be one of lots'] }]);
      const twice = await post(bidData(lotId, { lotValues: [{ value: { amount: 500 }, relatedLot: lotId }, { value: { amount: 400 }, relatedLot: lotId }] }));
      expectError(twice, 422, 'body', 'lotValues', ["bids don't allow duplicated proposals"]);
      expectError(await post(bidData(lotId, { value: { amount: 500 } })), 422, 'body', 'value', ['value should be posted for each lot of bid']);
      const serverFields = await post(bidData(lotId, { lotValues: [{ value: { amount: 500 }, relatedLot: lotId, status: 'active', date: START }] }));
      expectError(serverFields, 422, 'body', 'lotValues', [{ status: ["Value must be one of ['pending']."], date: 'Rogue field' }]);
    });

    test('tenderers: exactly one supplier with scale, organization rules → 422', async () => {
      expectError(await post(bidData(lotId, { tenderers: undefined })), 422, 'body', 'tenderers', ['This field is required.']);
      expectError(await post(bidData(lotId, { tenderers: [tenderer(), tenderer()] })), 422, 'body', 'tenderers', ['Please provide no more than 1 item.']);
      const { scale: _s, ...noScale } = tenderer();
      expectError(await post(bidData(lotId, { tenderers: [noScale] })), 422, 'body', 'tenderers', [{ scale: ['This field is required.'] }]);
      const badPhone = tenderer({ contactPoint: { name: 'x', telephone: 'call me' } });
      expectError(await post(bidData(lotId, { tenderers: [badPhone] })), 422, 'body', 'tenderers', [{ contactPoint: { telephone: ['wrong telephone format (could be missed +)'] } }]);
      expectError(await post(bidData(lotId, { foo: 1 })), 422, 'body', 'foo', 'Rogue field');
    });

    test('items rules → 422', async () => {
      const item = (bidData(lotId).items as Json[])[0];
      expectError(await post(bidData(lotId, { items: undefined })), 422, 'body', 'items', 'This field is required.');
      const noCode = { ...item, unit: { name: 'кг', value: { amount: 100 } } };
      expectError(await post(bidData(lotId, { items: [noCode] })), 422, 'body', 'items', { unit: { code: 'This field is required.' } });
      const sum = { ...item, unit: { name: 'кг', code: 'KGM', value: { amount: 101 } } };
      expectError(await post(bidData(lotId, { items: [sum] })), 422, 'body', 'items', 'Total amount of unit values should be equal bid.lotValues.value.amount if VAT is not included in bid.lotValues');
      const vat = { ...item, unit: { name: 'кг', code: 'KGM', value: { amount: 100, valueAddedTaxIncluded: true } } };
      expectError(await post(bidData(lotId, { items: [vat] })), 422, 'body', 'items', 'valueAddedTaxIncluded of bid unit should be False');
      const foreign = { ...item, id: 'e'.repeat(32) };
      expectError(await post(bidData(lotId, { items: [item, foreign] })), 422, 'body', 'data', 'Bid items ids should be on tender items ids for current lot');
      const zero = { ...item, quantity: 0, unit: { name: 'кг', code: 'KGM', value: { amount: 0 } } };
      expectError(await post(bidData(lotId, { items: [zero] })), 422, 'body', 'items', 'Total amount of unit values should be equal bid.lotValues.value.amount if VAT is not included in bid.lotValues');
      const other = { ...item, quantity: 4, unit: { name: 'кг', code: 'KGM', value: { amount: 125 } } };
      await postBid(t.app, tender, bidData(lotId, { items: [other] }));
      expectError(await post(bidData(lotId, { items: [other], status: 'pending', documents: [proposalSignature()] })), 422, 'body', 'items', `bid item.quantity (4.0) should be equal to tender item.quantity (5.0) for item ${ITEM}`);
    });

    test('only in active.tendering and inside tenderPeriod → 403', async () => {
      await holdChronograph(t, tender.id);
      await setClock(t.app, '2027-01-15T00:00:01+02:00');
      expectError(await post(bidData(lotId)), 403, 'body', 'data', `Bid can be added only during the tendering period: ${PERIOD}`);
      await setClock(t.app, START);
      const fresh = await createTender(t.app);
      expectError(await api(t.app, 'POST', bidsUrl(fresh), { body: { data: bidData(lotId) } }), 403, 'body', 'data', "Can't add bid in current (draft) tender status");
    });
  });

  describe('features and parameters', () => {
    const feature = { code: 'f1', featureOf: 'tenderer', title: 'Досвід', enum: [{ value: 0.1, title: 'a' }, { value: 0.2, title: 'b' }] };
    beforeEach(() => tenderingTender({ features: [feature] }));

    test('every applicable feature needs a parameter with one of its values → 422 parameters', async () => {
      expectError(await post(bidData(lotId)), 422, 'body', 'parameters', ['All features parameters is required.']);
      expectError(await post(bidData(lotId, { parameters: [{ code: 'f2', value: 0.1 }] })), 422, 'body', 'parameters', [{ code: ['code should be one of feature code.'] }]);
      expectError(await post(bidData(lotId, { parameters: [{ code: 'f1', value: 0.15 }] })), 422, 'body', 'parameters', [{ value: ['value should be one of feature value.'] }]);
      expectError(await post(bidData(lotId, { parameters: [{ code: 'f1', value: 0.1 }, { code: 'f1', value: 0.2 }] })), 422, 'body', 'parameters', ['Parameter code should be uniq for all parameters']);
      const bid = await postBid(t.app, tender, bidData(lotId, { parameters: [{ code: 'f1', value: 0.2 }] }));
      assert.deepEqual(bid.data.parameters, [{ code: 'f1', value: 0.2 }]);
    });
  });

  describe('tender changes during tendering (funders exception, below-threshold.md §3.1)', () => {
    let fundersApp: FastifyInstance;
    beforeEach(async () => {
      await tenderingTender();
      // The deployment lists this tender: a second app on the same store with that configuration.
      const config = Object.freeze({ ...t.deps.config, fundersTenderIds: [tender.id] });
      fundersApp = await buildApp({ ...t.deps, config }, { logger: false });
      await fundersApp.ready();
    });
    const ownerPatch = (app: FastifyInstance, data: Json) => api(app, 'PATCH', `/api/2.5/tenders/${tender.id}?acc_token=${tender.token}`, { body: { data } });

    test('an owner edit invalidates submitted bids (drafts stay) and stamps enquiryPeriod.invalidationDate', async () => {
      const submitted = await postBid(t.app, tender, bidData(lotId, { status: 'pending', documents: [proposalSignature()] }));
      const draft = await postBid(t.app, tender, bidData(lotId));
      await setClock(t.app, '2027-01-10T10:00:00+02:00');
      const res = await ownerPatch(fundersApp, { title: 'нова назва', tenderPeriod: { startDate: '2027-01-08T00:00:00+02:00', endDate: '2027-01-20T00:00:00+02:00' } });
      expectStatus(res, 200);
      assert.equal((res.json.data as Json).title, 'нова назва');
      assert.equal(((res.json.data as Json).enquiryPeriod as Json).invalidationDate, '2027-01-10T10:00:00+02:00');
      assert.equal('bids' in (res.json.data as Json), false, 'bids stay sealed');
      const own = await api(t.app, 'GET', bidUrl(tender, submitted));
      assert.equal((own.json.data as Json).status, 'invalid');
      const ownDraft = await api(t.app, 'GET', bidUrl(tender, draft));
      assert.equal((ownDraft.json.data as Json).status, 'draft');
    });

    test('only the listed fields, and tenderPeriod must leave 2 working days → 403', async () => {
      expectError(await ownerPatch(fundersApp, { procuringEntity: tender.data.procuringEntity as Json }), 422, 'body', 'procuringEntity', 'Rogue field');
      await setClock(t.app, '2027-01-13T10:00:00+02:00');
      expectError(await ownerPatch(fundersApp, { title: 'x' }), 403, 'body', 'data', 'tenderPeriod should be extended by 2 working days');
    });

    test('without the deployment listing the tender, owner edits in tendering are refused and bids stay', async () => {
      const submitted = await postBid(t.app, tender, bidData(lotId, { status: 'pending', documents: [proposalSignature()] }));
      expectError(await ownerPatch(t.app, { title: 'x' }), 403, 'body', 'data', "Can't update tender in current (active.tendering) status");
      const own = await api(t.app, 'GET', bidUrl(tender, submitted));
      assert.equal((own.json.data as Json).status, 'pending');
    });
  });

  describe('PATCH, DELETE and reads', () => {
    beforeEach(() => tenderingTender());

    test('owner PATCH keeps the status of a draft; foreign token or broker → 403 permission', async () => {
      const bid = await postBid(t.app, tender, bidData(lotId));
      const res = await api(t.app, 'PATCH', bidUrl(tender, bid), { body: { data: { tenderers: [tenderer({ name: 'Школяр' })] } } });
      expectStatus(res, 200);
      assert.equal((res.json.data as Json).status, 'draft');
      assert.equal(((res.json.data as Json).tenderers as Json[])[0].name, 'Школяр');
      expectError(await api(t.app, 'PATCH', bidUrl(tender, { id: bid.id }), { body: { data: {} } }), 403, 'url', 'permission', 'Forbidden');
      expectError(await api(t.app, 'PATCH', bidUrl(tender, { id: bid.id, token: tender.token }), { body: { data: {} } }), 403, 'url', 'permission', 'Forbidden');
      expectError(await api(t.app, 'PATCH', bidUrl(tender, bid), { auth: 'broker2', body: { data: {} } }), 403, 'url', 'permission', 'Forbidden');
      expectError(await api(t.app, 'PATCH', bidUrl(tender, { id: 'a'.repeat(32), token: bid.token }), { body: { data: {} } }), 404, 'url', 'bid_id', 'Not Found');
    });

    test('submission: draft → pending needs the proposal signature; a changed pending bid becomes invalid and needs a new one', async () => {
      const plain = await postBid(t.app, tender, bidData(lotId));
      const refused = await api(t.app, 'PATCH', bidUrl(tender, plain), { body: { data: { status: 'pending' } } });
      expectError(refused, 422, 'body', 'documents', "Document with type 'proposal' and format pkcs7-signature is required");

      await setClock(t.app, '2027-01-09T09:00:00+02:00');
      const bid = await postBid(t.app, tender, bidData(lotId, { documents: [proposalSignature()] }));
      await setClock(t.app, TENDERING_NOW);
      const submitted = await api(t.app, 'PATCH', bidUrl(tender, bid), { body: { data: { status: 'pending' } } });
      expectStatus(submitted, 200);
      const data = submitted.json.data as Json;
      assert.equal(data.status, 'pending');
      assert.equal(data.submissionDate, TENDERING_NOW);
      assert.equal(data.date, TENDERING_NOW);
      assert.equal((data.lotValues as Json[])[0].date, TENDERING_NOW);

      await setClock(t.app, '2027-01-10T10:00:00+02:00');
      const edited = await api(t.app, 'PATCH', bidUrl(tender, bid), { body: { data: { tenderers: [tenderer({ name: 'Школяр' })] } } });
      expectStatus(edited, 200);
      assert.equal((edited.json.data as Json).status, 'invalid');
      assert.equal((edited.json.data as Json).submissionDate, TENDERING_NOW);

      const again = await api(t.app, 'PATCH', bidUrl(tender, bid), { body: { data: { status: 'pending' } } });
      expectError(again, 422, 'body', 'documents', "Document with type 'proposal' and format pkcs7-signature is required");
    });

    test('an unchanged PATCH of a pending bid keeps it pending; the owner may only move a bid to pending', async () => {
      const bid = await postBid(t.app, tender, bidData(lotId, { status: 'pending', documents: [proposalSignature()] }));
      const same = await api(t.app, 'PATCH', bidUrl(tender, bid), { body: { data: { status: 'pending' } } });
      assert.equal((same.json.data as Json).status, 'pending');
      for (const status of ['active', 'draft', 'unsuccessful']) {
        expectError(await api(t.app, 'PATCH', bidUrl(tender, bid), { body: { data: { status } } }), 403, 'body', 'bid', `Can't update bid to (${status}) status`);
      }
    });

    test('PATCH lotValues: stored date and status are kept, values are re-checked', async () => {
      const bid = await postBid(t.app, tender, bidData(lotId));
      await setClock(t.app, '2027-01-10T10:00:00+02:00');
      const over = await api(t.app, 'PATCH', bidUrl(tender, bid), { body: { data: { lotValues: [{ value: { amount: 600 }, relatedLot: lotId }] } } });
      expectError(over, 422, 'body', 'lotValues', [{ value: ['value of bid should be less than value of lot'] }]);
      const lower = await api(t.app, 'PATCH', bidUrl(tender, bid), {
        body: { data: { lotValues: [{ value: { amount: 450 }, relatedLot: lotId, status: 'active', date: START }], items: [{ ...(bidData(lotId).items as Json[])[0], unit: { name: 'кг', code: 'KGM', value: { amount: 90 } } }] } },
      });
      expectStatus(lower, 200);
      assert.deepEqual((lower.json.data as Json).lotValues, [{ value: { amount: 450, currency: 'UAH', valueAddedTaxIncluded: false }, relatedLot: lotId, status: 'pending', date: TENDERING_NOW }]);
    });

    test('PATCH tenderers: null → 422 required', async () => {
      const bid = await postBid(t.app, tender, bidData(lotId));
      expectError(await api(t.app, 'PATCH', bidUrl(tender, bid), { body: { data: { tenderers: null } } }), 422, 'body', 'tenderers', ['This field is required.']);
    });

    test('Administrator PATCH: no token needed, only tenderers taken, no status rule; period message reads "deleted" (reference quirk)', async () => {
      const bid = await postBid(t.app, tender, bidData(lotId, { status: 'pending', documents: [proposalSignature()] }));
      const res = await api(t.app, 'PATCH', bidUrl(tender, { id: bid.id }), {
        auth: 'administrator',
        body: { data: { tenderers: [tenderer({ name: 'Адмін' })], subcontractingDetails: 'ignored', status: 'draft' } },
      });
      expectStatus(res, 200);
      const data = res.json.data as Json;
      assert.equal((data.tenderers as Json[])[0].name, 'Адмін');
      assert.equal(data.subcontractingDetails, undefined);
      assert.equal(data.status, 'pending', 'an Administrator edit does not invalidate the bid');
      await holdChronograph(t, tender.id);
      await setClock(t.app, '2027-01-15T00:00:01+02:00');
      expectError(await api(t.app, 'PATCH', bidUrl(tender, { id: bid.id }), { auth: 'administrator', body: { data: {} } }), 403, 'body', 'data', `Bid can be deleted only during the tendering period: ${PERIOD}`);
    });

    test('PATCH and DELETE only while tendering', async () => {
      const bid = await postBid(t.app, tender, bidData(lotId));
      await holdChronograph(t, tender.id);
      await setClock(t.app, '2027-01-15T00:00:01+02:00');
      expectError(await api(t.app, 'PATCH', bidUrl(tender, bid), { body: { data: {} } }), 403, 'body', 'data', `Bid can be updated only during the tendering period: ${PERIOD}`);
      expectError(await api(t.app, 'DELETE', bidUrl(tender, bid)), 403, 'body', 'data', `Bid can be deleted only during the tendering period: ${PERIOD}`);
      await updateStoredTender(t, tender.id, (stored) => {
        stored.status = 'active.qualification';
      });
      expectError(await api(t.app, 'PATCH', bidUrl(tender, bid), { body: { data: {} } }), 403, 'body', 'data', "Can't update bid in current (active.qualification) tender status");
    });

    test('DELETE by the owner removes the bid', async () => {
      const bid = await postBid(t.app, tender, bidData(lotId));
      expectError(await api(t.app, 'DELETE', bidUrl(tender, { id: bid.id })), 403, 'url', 'permission', 'Forbidden');
      const res = await api(t.app, 'DELETE', bidUrl(tender, bid));
      expectStatus(res, 200);
      assert.equal((res.json.data as Json).id, bid.id);
      expectError(await api(t.app, 'GET', bidUrl(tender, bid)), 404, 'url', 'bid_id', 'Not Found');
      const stored = await t.deps.store.get('tenders', tender.id);
      assert.equal((stored!.doc as Json).bids, undefined);
    });

    test('during tendering only the owner reads a bid; lists are refused; the tender shows no bids', async () => {
      const bid = await postBid(t.app, tender, bidData(lotId));
      const own = await api(t.app, 'GET', bidUrl(tender, bid));
      expectStatus(own, 200);
      assert.deepEqual((own.json.data as Json).lotValues, bid.data.lotValues);
      const sealed = "Can't view bid in current (active.tendering) tender status";
      expectError(await api(t.app, 'GET', bidUrl(tender, { id: bid.id }), { auth: null }), 403, 'body', 'data', sealed);
      expectError(await api(t.app, 'GET', bidUrl(tender, { id: bid.id }), { auth: 'broker2' }), 403, 'body', 'data', sealed);
      expectError(await api(t.app, 'GET', bidUrl(tender, { id: bid.id, token: tender.token })), 403, 'body', 'data', sealed);
      expectError(await api(t.app, 'GET', bidsUrl(tender), { auth: null }), 403, 'body', 'data', "Can't view bids in current (active.tendering) tender status");
      expectError(await api(t.app, 'GET', `${bidsUrl(tender)}?acc_token=${bid.token}`), 403, 'body', 'data', "Can't view bids in current (active.tendering) tender status");
      const publicTender = await getTender(t.app, tender.id);
      assert.equal('bids' in publicTender, false);
      assert.equal(JSON.stringify(publicTender).includes(bid.id), false);
      const ownerView = await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}?acc_token=${tender.token}`);
      assert.equal('bids' in (ownerView.json.data as Json), false);
    });

    test('after tendering bids are public without tokens; an invalid bid shows only id, status and lot references', async () => {
      const valid = await postBid(t.app, tender, bidData(lotId, { status: 'pending', documents: [proposalSignature()] }));
      const invalid = await postBid(t.app, tender, bidData(lotId, { status: 'pending', documents: [proposalSignature()] }));
      await api(t.app, 'PATCH', bidUrl(tender, invalid), { body: { data: { subcontractingDetails: 'changed' } } });
      await updateStoredTender(t, tender.id, (stored) => {
        stored.status = 'active.qualification';
        stored.bids![0].participationUrl = 'http://auction.example/bid';
      });
      const list = await api(t.app, 'GET', bidsUrl(tender), { auth: null });
      expectStatus(list, 200);
      const [first, second] = list.json.data as Json[];
      assert.equal(first.id, valid.id);
      assert.equal(first.status, 'pending');
      assert.equal(first.participationUrl, undefined, 'participationUrl is for the owner only');
      assert.equal(first.owner, undefined);
      assert.deepEqual(second, { id: invalid.id, status: 'invalid', lotValues: [{ relatedLot: lotId, status: 'pending' }] });
      const own = await api(t.app, 'GET', bidUrl(tender, valid));
      assert.equal((own.json.data as Json).participationUrl, 'http://auction.example/bid');
      const publicTender = await getTender(t.app, tender.id);
      assert.deepEqual(publicTender.bids, [first, second]);
      assert.equal(JSON.stringify(publicTender).includes(valid.token), false);
    });
  });
});
