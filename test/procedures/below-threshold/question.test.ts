// HTTP-level tests of /tenders/{id}/questions[/{question_id}] (below-threshold.md §1.10, §3.2).
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { updateStoredTender } from '../../helpers/stored-tender.ts';
import { describeApp } from '../../helpers/app.ts';
import { api, expectError, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { START } from '../../helpers/recorded-tender.ts';
import { REFERENCE_DS_KEY } from '../../helpers/reference-ds.ts';
import { createTender, getTender, ownerUrl, type CreatedTender } from './builders.ts';
import { createPublishedTender, tenderer } from './tendering.ts';

const questionsUrl = (tender: { id: string }, suffix = ''): string => `/api/2.5/tenders/${tender.id}/questions${suffix}`;
const author = (): Json => {
  const { scale: _s, ...org } = tenderer();
  return org;
};
const question = (overrides: Json = {}): Json => ({ author: author(), title: 'Калорійність', description: 'Просимо додати таблицю', ...overrides });
const expectedHash = (tender: CreatedTender): string => createHash('md5').update(`00137256_${tender.token}`).digest('hex');

describeApp('questions', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  let tender: CreatedTender;
  let lotId: string;
  beforeEach(async () => {
    ({ tender, lotId } = await createPublishedTender(t.app));
  });

  async function ask(data: Json = question(), auth = 'broker'): Promise<Json> {
    const res = await api(t.app, 'POST', questionsUrl(tender), { auth, body: { data } });
    expectStatus(res, 201);
    return res.json.data as Json;
  }

  test('POST → 201 with Location, no access token; the author is shown only as a salted hash', async () => {
    const res = await api(t.app, 'POST', questionsUrl(tender), { body: { data: question() }, headers: { host: 'api.example' } });
    expectStatus(res, 201);
    const q = res.json.data as Json;
    assert.equal(res.json.access, undefined);
    assert.equal(res.headers.location, `http://api.example/api/2.5/tenders/${tender.id}/questions/${q.id}`);
    assert.deepEqual(q, {
      id: q.id,
      author: { hash: expectedHash(tender) },
      title: 'Калорійність',
      description: 'Просимо додати таблицю',
      questionOf: 'tender',
      date: START,
    });
    const listed = (await getTender(t.app, tender.id)).questions as Json[];
    assert.deepEqual(listed, [q], 'the tender shows the question with the hashed author too');
  });

  test('a question moves the tender in the feed (unlike bids)', async () => {
    await setClock(t.app, '2027-01-02T10:00:00+02:00');
    await ask();
    assert.equal((await getTender(t.app, tender.id)).dateModified, '2027-01-02T10:00:00+02:00');
  });

  test('questionOf lot/item: relatedItem required and must exist → 422', async () => {
    const post = (data: Json) => api(t.app, 'POST', questionsUrl(tender), { body: { data } });
    expectError(await post(question({ questionOf: 'lot' })), 422, 'body', 'relatedItem', ['This field is required.']);
    expectError(await post(question({ questionOf: 'lot', relatedItem: 'a'.repeat(32) })), 422, 'body', 'relatedItem', ['relatedItem should be one of lots']);
    expectError(await post(question({ questionOf: 'item', relatedItem: 'nope' })), 422, 'body', 'relatedItem', ['relatedItem should be one of items']);
    expectError(await post(question({ questionOf: 'bid' })), 422, 'body', 'questionOf', ["Value must be one of ['tender', 'item', 'lot']."]);
    const onLot = await ask(question({ questionOf: 'lot', relatedItem: lotId }));
    assert.equal(onLot.relatedItem, lotId);
    const onItem = await ask(question({ questionOf: 'item', relatedItem: 'ffffffffffffffffffffffffffffffff' }));
    assert.equal(onItem.questionOf, 'item');
  });

  test('body errors: required fields, Rogue field, author organization rules → 422', async () => {
    const post = (data: Json) => api(t.app, 'POST', questionsUrl(tender), { body: { data } });
    expectError(await post(question({ title: undefined })), 422, 'body', 'title', ['This field is required.']);
    expectError(await post({ title: 'x' }), 422, 'body', 'author', ['This field is required.']);
    expectError(await post(question({ answer: 'self-answered' })), 422, 'body', 'answer', 'Rogue field');
    expectError(await post(question({ author: { ...author(), contactPoint: { name: 'x' } } })), 422, 'body', 'author', { contactPoint: { email: ['telephone or email should be present'] } });
  });

  test('accreditation: level 2 needed → 403 url/accreditation; anonymous → 403 permission', async () => {
    expectError(await api(t.app, 'POST', questionsUrl(tender), { auth: 'broker1', body: { data: question() } }), 403, 'url', 'accreditation', 'Broker Accreditation level does not permit question creation');
    expectError(await api(t.app, 'POST', questionsUrl(tender), { auth: 'broker2t', body: { data: question() } }), 403, 'url', 'mode', 'Broker Accreditation level does not permit question creation');
    expectError(await api(t.app, 'POST', questionsUrl(tender), { auth: null, body: { data: question() } }), 403, 'url', 'permission', 'Forbidden');
    await ask(question(), 'broker2');
  });

  test('the body is validated before accreditation (reference order)', async () => {
    expectError(await api(t.app, 'POST', questionsUrl(tender), { auth: 'broker1', body: { data: question({ title: undefined }) } }), 422, 'body', 'title', ['This field is required.']);
  });

  test('only inside the enquiry period, both ends inclusive → 403 otherwise', async () => {
    await setClock(t.app, '2027-01-08T00:00:00+02:00');
    await ask();
    await setClock(t.app, '2027-01-08T00:00:01+02:00');
    expectError(await api(t.app, 'POST', questionsUrl(tender), { body: { data: question() } }), 403, 'body', 'data', 'Can add question only in enquiryPeriod');
  });

  test('a question about a lot that is no longer active → 403', async () => {
    await updateStoredTender(t, tender.id, (stored) => {
      stored.lots![0].status = 'cancelled';
    });
    const res = await api(t.app, 'POST', questionsUrl(tender), { body: { data: question({ questionOf: 'item', relatedItem: 'ffffffffffffffffffffffffffffffff' }) } });
    expectError(res, 403, 'body', 'data', 'Can add/update question only in active lot status');
    await ask();
  });

  test('GET list and one; unknown id → 404 question_id', async () => {
    const q = await ask();
    const list = await api(t.app, 'GET', questionsUrl(tender), { auth: null });
    expectStatus(list, 200);
    assert.deepEqual(list.json.data, [q]);
    const one = await api(t.app, 'GET', questionsUrl(tender, `/${q.id}`), { auth: null });
    assert.deepEqual(one.json.data, q);
    expectError(await api(t.app, 'GET', questionsUrl(tender, `/${'0'.repeat(32)}`), { auth: null }), 404, 'url', 'question_id', 'Not Found');
  });

  test('PATCH answer by the tender owner → 200 with dateAnswered; the answer can be overwritten', async () => {
    const q = await ask();
    await setClock(t.app, '2027-01-03T12:00:00+02:00');
    const res = await api(t.app, 'PATCH', ownerUrl(tender, `/questions/${q.id}`), { body: { data: { answer: 'Таблицю додано' } } });
    expectStatus(res, 200);
    assert.deepEqual(res.json.data, { ...q, answer: 'Таблицю додано', dateAnswered: '2027-01-03T12:00:00+02:00' });
    const again = await api(t.app, 'PATCH', ownerUrl(tender, `/questions/${q.id}`), { body: { data: { answer: 'Друга відповідь' } } });
    assert.equal((again.json.data as Json).answer, 'Друга відповідь');
    const listed = await api(t.app, 'GET', questionsUrl(tender, `/${q.id}`), { auth: null });
    assert.equal((listed.json.data as Json).answer, 'Друга відповідь');
  });

  test('PATCH answer: owner token required, answer required, nothing else allowed', async () => {
    const q = await ask();
    const url = ownerUrl(tender, `/questions/${q.id}`);
    expectError(await api(t.app, 'PATCH', questionsUrl(tender, `/${q.id}`), { body: { data: { answer: 'x' } } }), 403, 'url', 'permission', 'Forbidden');
    expectError(await api(t.app, 'PATCH', url, { auth: 'broker2', body: { data: { answer: 'x' } } }), 403, 'url', 'permission', 'Forbidden');
    expectError(await api(t.app, 'PATCH', url, { body: { data: {} } }), 422, 'body', 'answer', ['This field is required.']);
    expectError(await api(t.app, 'PATCH', url, { body: { data: { answer: 'x', title: 'changed' } } }), 422, 'body', 'title', 'Rogue field');
  });

  test('PATCH answer after clarificationsUntil → 403', async () => {
    const q = await ask();
    await setClock(t.app, '2027-01-09T00:00:01+02:00');
    const res = await api(t.app, 'PATCH', ownerUrl(tender, `/questions/${q.id}`), { body: { data: { answer: 'late' } } });
    expectError(res, 403, 'body', 'data', 'Can update question only before enquiryPeriod.clarificationsUntil');
  });

  test('PATCH answer outside active.enquiries/active.tendering → 403', async () => {
    const draft = await createTender(t.app);
    const res = await api(t.app, 'POST', questionsUrl(draft), { body: { data: question() } });
    expectStatus(res, 201);
    const q = res.json.data as Json;
    const patch = await api(t.app, 'PATCH', ownerUrl(draft, `/questions/${q.id}`), { body: { data: { answer: 'x' } } });
    expectError(patch, 403, 'body', 'data', "Can't update question in current (draft) tender status");
  });
});
