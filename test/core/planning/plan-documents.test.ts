// Plan documents at the HTTP level (plans.md §1.10, §3.6): the shared document routes on a plan —
// owner-only writes without an Administrator bypass, no author, documentOf/relatedItem against the
// plan's items, frozen in complete/cancelled plans, DELETE only in drafts; responses carry the
// doc-service signed URL while GET /plans/{id} embeds the API download URL. Both backends.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { describeApp } from '../../helpers/app.ts';
import { api, expectError, expectStatus, setClock, type ApiResponse, type Json } from '../../helpers/api.ts';
import { planBody } from '../../helpers/plan-body.ts';
import { REFERENCE_DS_KEY, SIGNED_URLS } from '../../helpers/reference-ds.ts';
import { serverUrl } from '../../../src/config.ts';

const T0 = '2027-01-01T00:00:00+02:00';
const T1 = '2027-01-01T00:00:10+02:00';
const T2 = '2027-01-01T00:00:20+02:00';
const NOTICE_KEY = '325d0d7a8e034710bf0f2fdfb91712c5';
const CRITERIA2_KEY = '50ef0208169a47979218f1f8919a46c6';
const SIGNED_DS_URL = (key: string) => new RegExp(`^http://127\\.0\\.0\\.1:8000/ds/get/${key}\\?Signature=[^&]+&KeyID=`);

interface CreatedPlan {
  id: string;
  token: string;
  data: Json;
}

const doc = (extra: Json = {}): Json => ({ title: 'plan.pdf', format: 'application/pdf', ...SIGNED_URLS.noticePdf, ...extra });

describeApp('plan documents', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  beforeEach(() => setClock(t.app, T0));

  const createPlan = async (overrides: Json = {}): Promise<CreatedPlan> => {
    const res = await api(t.app, 'POST', '/api/2.5/plans', { body: { data: planBody(overrides) } });
    expectStatus(res, 201);
    const data = res.json.data as Json;
    return { id: String(data.id), token: String((res.json.access as Json).token), data };
  };
  const docsUrl = (plan: CreatedPlan, suffix = '', token: string | null = plan.token) =>
    `/api/2.5/plans/${plan.id}/documents${suffix}${token === null ? '' : `?acc_token=${token}`}`;
  const getPlan = async (plan: CreatedPlan): Promise<Json> => {
    const res = await api(t.app, 'GET', `/api/2.5/plans/${plan.id}`, { auth: null });
    expectStatus(res, 200);
    return res.json.data as Json;
  };
  const postDoc = async (plan: CreatedPlan, body: Json = doc()): Promise<Json> => {
    const res = await api(t.app, 'POST', docsUrl(plan), { body: { data: body } });
    expectStatus(res, 201);
    return res.json.data as Json;
  };
  /** The reference requires `Content-Type: application/json` on this DELETE (its body, empty here, is never read). */
  const deleteDoc = (plan: CreatedPlan, id: string, opts: { auth?: string | null; token?: string | null; json?: boolean } = {}): Promise<ApiResponse> =>
    api(t.app, 'DELETE', docsUrl(plan, `/${id}`, opts.token === undefined ? plan.token : opts.token), {
      auth: opts.auth,
      ...(opts.json === false ? {} : { headers: { 'content-type': 'application/json' } }),
    });

  test('POST: 201 with Location, signed doc-service URL, no author; stored API-relative; the plan dateModified moves', async () => {
    const plan = await createPlan();
    await setClock(t.app, T1);
    const res = await api(t.app, 'POST', docsUrl(plan), { body: { data: doc({ documentType: 'notice' }) } });
    expectStatus(res, 201);
    const d = res.json.data as Json;
    assert.equal(res.headers.location, `http://localhost:80/api/2.5/plans/${plan.id}/documents/${d.id}`);
    assert.match(String(d.url), SIGNED_DS_URL(NOTICE_KEY));
    assert.equal('author' in d, false);
    assert.equal(d.language, 'uk');
    assert.equal('documentOf' in d, false, 'documentOf has no default on plans');
    assert.equal(d.datePublished, T1);
    assert.equal(d.dateModified, T1);

    const stored = (await t.deps.store.get('plans', plan.id))!.doc as { documents: Json[]; dateModified: string };
    assert.equal(stored.documents[0]!.url, `/plans/${plan.id}/documents/${d.id}?download=${NOTICE_KEY}`);
    assert.equal(stored.dateModified, T1);

    // Embedded in the plan: the absolute API download URL.
    const publicPlan = await getPlan(plan);
    assert.equal(publicPlan.dateModified, T1);
    assert.deepEqual(
      (publicPlan.documents as Json[]).map((x) => x.url),
      [`${serverUrl(t.deps.config)}/api/2.5/plans/${plan.id}/documents/${d.id}?download=${NOTICE_KEY}`],
    );
  });

  test('bulk POST: 201 with the list; GET list and one; ?download= redirects, an unknown key is 404', async () => {
    const plan = await createPlan();
    const res = await api(t.app, 'POST', docsUrl(plan), { body: { data: [doc({ title: 'a.pdf' }), doc({ title: 'b.pdf', ...SIGNED_URLS.awardCriteria2 })] } });
    expectStatus(res, 201);
    assert.equal(res.headers.location, undefined);
    const [a, b] = res.json.data as Json[];
    assert.deepEqual([a!.title, b!.title], ['a.pdf', 'b.pdf']);

    const list = await api(t.app, 'GET', docsUrl(plan, '', null), { auth: null });
    expectStatus(list, 200);
    assert.deepEqual((list.json.data as Json[]).map((x) => x.id), [a!.id, b!.id]);
    for (const x of list.json.data as Json[]) assert.match(String(x.url), /^http:\/\/127\.0\.0\.1:8000\/ds\/get\//);

    const one = await api(t.app, 'GET', docsUrl(plan, `/${b!.id}`, null), { auth: null });
    expectStatus(one, 200);
    assert.match(String((one.json.data as Json).url), SIGNED_DS_URL(CRITERIA2_KEY));

    const download = await api(t.app, 'GET', `/api/2.5/plans/${plan.id}/documents/${b!.id}?download=${CRITERIA2_KEY}`, { auth: null });
    expectStatus(download, 302);
    assert.match(String(download.headers.location), new RegExp(`/get/${CRITERIA2_KEY}\\?`));
    expectError(await api(t.app, 'GET', `/api/2.5/plans/${plan.id}/documents/${b!.id}?download=${NOTICE_KEY}`, { auth: null }), 404, 'url', 'download', 'Not Found');
    expectError(await api(t.app, 'GET', docsUrl(plan, `/${'0'.repeat(32)}`, null), { auth: null }), 404, 'url', 'document_id', 'Not Found');
    expectError(await api(t.app, 'GET', `/api/2.5/plans/${'0'.repeat(32)}/documents`, { auth: null }), 404, 'url', 'plan_id', 'Not Found');
  });

  test('PUT adds a version (previousVersions, ?all=1), PATCH changes metadata; each write moves the plan dateModified', async () => {
    const plan = await createPlan();
    const first = await postDoc(plan);
    await setClock(t.app, T1);
    const put = await api(t.app, 'PUT', docsUrl(plan, `/${first.id}`), { body: { data: { title: 'plan-v2.pdf', format: 'application/pdf', ...SIGNED_URLS.awardCriteria2 } } });
    expectStatus(put, 200);
    const second = put.json.data as Json;
    assert.equal(second.id, first.id);
    assert.match(String(second.url), SIGNED_DS_URL(CRITERIA2_KEY));
    assert.equal((await getPlan(plan)).dateModified, T1);

    const latest = await api(t.app, 'GET', docsUrl(plan, '', null), { auth: null });
    assert.deepEqual((latest.json.data as Json[]).map((x) => x.title), ['plan-v2.pdf']);
    const all = await api(t.app, 'GET', `/api/2.5/plans/${plan.id}/documents?all=1`, { auth: null });
    assert.deepEqual((all.json.data as Json[]).map((x) => x.title), ['plan.pdf', 'plan-v2.pdf']);
    const one = await api(t.app, 'GET', docsUrl(plan, `/${first.id}`, null), { auth: null });
    assert.deepEqual(((one.json.data as Json).previousVersions as Json[]).map((x) => x.title), ['plan.pdf']);

    await setClock(t.app, T2);
    const patch = await api(t.app, 'PATCH', docsUrl(plan, `/${first.id}`), { body: { data: { description: 'опис', documentOf: 'plan' } } });
    expectStatus(patch, 200);
    const patched = patch.json.data as Json;
    assert.equal(patched.description, 'опис');
    assert.equal(patched.documentOf, 'plan');
    assert.equal(patched.dateModified, T2);
    assert.equal('author' in patched, false);
    assert.equal((await getPlan(plan)).dateModified, T2);
  });

  test('writes: the plan owner with its token only — other broker, no token, Administrator, anonymous → 403 permission', async () => {
    const plan = await createPlan();
    const d = await postDoc(plan);
    const body = { data: doc() };
    const refusals: Array<[string, string | null, string | null]> = [
      ['other broker', 'broker1', plan.token],
      ['owner without token', 'broker', null],
      ['wrong token', 'broker', 'f'.repeat(32)],
      ['Administrator', 'administrator', null],
      ['anonymous', null, null],
    ];
    const refused = (res: ApiResponse, what: string) =>
      assert.deepEqual([res.status, res.json.errors], [403, [{ location: 'url', name: 'permission', description: 'Forbidden' }]], what);
    for (const [who, auth, token] of refusals) {
      refused(await api(t.app, 'POST', docsUrl(plan, '', token), { auth, body }), `POST by ${who}`);
      refused(await api(t.app, 'PUT', docsUrl(plan, `/${d.id}`, token), { auth, body }), `PUT by ${who}`);
      refused(await api(t.app, 'PATCH', docsUrl(plan, `/${d.id}`, token), { auth, body: { data: { title: 'x.pdf' } } }), `PATCH by ${who}`);
      refused(await deleteDoc(plan, String(d.id), { auth, token }), `DELETE by ${who}`);
    }
  });

  test('model: documentOf is free, item → relatedItem among the plan items, lot never; no confidentiality; no author', async () => {
    const plan = await createPlan();
    const itemId = String(((plan.data.items as Json[])[0] as Json).id);
    assert.equal((await postDoc(plan, doc({ documentOf: 'anything' }))).documentOf, 'anything');
    assert.equal((await postDoc(plan, doc({ documentOf: 'item', relatedItem: itemId }))).relatedItem, itemId);

    const post = (data: Json) => api(t.app, 'POST', docsUrl(plan), { body: { data } });
    expectError(await post(doc({ documentOf: 'item' })), 422, 'body', 'relatedItem', ['This field is required.']);
    expectError(await post(doc({ documentOf: 'item', relatedItem: 'a'.repeat(32) })), 422, 'body', 'relatedItem', ['relatedItem should be one of items']);
    expectError(await post(doc({ documentOf: 'lot' })), 422, 'body', 'relatedItem', ['This field is required.']);
    expectError(await post(doc({ documentOf: 'lot', relatedItem: itemId })), 422, 'body', 'relatedItem', ['relatedItem should be one of lots']);
    expectError(await post(doc({ confidentiality: 'public' })), 422, 'body', 'confidentiality', 'Rogue field');
    expectError(await post(doc({ author: 'tender_owner' })), 422, 'body', 'author', 'Rogue field');
    expectError(await post({ title: 'x.pdf', format: 'application/pdf' }), 422, 'body', 'url', ['This field is required.']);

    // PATCH re-checks the relation against the plan's items too.
    const d = await postDoc(plan);
    const patch = await api(t.app, 'PATCH', docsUrl(plan, `/${d.id}`), { body: { data: { documentOf: 'item', relatedItem: 'b'.repeat(32) } } });
    expectError(patch, 422, 'body', 'relatedItem', ['relatedItem should be one of items']);
  });

  for (const [status, finish] of [
    ['complete', { status: 'complete' }],
    ['cancelled', { cancellation: { reason: 'Причина', status: 'active' } }],
  ] as const) {
    test(`a ${status} plan: POST/PUT/PATCH → 422 status, DELETE → 403`, async () => {
      const plan = await createPlan();
      const d = await postDoc(plan);
      const finished = await api(t.app, 'PATCH', `/api/2.5/plans/${plan.id}?acc_token=${plan.token}`, { body: { data: finish } });
      expectStatus(finished, 200);
      assert.equal((finished.json.data as Json).status, status);
      const message = `Can't update plan in '${status}' status`;
      expectError(await api(t.app, 'POST', docsUrl(plan), { body: { data: doc() } }), 422, 'body', 'status', message);
      expectError(await api(t.app, 'PUT', docsUrl(plan, `/${d.id}`), { body: { data: doc() } }), 422, 'body', 'status', message);
      expectError(await api(t.app, 'PATCH', docsUrl(plan, `/${d.id}`), { body: { data: { title: 'x.pdf' } } }), 422, 'body', 'status', message);
      expectError(await deleteDoc(plan, String(d.id)), 403, 'body', 'data', `Can't delete document when plan in current (${status}) status`);
      // Reading stays open.
      expectStatus(await api(t.app, 'GET', docsUrl(plan, `/${d.id}`, null), { auth: null }), 200);
    });
  }

  test('DELETE: only in draft, every version, answers the latest; needs the JSON content type and the owner', async () => {
    const scheduled = await createPlan();
    const s = await postDoc(scheduled);
    expectError(await deleteDoc(scheduled, String(s.id)), 403, 'body', 'data', "Can't delete document when plan in current (scheduled) status");

    const draft = await createPlan({ status: 'draft' });
    const d = await postDoc(draft);
    expectStatus(await api(t.app, 'PUT', docsUrl(draft, `/${d.id}`), { body: { data: { title: 'v2.pdf', format: 'application/pdf', ...SIGNED_URLS.awardCriteria2 } } }), 200);
    const kept = await postDoc(draft, doc({ title: 'kept.pdf' }));

    const noJson = await deleteDoc(draft, String(d.id), { json: false });
    expectError(noJson, 415, 'header', 'Content-Type', "Content-Type header should be one of ['application/json']");
    expectError(await deleteDoc(draft, String(d.id), { auth: 'broker1' }), 403, 'url', 'permission', 'Forbidden');
    expectError(await deleteDoc(draft, String(d.id), { auth: 'administrator', token: null }), 403, 'url', 'permission', 'Forbidden');
    expectError(await deleteDoc(draft, 'c'.repeat(32)), 404, 'url', 'document_id', 'Not Found');

    await setClock(t.app, T1);
    const deleted = await deleteDoc(draft, String(d.id));
    expectStatus(deleted, 200);
    assert.equal((deleted.json.data as Json).title, 'v2.pdf');
    assert.match(String((deleted.json.data as Json).url), SIGNED_DS_URL(CRITERIA2_KEY));
    expectError(await api(t.app, 'GET', docsUrl(draft, `/${d.id}`, null), { auth: null }), 404, 'url', 'document_id', 'Not Found');
    const all = await api(t.app, 'GET', `/api/2.5/plans/${draft.id}/documents?all=1`, { auth: null });
    assert.deepEqual((all.json.data as Json[]).map((x) => x.id), [kept.id]);
    assert.equal((await getPlan(draft)).dateModified, T1);

    // The last document gone: the plan has no documents list at all.
    expectStatus(await deleteDoc(draft, String(kept.id)), 200);
    assert.equal('documents' in (await getPlan(draft)), false);
  });
});
