// HTTP-level tests of /tenders/{id}/lots[/{lot_id}] (below-threshold.md §1.6, §4).
import { before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeApp } from '../../helpers/app.ts';
import { updateStoredTender } from '../../helpers/stored-tender.ts';
import { api, expectError, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { START, tenderMilestones } from '../../helpers/recorded-tender.ts';
import { REFERENCE_DS_KEY } from '../../helpers/reference-ds.ts';
import {
  addLot, createTender, getTender, lotData, ownerUrl, patchTender, publishTender, relateItemsToLot, type CreatedTender,
} from './builders.ts';

const lotsUrl = (tender: CreatedTender, suffix = ''): string => ownerUrl(tender, `/lots${suffix}`);
const FORBIDDEN = ['url', 'permission', 'Forbidden'] as const;

describeApp('POST /tenders/{id}/lots', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  beforeEach(() => setClock(t.app, START));

  test('201 with Location; server sets id, status active, date and plans the lot auction', async () => {
    const tender = await createTender(t.app);
    const res = await api(t.app, 'POST', lotsUrl(tender), { body: { data: lotData() }, headers: { host: 'api.example' } });
    expectStatus(res, 201);
    const lot = res.json.data as Json;
    assert.match(String(lot.id), /^[0-9a-f]{32}$/);
    assert.equal(res.headers.location, `http://api.example/api/2.5/tenders/${tender.id}/lots/${lot.id}`);
    assert.equal(lot.status, 'active');
    assert.equal(lot.date, START);
    assert.equal(lot.title, 'lot title');
    assert.deepEqual(lot.value, { amount: 500, currency: 'UAH', valueAddedTaxIncluded: false });
    assert.deepEqual(lot.minimalStep, { amount: 15, currency: 'UAH', valueAddedTaxIncluded: false });
    assert.equal((lot.auctionPeriod as Json).shouldStartAfter, '2027-01-15T00:00:00+02:00');
    const stored = await getTender(t.app, tender.id);
    assert.deepEqual(stored.lots, [lot]);
    assert.equal('auctionPeriod' in stored, false, 'a lot tender plans auctions per lot');
  });

  test('currency and VAT are propagated from the tender value', async () => {
    const tender = await createTender(t.app, { data: { value: { amount: 500, currency: 'UAH', valueAddedTaxIncluded: true } } });
    const lot = await addLot(t.app, tender, {
      value: { amount: 500, currency: 'USD', valueAddedTaxIncluded: false },
      minimalStep: { amount: 15, currency: 'EUR', valueAddedTaxIncluded: false },
    });
    assert.deepEqual(lot.value, { amount: 500, currency: 'UAH', valueAddedTaxIncluded: true });
    assert.deepEqual(lot.minimalStep, { amount: 15, currency: 'UAH', valueAddedTaxIncluded: true });
  });

  test('tender value = sum of lot values; guarantee = sum of lot guarantees', async () => {
    const tender = await createTender(t.app);
    await addLot(t.app, tender, { value: { amount: 300, currency: 'UAH' }, minimalStep: { amount: 5, currency: 'UAH' }, guarantee: { amount: 10 } });
    assert.deepEqual((await getTender(t.app, tender.id)).value, { amount: 300, currency: 'UAH', valueAddedTaxIncluded: false });
    await addLot(t.app, tender, { value: { amount: 200.25, currency: 'UAH' }, minimalStep: { amount: 5, currency: 'UAH' }, guarantee: { amount: 5.5 } });
    const data = await getTender(t.app, tender.id);
    assert.deepEqual(data.value, { amount: 500.25, currency: 'UAH', valueAddedTaxIncluded: false });
    assert.deepEqual(data.guarantee, { amount: 15.5, currency: 'UAH' });
  });

  test('duplicate lot id → 422 Items should be unique by fields: id', async () => {
    const tender = await createTender(t.app);
    const lot = await addLot(t.app, tender);
    const res = await api(t.app, 'POST', lotsUrl(tender), { body: { data: lotData({ id: lot.id }) } });
    expectError(res, 422, 'body', 'lots', ['Items should be unique by fields: id']);
    assert.equal(((await getTender(t.app, tender.id)).lots as Json[]).length, 1);
  });

  test('required fields and Rogue field → 422', async () => {
    const tender = await createTender(t.app);
    expectError(await api(t.app, 'POST', lotsUrl(tender), { body: { data: lotData({ title: undefined }) } }), 422, 'body', 'title', ['This field is required.']);
    expectError(await api(t.app, 'POST', lotsUrl(tender), { body: { data: lotData({ value: undefined }) } }), 422, 'body', 'value', ['This field is required.']);
    expectError(await api(t.app, 'POST', lotsUrl(tender), { body: { data: lotData({ foo: 1 }) } }), 422, 'body', 'foo', 'Rogue field');
    expectError(await api(t.app, 'POST', lotsUrl(tender), { body: { data: lotData({ status: 'cancelled' }) } }), 422, 'body', 'status', ["Value must be one of ['active']."]);
    expectError(await api(t.app, 'POST', lotsUrl(tender), { body: { data: [] } }), 422, 'body', 'data', 'Data not available');
  });

  test('lot minimal step above the lot value → 422 lots', async () => {
    const tender = await createTender(t.app);
    const res = await api(t.app, 'POST', lotsUrl(tender), { body: { data: lotData({ minimalStep: { amount: 600, currency: 'UAH' } }) } });
    expectError(res, 422, 'body', 'lots', [{ minimalStep: ['Minimal step value should be less than lot value'] }]);
  });

  test('lot minimal step outside 0.5 %–3 % → 422 data', async () => {
    const tender = await createTender(t.app);
    const res = await api(t.app, 'POST', lotsUrl(tender), { body: { data: lotData({ minimalStep: { amount: 1, currency: 'UAH' } }) } });
    expectError(res, 422, 'body', 'data', ['Minimal step value must be between 0.5% and 3% of value (with 2 digits precision).']);
  });

  test('not the owner → 403 url/permission; unknown tender → 404', async () => {
    const tender = await createTender(t.app);
    expectError(await api(t.app, 'POST', `/api/2.5/tenders/${tender.id}/lots`, { body: { data: lotData() } }), 403, ...FORBIDDEN);
    expectError(await api(t.app, 'POST', lotsUrl(tender), { auth: 'broker1', body: { data: lotData() } }), 403, ...FORBIDDEN);
    expectError(await api(t.app, 'POST', lotsUrl(tender), { auth: null, body: { data: lotData() } }), 403, ...FORBIDDEN);
    expectError(await api(t.app, 'POST', '/api/2.5/tenders/ffffffffffffffffffffffffffffffff/lots', { body: { data: lotData() } }), 404, 'url', 'tender_id', 'Not Found');
  });

  test('in active.enquiries: allowed while tenderPeriod ends ≥ 2 working days from now, else 403', async () => {
    const tender = await createTender(t.app);
    await publishTender(t.app, tender);
    await setClock(t.app, '2027-01-07T10:00:00+02:00');
    expectStatus(await api(t.app, 'POST', lotsUrl(tender), { body: { data: lotData({ title: 'second' }) } }), 201);
    // A valid tender leaves active.enquiries before the check can fail: hold the chronograph back.
    await updateStoredTender(t, tender.id, (stored) => delete stored.next_check);
    // Wed 2027-01-13 10:00 + 2 full working days = Sat 2027-01-16 00:00 > tenderPeriod.endDate 2027-01-15.
    await setClock(t.app, '2027-01-13T10:00:00+02:00');
    expectError(await api(t.app, 'POST', lotsUrl(tender), { body: { data: lotData({ title: 'third' }) } }), 403, 'body', 'data', 'tenderPeriod should be extended by 2 working days');
  });

  test("Can't add lot in a non-editable tender status", async () => {
    const tender = await createTender(t.app);
    await publishTender(t.app, tender);
    await setClock(t.app, '2027-01-08T00:00:00+02:00');
    expectError(await api(t.app, 'POST', lotsUrl(tender), { body: { data: lotData({ title: 'late' }) } }), 403, 'body', 'data', "Can't add lot in current (active.tendering) tender status");
  });
});

describeApp('GET /tenders/{id}/lots', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  let tender: CreatedTender;
  let lots: Json[];
  before(async () => {
    await setClock(t.app, START);
    tender = await createTender(t.app);
    lots = [
      await addLot(t.app, tender, { title: 'one', value: { amount: 300, currency: 'UAH' }, minimalStep: { amount: 5, currency: 'UAH' } }),
      await addLot(t.app, tender, { title: 'two', value: { amount: 200, currency: 'UAH' }, minimalStep: { amount: 5, currency: 'UAH' } }),
    ];
  });

  test('list → 200 with every lot, anonymous', async () => {
    const res = await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/lots`, { auth: null });
    expectStatus(res, 200);
    assert.deepEqual(res.json, { data: lots });
  });

  test('one lot → 200', async () => {
    const res = await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/lots/${lots[1]!.id}`, { auth: null });
    expectStatus(res, 200);
    assert.deepEqual(res.json, { data: lots[1] });
  });

  test('unknown lot → 404 url/lot_id; unknown tender → 404 url/tender_id', async () => {
    expectError(await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/lots/ffffffffffffffffffffffffffffffff`), 404, 'url', 'lot_id', 'Not Found');
    expectError(await api(t.app, 'GET', '/api/2.5/tenders/ffffffffffffffffffffffffffffffff/lots'), 404, 'url', 'tender_id', 'Not Found');
  });
});

describeApp('PATCH /tenders/{id}/lots/{lot_id}', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  beforeEach(() => setClock(t.app, START));

  test('200: changes the lot, keeps id/status/date, recomputes the tender value', async () => {
    const tender = await createTender(t.app);
    const lot = await addLot(t.app, tender);
    await setClock(t.app, '2027-01-01T12:00:00+02:00');
    const res = await api(t.app, 'PATCH', lotsUrl(tender, `/${lot.id}`), { body: { data: { title: 'renamed', value: { amount: 400 }, minimalStep: { amount: 4 } } } });
    expectStatus(res, 200);
    const patched = res.json.data as Json;
    assert.equal(patched.id, lot.id);
    assert.equal(patched.title, 'renamed');
    assert.equal(patched.status, 'active');
    assert.equal(patched.date, START);
    assert.deepEqual(patched.value, { amount: 400, currency: 'UAH', valueAddedTaxIncluded: false });
    const data = await getTender(t.app, tender.id);
    assert.deepEqual(data.value, { amount: 400, currency: 'UAH', valueAddedTaxIncluded: false });
    assert.equal(data.dateModified, '2027-01-01T12:00:00+02:00');
  });

  test('status other than active → 422; Rogue field → 422', async () => {
    const tender = await createTender(t.app);
    const lot = await addLot(t.app, tender);
    expectError(await api(t.app, 'PATCH', lotsUrl(tender, `/${lot.id}`), { body: { data: { status: 'cancelled' } } }), 422, 'body', 'status', ["Value must be one of ['active']."]);
    expectError(await api(t.app, 'PATCH', lotsUrl(tender, `/${lot.id}`), { body: { data: { foo: 1 } } }), 422, 'body', 'foo', 'Rogue field');
  });

  test('minimal step above the lot value → 422 lots', async () => {
    const tender = await createTender(t.app);
    const lot = await addLot(t.app, tender);
    const res = await api(t.app, 'PATCH', lotsUrl(tender, `/${lot.id}`), { body: { data: { minimalStep: { amount: 501, currency: 'UAH' } } } });
    expectError(res, 422, 'body', 'lots', [{ minimalStep: ['Minimal step value should be less than lot value'] }]);
  });

  test('not the owner → 403; unknown lot → 404 url/lot_id', async () => {
    const tender = await createTender(t.app);
    const lot = await addLot(t.app, tender);
    expectError(await api(t.app, 'PATCH', `/api/2.5/tenders/${tender.id}/lots/${lot.id}`, { body: { data: { title: 'x' } } }), 403, ...FORBIDDEN);
    expectError(await api(t.app, 'PATCH', lotsUrl(tender, `/${lot.id}`), { auth: 'broker1', body: { data: { title: 'x' } } }), 403, ...FORBIDDEN);
    expectError(await api(t.app, 'PATCH', lotsUrl(tender, '/ffffffffffffffffffffffffffffffff'), { body: { data: { title: 'x' } } }), 404, 'url', 'lot_id', 'Not Found');
  });

  test('no-op PATCH does not move dateModified', async () => {
    const tender = await createTender(t.app);
    const lot = await addLot(t.app, tender);
    await setClock(t.app, '2027-01-01T12:00:00+02:00');
    expectStatus(await api(t.app, 'PATCH', lotsUrl(tender, `/${lot.id}`), { body: { data: { title: lot.title } } }), 200);
    assert.equal((await getTender(t.app, tender.id)).dateModified, START);
  });
});

describeApp('DELETE /tenders/{id}/lots/{lot_id}', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  beforeEach(() => setClock(t.app, START));

  test('200 with the deleted lot; tender value recomputed; deleting the last lot removes lots', async () => {
    const tender = await createTender(t.app);
    const one = await addLot(t.app, tender, { value: { amount: 300, currency: 'UAH' }, minimalStep: { amount: 5, currency: 'UAH' } });
    const two = await addLot(t.app, tender, { value: { amount: 200, currency: 'UAH' }, minimalStep: { amount: 5, currency: 'UAH' } });
    const res = await api(t.app, 'DELETE', lotsUrl(tender, `/${two.id}`));
    expectStatus(res, 200);
    assert.deepEqual(res.json, { data: two });
    let data = await getTender(t.app, tender.id);
    assert.deepEqual((data.lots as Json[]).map((l) => l.id), [one.id]);
    assert.deepEqual(data.value, { amount: 300, currency: 'UAH', valueAddedTaxIncluded: false });
    expectStatus(await api(t.app, 'DELETE', lotsUrl(tender, `/${one.id}`)), 200);
    data = await getTender(t.app, tender.id);
    assert.equal('lots' in data, false);
    expectError(await api(t.app, 'DELETE', lotsUrl(tender, `/${one.id}`)), 404, 'url', 'lot_id', 'Not Found');
  });

  test('lot with related items → 422 Cannot delete lot with related items', async () => {
    const tender = await createTender(t.app);
    const lot = await addLot(t.app, tender);
    await relateItemsToLot(t.app, tender, String(lot.id));
    expectError(await api(t.app, 'DELETE', lotsUrl(tender, `/${lot.id}`)), 422, 'body', 'data', 'Cannot delete lot with related items');
  });

  test('lot with related milestones → 422 (checked before items)', async () => {
    const tender = await createTender(t.app);
    const lot = await addLot(t.app, tender);
    await relateItemsToLot(t.app, tender, String(lot.id));
    await patchTender(t.app, tender, { milestones: tenderMilestones().map((m) => ({ ...m, relatedLot: lot.id })) });
    expectError(await api(t.app, 'DELETE', lotsUrl(tender, `/${lot.id}`)), 422, 'body', 'data', 'Cannot delete lot with related milestones');
  });

  test('not the owner → 403', async () => {
    const tender = await createTender(t.app);
    const lot = await addLot(t.app, tender);
    expectError(await api(t.app, 'DELETE', `/api/2.5/tenders/${tender.id}/lots/${lot.id}`), 403, ...FORBIDDEN);
    expectError(await api(t.app, 'DELETE', lotsUrl(tender, `/${lot.id}`), { auth: 'broker1' }), 403, ...FORBIDDEN);
  });
});
