// Approval milestones at the HTTP level (plans.md §1.9, §3.5, §3.7, §4, §5.2): the centralized
// procurement flow (a CPB's broker posts a milestone on a customer's plan and manages it with the
// milestone token), the create and PATCH rules in the reference's order, milestone documents, and a
// procuring-entity change invalidating active milestones or refused inside the 2-business-day window.
// Both backends.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { describeApp } from '../../helpers/app.ts';
import { api, expectError, expectStatus, setClock, type ApiResponse, type Json } from '../../helpers/api.ts';
import { planBody } from '../../helpers/plan-body.ts';
import { REFERENCE_DS_KEY, SIGNED_URLS } from '../../helpers/reference-ds.ts';
import { serverUrl } from '../../../src/config.ts';

const at = (seconds: number): string => `2027-01-01T00:00:${String(seconds).padStart(2, '0')}+02:00`;
const NOTICE_KEY = '325d0d7a8e034710bf0f2fdfb91712c5';
const CRITERIA2_KEY = '50ef0208169a47979218f1f8919a46c6';
const PERMISSION = { location: 'url', name: 'permission', description: 'Forbidden' };
/** The CPB's broker: not the plan owner. */
const CPB_BROKER = 'broker2';

const ADDRESS = { countryName: 'Україна', postalCode: '01220', region: 'м. Київ', locality: 'м. Київ', streetAddress: 'вул. Банкова, 11, корпус 1' };
const CPB = { identifier: { scheme: 'UA-EDR', id: '111111', legalName: 'ЦЗО' }, name: 'ЦЗО', address: ADDRESS, kind: 'central' };
const CPB_AUTHOR = { identifier: { scheme: 'UA-EDR', id: '111111', legalName: 'ЦЗО' }, name: 'ЦЗО' };

/** A customer's plan for a central purchasing body (plans.md §5.2 step 1). */
const cpbPlanBody = (overrides: Json = {}): Json =>
  planBody({
    status: 'draft',
    procuringEntity: structuredClone(CPB),
    tender: { procurementMethod: '', procurementMethodType: 'centralizedProcurement', tenderPeriod: { startDate: '2027-01-08T00:00:00+02:00' } },
    ...overrides,
  });

const milestoneBody = (overrides: Json = {}): Json => ({
  title: 'Підготовка до проведення процедури',
  type: 'approval',
  dueDate: at(4),
  author: structuredClone(CPB_AUTHOR),
  ...overrides,
});

const doc = (extra: Json = {}): Json => ({ title: 'approval.pdf', format: 'application/pdf', ...SIGNED_URLS.noticePdf, ...extra });

interface CreatedPlan {
  id: string;
  token: string;
}
interface CreatedMilestone {
  id: string;
  token: string;
  data: Json;
}

describeApp('plan milestones', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  beforeEach(() => setClock(t.app, at(0)));

  const createPlan = async (body: Json = cpbPlanBody()): Promise<CreatedPlan> => {
    const res = await api(t.app, 'POST', '/api/2.5/plans', { body: { data: body } });
    expectStatus(res, 201);
    return { id: String((res.json.data as Json).id), token: String((res.json.access as Json).token) };
  };
  const patchPlan = (plan: CreatedPlan, data: Json): Promise<ApiResponse> =>
    api(t.app, 'PATCH', `/api/2.5/plans/${plan.id}?acc_token=${plan.token}`, { body: { data } });
  const getPlan = async (plan: CreatedPlan): Promise<Json> => {
    const res = await api(t.app, 'GET', `/api/2.5/plans/${plan.id}`, { auth: null });
    expectStatus(res, 200);
    return res.json.data as Json;
  };
  const postMilestone = (plan: CreatedPlan, data: Json = milestoneBody(), auth: string | null = CPB_BROKER): Promise<ApiResponse> =>
    api(t.app, 'POST', `/api/2.5/plans/${plan.id}/milestones`, { auth, body: { data } });
  const createMilestone = async (plan: CreatedPlan, data?: Json): Promise<CreatedMilestone> => {
    const res = await postMilestone(plan, data);
    expectStatus(res, 201);
    const m = res.json.data as Json;
    return { id: String(m.id), token: String((res.json.access as Json).token), data: m };
  };
  const milestoneUrl = (plan: CreatedPlan, m: { id: string }, suffix = '', token?: string | null): string =>
    `/api/2.5/plans/${plan.id}/milestones/${m.id}${suffix}${token ? `?acc_token=${token}` : ''}`;
  const patchMilestone = (plan: CreatedPlan, m: CreatedMilestone, data: Json, opts: { auth?: string | null; token?: string | null } = {}): Promise<ApiResponse> =>
    api(t.app, 'PATCH', milestoneUrl(plan, m, '', opts.token === undefined ? m.token : opts.token), { auth: opts.auth ?? CPB_BROKER, body: { data } });
  const revisionCount = async (plan: CreatedPlan): Promise<number> => (await t.deps.store.revisions('plans', plan.id)).length;

  test('centralized procurement (plans.md §5.2 steps 1–5): scheduled plan → milestone by another broker → met → milestone document', async () => {
    const plan = await createPlan();
    await setClock(t.app, at(1));
    expectStatus(await patchPlan(plan, { status: 'scheduled' }), 200);

    await setClock(t.app, at(3));
    const posted = await postMilestone(plan);
    expectStatus(posted, 201);
    const milestone = posted.json.data as Json;
    const access = posted.json.access as Json;
    assert.deepEqual(Object.keys(access), ['token'], 'a milestone has no transfer secret');
    assert.match(String(access.token), /^[0-9a-f]{32}$/);
    assert.equal(posted.headers.location, `http://localhost:80/api/2.5/plans/${plan.id}/milestones/${milestone.id}`);
    assert.match(String(milestone.id), /^[0-9a-f]{32}$/);
    assert.deepEqual(
      { ...milestone, id: undefined },
      {
        id: undefined,
        title: 'Підготовка до проведення процедури',
        description: 'Узагальнення та аналіз отриманної інформації щодо проведення закупівель товарів, послуг (крім поточного ремонту) в інтересах замовників',
        type: 'approval',
        dueDate: at(4),
        status: 'scheduled',
        author: CPB_AUTHOR,
        owner: CPB_BROKER,
        dateModified: at(3),
      },
    );
    let publicPlan = await getPlan(plan);
    assert.equal(publicPlan.dateModified, at(3));
    assert.deepEqual(publicPlan.milestones, [milestone], 'no owner_token in the plan either');

    await setClock(t.app, at(6));
    const patched = await api(t.app, 'PATCH', `/api/2.5/plans/${plan.id}/milestones/${milestone.id}?acc_token=${access.token}`, {
      auth: CPB_BROKER,
      body: { data: { status: 'met', description: 'Погоджено', dueDate: at(7) } },
    });
    expectStatus(patched, 200);
    const met = patched.json.data as Json;
    assert.equal(met.status, 'met');
    assert.equal(met.description, 'Погоджено');
    assert.equal(met.dueDate, at(7));
    assert.equal(met.dateMet, at(6));
    assert.equal(met.dateModified, at(6));
    assert.equal('owner_token' in met, false);
    assert.equal((await getPlan(plan)).dateModified, at(6));

    await setClock(t.app, at(10));
    const docRes = await api(t.app, 'POST', `/api/2.5/plans/${plan.id}/milestones/${milestone.id}/documents?acc_token=${access.token}`, {
      auth: CPB_BROKER,
      body: { data: doc() },
    });
    expectStatus(docRes, 201);
    const d = docRes.json.data as Json;
    assert.equal(docRes.headers.location, `http://localhost:80/api/2.5/plans/${plan.id}/milestones/${milestone.id}/documents/${d.id}`);
    assert.match(String(d.url), new RegExp(`^http://127\\.0\\.0\\.1:8000/ds/get/${NOTICE_KEY}\\?Signature=`));
    assert.equal('author' in d, false);

    publicPlan = await getPlan(plan);
    assert.equal(publicPlan.dateModified, at(10));
    const embedded = (publicPlan.milestones as Json[])[0]!;
    assert.equal(embedded.dateModified, at(10));
    const apiUrl = `${serverUrl(t.deps.config)}/api/2.5/plans/${plan.id}/milestones/${milestone.id}/documents/${d.id}?download=${NOTICE_KEY}`;
    assert.deepEqual((embedded.documents as Json[]).map((x) => x.url), [apiUrl]);
    const one = await api(t.app, 'GET', `/api/2.5/plans/${plan.id}/milestones/${milestone.id}`, { auth: null });
    expectStatus(one, 200);
    assert.deepEqual(((one.json.data as Json).documents as Json[]).map((x) => x.url), [apiUrl]);
    const stored = (await t.deps.store.get('plans', plan.id))!.doc as { milestones: Array<{ documents: Json[]; owner_token: string }> };
    assert.equal(stored.milestones[0]!.documents[0]!.url, `/plans/${plan.id}/milestones/${milestone.id}/documents/${d.id}?download=${NOTICE_KEY}`);
    assert.notEqual(stored.milestones[0]!.owner_token, access.token, 'the token is stored sealed');
  });

  test('POST: ACL, content type, unknown plan; GET on the collection is 405; GET one; unknown milestone 404', async () => {
    const plan = await createPlan();
    expectError(await postMilestone(plan, milestoneBody(), null), 403, 'url', 'permission', 'Forbidden');
    expectError(await postMilestone(plan, milestoneBody(), 'administrator'), 403, 'url', 'permission', 'Forbidden');
    expectError(await postMilestone(plan, milestoneBody(), 'bot'), 403, 'url', 'permission', 'Forbidden');
    const form = await api(t.app, 'POST', `/api/2.5/plans/${plan.id}/milestones`, { auth: CPB_BROKER, body: 'x', headers: { 'content-type': 'text/plain' } });
    expectError(form, 415, 'header', 'Content-Type', "Content-Type header should be one of ['application/json']");
    expectError(await api(t.app, 'POST', `/api/2.5/plans/${'0'.repeat(32)}/milestones`, { body: { data: milestoneBody() } }), 404, 'url', 'plan_id', 'Not Found');

    const list = await api(t.app, 'GET', `/api/2.5/plans/${plan.id}/milestones`, { auth: null });
    expectError(list, 405, 'url', 'method_not_allowed', 'Method Not Allowed');
    assert.equal(list.headers.allow, 'POST');

    // Any broker, whatever its accreditation, on a draft plan too; id and dateModified in the body are ignored.
    const m = await createMilestone(plan, milestoneBody({ id: 'a'.repeat(32), dateModified: '2020-01-01T00:00:00+02:00' }));
    assert.notEqual(m.id, 'a'.repeat(32));
    assert.equal(m.data.dateModified, at(0));
    const one = await api(t.app, 'GET', milestoneUrl(plan, m), { auth: null });
    expectStatus(one, 200);
    assert.deepEqual(one.json.data, m.data);
    expectError(await api(t.app, 'GET', milestoneUrl(plan, { id: 'b'.repeat(32) }), { auth: null }), 404, 'url', 'milestone_id', 'Not Found');
  });

  test('POST model: required fields, choices, rogue server fields', async () => {
    const plan = await createPlan();
    const res = await postMilestone(plan, {});
    expectStatus(res, 422);
    assert.deepEqual(
      new Map((res.json.errors as Json[]).map((e) => [e.name, e.description])),
      new Map([
        ['author', ['This field is required.']],
        ['dueDate', ['This field is required.']],
        ['title', ['This field is required.']],
        ['type', ['This field is required.']],
      ]),
    );
    expectError(await postMilestone(plan, milestoneBody({ status: 'bogus' })), 422, 'body', 'status', ["Value must be one of ('scheduled', 'met', 'notMet', 'invalid')."]);
    expectError(await postMilestone(plan, milestoneBody({ dateMet: at(1) })), 422, 'body', 'dateMet', 'Rogue field');
    expectError(await postMilestone(plan, milestoneBody({ owner: 'broker' })), 422, 'body', 'owner', 'Rogue field');
    expectError(await postMilestone(plan, milestoneBody({ description: 'ab' })), 422, 'body', 'description', ['String value is too short.']);
    assert.equal(await revisionCount(plan), 1, 'nothing written');
  });

  test('POST rules in order: author = plan.procuringEntity, one active milestone per author, created scheduled', async () => {
    const plan = await createPlan();
    const stranger = { ...CPB_AUTHOR, identifier: { scheme: 'UA-EDR', id: '222222' } };
    // The author check comes before the status check.
    expectError(await postMilestone(plan, milestoneBody({ author: stranger, status: 'met' })), 422, 'body', 'author', 'Should match plan.procuringEntity');
    expectError(await postMilestone(plan, milestoneBody({ author: { ...CPB_AUTHOR, identifier: { scheme: 'UA-IPN', id: '111111' } } })), 422, 'body', 'author', 'Should match plan.procuringEntity');
    expectError(await postMilestone(plan, milestoneBody({ status: 'met' })), 422, 'body', 'status', 'Cannot create milestone with status: met');
    expectError(await postMilestone(plan, milestoneBody({ status: 'notMet' })), 422, 'body', 'status', 'Cannot create milestone with status: notMet');

    const first = await createMilestone(plan);
    expectError(await postMilestone(plan, milestoneBody({ status: 'met' })), 422, 'body', 'author', 'An active milestone already exists for this author');
    expectError(await postMilestone(plan, milestoneBody(), 'broker'), 422, 'body', 'author', 'An active milestone already exists for this author');
    expectStatus(await patchMilestone(plan, first, { status: 'met' }), 200);
    expectError(await postMilestone(plan), 422, 'body', 'author', 'An active milestone already exists for this author');

    // A notMet milestone is no longer active: the author may post again.
    const other = await createPlan();
    const m = await createMilestone(other);
    expectStatus(await patchMilestone(other, m, { status: 'notMet' }), 200);
    const again = await createMilestone(other);
    assert.equal(again.data.status, 'scheduled');
    assert.deepEqual(((await getPlan(other)).milestones as Json[]).map((x) => x.status), ['notMet', 'scheduled']);
  });

  test('POST on a complete or cancelled plan → 403 milestones (after the model and author checks)', async () => {
    const cancelled = await createPlan();
    expectStatus(await patchPlan(cancelled, { cancellation: { reason: 'Причина', status: 'active' } }), 200);
    expectError(await postMilestone(cancelled, milestoneBody({ author: { ...CPB_AUTHOR, identifier: { scheme: 'UA-EDR', id: '9' } } })), 422, 'body', 'author', 'Should match plan.procuringEntity');
    expectError(await postMilestone(cancelled), 403, 'body', 'data', "Can't update milestones in cancelled status");

    // A belowThreshold plan of the same entity can be completed by hand.
    const complete = await createPlan(planBody({ procuringEntity: structuredClone(CPB) }));
    expectStatus(await patchPlan(complete, { status: 'complete' }), 200);
    expectError(await postMilestone(complete), 403, 'body', 'data', "Can't update milestones in complete status");
    assert.equal((await getPlan(complete)).milestones, undefined);
  });

  test('POST with embedded documents: stored under the milestone, rendered with the API download URL', async () => {
    const plan = await createPlan();
    const m = await createMilestone(plan, milestoneBody({ documents: [doc()] }));
    const d = (m.data.documents as Json[])[0]!;
    assert.equal(d.url, `${serverUrl(t.deps.config)}/api/2.5/plans/${plan.id}/milestones/${m.id}/documents/${d.id}?download=${NOTICE_KEY}`);
    assert.equal('author' in d, false);
    const list = await api(t.app, 'GET', milestoneUrl(plan, m, '/documents'), { auth: null });
    expectStatus(list, 200);
    assert.match(String((list.json.data as Json[])[0]!.url), new RegExp(`/ds/get/${NOTICE_KEY}\\?Signature=`));
    expectError(await postMilestone(plan, milestoneBody({ documents: [{ title: 'x.pdf', format: 'application/pdf' }] }), 'broker'), 422, 'body', 'documents', [{ url: ['This field is required.'] }]);
  });

  test('PATCH: the milestone owner with the milestone token only; 415; unknown milestone; rogue fields', async () => {
    const plan = await createPlan();
    const m = await createMilestone(plan);
    const refusals: Array<[string, string | null, string | null]> = [
      ['plan owner with the plan token', 'broker', plan.token],
      ['milestone owner with the plan token', CPB_BROKER, plan.token],
      ['other broker with the milestone token', 'broker1', m.token],
      ['milestone owner without token', CPB_BROKER, null],
      ['Administrator', 'administrator', null],
      ['anonymous', null, m.token],
    ];
    for (const [who, auth, token] of refusals) {
      const res = await api(t.app, 'PATCH', milestoneUrl(plan, m, '', token), { auth, body: { data: { status: 'met' } } });
      assert.deepEqual([res.status, res.json.errors], [403, [PERMISSION]], who);
    }
    const text = await api(t.app, 'PATCH', milestoneUrl(plan, m, '', m.token), { auth: CPB_BROKER, body: 'x', headers: { 'content-type': 'text/plain' } });
    expectStatus(text, 415);
    expectError(await patchMilestone(plan, { ...m, id: 'c'.repeat(32) }, { status: 'met' }), 404, 'url', 'milestone_id', 'Not Found');
    expectError(await patchMilestone(plan, m, { title: 'Інше' }), 422, 'body', 'title', 'Rogue field');
    expectError(await patchMilestone(plan, m, { status: 'done' }), 422, 'body', 'status', ["Value must be one of ('scheduled', 'met', 'notMet', 'invalid')."]);
    expectError(await patchMilestone(plan, m, { dueDate: 'soon' }), 422, 'body', 'dueDate', ['Could not parse soon. Should be ISO8601.']);
    assert.equal(((await getPlan(plan)).milestones as Json[])[0]!.status, 'scheduled');
  });

  test('PATCH with nothing changed: 200, no write', async () => {
    const plan = await createPlan();
    const m = await createMilestone(plan);
    const revisions = await revisionCount(plan);
    await setClock(t.app, at(5));
    const res = await patchMilestone(plan, m, { status: 'scheduled', dueDate: at(4), description: m.data.description });
    expectStatus(res, 200);
    assert.deepEqual(res.json.data, m.data);
    assert.equal(await revisionCount(plan), revisions);
    assert.equal((await getPlan(plan)).dateModified, at(0));
  });

  test('PATCH rules: dueDate only while scheduled, description while scheduled or met, status scheduled → met/notMet only', async () => {
    const plan = await createPlan();
    const m = await createMilestone(plan);
    expectError(await patchMilestone(plan, m, { status: 'invalid' }), 403, 'body', 'data', "Can't update milestone status from 'scheduled' to 'invalid'");
    await setClock(t.app, at(5));
    const moved = await patchMilestone(plan, m, { dueDate: at(9) });
    expectStatus(moved, 200);
    assert.equal((moved.json.data as Json).dueDate, at(9));
    assert.equal((moved.json.data as Json).dateModified, at(5));
    assert.equal((await getPlan(plan)).dateModified, at(5));

    await setClock(t.app, at(6));
    const met = await patchMilestone(plan, m, { status: 'met' });
    assert.equal((met.json.data as Json).dateMet, at(6));
    expectError(await patchMilestone(plan, m, { dueDate: at(8) }), 403, 'body', 'data', "Can't update dueDate at 'met' milestone status");
    expectError(await patchMilestone(plan, m, { status: 'notMet' }), 403, 'body', 'data', "Can't update milestone status from 'met' to 'notMet'");
    expectError(await patchMilestone(plan, m, { status: 'scheduled' }), 403, 'body', 'data', "Can't update milestone status from 'met' to 'scheduled'");
    // The dueDate check comes first.
    expectError(await patchMilestone(plan, m, { dueDate: at(8), status: 'notMet' }), 403, 'body', 'data', "Can't update dueDate at 'met' milestone status");
    await setClock(t.app, at(7));
    const described = await patchMilestone(plan, m, { description: 'Опис після погодження' });
    expectStatus(described, 200);
    assert.equal((described.json.data as Json).dateMet, at(6), 'dateMet stays');
    assert.equal((described.json.data as Json).dateModified, at(7));

    const other = await createPlan();
    const n = await createMilestone(other);
    expectStatus(await patchMilestone(other, n, { status: 'notMet' }), 200);
    expectError(await patchMilestone(other, n, { description: 'Новий опис' }), 403, 'body', 'data', "Can't update description at 'notMet' milestone status");
    expectError(await patchMilestone(other, n, { dueDate: at(9) }), 403, 'body', 'data', "Can't update dueDate at 'notMet' milestone status");
    assert.equal('dateMet' in (((await getPlan(other)).milestones as Json[])[0] as Json), false);
  });

  test('PATCH is allowed in a terminal plan status', async () => {
    const plan = await createPlan();
    const m = await createMilestone(plan);
    expectStatus(await patchPlan(plan, { cancellation: { reason: 'Причина', status: 'active' } }), 200);
    await setClock(t.app, at(5));
    const res = await patchMilestone(plan, m, { status: 'met' });
    expectStatus(res, 200);
    const after = await getPlan(plan);
    assert.equal(after.status, 'cancelled');
    assert.equal(after.dateModified, at(5));
  });

  test('milestone documents: owner + milestone token, PUT/PATCH versions, no DELETE (405), terminal plan → 422; each write moves both dateModified', async () => {
    const plan = await createPlan();
    const m = await createMilestone(plan);
    const docs = (suffix = '', token: string | null = m.token) => milestoneUrl(plan, m, `/documents${suffix}`, token);
    for (const [who, auth, token] of [
      ['plan owner with the plan token', 'broker', plan.token],
      ['milestone owner with the plan token', CPB_BROKER, plan.token],
      ['other broker with the milestone token', 'broker1', m.token],
      ['anonymous', null, m.token],
    ] as Array<[string, string | null, string]>) {
      const res = await api(t.app, 'POST', docs('', token), { auth, body: { data: doc() } });
      assert.deepEqual([res.status, res.json.errors], [403, [PERMISSION]], who);
    }

    await setClock(t.app, at(2));
    const posted = await api(t.app, 'POST', docs(), { auth: CPB_BROKER, body: { data: doc() } });
    expectStatus(posted, 201);
    const d = posted.json.data as Json;
    const milestoneOf = async () => ((await getPlan(plan)).milestones as Json[])[0]!;
    assert.equal((await milestoneOf()).dateModified, at(2));
    assert.equal((await getPlan(plan)).dateModified, at(2));

    await setClock(t.app, at(3));
    const put = await api(t.app, 'PUT', docs(`/${d.id}`), { auth: CPB_BROKER, body: { data: { title: 'v2.pdf', format: 'application/pdf', ...SIGNED_URLS.awardCriteria2 } } });
    expectStatus(put, 200);
    assert.match(String((put.json.data as Json).url), new RegExp(`/ds/get/${CRITERIA2_KEY}\\?Signature=`));
    assert.equal((await milestoneOf()).dateModified, at(3));
    expectError(await api(t.app, 'PUT', docs(`/${d.id}`, plan.token), { auth: 'broker', body: { data: doc() } }), 403, 'url', 'permission', 'Forbidden');

    await setClock(t.app, at(4));
    const patched = await api(t.app, 'PATCH', docs(`/${d.id}`), { auth: CPB_BROKER, body: { data: { description: 'Рішення' } } });
    expectStatus(patched, 200);
    assert.equal((patched.json.data as Json).description, 'Рішення');
    assert.equal((await milestoneOf()).dateModified, at(4));
    assert.equal((await getPlan(plan)).dateModified, at(4));
    expectError(await api(t.app, 'PATCH', docs(`/${d.id}`), { auth: CPB_BROKER, body: { data: { documentOf: 'item', relatedItem: 'd'.repeat(32) } } }), 422, 'body', 'relatedItem', ['relatedItem should be one of items']);

    const all = await api(t.app, 'GET', `/api/2.5/plans/${plan.id}/milestones/${m.id}/documents?all=1`, { auth: null });
    assert.deepEqual((all.json.data as Json[]).map((x) => x.title), ['approval.pdf', 'v2.pdf']);
    const one = await api(t.app, 'GET', docs(`/${d.id}`, null), { auth: null });
    assert.deepEqual(((one.json.data as Json).previousVersions as Json[]).map((x) => x.title), ['approval.pdf']);

    const del = await api(t.app, 'DELETE', docs(`/${d.id}`), { auth: CPB_BROKER, body: {} });
    expectError(del, 405, 'url', 'method_not_allowed', 'Method Not Allowed');
    expectError(await api(t.app, 'GET', `/api/2.5/plans/${plan.id}/milestones/${'e'.repeat(32)}/documents`, { auth: null }), 404, 'url', 'milestone_id', 'Not Found');

    expectStatus(await patchPlan(plan, { cancellation: { reason: 'Причина', status: 'active' } }), 200);
    const message = "Can't update plan in 'cancelled' status";
    expectError(await api(t.app, 'POST', docs(), { auth: CPB_BROKER, body: { data: doc() } }), 422, 'body', 'status', message);
    expectError(await api(t.app, 'PUT', docs(`/${d.id}`), { auth: CPB_BROKER, body: { data: doc() } }), 422, 'body', 'status', message);
    expectError(await api(t.app, 'PATCH', docs(`/${d.id}`), { auth: CPB_BROKER, body: { data: { title: 'x.pdf' } } }), 422, 'body', 'status', message);
  });

  test('a procuring entity identifier change invalidates the active milestones (notMet ones stay); a name change does not', async () => {
    const plan = await createPlan();
    const active = await createMilestone(plan);
    expectStatus(await patchMilestone(plan, active, { status: 'notMet' }), 200);
    const scheduled = await createMilestone(plan);
    const renamed = { ...CPB, name: 'ЦЗО (нова назва)' };
    await setClock(t.app, at(5));
    expectStatus(await patchPlan(plan, { procuringEntity: renamed }), 200);
    assert.deepEqual(((await getPlan(plan)).milestones as Json[]).map((x) => x.status), ['notMet', 'scheduled']);

    // Friday 00:00 + 2 business days = Tuesday 00:00, before the tender period start (2027-01-08).
    await setClock(t.app, at(9));
    const newEntity = { ...CPB, identifier: { scheme: 'UA-EDR', id: '333333', legalName: 'Інший ЦЗО' } };
    const res = await patchPlan(plan, { procuringEntity: newEntity });
    expectStatus(res, 200);
    const milestones = (res.json.data as Json).milestones as Json[];
    assert.deepEqual(milestones.map((x) => [x.id, x.status, x.dateModified]), [
      [active.id, 'notMet', at(0)],
      [scheduled.id, 'invalid', at(9)],
    ]);
    // The milestone token still patches, but an invalid milestone cannot move.
    expectError(await patchMilestone(plan, scheduled, { status: 'met' }), 403, 'body', 'data', "Can't update milestone status from 'invalid' to 'met'");
    // The new entity may get its own milestone.
    expectError(await postMilestone(plan), 422, 'body', 'author', 'Should match plan.procuringEntity');
    const fresh = await createMilestone(plan, milestoneBody({ author: { name: 'Інший ЦЗО', identifier: { scheme: 'UA-EDR', id: '333333' } } }));
    assert.equal(fresh.data.status, 'scheduled');
  });

  test('a procuring entity change inside the 2-business-day window before tenderPeriod.startDate → 403, nothing changes', async () => {
    const plan = await createPlan(cpbPlanBody({
      tender: { procurementMethod: '', procurementMethodType: 'centralizedProcurement', tenderPeriod: { startDate: '2027-01-04T00:00:00+02:00' } },
    }));
    const m = await createMilestone(plan);
    expectStatus(await patchMilestone(plan, m, { status: 'met' }), 200);
    const newEntity = { ...CPB, identifier: { scheme: 'UA-EDR', id: '333333' } };
    const res = await patchPlan(plan, { procuringEntity: newEntity });
    expectError(res, 403, 'body', 'data', "Can't update procuringEntity later than 2 business days before tenderPeriod.StartDate");
    const after = await getPlan(plan);
    assert.equal((after.procuringEntity as Json & { identifier: Json }).identifier.id, '111111');
    assert.deepEqual((after.milestones as Json[]).map((x) => x.status), ['met']);

    // Without active milestones the same change goes through.
    const free = await createPlan(cpbPlanBody({
      tender: { procurementMethod: '', procurementMethodType: 'centralizedProcurement', tenderPeriod: { startDate: '2027-01-04T00:00:00+02:00' } },
    }));
    expectStatus(await patchPlan(free, { procuringEntity: newEntity }), 200);
  });
});
