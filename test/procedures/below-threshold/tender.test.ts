// HTTP-level tests of the belowThreshold tender endpoints (below-threshold.md §0–§2.3, §3.1;
// platform.md §2–§5): POST /tenders, GET /tenders/{id}, PATCH /tenders/{id}, concurrency.
import { before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeApp } from '../../helpers/app.ts';
import { api, expectError, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { START, tenderBody, tenderItem, tenderMilestones } from '../../helpers/recorded-tender.ts';
import { REFERENCE_DS_KEY } from '../../helpers/reference-ds.ts';
import {
  addContractProforma, addLot, addNoticeSignature, createTender, getTender, ownerUrl, patchTender, publishTender, relateItemsToLot,
} from './builders.ts';
import { RevisionConflictError } from '../../../src/core/storage/store.ts';
import { raceOnSameRevision } from '../../helpers/race.ts';

const TENDERS = '/api/2.5/tenders';

/** `a[b][0][c]=v` pairs of a JSON value (the form-encoded bracket syntax, platform.md §2.1). */
function formEncode(value: unknown, prefix = '', out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v, i) => formEncode(v, `${prefix}[${i}]`, out));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) formEncode(v, prefix === '' ? k : `${prefix}[${k}]`, out);
  } else out.push(`${encodeURIComponent(prefix)}=${encodeURIComponent(String(value))}`);
  return out;
}

describeApp('POST /tenders', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  beforeEach(() => setClock(t.app, START));

  const post = (body: unknown, auth?: string | null) => api(t.app, 'POST', TENDERS, { auth, body });

  test('201 with Location, access token/transfer, draft status and the first tenderID of the day', async () => {
    const res = await api(t.app, 'POST', TENDERS, { body: tenderBody(), headers: { host: 'lb-api-sandbox.prozorro.gov.ua' } });
    expectStatus(res, 201);
    const data = res.json.data as Json;
    assert.match(String(data.id), /^[0-9a-f]{32}$/);
    assert.equal(res.headers.location, `http://lb-api-sandbox.prozorro.gov.ua/api/2.5/tenders/${data.id}`);
    const access = res.json.access as Json;
    assert.deepEqual(Object.keys(access).sort(), ['token', 'transfer']);
    assert.match(String(access.token), /^[0-9a-f]{32}$/);
    assert.match(String(access.transfer), /^[0-9a-f]{32}$/);
    assert.notEqual(access.token, access.transfer);
    assert.equal(data.status, 'draft');
    assert.equal(data.tenderID, 'UA-2027-01-01-000001-a');
    assert.equal(data.owner, 'broker');
    assert.deepEqual(Object.keys(res.json).sort(), ['access', 'config', 'data']);
  });

  test('tenderID sequence increments within the day and restarts on the next day', async () => {
    const second = await createTender(t.app);
    assert.equal(second.data.tenderID, 'UA-2027-01-01-000002-a');
    const third = await createTender(t.app);
    assert.equal(third.data.tenderID, 'UA-2027-01-01-000003-a');
    await setClock(t.app, '2027-01-02T10:00:00+02:00');
    const nextDay = await createTender(t.app);
    assert.equal(nextDay.data.tenderID, 'UA-2027-01-02-000001-a');
  });

  test('server defaults: procurementMethod, awardCriteria, submissionMethod, periods, clarificationsUntil, auction, dates', async () => {
    const { data } = await createTender(t.app);
    assert.equal(data.procurementMethod, 'open');
    assert.equal(data.awardCriteria, 'lowestCost');
    assert.equal(data.submissionMethod, 'electronicAuction');
    assert.equal(data.procurementMethodType, 'belowThreshold');
    assert.deepEqual(data.enquiryPeriod, {
      startDate: START,
      endDate: '2027-01-08T00:00:00+02:00',
      clarificationsUntil: '2027-01-09T00:00:00+02:00',
    });
    assert.deepEqual(data.tenderPeriod, { startDate: '2027-01-08T00:00:00+02:00', endDate: '2027-01-15T00:00:00+02:00' });
    const auction = data.auctionPeriod as Json;
    assert.equal(auction.shouldStartAfter, '2027-01-15T00:00:00+02:00');
    assert.ok(String(auction.startDate) >= '2027-01-15T00:00:00+02:00', String(auction.startDate));
    assert.deepEqual(data.value, { amount: 500, currency: 'UAH', valueAddedTaxIncluded: false });
    assert.equal(data.date, START);
    assert.equal(data.dateCreated, START);
    assert.equal(data.dateModified, START);
  });

  test('contractChangeRationaleTypes present (LAW922 code list)', async () => {
    const { data } = await createTender(t.app);
    const types = data.contractChangeRationaleTypes as Record<string, Json>;
    assert.deepEqual(Object.keys(types).sort(), [
      'durationExtension', 'fiscalYearExtension', 'itemPriceVariation', 'priceClarification', 'priceReduction',
      'qualityImprovement', 'taxRate', 'thirdParty', 'volumeCuts',
    ]);
    for (const v of Object.values(types)) {
      assert.equal(v.scheme, 'LAW922');
      assert.deepEqual(Object.keys(v).sort(), ['description_en', 'description_uk', 'scheme', 'title_en', 'title_uk', 'uri']);
    }
  });

  test('private fields never inside data; config at the top level with defaults', async () => {
    const created = await createTender(t.app);
    for (const key of ['owner_token', 'transfer_token', 'config', 'revisions', 'numberOfBids', 'public_modified']) {
      assert.equal(key in created.data, false, key);
    }
    assert.equal(created.config.hasAuction, true);
    assert.equal(created.config.minBidsNumber, 1);
    assert.equal(created.config.hasMultiSourcing, false, 'optional key gets its default');
    const read = await api(t.app, 'GET', `${TENDERS}/${created.id}`, { auth: null });
    assert.equal(JSON.stringify(read.json.data).includes(created.token), false, 'the owner token never leaks');
    assert.equal(JSON.stringify(read.json.data).includes(created.transfer), false, 'the transfer secret never leaks');
  });

  test('422 Data not available for {}, {"data": []}, {"data": "x"}', async () => {
    for (const body of [{}, { data: [] }, { data: 'x' }, { not_data: {} }]) {
      expectError(await post(body), 422, 'body', 'data', 'Data not available');
    }
  });

  test('422 JSON syntax error', async () => {
    expectError(await post('{"data":'), 422, 'body', 'data', 'Expecting value: line 1 column 9 (char 8)');
    expectError(await post('not json'), 422, 'body', 'data', 'Expecting value: line 1 column 1 (char 0)');
  });

  test('415 for text/plain', async () => {
    const res = await api(t.app, 'POST', TENDERS, { body: JSON.stringify(tenderBody()), headers: { 'content-type': 'text/plain' } });
    expectError(res, 415, 'header', 'Content-Type', "Content-Type header should be one of ['application/json']");
  });

  test('form-encoded body accepted: bracket syntax, numbers converted', async () => {
    const body = tenderBody();
    // JSON booleans cannot travel in a form; the config keeps its defaults-equivalent strings out.
    const payload = formEncode({ data: body.data }).join('&');
    const res = await api(t.app, 'POST', TENDERS, { body: payload, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expectStatus(res, 422);
    // Without config the first missing config key is reported (data is valid).
    assert.deepEqual(res.json, { status: 'error', errors: [{ location: 'body', name: 'config.hasAuction', description: 'This field is required.' }] });

    const full = formEncode(body).join('&');
    const ok = await api(t.app, 'POST', TENDERS, { body: full, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expectStatus(ok, 201);
    const data = ok.json.data as Json;
    assert.deepEqual(data.value, { amount: 500, currency: 'UAH', valueAddedTaxIncluded: false });
    assert.equal((data.items as Json[])[0]!.quantity, 5);
    assert.equal((data.milestones as Json[])[1]!.percentage, 45.55);
    assert.equal(((data.milestones as Json[])[2]!.duration as Json).days, 900);
    assert.equal((ok.json.config as Json).hasAuction, true);
    assert.equal((ok.json.config as Json).minBidsNumber, 1);
  });

  test('Rogue field at the top level → 422', async () => {
    expectError(await post(tenderBody({ foo: 'bar' })), 422, 'body', 'foo', 'Rogue field');
  });

  test('Rogue field nested → 422 keyed by the sub-field', async () => {
    expectError(await post(tenderBody({ value: { amount: 500, currency: 'UAH', foo: 1 } })), 422, 'body', 'value', { foo: 'Rogue field' });
  });

  test('read-only fields sent by a client are Rogue fields', async () => {
    expectError(await post(tenderBody({ tenderID: 'UA-X' })), 422, 'body', 'tenderID', 'Rogue field');
    expectError(await post(tenderBody({ owner: 'someone' })), 422, 'body', 'owner', 'Rogue field');
  });

  test('required fields → ["This field is required."], one entry per field', async () => {
    expectError(await post(tenderBody({ title: undefined })), 422, 'body', 'title', ['This field is required.']);
    const res = await post(tenderBody({ items: undefined, tenderPeriod: undefined }));
    expectStatus(res, 422);
    assert.deepEqual(res.json, {
      status: 'error',
      errors: [
        { location: 'body', name: 'tenderPeriod', description: ['This field is required.'] },
        { location: 'body', name: 'items', description: ['This field is required.'] },
      ],
    });
  });

  test('POST accepts only status draft', async () => {
    expectError(await post(tenderBody({ status: 'active.enquiries' })), 422, 'body', 'status', ["Value must be one of ['draft']."]);
    const ok = await post(tenderBody({ status: 'draft' }));
    expectStatus(ok, 201);
  });

  test('config: missing key → config.<key> "This field is required."', async () => {
    expectError(await post(tenderBody({}, { hasAuction: undefined })), 422, 'body', 'config.hasAuction', 'This field is required.');
    expectError(await post({ data: tenderBody().data }), 422, 'body', 'config.hasAuction', 'This field is required.');
  });

  test('config: minBidsNumber 0 → "0 is less than the minimum of 1"', async () => {
    expectError(await post(tenderBody({}, { minBidsNumber: 0 })), 422, 'body', 'config.minBidsNumber', '0 is less than the minimum of 1');
    expectError(await post(tenderBody({}, { minBidsNumber: 10 })), 422, 'body', 'config.minBidsNumber', '10 is greater than the maximum of 1');
  });

  test('config: extra key → Additional properties are not allowed', async () => {
    expectError(await post(tenderBody({}, { foo: true })), 422, 'body', 'config', "Additional properties are not allowed ('foo' was unexpected)");
  });

  test('config: hasAwardingOrder false → "False is not one of [True]"; wrong type', async () => {
    expectError(await post(tenderBody({}, { hasAwardingOrder: false })), 422, 'body', 'config.hasAwardingOrder', 'False is not one of [True]');
    expectError(await post(tenderBody({}, { hasAuction: 'yes' })), 422, 'body', 'config.hasAuction', "'yes' is not of type 'boolean'");
  });

  test('data errors are reported before config errors', async () => {
    expectError(await post(tenderBody({ title: undefined }, { hasAuction: undefined })), 422, 'body', 'title', ['This field is required.']);
  });

  test('accreditation: broker2 → 403 url/accreditation', async () => {
    expectError(await post(tenderBody(), 'broker2'), 403, 'url', 'accreditation', 'Broker Accreditation level does not permit tender creation');
  });

  test('accreditation: central procuring entity needs level 5', async () => {
    const central = tenderBody();
    (central.data.procuringEntity as Json).kind = 'central';
    expectError(await post(central, 'broker1'), 403, 'url', 'accreditation', 'Broker Accreditation level does not permit tender creation');
    expectStatus(await post(central, 'broker5'), 201);
  });

  test('accreditation is checked after body validation (422 wins)', async () => {
    expectError(await post(tenderBody({ title: undefined }), 'broker2'), 422, 'body', 'title', ['This field is required.']);
  });

  test('anonymous → 403 url/permission Forbidden', async () => {
    expectError(await post(tenderBody(), null), 403, 'url', 'permission', 'Forbidden');
    expectError(await post(tenderBody(), 'unknown-key'), 403, 'url', 'permission', 'Forbidden');
  });

  test('test-only broker without mode test → 403 url/mode; with mode test → 201', async () => {
    expectError(await post(tenderBody(), 'broker1t'), 403, 'url', 'mode', 'Broker Accreditation level does not permit tender creation');
    const res = await post(tenderBody({ mode: 'test' }), 'broker1t');
    expectStatus(res, 201);
    assert.equal((res.json.data as Json).mode, 'test');
  });

  test('mode test prefixes every title language', async () => {
    const { data } = await createTender(t.app, { data: { mode: 'test', title: 'Назва', title_en: 'Title', title_ru: 'Название' } });
    assert.equal(data.title, '[ТЕСТУВАННЯ] Назва');
    assert.equal(data.title_en, '[TESTING] Title');
    assert.equal(data.title_ru, '[ТЕСТИРОВАНИЕ] Название');
  });

  test('enquiryPeriod shorter than 3 full working days → 422', async () => {
    const res = await post(tenderBody({ enquiryPeriod: { endDate: '2027-01-05T23:59:59+02:00' }, tenderPeriod: { endDate: '2027-01-15T00:00:00+02:00' } }));
    expectError(res, 422, 'body', 'enquiryPeriod', ['the enquiryPeriod cannot end earlier than 3 full business days after the start']);
    // Fri 2027-01-01 00:00 (a start at exactly midnight counts that day) + 3 working days = Wed 2027-01-06 00:00.
    expectStatus(await post(tenderBody({ enquiryPeriod: { endDate: '2027-01-06T00:00:00+02:00' } })), 201);
  });

  test('tenderPeriod shorter than 2 full working days → 422', async () => {
    // Fri 2027-01-08 00:00 + 2 working days = Tue 2027-01-12 00:00.
    const res = await post(tenderBody({ tenderPeriod: { endDate: '2027-01-11T23:59:59+02:00' } }));
    expectError(res, 422, 'body', 'tenderPeriod', ['tenderPeriod must be at least 2 full business days long']);
    expectStatus(await post(tenderBody({ tenderPeriod: { endDate: '2027-01-12T00:00:00+02:00' } })), 201);
  });

  test('tenderPeriod.startDate before enquiryPeriod.endDate → 422', async () => {
    const res = await post(tenderBody({ tenderPeriod: { startDate: '2027-01-07T00:00:00+02:00', endDate: '2027-01-15T00:00:00+02:00' } }));
    expectError(res, 422, 'body', 'tenderPeriod', ['period should begin after enquiryPeriod']);
  });

  test('tenderPeriod.startDate more than 10 minutes in the past → 422', async () => {
    const res = await post(
      tenderBody({
        enquiryPeriod: { startDate: '2026-12-01T00:00:00+02:00', endDate: '2026-12-20T00:00:00+02:00' },
        tenderPeriod: { startDate: '2026-12-20T00:00:00+02:00', endDate: '2027-01-15T00:00:00+02:00' },
      }),
    );
    expectError(res, 422, 'body', 'tenderPeriod', ['tenderPeriod.startDate should be in greater than current date']);
  });

  test('period start after its end → 422', async () => {
    const res = await post(tenderBody({ tenderPeriod: { startDate: '2027-01-16T00:00:00+02:00', endDate: '2027-01-15T00:00:00+02:00' } }));
    expectError(res, 422, 'body', 'tenderPeriod', { startDate: ['period should begin before its end'] });
  });

  test('items of different CPV classes → 422 CPV class message', async () => {
    const other = tenderItem({ id: 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee', classification: { scheme: 'ДК021', id: '19212310-1', description: 'x' } });
    const res = await post(tenderBody({ items: [tenderItem(), other] }));
    expectError(res, 422, 'body', 'items', ['CPV class of items (1921, 4461) should be identical']);
  });

  test('minimalStep currency differs from value → 422', async () => {
    const res = await post(tenderBody({ minimalStep: { amount: 10, currency: 'USD' } }));
    expectError(res, 422, 'body', 'minimalStep.currency', ['Tender minimal step currency should be identical to tender currency']);
  });

  test('minimalStep VAT differs from value → 422', async () => {
    const res = await post(tenderBody({ minimalStep: { amount: 10, currency: 'UAH', valueAddedTaxIncluded: true } }));
    expectError(res, 422, 'body', 'minimalStep.valueAddedTaxIncluded', ['Tender minimal step valueAddedTaxIncluded should be identical to tender valueAddedTaxIncluded']);
  });

  test('minimalStep amount above value → 422', async () => {
    const res = await post(tenderBody({ minimalStep: { amount: 600 } }));
    expectError(res, 422, 'body', 'minimalStep.amount', ['Tender minimal step amount should be less than tender amount']);
  });

  test('minimalStep outside the 0.5 %–3 % corridor → 422; both bounds accepted', async () => {
    const msg = ['Minimal step value must be between 0.5% and 3% of value (with 2 digits precision).'];
    expectError(await post(tenderBody({ minimalStep: { amount: 15.01 } })), 422, 'body', 'data', msg);
    expectError(await post(tenderBody({ minimalStep: { amount: 2.49 } })), 422, 'body', 'data', msg);
    expectStatus(await post(tenderBody({ minimalStep: { amount: 15 } })), 201);
    expectStatus(await post(tenderBody({ minimalStep: { amount: 2.5 } })), 201);
  });

  test('features: sum of max values above 30 % → 422', async () => {
    const features = [
      { code: 'a', title: 'A', enum: [{ value: 0.2, title: 'x' }, { value: 0, title: 'none' }] },
      { code: 'b', title: 'B', enum: [{ value: 0.15, title: 'y' }] },
    ];
    expectError(await post(tenderBody({ features })), 422, 'body', 'features', ['Sum of max value of all features should be less then or equal to 30%']);
    const within = [features[0], { ...features[1], enum: [{ value: 0.1, title: 'y' }] }];
    expectStatus(await post(tenderBody({ features: within })), 201);
  });

  test('milestones: percentages of a type not summing to 100 → 422', async () => {
    const milestones = tenderMilestones();
    milestones[1]!.percentage = 40;
    expectError(await post(tenderBody({ milestones })), 422, 'body', 'milestones', ['Sum of the financing milestone percentages 94.45 is not equal 100.']);
  });

  test('unknown procurementMethodType → 404', async () => {
    expectError(await post(tenderBody({ procurementMethodType: 'noSuchProcedure' })), 404, 'url', 'not_found', 'Not Found');
  });

  test('missing procurementMethodType defaults to belowThreshold', async () => {
    const res = await post(tenderBody({ procurementMethodType: undefined }));
    expectStatus(res, 201);
    assert.equal((res.json.data as Json).procurementMethodType, 'belowThreshold');
  });
});

describeApp('GET /tenders/{id}', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  let tender: Awaited<ReturnType<typeof createTender>>;
  before(async () => {
    await setClock(t.app, START);
    tender = await createTender(t.app);
  });

  test('200 with the same data and config as the create response, also for anonymous readers of a draft', async () => {
    const res = await api(t.app, 'GET', `${TENDERS}/${tender.id}`, { auth: null });
    expectStatus(res, 200);
    assert.deepEqual(res.json, { data: tender.data, config: tender.config });
    assert.match(String(res.headers['content-type']), /^application\/json/);
  });

  test('404 url/tender_id/Not Found for an unknown id', async () => {
    expectError(await api(t.app, 'GET', `${TENDERS}/ffffffffffffffffffffffffffffffff`), 404, 'url', 'tender_id', 'Not Found');
    expectError(await api(t.app, 'GET', `${TENDERS}/not-an-id`), 404, 'url', 'tender_id', 'Not Found');
  });

  test('opt_pretty=1 indents with 4 spaces', async () => {
    const plain = await api(t.app, 'GET', `${TENDERS}/${tender.id}`);
    assert.equal(plain.body.startsWith('{"data":'), true);
    const res = await api(t.app, 'GET', `${TENDERS}/${tender.id}?opt_pretty=1`);
    expectStatus(res, 200);
    assert.equal(res.body.startsWith('{\n    "data": {\n        "'), true, res.body.slice(0, 40));
    assert.deepEqual(res.json, plain.json);
  });

  test('bare opt_pretty (empty value) is ignored', async () => {
    const res = await api(t.app, 'GET', `${TENDERS}/${tender.id}?opt_pretty=`);
    assert.equal(res.body.startsWith('{"data":'), true);
  });

  test('opt_jsonp=callback wraps /**/callback(...); as application/javascript', async () => {
    const plain = await api(t.app, 'GET', `${TENDERS}/${tender.id}`);
    const res = await api(t.app, 'GET', `${TENDERS}/${tender.id}?opt_jsonp=callback`);
    expectStatus(res, 200);
    assert.match(String(res.headers['content-type']), /^application\/javascript/);
    assert.equal(res.body, `/**/callback(${plain.body});`);
  });

  test('opt_jsonp combines with opt_pretty', async () => {
    const res = await api(t.app, 'GET', `${TENDERS}/${tender.id}?opt_jsonp=my_cb.x&opt_pretty=1`);
    expectStatus(res, 200);
    assert.equal(res.body.startsWith('/**/my_cb.x({\n    "data"'), true, res.body.slice(0, 40));
    assert.equal(res.body.endsWith('});'), true);
  });

  test('invalid opt_jsonp callback → 400 url/bad_request as plain JSON', async () => {
    // The reference pattern ^[$a-z_][$0-9a-z_.[\]]+[^.]$ needs at least 3 characters: `cb` is invalid too.
    for (const cb of ['1abc', 'alert(1)', 'abc.', 'cb']) {
      const res = await api(t.app, 'GET', `${TENDERS}/${tender.id}?opt_jsonp=${encodeURIComponent(cb)}`);
      expectError(res, 400, 'url', 'bad_request', 'Bad Request');
      assert.match(String(res.headers['content-type']), /^application\/json/);
    }
  });
});

describeApp('PATCH /tenders/{id}', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  beforeEach(() => setClock(t.app, START));

  const patch = (url: string, data: unknown, opts: { auth?: string | null; headers?: Record<string, string>; extra?: Json } = {}) =>
    api(t.app, 'PATCH', url, { auth: opts.auth, headers: opts.headers, body: { data, ...(opts.extra ?? {}) } });

  test('owner token via ?acc_token=', async () => {
    const tender = await createTender(t.app);
    const res = await patch(ownerUrl(tender), { description: 'via query' });
    expectStatus(res, 200);
    assert.equal((res.json.data as Json).description, 'via query');
    assert.deepEqual(res.json.config, tender.config);
  });

  test('owner token via X-Access-Token header', async () => {
    const tender = await createTender(t.app);
    const res = await patch(`${TENDERS}/${tender.id}`, { description: 'via header' }, { headers: { 'x-access-token': tender.token } });
    expectStatus(res, 200);
    assert.equal((res.json.data as Json).description, 'via header');
  });

  test('owner token via body access.token', async () => {
    const tender = await createTender(t.app);
    const res = await patch(`${TENDERS}/${tender.id}`, { description: 'via body' }, { extra: { access: { token: tender.token } } });
    expectStatus(res, 200);
    assert.equal((res.json.data as Json).description, 'via body');
  });

  test('415 for a non-JSON content type', async () => {
    const tender = await createTender(t.app);
    const res = await api(t.app, 'PATCH', ownerUrl(tender), { body: 'data=x', headers: { 'content-type': 'text/plain' } });
    expectError(res, 415, 'header', 'Content-Type', "Content-Type header should be one of ['application/json']");
  });

  test('body options.pretty indents the response with 4 spaces', async () => {
    const tender = await createTender(t.app);
    const res = await patch(ownerUrl(tender), { description: 'pretty' }, { extra: { options: { pretty: true } } });
    expectStatus(res, 200);
    assert.equal(res.body.startsWith('{\n    "data": {\n        "'), true, res.body.slice(0, 40));
  });

  test('no token, wrong token, other broker, anonymous → 403 url/permission Forbidden', async () => {
    const tender = await createTender(t.app);
    const other = await createTender(t.app);
    const forbidden = ['url', 'permission', 'Forbidden'] as const;
    expectError(await patch(`${TENDERS}/${tender.id}`, { description: 'x' }), 403, ...forbidden);
    expectError(await patch(`${TENDERS}/${tender.id}?acc_token=${other.token}`, { description: 'x' }), 403, ...forbidden);
    expectError(await patch(ownerUrl(tender), { description: 'x' }, { auth: 'broker1' }), 403, ...forbidden);
    expectError(await patch(ownerUrl(tender), { description: 'x' }, { auth: null }), 403, ...forbidden);
    assert.equal((await getTender(t.app, tender.id)).description, undefined);
  });

  test('404 url/tender_id for an unknown tender', async () => {
    expectError(await patch(`${TENDERS}/ffffffffffffffffffffffffffffffff?acc_token=x`, { description: 'x' }), 404, 'url', 'tender_id', 'Not Found');
  });

  test('Rogue field and Data not available', async () => {
    const tender = await createTender(t.app);
    expectError(await patch(ownerUrl(tender), { foo: 1 }), 422, 'body', 'foo', 'Rogue field');
    expectError(await patch(ownerUrl(tender), { mode: 'test' }), 422, 'body', 'mode', 'Rogue field');
    expectError(await api(t.app, 'PATCH', ownerUrl(tender), { body: {} }), 422, 'body', 'data', 'Data not available');
  });

  test('no-op PATCH → 200, dateModified unchanged, no revision written', async () => {
    const tender = await createTender(t.app);
    const revsBefore = (await t.deps.store.revisions('tenders', tender.id)).length;
    await setClock(t.app, '2027-01-01T10:00:00+02:00');
    const res = await patch(ownerUrl(tender), { title: tender.data.title, awardCriteria: 'lowestCost' });
    expectStatus(res, 200);
    assert.equal((res.json.data as Json).dateModified, START);
    assert.equal((await getTender(t.app, tender.id)).dateModified, START);
    assert.equal((await t.deps.store.revisions('tenders', tender.id)).length, revsBefore);
  });

  test('PATCH with a change moves dateModified to the request time', async () => {
    const tender = await createTender(t.app);
    await setClock(t.app, '2027-01-01T10:00:00+02:00');
    const res = await patch(ownerUrl(tender), { title: 'new title' });
    expectStatus(res, 200);
    const data = res.json.data as Json;
    assert.equal(data.title, 'new title');
    assert.equal(data.dateModified, '2027-01-01T10:00:00+02:00');
    assert.equal(data.dateCreated, START);
    assert.equal(data.date, START, 'date changes only with the status');
    assert.deepEqual(await getTender(t.app, tender.id), data);
  });

  test('null deletes an optional field; null on a required field → 422', async () => {
    const tender = await createTender(t.app, { data: { description: 'to be removed' } });
    const res = await patch(ownerUrl(tender), { description: null });
    expectStatus(res, 200);
    assert.equal('description' in (res.json.data as Json), false);
    assert.equal('description' in (await getTender(t.app, tender.id)), false);
    expectError(await patch(ownerUrl(tender), { title: null }), 422, 'body', 'title', ['This field is required.']);
  });

  test('period PATCH re-validates and recomputes clarificationsUntil', async () => {
    const tender = await createTender(t.app);
    const res = await patch(ownerUrl(tender), {
      enquiryPeriod: { startDate: START, endDate: '2027-01-09T10:00:00+02:00' },
      tenderPeriod: { startDate: '2027-01-09T10:00:00+02:00', endDate: '2027-01-20T00:00:00+02:00' },
    });
    expectStatus(res, 200);
    // Sat 2027-01-09 10:00 + 1 full working day = Tue 2027-01-12 00:00.
    assert.equal(((res.json.data as Json).enquiryPeriod as Json).clarificationsUntil, '2027-01-12T00:00:00+02:00');
    expectError(
      await patch(ownerUrl(tender), { tenderPeriod: { startDate: '2027-01-09T10:00:00+02:00', endDate: '2027-01-11T00:00:00+02:00' } }),
      422, 'body', 'tenderPeriod', ['tenderPeriod must be at least 2 full business days long'],
    );
  });

  test('awardCriteria change → 403 body/awardCriteria; same value accepted', async () => {
    const tender = await createTender(t.app);
    expectError(await patch(ownerUrl(tender), { awardCriteria: 'lifeCycleCost' }), 403, 'body', 'awardCriteria', "Can't change awardCriteria");
    expectStatus(await patch(ownerUrl(tender), { awardCriteria: 'lowestCost' }), 200);
  });

  test('status draft from draft is a no-op; unknown status → 422', async () => {
    const tender = await createTender(t.app);
    expectStatus(await patch(ownerUrl(tender), { status: 'draft' }), 200);
    expectError(await patch(ownerUrl(tender), { status: 'active.tendering' }), 422, 'body', 'status', ["Value must be one of ['draft', 'active.enquiries']."]);
  });

  test('publish without contractProforma → 422 contractTemplateName', async () => {
    const tender = await createTender(t.app);
    const lot = await addLot(t.app, tender);
    await relateItemsToLot(t.app, tender, String(lot.id));
    await addNoticeSignature(t.app, tender);
    expectError(await patch(ownerUrl(tender), { status: 'active.enquiries' }), 422, 'body', 'contractTemplateName', 'Either contractTemplateName or contractProforma document is required');
  });

  test('publish with items lacking relatedLot → 422 item.relatedLot', async () => {
    const tender = await createTender(t.app);
    await addContractProforma(t.app, tender);
    await addNoticeSignature(t.app, tender);
    expectError(await patch(ownerUrl(tender), { status: 'active.enquiries' }), 422, 'body', 'item.relatedLot', 'This field is required');
  });

  test('publish without the notice signature (with proforma and lots) → 422 documents', async () => {
    const tender = await createTender(t.app);
    const lot = await addLot(t.app, tender);
    await relateItemsToLot(t.app, tender, String(lot.id));
    await addContractProforma(t.app, tender);
    expectError(await patch(ownerUrl(tender), { status: 'active.enquiries' }), 422, 'body', 'documents', "Document with type 'notice' and format pkcs7-signature is required");
    assert.equal((await getTender(t.app, tender.id)).status, 'draft');
  });

  test('contractTemplateName instead of a proforma is enough', async () => {
    const tender = await createTender(t.app, { data: { contractTemplateName: '00000000.0001.01' } });
    const lot = await addLot(t.app, tender);
    await relateItemsToLot(t.app, tender, String(lot.id));
    await addNoticeSignature(t.app, tender);
    expectStatus(await patch(ownerUrl(tender), { status: 'active.enquiries' }), 200);
  });

  test('successful publish → active.enquiries, noticePublicationDate, date, next_check = tenderPeriod.startDate', async () => {
    const tender = await createTender(t.app);
    await setClock(t.app, '2027-01-01T00:05:00+02:00');
    const data = await publishTender(t.app, tender);
    assert.equal(data.status, 'active.enquiries');
    assert.equal(data.noticePublicationDate, '2027-01-01T00:05:00+02:00');
    assert.equal(data.date, '2027-01-01T00:05:00+02:00');
    assert.equal(data.dateModified, '2027-01-01T00:05:00+02:00');
    assert.equal(data.next_check, '2027-01-08T00:00:00+02:00');
    assert.equal(data.next_check, (data.tenderPeriod as Json).startDate);
    const stored = await t.deps.store.get('tenders', tender.id);
    assert.equal(stored?.doc.next_check, '2027-01-08T00:00:00+02:00');
    assert.deepEqual(await getTender(t.app, tender.id), data);
  });

  test('status draft from a published tender → 422 Can\'t change status to draft', async () => {
    const tender = await createTender(t.app);
    await publishTender(t.app, tender);
    expectError(await patch(ownerUrl(tender), { status: 'draft' }), 422, 'body', 'status', "Can't change status to draft");
  });

  test('procuringEntity.kind change after publish → 422; allowed in draft', async () => {
    const draft = await createTender(t.app);
    const pe = { ...(draft.data.procuringEntity as Json), kind: 'other' };
    expectStatus(await patch(ownerUrl(draft), { procuringEntity: pe }), 200);

    const tender = await createTender(t.app);
    const published = await publishTender(t.app, tender);
    const changed = { ...(published.procuringEntity as Json), kind: 'other' };
    expectError(await patch(ownerUrl(tender), { procuringEntity: changed }), 422, 'body', 'procuringEntity', "Can't change procuringEntity.kind in a public tender");
    const same = { ...(published.procuringEntity as Json), name: 'Нова назва' };
    expectStatus(await patch(ownerUrl(tender), { procuringEntity: same }), 200);
  });

  test('tenderPeriod.startDate may move in enquiries, frozen once tendering started → 422', async () => {
    const tender = await createTender(t.app);
    await publishTender(t.app, tender);
    const moved = await patch(ownerUrl(tender), { tenderPeriod: { startDate: '2027-01-09T00:00:00+02:00', endDate: '2027-01-20T00:00:00+02:00' } });
    expectStatus(moved, 200);
    assert.equal(((moved.json.data as Json).tenderPeriod as Json).startDate, '2027-01-09T00:00:00+02:00');
    await setClock(t.app, '2027-01-10T10:00:00+02:00');
    assert.equal((await getTender(t.app, tender.id)).status, 'active.tendering');
    // Only the Administrator may still PATCH a tender in tendering; the start stays frozen for it too.
    const res = await api(t.app, 'PATCH', `/api/2.5/tenders/${tender.id}`, { auth: 'administrator', body: { data: { tenderPeriod: { startDate: '2027-01-10T00:00:00+02:00', endDate: '2027-01-20T00:00:00+02:00' } } } });
    expectError(res, 422, 'body', 'tenderPeriod.startDate', "Can't change tenderPeriod.startDate");
  });

  test('tender lots are merged position-wise: surplus ignored, status kept, trailing lots dropped', async () => {
    const tender = await createTender(t.app);
    const first = await addLot(t.app, tender, { title: 'first', value: { amount: 300, currency: 'UAH' }, minimalStep: { amount: 5, currency: 'UAH' } });
    const second = await addLot(t.app, tender, { title: 'second', value: { amount: 200, currency: 'UAH' }, minimalStep: { amount: 5, currency: 'UAH' } });

    const res = await patch(ownerUrl(tender), { lots: [{ title: 'first renamed' }, { description: 'second described' }, { title: 'surplus' }] });
    expectStatus(res, 200);
    const lots = (res.json.data as Json).lots as Json[];
    assert.equal(lots.length, 2);
    assert.equal(lots[0]!.id, first.id);
    assert.equal(lots[0]!.title, 'first renamed');
    assert.deepEqual(lots[0]!.value, first.value, 'fields not sent are kept');
    assert.equal(lots[1]!.id, second.id);
    assert.equal(lots[1]!.title, 'second');
    assert.equal(lots[1]!.description, 'second described');
    assert.equal(lots[1]!.status, 'active');

    const shorter = await patch(ownerUrl(tender), { lots: [{ title: 'only one' }] });
    expectStatus(shorter, 200);
    const left = (shorter.json.data as Json).lots as Json[];
    assert.deepEqual(left.map((l) => [l.id, l.title]), [[first.id, 'only one']]);
    assert.deepEqual((shorter.json.data as Json).value, { amount: 300, currency: 'UAH', valueAddedTaxIncluded: false }, 'value = sum of the remaining lots');
  });

  test('a tender without lots cannot gain lots through PATCH', async () => {
    const tender = await createTender(t.app);
    const res = await patch(ownerUrl(tender), { lots: [{ title: 'new', value: { amount: 500 } }] });
    expectStatus(res, 200);
    assert.equal('lots' in (res.json.data as Json), false);
  });

  test('PATCH in a non-editable status → 403 Can\'t update tender in current (<status>) status', async () => {
    const tender = await createTender(t.app);
    await publishTender(t.app, tender);
    await setClock(t.app, '2027-01-08T00:00:00+02:00');
    assert.equal((await getTender(t.app, tender.id)).status, 'active.tendering');
    const res = await patch(ownerUrl(tender), { value: { amount: 501, currency: 'UAH' } });
    expectError(res, 403, 'body', 'data', "Can't update tender in current (active.tendering) status");
  });
});

describeApp('PATCH /tenders/{id} concurrency', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  before(async () => {
    await setClock(t.app, START);
  });

  test('store level: update with a stale rev → RevisionConflictError', async () => {
    const tender = await createTender(t.app);
    const stored = await t.deps.store.get('tenders', tender.id);
    assert.ok(stored);
    await patchTender(t.app, tender, { description: 'moves the rev' });
    const write = {
      doc: { ...stored.doc, description: 'stale' },
      publicText: stored.publicText,
      meta: { isPublic: false, isTest: false, nextCheck: null, touchPublicModified: true },
      revision: { author: 'test', changes: [], date: START, rev: stored.rev },
    };
    await assert.rejects(t.deps.store.update('tenders', tender.id, stored.rev, write), RevisionConflictError);
    assert.equal((await getTender(t.app, tender.id)).description, 'moves the rev');
  });

  test('two PATCHes on the same stored rev → exactly one 200 and one 409; the winner is stored', async () => {
    const tender = await createTender(t.app);
    // Force the race: hold both requests after they have loaded the tender, then let them save.
    const results = await raceOnSameRevision(t.deps.store, [
      () => api(t.app, 'PATCH', ownerUrl(tender), { body: { data: { title: 'A' } } }),
      () => api(t.app, 'PATCH', ownerUrl(tender), { body: { data: { title: 'B' } } }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 409], results.map((r) => r.body.slice(0, 200)).join('\n'));
    const winner = results.find((r) => r.status === 200)!;
    const loser = results.find((r) => r.status === 409)!;
    assert.deepEqual(loser.json, { status: 'error', errors: [{ location: 'body', name: 'data', description: 'Conflict while updating document. Please, retry' }] });
    const stored = await getTender(t.app, tender.id);
    assert.equal(stored.title, (winner.json.data as Json).title);
  });

  test('20 concurrent PATCHes of different fields: every acknowledged change is stored, the others got 409', async (ctx) => {
    const tender = await createTender(t.app);
    const fields = [
      'title', 'title_en', 'title_ru', 'description', 'description_en', 'description_ru',
      'awardCriteriaDetails', 'awardCriteriaDetails_en', 'awardCriteriaDetails_ru',
      'eligibilityCriteria', 'eligibilityCriteria_en', 'eligibilityCriteria_ru',
      'procurementMethodRationale', 'procurementMethodRationale_en', 'procurementMethodRationale_ru',
      'submissionMethodDetails', 'submissionMethodDetails_en', 'submissionMethodDetails_ru',
      'contractTemplateName', 'procurementMethodDetails',
    ];
    const results = await Promise.all(fields.map((f) => api(t.app, 'PATCH', ownerUrl(tender), { body: { data: { [f]: `value of ${f}` } } })));
    const stored = await getTender(t.app, tender.id);
    const conflict = { status: 'error', errors: [{ location: 'body', name: 'data', description: 'Conflict while updating document. Please, retry' }] };
    let ok = 0;
    results.forEach((res, i) => {
      const field = fields[i]!;
      if (res.status === 200) {
        ok += 1;
        assert.equal(stored[field], `value of ${field}`, `acknowledged ${field} lost`);
      } else {
        expectStatus(res, 409);
        assert.deepEqual(res.json, conflict);
        assert.notEqual(stored[field], `value of ${field}`, `${field} stored although refused`);
      }
    });
    assert.ok(ok >= 1);
    ctx.diagnostic(`${ok} of ${fields.length} PATCHes acknowledged, ${fields.length - ok} got 409`);
    const revisions = await t.deps.store.revisions('tenders', tender.id);
    assert.equal(revisions.length, 1 + ok, 'one revision per acknowledged write');
  });
});
