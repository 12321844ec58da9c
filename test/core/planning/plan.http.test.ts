// Plans at the HTTP level (plans.md §1–§3.5, §3.10): POST /plans (shape, ACL, accreditation, model
// and state rules, the status on create), GET by id, the /plans feed, PATCH (owner, no-change
// writes nothing, the status machine, terminal statuses, rationale dates), the rationale history
// and the raw revisions. The recorded tutorial body (create-plan.http) and the standards data the
// recordings' server had, so classifier checks run. Both backends; every refused write is shown to
// change nothing.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, test } from 'node:test';
import { describeApp, type SuiteApp } from '../../helpers/app.ts';
import { api, expectError, expectStatus, setClock, type ApiResponse, type Json } from '../../helpers/api.ts';
import { withOverrides } from '../../helpers/recorded-tender.ts';
import { compareResponse } from '../../conformance/compare.ts';
import { readHttpExchange } from '../../conformance/http-file.ts';
import { IdMap } from '../../conformance/id-map.ts';
import { conformanceDir } from '../../conformance/replay.ts';

const STANDARDS_DIR = process.env.STANDARDS_DIR ?? '/work/shared/data';
const CONFORMANCE_DIR = conformanceDir();
const SKIP: string | false =
  CONFORMANCE_DIR === undefined || !existsSync(join(CONFORMANCE_DIR, 'planning', 'create-plan.http'))
    ? 'no recorded planning exchanges (shared/conformance/planning)'
    : !existsSync(join(STANDARDS_DIR, 'classifiers', 'dk021_uk.json'))
      ? `no standards data in ${STANDARDS_DIR}`
      : false;
const OPTIONS = { skip: SKIP, env: { STANDARDS_DIR } };

const T0 = '2027-01-01T00:00:00+02:00';
const T1 = '2027-01-02T01:00:33+02:00';
const T2 = '2027-01-03T10:00:00+02:00';
const HEX32 = /^[0-9a-f]{32}$/;
const PERMISSION = { location: 'url', name: 'permission', description: 'Forbidden' };

const recorded = (file: string) => readHttpExchange(join(CONFORMANCE_DIR!, 'planning', file));

/** The tutorial's plan body (create-plan.http) without its `status: "draft"`, with top-level overrides (`undefined` removes). */
function planData(overrides: Json = {}): Json {
  const { status: _draft, ...data } = structuredClone((recorded('create-plan.http').request.json as { data: Json }).data);
  return withOverrides(data, overrides);
}
const budget = (overrides: Json = {}): Json => withOverrides(planData().budget as Json, overrides);
const breakdownOf = (entry: Json): Json => budget({ breakdown: [{ title: 'other', description: 'd', value: { amount: 1500, currency: 'UAH' }, ...entry }] });
const tenderOf = (procurementMethod: string, procurementMethodType: string): Json => ({ procurementMethod, procurementMethodType, tenderPeriod: { startDate: '2027-01-08T00:00:00+02:00' } });
const entityOf = (overrides: Json): Json => ({ ...(planData().procuringEntity as Json), ...overrides });

/** An existing ТПКВКМБ code and a КАТОТТГ detail (patch-plan-budget-breakdown-classifications-local.http). */
const TPKVKMB = { scheme: 'ТПКВКМБ', id: '2170', description: 'Будівництво закладів охорони здоров’я' };
const KPK = { scheme: 'КПК-2023', id: '3505000', description: 'Державна аудиторська служба України' };
const KATOTTG = { scheme: 'КАТОТТГ', id: 'UA01020030010043419', description: 'Ароматне' };

interface CreatedPlan {
  id: string;
  token: string;
  data: Json;
}

const planUrl = (plan: { id: string }, token?: string | null): string => `/api/2.5/plans/${plan.id}${token ? `?acc_token=${token}` : ''}`;

function planApi(t: SuiteApp) {
  const post = (data: Json, auth?: string | null): Promise<ApiResponse> => api(t.app, 'POST', '/api/2.5/plans', { auth, body: { data } });
  const create = async (overrides: Json = {}, auth?: string): Promise<CreatedPlan> => {
    const res = await post(planData(overrides), auth);
    expectStatus(res, 201);
    return { id: String((res.json.data as Json).id), token: String((res.json.access as Json).token), data: res.json.data as Json };
  };
  const get = async (plan: { id: string }): Promise<Json> => {
    const res = await api(t.app, 'GET', planUrl(plan), { auth: null });
    expectStatus(res, 200);
    return res.json.data as Json;
  };
  const patch = (plan: CreatedPlan, data: Json, opts: { auth?: string | null; token?: string | null } = {}): Promise<ApiResponse> =>
    api(t.app, 'PATCH', planUrl(plan, opts.token === undefined ? plan.token : opts.token), { auth: opts.auth, body: { data } });
  const patchOk = async (plan: CreatedPlan, data: Json): Promise<Json> => {
    const res = await patch(plan, data);
    expectStatus(res, 200);
    return res.json.data as Json;
  };
  /** Everything a reader sees of the plans: the feed of every mode (with statuses) and, given, the plan itself. */
  const snapshot = async (plan?: { id: string }): Promise<string> => {
    const feed = (await api(t.app, 'GET', '/api/2.5/plans?mode=_all_&opt_fields=status,planID', { auth: null })).body;
    return plan ? `${(await api(t.app, 'GET', planUrl(plan), { auth: null })).body}\n${feed}` : feed;
  };
  const revisions = async (plan: { id: string }): Promise<Json[]> => {
    const res = await api(t.app, 'GET', `/api/2.5/plans/${plan.id}/revisions`, { auth: 'administrator' });
    expectStatus(res, 200);
    return (res.json.data as { revisions: Json[] }).revisions;
  };
  return { post, create, get, patch, patchOk, snapshot, revisions };
}

describeApp('POST /plans', OPTIONS, (t) => {
  beforeEach(() => setClock(t.app, T0));
  const plans = planApi(t);

  /** A refused create: the expected error, and nothing stored (the feed of every mode is unchanged). */
  const refused = async (data: Json, status: number, location: string, name: string, description: unknown, auth?: string | null): Promise<void> => {
    const before = await plans.snapshot();
    expectError(await plans.post(data, auth), status, location, name, description);
    assert.equal(await plans.snapshot(), before);
  };

  test('the recorded tutorial plan: 201, Location, access, the recorded shape (create-plan.http)', async () => {
    const ex = recorded('create-plan.http');
    const res = await api(t.app, 'POST', ex.request.path, { body: ex.request.json, headers: { host: ex.request.headers.host! } });
    const result = compareResponse(ex.response, { status: res.status, headers: res.headers, bodyText: res.body, json: res.json }, new IdMap());
    assert.ok(result.statusOk && result.shapeOk, result.problems.join('; '));
    const data = res.json.data as Json;
    assert.equal(res.headers.location, `http://lb-api-sandbox.prozorro.gov.ua/api/2.5/plans/${data.id}`);
    assert.equal(data.status, 'draft');
    assert.equal(data.owner, 'broker');
    assert.equal((data.rationale as Json).date, T0);
  });

  test('201: generated ids, planID per Kyiv day, dates, default status scheduled, no tokens in data', async () => {
    const res = await plans.post({ ...planData(), id: 'f'.repeat(32) });
    expectStatus(res, 201);
    const data = res.json.data as Json;
    const access = res.json.access as Json;
    assert.deepEqual(Object.keys(access).sort(), ['token', 'transfer']);
    assert.match(String(access.token), HEX32);
    assert.match(String(access.transfer), HEX32);
    assert.notEqual(access.token, access.transfer);
    assert.match(String(data.id), HEX32);
    assert.notEqual(data.id, 'f'.repeat(32), 'an id in the body is ignored');
    assert.equal(res.headers.location, `http://localhost:80/api/2.5/plans/${data.id}`);
    assert.match(String(data.planID), /^UA-P-2027-01-01-\d{6}-a$/);
    assert.equal(data.status, 'scheduled');
    assert.equal(data.owner, 'broker');
    for (const key of ['dateCreated', 'dateModified', 'datePublished']) assert.equal(data[key], T0, key);
    assert.match(String((data.procuringEntity as Json).id), HEX32);
    assert.match(String((data.buyers as Json[])[0]!.id), HEX32);
    for (const item of data.items as Json[]) assert.match(String(item.id), HEX32);
    assert.match(String(((data.budget as Json).breakdown as Json[])[0]!.id), HEX32);
    assert.equal((data.budget as { period: Json }).period.startDate, '2027-01-01T00:00:00+02:00', 'naive dates get the Kyiv offset');
    for (const hidden of ['owner_token', 'transfer_token', 'revisions', '_rev', 'doc_type', 'public_modified', 'milestones', 'cancellation', 'tender_id']) {
      assert.equal(hidden in data, false, hidden);
    }
    assert.deepEqual(await plans.get({ id: String(data.id) }), data, 'GET serves what POST answered');

    // The per-day sequence goes on; a new Kyiv day starts from 1 (22:00 UTC is already the next day in Kyiv).
    const next = await plans.create();
    assert.equal(Number(String(next.data.planID).slice(16, 22)), Number(String(data.planID).slice(16, 22)) + 1);
    await setClock(t.app, '2027-01-01T22:00:00Z');
    assert.equal((await plans.create()).data.planID, 'UA-P-2027-01-02-000001-a');
  });

  test('planID numbers: taken once the model passed, so later refusals burn them; model errors do not', async () => {
    const number = (plan: CreatedPlan) => Number(String(plan.data.planID).slice(16, 22));
    const first = await plans.create();
    expectStatus(await plans.post({ ...planData(), rogue: 1 }), 422);
    expectStatus(await plans.post(planData({ budget: budget({ year: 2027 }) })), 422);
    expectStatus(await plans.post(planData(), 'broker2'), 403); // accreditation: burns
    expectStatus(await plans.post(planData(), 'brokert'), 403); // test-only broker: burns
    expectStatus(await plans.post(planData({ procuringEntity: entityOf({ kind: 'other' }), tender: tenderOf('open', 'aboveThresholdUA') })), 403); // kind: burns
    expectStatus(await plans.post(planData({ budget: breakdownOf({ title: 'state' }) })), 422); // a state rule: burns
    assert.equal(number(await plans.create()), number(first) + 5);
  });

  test('content type 415 before the ACL; anonymous and non-broker callers 403 before the body', async () => {
    const before = await plans.snapshot();
    const text = await api(t.app, 'POST', '/api/2.5/plans', { auth: null, body: 'data=1', headers: { 'content-type': 'text/plain' } });
    expectError(text, 415, 'header', 'Content-Type', "Content-Type header should be one of ['application/json']");
    expectError(await plans.post({ rogue: true }, null), 403, 'url', 'permission', 'Forbidden');
    for (const auth of ['inspector', 'bot', 'reviewer']) expectError(await plans.post(planData(), auth), 403, 'url', 'permission', 'Forbidden');
    assert.equal(await plans.snapshot(), before);
  });

  test('accreditation: levels 1, 3 or 5 (after the model); a test-only broker only with mode test', async () => {
    for (const auth of ['broker2', 'broker4', 'broker6', 'broker0']) {
      await refused(planData(), 403, 'url', 'accreditation', 'Broker Accreditation level does not permit plan creation', auth);
    }
    // The model is read first: a rogue field is 422 even for a broker who may not create plans.
    expectError(await plans.post({ ...planData(), rogue: 1 }, 'broker2'), 422, 'body', 'rogue', 'Rogue field');
    for (const auth of ['broker1', 'broker3', 'broker5', 'broker13']) assert.equal((await plans.create({}, auth)).data.owner, auth);
    await refused(planData(), 403, 'url', 'mode', 'Broker Accreditation level does not permit plan creation', 'brokert');
    assert.equal((await plans.create({ mode: 'test' }, 'brokert')).data.mode, 'test');
  });

  test('Rogue field: unknown keys and server fields', async () => {
    for (const key of ['doc_id', 'planID', 'owner', 'dateModified', 'milestones', 'rogue']) {
      await refused({ ...planData(), [key]: key === 'milestones' ? [] : 'x' }, 422, 'body', key, 'Rogue field');
    }
    await refused({ ...planData(), procuringEntity: entityOf({ contactPoint: { name: 'x' } }) }, 422, 'body', 'procuringEntity', { contactPoint: 'Rogue field' });
  });

  test('Data not available; required fields; one buyer exactly', async () => {
    const before = await plans.snapshot();
    expectError(await api(t.app, 'POST', '/api/2.5/plans', { body: { data: [] } }), 422, 'body', 'data', 'Data not available');
    assert.equal(await plans.snapshot(), before);
    await refused(planData({ budget: undefined }), 422, 'body', 'budget', ['This field is required.']);
    await refused(planData({ buyers: [] }), 422, 'body', 'buyers', ['Please provide at least 1 item.']);
    const buyer = (planData().buyers as Json[])[0]!;
    await refused(planData({ buyers: [buyer, buyer] }), 422, 'body', 'buyers', ['Please provide no more than 1 item.']);
    await refused(planData({ tender: { procurementMethod: 'open', procurementMethodType: 'belowThreshold' } }), 422, 'body', 'tender', { tenderPeriod: ['This field is required.'] });
  });

  test('budget rules: year forbidden, breakdown required, period years, breakdown sum, currencies', async () => {
    await refused(planData({ budget: budget({ year: 2027 }) }), 422, 'body', 'budget', { year: ["Can't use year field, use period field instead"] });
    await refused(planData({ budget: budget({ breakdown: undefined }) }), 422, 'body', 'budget', ['Breakdown field is required.']);
    await refused(planData({ budget: budget({ breakdown: [] }) }), 422, 'body', 'budget', ['Breakdown field is required.']);
    const years = (start: string, end: string) => budget({ period: { startDate: `${start}-01-01T00:00:00`, endDate: `${end}-12-31T00:00:00` } });
    await refused(planData({ budget: years('2027', '2028') }), 422, 'body', 'budget', ['Period startDate and endDate must be within one year for belowThreshold.']);
    const framework = tenderOf('open', 'closeFrameworkAgreementUA');
    await refused(planData({ tender: framework, budget: years('2027', '2032') }), 422, 'body', 'budget', ['Period startDate and endDate must be within 5 budget years for closeFrameworkAgreementUA.']);
    expectStatus(await plans.post(planData({ tender: framework, budget: years('2027', '2031') })), 201);

    const parts = (amount: number, ...amounts: number[]) =>
      budget({ amount, breakdown: amounts.map((a) => ({ title: 'own', value: { amount: a, currency: 'UAH' } })) });
    await refused(planData({ budget: parts(10000, 6000, 4000.01) }), 422, 'body', 'budget', ["Sum of the breakdown values amounts can't be greater than budget amount"]);
    expectStatus(await plans.post(planData({ budget: parts(0.3, 0.1, 0.2) })), 201); // decimal, not float, arithmetic
    expectStatus(await plans.post(planData({ tender: tenderOf('open', 'esco'), budget: parts(10, 6000, 4000) })), 201); // esco: no sum rule

    await refused(planData({ budget: breakdownOf({ value: { amount: 1, currency: 'USD' } }) }), 422, 'body', 'budget', {
      breakdown: ['Currency should be identical for all budget breakdown values and budget'],
    });
    await refused(planData({ budget: breakdownOf({ title: 'other', description: undefined }) }), 422, 'body', 'budget', { breakdown: [{ description: ['This field is required.'] }] });
  });

  test('classifications: ДК021 only, codes from ДК021, checked root schemes; КПКВ forbidden', async () => {
    const classification = planData().classification as Json;
    await refused(planData({ classification: { ...classification, id: '03111000-3' } }), 422, 'body', 'classification', { id: ['Value must be one of ДК021 codes'] });
    await refused(planData({ classification: { ...classification, scheme: 'CPV' } }), 422, 'body', 'classification', { scheme: ["Value must be one of ['ДК021']."] });
    const items = planData().items as Json[];
    await refused(planData({ items: [{ ...items[0]!, classification: { ...classification, id: '03111000-3' } }] }), 422, 'body', 'items', [
      { classification: { id: ['Value must be one of ДК021 codes'] } },
    ]);
    await refused(planData({ additionalClassifications: [{ scheme: 'КЕКВ', id: '0000', description: 'x' }] }), 422, 'body', 'additionalClassifications', [
      { id: ['КЕКВ id not found in standards'] },
    ]);
    await refused(planData({ additionalClassifications: [{ scheme: 'КПКВ', id: '1001010', description: 'Керівництво' }] }), 422, 'body', 'additionalClassifications',
      'Forbidden to add КПКВ. Should be added in budget.breakdown.classification.');
  });

  test('breakdown classifications: КПК for state, ТПКВКМБ with a КАТОТТГ address for local and crimea', async () => {
    await refused(planData({ budget: breakdownOf({ title: 'state' }) }), 422, 'body', 'budget.breakdown.classification', 'КПК is required for state budget.');
    await refused(planData({ budget: breakdownOf({ title: 'state', classification: TPKVKMB }) }), 422, 'body', 'budget.breakdown.classification', 'КПК is required for state budget.');
    expectStatus(await plans.post(planData({ budget: breakdownOf({ title: 'state', classification: KPK }) })), 201);
    await refused(planData({ budget: breakdownOf({ title: 'state', classification: { ...KPK, id: '0000000' } }) }), 422, 'body', 'budget', {
      breakdown: [{ classification: { id: ['КПК-2023 id not found in standards'] } }],
    });

    for (const title of ['local', 'crimea']) {
      await refused(planData({ budget: breakdownOf({ title, classification: KPK }) }), 422, 'body', 'budget.breakdown.classification', `ТПКВКМБ is required for ${title} budget.`);
      await refused(planData({ budget: breakdownOf({ title, classification: TPKVKMB }) }), 422, 'body', 'budget.breakdown.address', `Address is required for ${title} budget.`);
      await refused(planData({ budget: breakdownOf({ title, classification: TPKVKMB, address: { countryName: 'Україна' } }) }), 422, 'body', 'budget.breakdown.address.addressDetails',
        `КАТОТТГ is required for ${title} budget.`);
      expectStatus(await plans.post(planData({ budget: breakdownOf({ title, classification: TPKVKMB, address: { countryName: 'Україна', addressDetails: [KATOTTG] } }) })), 201);
    }
    // The first offending entry wins.
    await refused(planData({ budget: budget({ breakdown: [{ title: 'own', value: { amount: 1, currency: 'UAH' } }, { title: 'local', value: { amount: 1, currency: 'UAH' } }, { title: 'state', value: { amount: 1, currency: 'UAH' } }] }) }),
      422, 'body', 'budget.breakdown.classification', 'ТПКВКМБ is required for local budget.');
  });

  test('budget project: funder_program and plan_of_ukraine entries and their names', async () => {
    const project = (p: Json) => budget({ project: p });
    const usaid = { id: 'usaid', scheme: 'funder_program', name: 'Програма США (USAID)', name_en: 'USAID' };
    expectStatus(await plans.post(planData({ budget: project(usaid) })), 201);
    await refused(planData({ budget: project({ ...usaid, id: 'no-such-program' }) }), 422, 'body', 'budget', { project: { id: ['funder_program id not found in standards'] } });
    await refused(planData({ budget: project({ ...usaid, scheme: undefined }) }), 422, 'body', 'budget', { project: { id: ['scheme is required for a known budget project id'] } });
    await refused(planData({ budget: project({ ...usaid, name: 'USAID', name_en: undefined }) }), 422, 'body', 'budget', {
      project: { name: ['Value should be from funder_program dictionary for usaid'], name_en: ['Value should be from funder_program dictionary for usaid'] },
    });
    await refused(planData({ budget: project({ id: 'no-such-id', scheme: 'plan_of_ukraine', name: 'x', name_en: 'x' }) }), 422, 'body', 'budget', {
      project: { id: ['plan_of_ukraine id not found in standards'] },
    });
    // recorded: patch-plan-budget-project-name-invalid.http
    const invalid = (recorded('patch-plan-budget-project-name-invalid.http').request.json as { data: Json }).data;
    await refused(planData({ budget: invalid.budget }), 422, 'body', 'budget', (recorded('patch-plan-budget-project-name-invalid.http').response.json as { errors: Json[] }).errors[0]!.description);
    const valid = (recorded('patch-plan-breakdown.http').request.json as { data: Json }).data;
    expectStatus(await plans.post(planData({ budget: valid.budget })), 201);
    expectStatus(await plans.post(planData({ budget: project({ id: 'free-form', name: 'anything' }) })), 201);
  });

  test('kind ↔ procedure: 403 and nothing stored; aboveThresholdUA.defense is not available', async () => {
    await refused(planData({ procuringEntity: entityOf({ kind: 'other' }), tender: tenderOf('open', 'aboveThresholdUA') }), 403, 'body', 'kind',
      'procuringEntity with other kind cannot publish this type of procedure. Procurement method types allowed for this kind: belowThreshold, reporting, priceQuotation, requestForProposal, esco.');
    await refused(planData({ tender: tenderOf('open', 'simple.defense') }), 403, 'body', 'kind',
      'procuringEntity with general kind cannot publish this type of procedure. Procurement method types allowed for this kind: centralizedProcurement, belowThreshold, aboveThreshold, aboveThresholdUA, aboveThresholdEU, competitiveDialogueUA, competitiveDialogueEU, esco, closeFrameworkAgreementUA, requestForProposal, priceQuotation, competitiveOrdering, reporting, negotiation, negotiation.quick.');
    expectStatus(await plans.post(planData({ procuringEntity: entityOf({ kind: 'defense' }), tender: tenderOf('open', 'simple.defense') })), 201);
    for (const kind of ['defense', 'general']) {
      await refused(planData({ procuringEntity: entityOf({ kind }), tender: tenderOf('open', 'aboveThresholdUA.defense') }), 403, 'body', 'data',
        'procedure with procurementMethodType = aboveThresholdUA.defense is not available');
    }
    await refused(planData({ tender: tenderOf('limited', 'belowThreshold') }), 422, 'body', 'tender', {
      procurementMethodType: ["Value must be one of ('reporting', 'negotiation', 'negotiation.quick')."],
    });
    await refused(planData({ tender: tenderOf('', '') }), 422, 'body', 'tender', { procurementMethodType: ["Value must be one of ('centralizedProcurement',)."] });
    await refused(planData({ procuringEntity: entityOf({ kind: undefined }) }), 422, 'body', 'procuringEntity', { kind: ['This field is required.'] });
  });

  test('status on create: draft, complete by hand or by tender_id, cancelled only with an active cancellation', async () => {
    const draft = await plans.create({ status: 'draft' });
    assert.equal(draft.data.status, 'draft');
    assert.equal(draft.data.datePublished, T0, 'datePublished is set for drafts too');
    assert.equal((await plans.create({ status: null })).data.status, 'scheduled');
    assert.equal((await plans.create({ status: 'complete' })).data.status, 'complete');
    assert.equal((await plans.create({ status: 'complete', tender: tenderOf('limited', 'reporting') })).data.status, 'complete');
    await refused(planData({ status: 'complete', tender: tenderOf('open', 'aboveThresholdUA') }), 422, 'body', 'status', ["Can't complete plan with 'aboveThresholdUA' tender.procurementMethodType"]);
    await refused(planData({ status: 'cancelled' }), 422, 'body', 'status', ['An active cancellation object is required']);
    await refused(planData({ status: 'archived' }), 422, 'body', 'status', ["Value must be one of ['draft', 'scheduled', 'cancelled', 'complete']."]);

    const withTender = await plans.create({ tender_id: 'a'.repeat(32) });
    assert.equal(withTender.data.status, 'complete');
    assert.equal(withTender.data.tender_id, 'a'.repeat(32));

    const cancelled = await plans.create({ cancellation: { reason: 'Причина', status: 'active', id: 'c'.repeat(32), date: '2020-01-01T00:00:00+02:00' } });
    assert.equal(cancelled.data.status, 'cancelled');
    const cancellation = cancelled.data.cancellation as Json;
    assert.match(String(cancellation.id), HEX32);
    assert.notEqual(cancellation.id, 'c'.repeat(32));
    assert.equal(cancellation.date, T0);
    const pending = await plans.create({ cancellation: { reason: 'Причина' } });
    assert.equal(pending.data.status, 'scheduled');
    assert.equal((pending.data.cancellation as Json).status, 'pending');
  });
});

describeApp('GET /plans/{id} and the /plans feed', OPTIONS, (t) => {
  beforeEach(() => setClock(t.app, T0));
  const plans = planApi(t);

  interface Page {
    data: Json[];
    next_page: { offset: string; path: string; uri: string };
    prev_page?: { offset: string; path: string; uri: string };
  }
  const feed = async (query = ''): Promise<Page> => {
    const res = await api(t.app, 'GET', `/api/2.5/plans${query}`, { auth: null, headers: { host: 'api.example' } });
    expectStatus(res, 200);
    return res.json as unknown as Page;
  };

  test('an empty feed; unknown plan 404 plan_id', async () => {
    assert.deepEqual(await feed(), { data: [], next_page: { offset: '', path: '/api/2.5/plans', uri: 'http://api.example/api/2.5/plans' } });
    expectError(await api(t.app, 'GET', `/api/2.5/plans/${'0'.repeat(32)}`, { auth: null }), 404, 'url', 'plan_id', 'Not Found');
    expectError(await api(t.app, 'GET', '/api/2.5/plans/not-an-id', { auth: null }), 404, 'url', 'plan_id', 'Not Found');
  });

  test('drafts are readable by id but not listed until scheduled; test plans only with mode=test; opt_fields; paging', async () => {
    const draft = await plans.create({ status: 'draft' });
    assert.equal((await plans.get(draft)).status, 'draft');
    assert.deepEqual((await feed()).data, []);
    assert.deepEqual((await feed('?mode=_all_')).data, []);

    const first = await plans.create();
    const testPlan = await plans.create({ mode: 'test' });
    assert.deepEqual((await feed()).data, [{ id: first.id, dateModified: T0 }]);
    assert.deepEqual((await feed('?mode=test')).data.map((p) => p.id), [testPlan.id]);
    assert.deepEqual((await feed('?mode=_all_')).data.map((p) => p.id), [first.id, testPlan.id]);

    await setClock(t.app, T1);
    expectStatus(await plans.patch(draft, { status: 'scheduled' }), 200);
    const listed = await feed('?opt_fields=status,planID,dateCreated,procuringEntity,title');
    assert.deepEqual(listed.data, [
      { id: first.id, dateModified: T0, status: 'scheduled', planID: first.data.planID, dateCreated: T0, procuringEntity: first.data.procuringEntity },
      { id: draft.id, dateModified: T1, status: 'scheduled', planID: draft.data.planID, dateCreated: T0, procuringEntity: draft.data.procuringEntity },
    ]);
    assert.equal(listed.next_page.path, `/api/2.5/plans?opt_fields=dateCreated%2CplanID%2CprocuringEntity%2Cstatus&offset=${listed.next_page.offset}`);

    const page1 = await feed('?limit=1');
    assert.deepEqual(page1.data.map((p) => p.id), [first.id]);
    assert.equal('prev_page' in page1, false);
    const page2 = await feed(`?limit=1&offset=${encodeURIComponent(page1.next_page.offset)}`);
    assert.deepEqual(page2.data.map((p) => p.id), [draft.id]);
    const page3 = await feed(`?limit=1&offset=${encodeURIComponent(page2.next_page.offset)}`);
    assert.deepEqual(page3.data, []);
    assert.deepEqual((await feed('?descending=1')).data.map((p) => p.id), [draft.id, first.id]);

    // A write moves the plan to the end of the feed.
    await setClock(t.app, T2);
    expectStatus(await plans.patch(first, { rationale: { description: 'moved' } }), 200);
    assert.deepEqual((await feed()).data, [{ id: draft.id, dateModified: T1 }, { id: first.id, dateModified: T2 }]);
    expectError(await api(t.app, 'GET', '/api/2.5/plans?offset=garbage', { auth: null }), 404, 'querystring', 'offset', 'Invalid offset provided: garbage');
  });

  test('GET /plans/{id}?opt_fields=public_modified adds the feed position', async () => {
    const plan = await plans.create();
    const plain = await api(t.app, 'GET', `/api/2.5/plans/${plan.id}`, { auth: null });
    assert.equal('public_modified' in (plain.json.data as Json), false);
    const withPosition = await api(t.app, 'GET', `/api/2.5/plans/${plan.id}?opt_fields=public_modified`, { auth: null });
    const position = (withPosition.json.data as Json).public_modified;
    assert.equal(typeof position, 'number');
    assert.deepEqual((await feed('?opt_fields=public_modified')).data.find((p) => p.id === plan.id)?.public_modified, position);
  });
});

describeApp('PATCH /plans/{id}', OPTIONS, (t) => {
  beforeEach(() => setClock(t.app, T0));
  const plans = planApi(t);

  /** A refused PATCH: the expected error, and the plan and the feed unchanged. */
  const refused = async (plan: CreatedPlan, data: Json, status: number, location: string, name: string, description: unknown, opts: { auth?: string | null; token?: string | null } = {}): Promise<void> => {
    const before = await plans.snapshot(plan);
    expectError(await plans.patch(plan, data, opts), status, location, name, description);
    assert.equal(await plans.snapshot(plan), before);
  };

  test('owner token required (403 permission); the Administrator needs none; 404 before anything', async () => {
    const plan = await plans.create();
    await setClock(t.app, T1);
    const change = { items: [(planData().items as Json[])[0]!] };
    await refused(plan, change, 403, 'url', 'permission', 'Forbidden', { token: null });
    await refused(plan, change, 403, 'url', 'permission', 'Forbidden', { token: 'f'.repeat(32) });
    await refused(plan, change, 403, 'url', 'permission', 'Forbidden', { auth: 'broker1' });
    await refused(plan, change, 403, 'url', 'permission', 'Forbidden', { auth: null });
    await refused(plan, { rogue: 1 }, 403, 'url', 'permission', 'Forbidden', { token: null });
    expectError(await api(t.app, 'PATCH', `/api/2.5/plans/${'0'.repeat(32)}`, { auth: null, body: { data: {} } }), 404, 'url', 'plan_id', 'Not Found');

    const byAdmin = await plans.patch(plan, change, { auth: 'administrator', token: null });
    expectStatus(byAdmin, 200);
    assert.equal((byAdmin.json.data as { items: Json[] }).items.length, 1);
    assert.equal((byAdmin.json.data as Json).dateModified, T1);
    assert.equal((byAdmin.json.data as Json).owner, 'broker');
  });

  test('model errors: Rogue field, 422 per field; nothing written', async () => {
    const plan = await plans.create();
    for (const key of ['documents', 'planID', 'owner', 'id', 'rogue']) await refused(plan, { [key]: 'x' }, 422, 'body', key, 'Rogue field');
    await refused(plan, { cancellation: { reason: 'r', id: 'a'.repeat(32) } }, 422, 'body', 'cancellation', { id: 'Rogue field' });
    await refused(plan, { budget: budget({ year: 2027 }) }, 422, 'body', 'budget', { year: ["Can't use year field, use period field instead"] });
    await refused(plan, { budget: breakdownOf({ title: 'state' }) }, 422, 'body', 'budget.breakdown.classification', 'КПК is required for state budget.');
    await refused(plan, { status: 'draft' }, 422, 'body', 'status', "Plan status can not be changed back to 'draft'");
    await refused(plan, { procuringEntity: entityOf({ kind: 'other' }), tender: tenderOf('open', 'aboveThresholdUA') }, 403, 'body', 'kind',
      'procuringEntity with other kind cannot publish this type of procedure. Procurement method types allowed for this kind: belowThreshold, reporting, priceQuotation, requestForProposal, esco.');
    await refused(plan, { tender: tenderOf('open', 'aboveThresholdUA.defense') }, 422, 'body', 'tender',
      "Plan tender.procurementMethodType can not be changed from 'belowThreshold' to 'aboveThresholdUA.defense'");
  });

  test('a PATCH that changes nothing writes nothing: dateModified and revisions stay', async () => {
    const plan = await plans.create();
    const revisionsBefore = (await plans.revisions(plan)).length;
    await setClock(t.app, T1);
    const stored = await plans.get(plan);
    for (const data of [{}, { status: 'scheduled' }, { items: stored.items }, { procuringEntity: stored.procuringEntity, budget: stored.budget }, { rationale: stored.rationale }]) {
      const res = await plans.patch(plan, data);
      expectStatus(res, 200);
      assert.deepEqual(res.json.data, stored, JSON.stringify(data));
    }
    assert.equal((await plans.get(plan)).dateModified, T0);
    assert.equal((await plans.revisions(plan)).length, revisionsBefore);

    // Omitted generated ids are new on every PATCH of their field: a real change.
    const items = (stored.items as Json[]).map(({ id: _id, ...item }) => item);
    const changed = await plans.patchOk(plan, { items });
    assert.equal(changed.dateModified, T1);
    assert.notDeepEqual((changed.items as Json[]).map((i) => i.id), (stored.items as Json[]).map((i) => i.id));
    assert.equal((await plans.revisions(plan)).length, revisionsBefore + 1);
  });

  test('status: draft → scheduled, never back to draft; manual completion by procedure type', async () => {
    const draft = await plans.create({ status: 'draft' });
    assert.equal((await plans.patchOk(draft, { status: 'scheduled' })).status, 'scheduled');
    await refused(draft, { status: 'draft' }, 422, 'body', 'status', "Plan status can not be changed back to 'draft'");

    for (const [method, type] of [['open', 'belowThreshold'], ['open', 'requestForProposal'], ['limited', 'reporting']] as const) {
      const plan = await plans.create({ status: 'draft', tender: tenderOf(method, type) });
      assert.equal((await plans.patchOk(plan, { status: 'complete' })).status, 'complete', type);
      await refused(plan, { status: 'draft' }, 403, 'body', 'data', "Can't update status in complete status");
    }
    for (const [method, type] of [['open', 'aboveThresholdUA'], ['', 'centralizedProcurement'], ['limited', 'negotiation']] as const) {
      const plan = await plans.create({ tender: tenderOf(method, type) });
      await refused(plan, { status: 'complete' }, 422, 'body', 'status', [`Can't complete plan with '${type}' tender.procurementMethodType`]);
    }
    // A tender_id completes any plan.
    const above = await plans.create({ tender: tenderOf('open', 'aboveThresholdUA') });
    const completed = await plans.patchOk(above, { tender_id: 'b'.repeat(32) });
    assert.deepEqual([completed.status, completed.tender_id], ['complete', 'b'.repeat(32)]);
    await refused(above, { status: 'cancelled' }, 403, 'body', 'data', "Can't update status in complete status");
  });

  test('cancellation: pending keeps the status; active cancels with a new cancellation id (recorded flow)', async () => {
    const plan = await plans.create();
    await refused(plan, { status: 'cancelled' }, 422, 'body', 'status', ['An active cancellation object is required']);
    await refused(plan, { cancellation: { reason: '' } }, 422, 'body', 'cancellation', { reason: ['String value is too short.'] });

    await setClock(t.app, T1);
    const pendingBody = (recorded('plan-cancellation.http').request.json as { data: Json }).data;
    const pending = await plans.patchOk(plan, pendingBody);
    assert.equal(pending.status, 'scheduled');
    const first = pending.cancellation as Json;
    assert.deepEqual({ ...first, id: 'x' }, { id: 'x', reason: 'Підстава для скасування', reason_en: 'Reason of the cancellation', status: 'pending', date: T1 });
    await refused(plan, { status: 'cancelled' }, 422, 'body', 'status', ['An active cancellation object is required']);

    await setClock(t.app, T2);
    const activeBody = (recorded('plan-cancellation-activation.http').request.json as { data: Json }).data;
    const cancelled = await plans.patchOk(plan, activeBody);
    assert.equal(cancelled.status, 'cancelled');
    const second = cancelled.cancellation as Json;
    assert.match(String(second.id), HEX32);
    assert.notEqual(second.id, first.id);
    assert.deepEqual({ ...second, id: 'x' }, { id: 'x', reason: 'Підстава для скасування', status: 'active', date: T2 });
    assert.equal(cancelled.dateModified, T2);
  });

  test('complete and cancelled: only the rationale may change (403 Can\'t update {key} in {status} status); model errors first', async () => {
    const complete = await plans.create({ status: 'complete' });
    const stored = await plans.get(complete);
    await setClock(t.app, T1);
    await refused(complete, { classification: { scheme: 'ДК021', description: 'Mustard seeds', id: '03111600-8' } }, 403, 'body', 'data', "Can't update classification in complete status");
    await refused(complete, { items: [(planData().items as Json[])[0]!] }, 403, 'body', 'data', "Can't update items in complete status");
    await refused(complete, { tender_id: 'c'.repeat(32) }, 403, 'body', 'data', "Can't update tender_id in complete status");
    const cleared = await plans.patch(complete, { milestones: [] });
    expectStatus(cleared, 200);
    assert.equal((cleared.json.data as Json).dateModified, T0, 'clearing absent milestones is no change');
    // Model validation first (recorded tender-from-plan-readonly.http: a procuring entity without address and kind).
    const { address: _a, kind: _k, ...bare } = stored.procuringEntity as Json;
    await refused(complete, { procuringEntity: bare }, 422, 'body', 'procuringEntity', { address: ['This field is required.'], kind: ['This field is required.'] });
    // Sending what is stored is no change.
    expectStatus(await plans.patch(complete, { classification: stored.classification, status: 'complete' }), 200);

    const rationale = await plans.patchOk(complete, { rationale: { description: 'Змістовне пояснення необхідності закупівлі' } });
    assert.deepEqual(rationale.rationale, { description: 'Змістовне пояснення необхідності закупівлі', date: T1 });
    assert.equal(rationale.dateModified, T1);
    assert.equal(rationale.status, 'complete');

    const cancelled = await plans.create({ cancellation: { reason: 'r', status: 'active' } });
    await refused(cancelled, { budget: budget({ amount: 20000 }) }, 403, 'body', 'data', "Can't update budget in cancelled status");
    await refused(cancelled, { cancellation: { reason: 'r', status: 'pending' } }, 403, 'body', 'data', "Can't update cancellation in cancelled status");
    assert.equal((await plans.patchOk(cancelled, { rationale: { description: 'пояснення' } })).status, 'cancelled');
  });

  test('rationale date: the request time when the description changes, else the stored date; a sent date is ignored', async () => {
    const plan = await plans.create();
    assert.deepEqual(plan.data.rationale, { description: 'Недостатньо змістовне обгрунтування', date: T0 });
    await setClock(t.app, T1);
    const same = await plans.patchOk(plan, { rationale: { description: 'Недостатньо змістовне обгрунтування', date: '2020-01-01T00:00:00+02:00' } });
    assert.deepEqual(same.rationale, { description: 'Недостатньо змістовне обгрунтування', date: T0 });
    assert.equal(same.dateModified, T0, 'only the ignored date differed: nothing written');
    const changed = await plans.patchOk(plan, { rationale: { description: 'Нове', date: '2020-01-01T00:00:00+02:00' } });
    assert.deepEqual(changed.rationale, { description: 'Нове', date: T1 });
    await setClock(t.app, T2);
    const other = await plans.patchOk(plan, { items: [(planData().items as Json[])[0]!] });
    assert.deepEqual(other.rationale, { description: 'Нове', date: T1 }, 'other writes keep the rationale date');
    await refused(plan, { rationale: { description: 'x'.repeat(2049) } }, 422, 'body', 'rationale', { description: ['String value is too long.'] });
  });
});

describeApp('GET /history/plans/{id} and GET /plans/{id}/revisions', OPTIONS, (t) => {
  beforeEach(() => setClock(t.app, T0));
  const plans = planApi(t);

  test('rationale history: oldest first, descending=1 newest first, removed values null; anyone; 404', async () => {
    const plan = await plans.create();
    await setClock(t.app, T1);
    await plans.patchOk(plan, (recorded('complete-plan-rationale.http').request.json as { data: Json }).data);
    await setClock(t.app, T2);
    await plans.patchOk(plan, { items: [(planData().items as Json[])[0]!] }); // not a rationale change

    const history = await api(t.app, 'GET', `/api/2.5/history/plans/${plan.id}`, { auth: null });
    expectStatus(history, 200);
    // recorded: plan-rationale-history.http
    assert.deepEqual(history.json, recorded('plan-rationale-history.http').response.json);
    const descending = await api(t.app, 'GET', `/api/2.5/history/plans/${plan.id}?descending=1&opt_fields=rationale`, { auth: 'broker' });
    assert.deepEqual((descending.json.data as { changes: Json[] }).changes, [...(history.json.data as { changes: Json[] }).changes].reverse());

    await setClock(t.app, '2027-01-04T00:00:00+02:00');
    await plans.patchOk(plan, { rationale: null });
    const changes = ((await api(t.app, 'GET', `/api/2.5/history/plans/${plan.id}`, { auth: null })).json.data as { changes: Json[] }).changes;
    assert.deepEqual(changes.at(-1), { date: '2027-01-04T00:00:00+02:00', data: { rationale: null } });
    assert.equal(changes.length, 3);

    const untouched = await plans.create({ rationale: undefined });
    assert.deepEqual((await api(t.app, 'GET', `/api/2.5/history/plans/${untouched.id}`, { auth: null })).json, { data: { changes: [] } });
    expectError(await api(t.app, 'GET', `/api/2.5/history/plans/${'0'.repeat(32)}`, { auth: null }), 404, 'url', 'plan_id', 'Not Found');
  });

  test('revisions: Administrator only; author, reverse changes, rev, date per saving write', async () => {
    const plan = await plans.create();
    await setClock(t.app, T1);
    await plans.patchOk(plan, { status: 'complete' });
    for (const auth of [null, 'broker', 'inspector']) {
      expectError(await api(t.app, 'GET', `/api/2.5/plans/${plan.id}/revisions`, { auth }), 403, 'url', 'permission', 'Forbidden');
    }
    expectError(await api(t.app, 'GET', `/api/2.5/plans/${'0'.repeat(32)}/revisions`, { auth: 'administrator' }), 404, 'url', 'plan_id', 'Not Found');
    const res = await api(t.app, 'GET', `/api/2.5/plans/${plan.id}/revisions`, { auth: 'administrator' });
    expectStatus(res, 200);
    const data = res.json.data as { id: string; revisions: Json[] };
    assert.equal(data.id, plan.id);
    assert.deepEqual(data.revisions.map((r) => [r.author, r.date]), [['broker', T0], ['broker', T1]]);
    assert.ok(Array.isArray(data.revisions[1]!.changes));
    assert.ok((data.revisions[1]!.changes as Json[]).some((op) => op.path === '/status' && op.value === 'scheduled'), JSON.stringify(data.revisions[1]!.changes));
    assert.equal(typeof data.revisions[1]!.rev, 'string');
  });
});
