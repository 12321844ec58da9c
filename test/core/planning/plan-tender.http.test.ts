// Tenders and plans at the HTTP level (plans.md §3.8, §3.9, §4, §5.2): POST /plans/{id}/tenders
// with every check in the reference's order and the one-transaction link; the tender side
// (GET/POST /tenders/{id}/plans, `plans` on POST /tenders, the donor check on create and on a
// funders PATCH); the centralized procurement flow; and a reporting plan followed from plan to
// completed tender. The recorded tutorial bodies (create-plan.http, tender-from-plan*.http) and
// the recordings' standards data. Both backends; every refused write is shown to change nothing.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, test } from 'node:test';
import { describeApp, type SuiteApp } from '../../helpers/app.ts';
import { api, expectError, expectStatus, setClock, type ApiResponse, type Json } from '../../helpers/api.ts';
import { tenderBody, tenderData, tenderItem, withOverrides } from '../../helpers/recorded-tender.ts';
import { REFERENCE_DS_KEY, SIGNED_URLS } from '../../helpers/reference-ds.ts';
import { DELIVERED_ITEM, REPORTING_ENTITY, REPORTING_SUPPLIER, reportingBody } from '../../helpers/limited-tender.ts';
import { updateStoredPlan } from '../../helpers/stored-plan.ts';
import { planBody } from '../../helpers/plan-body.ts';
import { updateStoredTender } from '../../helpers/stored-tender.ts';
import { raceOnSameRevision } from '../../helpers/race.ts';
import { readHttpExchange } from '../../conformance/http-file.ts';
import { conformanceDir } from '../../conformance/replay.ts';
import { openConfig, openTenderData } from '../../procedures/open/builders.ts';
import { publishTender } from '../../procedures/below-threshold/builders.ts';
import { buildRegistry, PROCEDURES } from '../../../src/procedures/registry.ts';
import { belowThreshold } from '../../../src/procedures/below-threshold/index.ts';

const STANDARDS_DIR = process.env.STANDARDS_DIR ?? '/work/shared/data';
const CONFORMANCE_DIR = conformanceDir();
const SKIP: string | false =
  CONFORMANCE_DIR === undefined || !existsSync(join(CONFORMANCE_DIR, 'planning', 'tender-from-plan.http'))
    ? 'no recorded planning exchanges (shared/conformance/planning)'
    : !existsSync(join(STANDARDS_DIR, 'codelists', 'plans', 'funder_program.json'))
      ? `no standards data in ${STANDARDS_DIR}`
      : false;
const OPTIONS = { skip: SKIP, env: { STANDARDS_DIR }, trustedDsKeys: [REFERENCE_DS_KEY] };

const T0 = '2027-01-01T00:00:00+02:00';
const T1 = '2027-01-01T00:00:21+02:00';
const HEX32 = /^[0-9a-f]{32}$/;
const NO_PLAN = '0'.repeat(32);

const recordedBody = (file: string): { data: Json; config?: Json } => structuredClone(readHttpExchange(join(CONFORMANCE_DIR!, 'planning', file)).request.json) as { data: Json; config?: Json };
const recordedError = (file: string): Json => (readHttpExchange(join(CONFORMANCE_DIR!, 'planning', file)).response.json as { errors: Json[] }).errors[0]!;

/** The tutorial's plan (create-plan.http), scheduled, with top-level overrides (`undefined` removes). */
function planData(overrides: Json = {}): Json {
  const { status: _draft, ...data } = recordedBody('create-plan.http').data;
  return withOverrides(data, overrides);
}
/** The tutorial's belowThreshold tender for that plan (tender-from-plan.http), `data` overrides. */
function tenderFromPlanBody(overrides: Json = {}): { data: Json; config: Json } {
  const body = recordedBody('tender-from-plan.http');
  return { data: withOverrides(body.data, overrides), config: body.config! };
}
const PROGRAM = { id: 'usaid', scheme: 'funder_program', name: 'Програма США (USAID)', name_en: 'USAID' };
const withProgram = (): Json => ({ ...(planData().budget as Json), project: PROGRAM });
/** The recorded funders: USAID (the donor of the programme) and the Global Fund (another donor). */
const recordedFunder = (file: string): Json => (SKIP ? {} : (recordedBody(file).data.funders as Json[])[0]!);
const USAID_FUNDER = recordedFunder('tender-from-plan-funder-program.http');
const OTHER_FUNDER = recordedFunder('tender-from-plan-funder-program-mismatch.http');

/** The customer's broker creates the plans (accreditation 3); another broker, never holding a plan token, creates tenders from them (1). */
const PLAN_BROKER = 'broker3';
const TENDER_BROKER = 'broker1';

const ADDRESS = { countryName: 'Україна', postalCode: '01220', region: 'м. Київ', locality: 'м. Київ', streetAddress: 'вул. Банкова, 11, корпус 1' };
const CONTACT = { name: 'Державне управління справами', telephone: '+0440000000' };

interface CreatedPlan {
  id: string;
  token: string;
  data: Json;
}
interface CreatedTender {
  id: string;
  token: string;
  data: Json;
}

function planTenderApi(t: SuiteApp) {
  const createPlan = async (overrides: Json = {}, auth = PLAN_BROKER): Promise<CreatedPlan> => {
    const res = await api(t.app, 'POST', '/api/2.5/plans', { auth, body: { data: planData(overrides) } });
    expectStatus(res, 201);
    return { id: String((res.json.data as Json).id), token: String((res.json.access as Json).token), data: res.json.data as Json };
  };
  const getPlan = async (id: string): Promise<Json> => {
    const res = await api(t.app, 'GET', `/api/2.5/plans/${id}`, { auth: null });
    expectStatus(res, 200);
    return res.json.data as Json;
  };
  const getTender = async (id: string): Promise<Json> => {
    const res = await api(t.app, 'GET', `/api/2.5/tenders/${id}`, { auth: null });
    expectStatus(res, 200);
    return res.json.data as Json;
  };
  const fromPlan = (planId: string, body: unknown, auth: string | null = TENDER_BROKER): Promise<ApiResponse> =>
    api(t.app, 'POST', `/api/2.5/plans/${planId}/tenders`, { auth, body });
  const createTender = async (body: unknown, auth = 'broker'): Promise<CreatedTender> => {
    const res = await api(t.app, 'POST', '/api/2.5/tenders', { auth, body });
    expectStatus(res, 201);
    return { id: String((res.json.data as Json).id), token: String((res.json.access as Json).token), data: res.json.data as Json };
  };
  const link = (tender: CreatedTender, planId: string, opts: { auth?: string | null; token?: string | null; data?: unknown } = {}): Promise<ApiResponse> =>
    api(t.app, 'POST', `/api/2.5/tenders/${tender.id}/plans${opts.token === null ? '' : `?acc_token=${opts.token ?? tender.token}`}`, {
      auth: opts.auth,
      body: { data: opts.data ?? { id: planId } },
    });
  /** What readers see of the given plans and tenders, as text. */
  const snapshot = async (planIds: readonly string[], tenderIds: readonly string[] = []): Promise<string> => {
    const parts = [(await api(t.app, 'GET', '/api/2.5/plans?mode=_all_&opt_fields=status', { auth: null })).body];
    for (const id of planIds) parts.push((await api(t.app, 'GET', `/api/2.5/plans/${id}`, { auth: null })).body);
    for (const id of tenderIds) parts.push((await api(t.app, 'GET', `/api/2.5/tenders/${id}`, { auth: null })).body);
    return parts.join('\n');
  };
  return { createPlan, getPlan, getTender, fromPlan, createTender, link, snapshot };
}

describeApp('POST /plans/{id}/tenders', OPTIONS, (t) => {
  beforeEach(() => setClock(t.app, T0));
  const h = planTenderApi(t);

  /** A refused tender-from-plan: the expected error; the plan and the feed unchanged. */
  const refused = async (planId: string, body: unknown, status: number, location: string, name: string, description: unknown, auth?: string | null): Promise<void> => {
    const before = await h.snapshot([planId]);
    expectError(await h.fromPlan(planId, body, auth), status, location, name, description);
    assert.equal(await h.snapshot([planId]), before);
  };

  test('plan 404 → content type 415 → ACL 403 → pre-validation of the procuring entity (422)', async () => {
    const plan = await h.createPlan();
    expectError(await h.fromPlan(NO_PLAN, { rogue: 1 }, null), 404, 'url', 'plan_id', 'Not Found');
    const text = await api(t.app, 'POST', `/api/2.5/plans/${plan.id}/tenders`, { auth: null, body: 'x', headers: { 'content-type': 'text/plain' } });
    expectError(text, 415, 'header', 'Content-Type', "Content-Type header should be one of ['application/json']");
    await refused(plan.id, tenderFromPlanBody(), 403, 'url', 'permission', 'Forbidden', null);
    await refused(plan.id, tenderFromPlanBody(), 403, 'url', 'permission', 'Forbidden', 'inspector');
    await refused(plan.id, { data: [] }, 422, 'body', 'data', 'Data not available');
    await refused(plan.id, tenderFromPlanBody({ procuringEntity: undefined }), 422, 'body', 'procuringEntity', ['This field is required.']);
    await refused(plan.id, tenderFromPlanBody({ procuringEntity: { kind: 'general' } }), 422, 'body', 'procuringEntity', {
      name: ['This field is required.'],
      identifier: ['This field is required.'],
    });
    // Pre-validation comes before the plan status: a draft plan still answers it.
    const draft = await h.createPlan({ status: 'draft' });
    await refused(draft.id, tenderFromPlanBody({ procuringEntity: undefined }), 422, 'body', 'procuringEntity', ['This field is required.']);
  });

  test('plan status: only scheduled; a plan with a tender_id; then the first-stage type (403)', async () => {
    const draft = await h.createPlan({ status: 'draft' });
    await refused(draft.id, tenderFromPlanBody({ procurementMethodType: 'nonsense' }), 422, 'body', 'status', "Can't create tender in 'draft' plan status");
    const complete = await h.createPlan({ status: 'complete' });
    await refused(complete.id, tenderFromPlanBody(), 422, 'body', 'status', "Can't create tender in 'complete' plan status");
    const cancelled = await h.createPlan({ cancellation: { reason: 'r', status: 'active' } });
    await refused(cancelled.id, tenderFromPlanBody(), 422, 'body', 'status', "Can't create tender in 'cancelled' plan status");

    // A scheduled plan that somehow has a tender (a storage edit the API cannot make).
    const taken = await h.createPlan();
    await updateStoredPlan(t, taken.id, (plan) => {
      plan.tender_id = 'a'.repeat(32);
    });
    await refused(taken.id, tenderFromPlanBody({ procurementMethodType: 'nonsense' }), 422, 'body', 'tender_id', 'This plan has already got a tender');

    const plan = await h.createPlan();
    const firstStage = (await h.fromPlan(plan.id, tenderFromPlanBody({ procurementMethodType: 'closeFrameworkAgreementSelectionUA' }))).json;
    const [error] = firstStage.errors as Json[];
    assert.equal(error!.name, 'procurementMethodType');
    assert.equal(error!.location, 'body');
    const listed = /^Should be one of the first stage values: \{(.*)\}$/.exec(String(error!.description));
    assert.ok(listed, String(error!.description));
    assert.deepEqual(listed[1]!.split(', ').sort(), [
      'aboveThreshold', 'aboveThresholdEU', 'aboveThresholdUA', 'aboveThresholdUA.defense', 'belowThreshold', 'closeFrameworkAgreementUA', 'competitiveDialogueEU',
      'competitiveDialogueUA', 'competitiveOrdering', 'esco', 'negotiation', 'negotiation.quick', 'priceQuotation', 'reporting', 'requestForProposal', 'simple.defense',
    ].map((x) => `'${x}'`).sort());
    await refused(plan.id, tenderFromPlanBody({ procurementMethodType: 'closeFrameworkAgreementSelectionUA' }), 403, 'body', 'procurementMethodType', error!.description);
    // An omitted type is not defaulted here.
    await refused(plan.id, tenderFromPlanBody({ procurementMethodType: undefined }), 403, 'body', 'procurementMethodType', error!.description);
  });

  test('procedure type, procuring entity identifier, CPV class/group, breakdown, donors: in this order', async () => {
    const plan = await h.createPlan();
    // recorded: tender-from-plan-validation.http (an aboveThresholdEU body)
    const euBody = recordedBody('tender-from-plan-validation.http');
    const eu = recordedError('tender-from-plan-validation.http');
    await refused(plan.id, euBody, 422, 'body', String(eu.name), eu.description);
    // The type is compared before the identifier.
    await refused(plan.id, tenderFromPlanBody({ procurementMethodType: 'aboveThresholdUA', procuringEntity: tenderData().procuringEntity }), 422, 'body', 'procurementMethodType',
      "procurementMethodType doesn't match: belowThreshold != aboveThresholdUA");

    const otherEntity = { ...(tenderFromPlanBody().data.procuringEntity as Json), identifier: { scheme: 'UA-EDR', id: '00037256' } };
    const foreignItems = [tenderItem({ classification: { scheme: 'ДК021', id: '03221000-6', description: 'Овочі' } })];
    await refused(plan.id, tenderFromPlanBody({ procuringEntity: otherEntity, items: foreignItems }), 422, 'body', 'procuringEntity',
      "procuringEntity.identifier doesn't match: UA-EDR 111983 != UA-EDR 00037256");
    const mixed = [...(tenderFromPlanBody().data.items as Json[]), ...foreignItems];
    await refused(plan.id, tenderFromPlanBody({ items: mixed }), 422, 'body', 'items', ['CPV class of items (0311, 0322) should be identical to plan CPV class (0311)']);

    // priceQuotation may come from a belowThreshold plan: it passes the type check and meets the CPV check.
    await refused(plan.id, tenderFromPlanBody({ procurementMethodType: 'priceQuotation', items: foreignItems }), 422, 'body', 'items',
      ['CPV class of items (0322) should be identical to plan CPV class (0311)']);

    // A plan in the 336 group compares 3 digits.
    const pharma = await h.createPlan({
      classification: { scheme: 'ДК021', id: '33600000-6', description: 'Фармацевтична продукція' },
      items: [{ ...(planData().items as Json[])[0]!, classification: { scheme: 'ДК021', id: '33610000-9', description: 'Ліки' } }],
    });
    const drugs = (id: string) => tenderItem({ classification: { scheme: 'ДК021', id, description: 'Ліки' } });
    await refused(pharma.id, tenderFromPlanBody({ items: [drugs('33610000-9'), drugs('33711000-7')] }), 422, 'body', 'items',
      ['CPV group of items (336, 337) should be identical to plan CPV group (336)']);

    // recorded: tender-from-plan-breakdown.http (the breakdown removed in storage)
    await updateStoredPlan(t, plan.id, (p) => {
      delete (p.budget as Json).breakdown;
    });
    const breakdown = recordedError('tender-from-plan-breakdown.http');
    await refused(plan.id, tenderFromPlanBody({ funders: [OTHER_FUNDER] }), 422, 'body', String(breakdown.name), breakdown.description);

    // recorded: tender-from-plan-funder-program-{missing,mismatch}.http
    const funded = await h.createPlan({ budget: withProgram() });
    const missing = recordedError('tender-from-plan-funder-program-missing.http');
    await refused(funded.id, recordedBody('tender-from-plan-funder-program-missing.http'), 422, 'body', String(missing.name), missing.description);
    const mismatch = recordedError('tender-from-plan-funder-program-mismatch.http');
    await refused(funded.id, recordedBody('tender-from-plan-funder-program-mismatch.http'), 422, 'body', String(mismatch.name), mismatch.description);
    await refused(funded.id, tenderFromPlanBody({ funders: [USAID_FUNDER, OTHER_FUNDER] }), 422, 'body', 'funders',
      "Tender funder XM-DAC 47045 does not match any linked plan's program donor");
    const created = await h.fromPlan(funded.id, recordedBody('tender-from-plan-funder-program.http'));
    expectStatus(created, 201);
    assert.deepEqual((created.json.data as Json).plans, [{ id: funded.id }]);
  });

  test('201: the tender as POST /tenders makes it, with plans; the plan complete with tender_id; one request time', async () => {
    const plan = await h.createPlan();
    await setClock(t.app, T1);
    // Any broker may do it (no plan token); plans sent in the body are replaced.
    const res = await h.fromPlan(plan.id, tenderFromPlanBody({ plans: [{ id: NO_PLAN }] }));
    expectStatus(res, 201);
    const tender = res.json.data as Json;
    const access = res.json.access as Json;
    assert.equal(res.headers.location, `http://localhost:80/api/2.5/tenders/${tender.id}`);
    assert.match(String(access.token), HEX32);
    assert.match(String(access.transfer), HEX32);
    assert.notEqual(access.token, plan.token);
    assert.ok(res.json.config, 'the creation response carries the config');
    assert.deepEqual(tender.plans, [{ id: plan.id }]);
    assert.equal(tender.status, 'draft');
    assert.equal(tender.owner, TENDER_BROKER);
    assert.equal(tender.procurementMethodType, 'belowThreshold');
    assert.equal(tender.dateCreated, T1);
    assert.equal(tender.dateModified, T1);
    assert.deepEqual(await h.getTender(String(tender.id)), tender);

    const after = await h.getPlan(plan.id);
    assert.equal(after.status, 'complete');
    assert.equal(after.tender_id, tender.id);
    assert.equal(after.dateModified, T1);
    assert.equal(after.owner, PLAN_BROKER);
    assert.deepEqual((await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/plans`, { auth: null })).json, { data: [{ id: plan.id }] });

    // The tender owner acts with the tender token.
    expectStatus(await api(t.app, 'PATCH', `/api/2.5/tenders/${tender.id}?acc_token=${access.token}`, { auth: TENDER_BROKER, body: { data: { title: 'Насіння 2' } } }), 200);
    // A plan with a tender: the status check answers first.
    await refused(plan.id, tenderFromPlanBody(), 422, 'body', 'status', "Can't create tender in 'complete' plan status");
  });

  test('the tender part fails: its error verbatim, the plan unchanged', async () => {
    const plan = await h.createPlan();
    await refused(plan.id, tenderFromPlanBody({ title: undefined }), 422, 'body', 'title', ['This field is required.']);
    await refused(plan.id, tenderFromPlanBody({ rogue: 1 }), 422, 'body', 'rogue', 'Rogue field');
    // Tender creation's own accreditation: a broker who may not create tenders.
    const denied = await h.fromPlan(plan.id, tenderFromPlanBody(), 'broker2');
    expectStatus(denied, 403);
    assert.equal(((denied.json.errors as Json[])[0]!).name, 'accreditation');
    assert.equal((await h.getPlan(plan.id)).status, 'scheduled');
    // A first-stage type this server does not serve: 404 as POST /tenders answers it.
    const esco = await h.createPlan({ tender: { procurementMethod: 'open', procurementMethodType: 'esco', tenderPeriod: { startDate: '2027-01-08T00:00:00+02:00' } } });
    await refused(esco.id, tenderFromPlanBody({ procurementMethodType: 'esco' }), 404, 'url', 'not_found', 'Not Found');
    // The same plan then gets its tender.
    expectStatus(await h.fromPlan(plan.id, tenderFromPlanBody()), 201);
  });

  test('one transaction: of two racing requests on one plan, the loser (409) leaves no tender behind', async () => {
    const plan = await h.createPlan();
    const store = t.deps.store;
    const insertedTenders: string[] = [];
    const writeAll = store.writeAll.bind(store);
    store.writeAll = (writes) => {
      for (const w of writes) if (w.kind === 'insert' && w.collection === 'tenders') insertedTenders.push(w.id);
      return writeAll(writes);
    };
    let results: ApiResponse[];
    try {
      results = await raceOnSameRevision(store, [() => h.fromPlan(plan.id, tenderFromPlanBody()), () => h.fromPlan(plan.id, tenderFromPlanBody())]);
    } finally {
      store.writeAll = writeAll;
    }
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 409], results.map((r) => r.body.slice(0, 200)).join('\n'));
    const loser = results.find((r) => r.status === 409)!;
    assert.deepEqual(loser.json, { status: 'error', errors: [{ location: 'body', name: 'data', description: 'Conflict while updating document. Please, retry' }] });
    const winner = (results.find((r) => r.status === 201)!.json.data as Json).id;
    assert.equal(insertedTenders.length, 2, 'both requests tried to write their tender');
    const stored = await Promise.all(insertedTenders.map((id) => store.get('tenders', id)));
    assert.deepEqual(stored.filter((x) => x !== null).map((x) => x!.id), [winner]);
    const after = await h.getPlan(plan.id);
    assert.deepEqual([after.status, after.tender_id], ['complete', winner]);
  });

  test('a centralizedProcurement plan of the CPB 01101100 is matched on its buyer; any tender type', async () => {
    const cpb = { ...(planData().procuringEntity as Json), identifier: { scheme: 'UA-EDR', id: '01101100', legalName: 'ЦЗО' }, kind: 'central' };
    const plan = await h.createPlan({ procuringEntity: cpb, tender: { procurementMethod: '', procurementMethodType: 'centralizedProcurement', tenderPeriod: { startDate: '2027-01-08T00:00:00+02:00' } } });
    const asCpb = { ...(tenderFromPlanBody().data.procuringEntity as Json), identifier: { scheme: 'UA-EDR', id: '01101100' } };
    await refused(plan.id, tenderFromPlanBody({ procuringEntity: asCpb }), 422, 'body', 'procuringEntity', "procuringEntity.identifier doesn't match: UA-EDR 111983 != UA-EDR 01101100");
    const res = await h.fromPlan(plan.id, tenderFromPlanBody());
    expectStatus(res, 201);
    assert.equal((await h.getPlan(plan.id)).tender_id, (res.json.data as Json).id);
  });

  test('GET /plans/{id}/tenders: the hand-written 405, after the plan lookup', async () => {
    const plan = await h.createPlan();
    expectError(await api(t.app, 'GET', `/api/2.5/plans/${NO_PLAN}/tenders`, { auth: null }), 404, 'url', 'plan_id', 'Not Found');
    expectError(await api(t.app, 'GET', `/api/2.5/plans/${plan.id}/tenders`, { auth: null }), 405, 'url', 'method', 'Method not allowed');
  });
});

/** A second-stage type served only here (belowThreshold under another name): no second stage is served otherwise. */
const SECOND_STAGE = 'closeFrameworkAgreementSelectionUA';
const WITH_SECOND_STAGE = buildRegistry([...PROCEDURES, { ...belowThreshold, type: SECOND_STAGE }]);

describeApp('tender side: /tenders/{id}/plans and plans on POST /tenders', { ...OPTIONS, procedures: WITH_SECOND_STAGE }, (t) => {
  beforeEach(() => setClock(t.app, T0));
  const h = planTenderApi(t);

  /** The plan's procuring entity acting as a central purchasing body in a belowThreshold tender. */
  const centralEntity = (): Json => ({ ...(tenderFromPlanBody().data.procuringEntity as Json), kind: 'central' });
  const centralTender = (overrides: Json = {}) => h.createTender(tenderFromPlanBody({ procuringEntity: centralEntity(), status: undefined, ...overrides }));

  test('GET /tenders/{id}/plans: anyone; [] without plans; 404 tender_id', async () => {
    const tender = await h.createTender(tenderBody());
    assert.deepEqual((await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/plans`, { auth: null })).json, { data: [] });
    expectError(await api(t.app, 'GET', `/api/2.5/tenders/${NO_PLAN}/plans`, { auth: null }), 404, 'url', 'tender_id', 'Not Found');
  });

  test('POST /tenders with plans: duplicates and more than one for a non-central entity 422; plans neither checked nor changed', async () => {
    const plan = await h.createPlan();
    const before = await h.snapshot([plan.id]);
    expectError(await api(t.app, 'POST', '/api/2.5/tenders', { body: tenderFromPlanBody({ plans: [{ id: plan.id }, { id: plan.id }] }) }), 422, 'body', 'plans',
      ['The list should not contain duplicates']);
    expectError(await api(t.app, 'POST', '/api/2.5/tenders', { body: tenderFromPlanBody({ plans: [{ id: plan.id }, { id: NO_PLAN }] }) }), 422, 'body', 'plans',
      ["Linking more than one plan is allowed only if procuringEntity.kind is 'central'"]);
    assert.equal(await h.snapshot([plan.id]), before);

    const one = await h.createTender(tenderFromPlanBody({ plans: [{ id: plan.id }] }));
    assert.deepEqual(one.data.plans, [{ id: plan.id }]);
    const two = await centralTender({ plans: [{ id: plan.id }, { id: NO_PLAN }] });
    assert.deepEqual(two.data.plans, [{ id: plan.id }, { id: NO_PLAN }]);
    const unchanged = await h.getPlan(plan.id);
    assert.deepEqual([unchanged.status, unchanged.tender_id, unchanged.dateModified], ['scheduled', undefined, T0]);
    // plans is create-only.
    expectError(await api(t.app, 'PATCH', `/api/2.5/tenders/${one.id}?acc_token=${one.token}`, { body: { data: { plans: [{ id: plan.id }] } } }), 422, 'body', 'plans', 'Rogue field');
  });

  test('donor check: on POST /tenders against the referenced plans, on PATCH when the funders change', async () => {
    const funded = await h.createPlan({ budget: withProgram() });
    const before = await h.snapshot([funded.id]);
    expectError(await api(t.app, 'POST', '/api/2.5/tenders', { body: tenderFromPlanBody({ plans: [{ id: funded.id }] }) }), 422, 'body', 'funders',
      "Tender funders must include the plan program donor(s): [('XM-DAC', '47015')]");
    expectError(await api(t.app, 'POST', '/api/2.5/tenders', { body: tenderFromPlanBody({ plans: [{ id: funded.id }], funders: [OTHER_FUNDER] }) }), 422, 'body', 'funders',
      "Tender funder XM-DAC 47045 does not match any linked plan's program donor");
    assert.equal(await h.snapshot([funded.id]), before);
    // The donors of several plans are merged; each must be a funder.
    const ukDev = await h.createPlan({ budget: { ...withProgram(), project: { id: 'uk-dev', scheme: 'funder_program', name: 'Програма Великої Британії (UK Dev)', name_en: 'UK International Development (UK Dev)' } } });
    const central = { ...(tenderFromPlanBody().data.procuringEntity as Json), kind: 'central' };
    expectError(await api(t.app, 'POST', '/api/2.5/tenders', { body: tenderFromPlanBody({ procuringEntity: central, plans: [{ id: funded.id }, { id: ukDev.id }], funders: [USAID_FUNDER] }) }), 422, 'body', 'funders',
      "Tender funders must include the plan program donor(s): [('XM-DAC', '44002')]");
    // A missing plan is no donor.
    expectStatus(await api(t.app, 'POST', '/api/2.5/tenders', { body: tenderFromPlanBody({ plans: [{ id: NO_PLAN }], funders: [OTHER_FUNDER] }) }), 201);

    const tender = await h.createTender(tenderFromPlanBody({ plans: [{ id: funded.id }], funders: [USAID_FUNDER] }));
    const owner = `/api/2.5/tenders/${tender.id}?acc_token=${tender.token}`;
    const tenderBefore = await h.snapshot([funded.id], [tender.id]);
    expectError(await api(t.app, 'PATCH', owner, { body: { data: { funders: [OTHER_FUNDER] } } }), 422, 'body', 'funders',
      "Tender funder XM-DAC 47045 does not match any linked plan's program donor");
    expectError(await api(t.app, 'PATCH', owner, { body: { data: { funders: [] } } }), 422, 'body', 'funders',
      "Tender funders must include the plan program donor(s): [('XM-DAC', '47015')]");
    assert.equal(await h.snapshot([funded.id], [tender.id]), tenderBefore);
    expectStatus(await api(t.app, 'PATCH', owner, { body: { data: { title: 'Інша назва' } } }), 200);
    // After the plan's programme changes, an unchanged funders list is not checked again.
    await updateStoredPlan(t, funded.id, (p) => {
      ((p.budget as Json).project as Json).id = 'uk-dev';
    });
    expectStatus(await api(t.app, 'PATCH', owner, { body: { data: { title: 'Ще інша назва' } } }), 200);
  });

  test('POST /tenders/{id}/plans: tender 404 → 415 → ACL → tender owner (no Administrator) → body → plan 404', async () => {
    const plan = await h.createPlan();
    const tender = await centralTender();
    const before = await h.snapshot([plan.id], [tender.id]);
    expectError(await api(t.app, 'POST', `/api/2.5/tenders/${NO_PLAN}/plans`, { auth: null, body: { data: { id: plan.id } } }), 404, 'url', 'tender_id', 'Not Found');
    const text = await api(t.app, 'POST', `/api/2.5/tenders/${tender.id}/plans?acc_token=${tender.token}`, { auth: null, body: 'x', headers: { 'content-type': 'text/plain' } });
    expectError(text, 415, 'header', 'Content-Type', "Content-Type header should be one of ['application/json']");
    expectError(await h.link(tender, plan.id, { auth: null }), 403, 'url', 'permission', 'Forbidden');
    expectError(await h.link(tender, plan.id, { auth: 'inspector' }), 403, 'url', 'permission', 'Forbidden');
    expectError(await h.link(tender, plan.id, { token: null }), 403, 'url', 'permission', 'Forbidden');
    expectError(await h.link(tender, plan.id, { token: plan.token }), 403, 'url', 'permission', 'Forbidden');
    expectError(await h.link(tender, plan.id, { auth: TENDER_BROKER }), 403, 'url', 'permission', 'Forbidden');
    expectError(await h.link(tender, plan.id, { auth: 'administrator' }), 403, 'url', 'permission', 'Forbidden');
    expectError(await h.link(tender, plan.id, { auth: 'administrator', token: null }), 403, 'url', 'permission', 'Forbidden');
    expectError(await h.link(tender, plan.id, { data: {} }), 422, 'body', 'id', ['This field is required.']);
    expectError(await h.link(tender, plan.id, { data: { id: plan.id, status: 'x' } }), 422, 'body', 'status', 'Rogue field');
    expectError(await h.link(tender, NO_PLAN), 404, 'url', 'plan_id', 'Not Found');
    assert.equal(await h.snapshot([plan.id], [tender.id]), before);
  });

  test('POST /tenders/{id}/plans: central only → draft only → plan status → tender_id → breakdown → first stage → identifier → CPV → donor', async () => {
    const refusedLink = async (tender: CreatedTender, planId: string, status: number, name: string, description: unknown): Promise<void> => {
      const before = await h.snapshot([planId], [tender.id]);
      expectError(await h.link(tender, planId), status, 'body', name, description);
      assert.equal(await h.snapshot([planId], [tender.id]), before);
    };
    const complete = await h.createPlan({ status: 'complete' });
    const general = await h.createTender(tenderFromPlanBody({ status: undefined }));
    await refusedLink(general, complete.id, 403, 'data', "Only allowed for procurementEntity.kind = 'central'");

    const buyer = { id: 'c'.repeat(32), name: 'Buyer', identifier: { scheme: 'UA-EDR', id: '00037257' }, address: ADDRESS };
    const published = await h.createTender(tenderBody({
      procuringEntity: centralEntity(),
      buyers: [buyer],
      items: (tenderFromPlanBody().data.items as Json[]).map((i) => ({ ...i, relatedBuyer: buyer.id })),
    }));
    await publishTender(t.app, published);
    await refusedLink(published, complete.id, 403, 'data', 'Only allowed in draft tender status');

    const tender = await centralTender();
    await refusedLink(tender, complete.id, 422, 'status', "Can't update plan in 'complete' status");
    const cancelled = await h.createPlan({ cancellation: { reason: 'r', status: 'active' } });
    await refusedLink(tender, cancelled.id, 422, 'status', "Can't update plan in 'cancelled' status");

    const taken = await h.createPlan();
    await updateStoredPlan(t, taken.id, (p) => {
      p.tender_id = 'a'.repeat(32);
      delete (p.budget as Json).breakdown;
    });
    await refusedLink(tender, taken.id, 422, 'tender_id', 'This plan has already got a tender');
    const noBreakdown = await h.createPlan();
    await updateStoredPlan(t, noBreakdown.id, (p) => {
      delete (p.budget as Json).breakdown;
    });
    await refusedLink(tender, noBreakdown.id, 422, 'budget.breakdown', 'Plan should contain budget breakdown');

    // A tender of a second-stage type (a storage edit of a draft).
    const secondStage = await centralTender();
    await updateStoredTender(t, secondStage.id, (x) => {
      (x as unknown as Json).procurementMethodType = SECOND_STAGE;
    });
    await refusedLink(secondStage, noBreakdown.id, 422, 'budget.breakdown', 'Plan should contain budget breakdown');
    const plan = await h.createPlan();
    const res = await h.link(secondStage, plan.id);
    expectStatus(res, 403);
    assert.deepEqual([(res.json.errors as Json[])[0]!.name, (res.json.errors as Json[])[0]!.location], ['procurementMethodType', 'body']);
    assert.match(String((res.json.errors as Json[])[0]!.description), /^Should be one of the first stage values: \{'/);

    // The identifier before the CPV, the CPV before the donors.
    const otherEntity = await h.createTender(tenderFromPlanBody({ status: undefined, items: [tenderItem()], procuringEntity: { ...centralEntity(), identifier: { scheme: 'UA-EDR', id: '00037256' } } }));
    await refusedLink(otherEntity, plan.id, 422, 'procuringEntity', "procuringEntity.identifier doesn't match: UA-EDR 111983 != UA-EDR 00037256");
    const otherItems = await centralTender({ items: [tenderItem()] });
    const funded = await h.createPlan({ budget: withProgram() });
    await refusedLink(otherItems, funded.id, 422, 'items', ['CPV class of items (4461) should be identical to plan CPV class (0311)']);
    await refusedLink(tender, funded.id, 422, 'funders', "Tender funders must include the plan program donor(s): [('XM-DAC', '47015')]");
    const withOtherFunder = await centralTender({ funders: [OTHER_FUNDER] });
    await refusedLink(withOtherFunder, funded.id, 422, 'funders', "Tender funder XM-DAC 47045 does not match any linked plan's program donor");
    const withDonor = await centralTender({ funders: [USAID_FUNDER] });
    expectStatus(await h.link(withDonor, funded.id), 200);
  });

  test('POST /tenders/{id}/plans: 200 with the list; the plan (draft too) complete; both dateModified move; no type match', async () => {
    const tender = await centralTender();
    const first = await h.createPlan({ status: 'draft', tender: { procurementMethod: 'open', procurementMethodType: 'aboveThresholdUA', tenderPeriod: { startDate: '2027-01-08T00:00:00+02:00' } } });
    const second = await h.createPlan();
    await setClock(t.app, T1);
    const linked = await h.link(tender, first.id);
    expectStatus(linked, 200);
    assert.equal(linked.headers.location, undefined);
    assert.deepEqual(linked.json, { data: [{ id: first.id }] });
    const plan = await h.getPlan(first.id);
    assert.deepEqual([plan.status, plan.tender_id, plan.dateModified], ['complete', tender.id, T1]);
    assert.equal((await h.getTender(tender.id)).dateModified, T1);

    expectStatus(await h.link(tender, second.id), 200);
    assert.deepEqual((await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/plans`, { auth: null })).json, { data: [{ id: first.id }, { id: second.id }] });
    assert.deepEqual((await h.getTender(tender.id)).plans, [{ id: first.id }, { id: second.id }]);

    // A re-posted plan whose completion was undone in storage: the tender's list refuses duplicates.
    await updateStoredPlan(t, first.id, (p) => {
      p.status = 'scheduled';
      delete p.tender_id;
    });
    expectError(await h.link(tender, first.id), 422, 'body', 'plans', ['The list should not contain duplicates']);
  });
});

describeApp('centralized procurement (plans.md §4, §5.2)', OPTIONS, (t) => {
  beforeEach(() => setClock(t.app, T0));
  const h = planTenderApi(t);

  const CPB = { name: 'ЦЗО', identifier: { scheme: 'UA-EDR', id: '111111', legalName: 'ЦЗО' }, address: ADDRESS, kind: 'central' };
  const customer = (id: string, name: string): Json => ({ name, identifier: { scheme: 'UA-EDR', id, legalName: name }, address: ADDRESS, kind: 'general' });
  const CARTONS = { scheme: 'ДК021', id: '44617100-9', description: 'Cartons' };

  test('customers plan for the CPB; the CPB creates an aboveThresholdUA draft with buyers and links the plans one at a time', async () => {
    const planFor = (buyer: Json) =>
      h.createPlan({
        status: 'draft',
        procuringEntity: CPB,
        buyers: [buyer],
        tender: { procurementMethod: '', procurementMethodType: 'centralizedProcurement', tenderPeriod: { startDate: '2027-01-20T00:00:00+02:00' } },
        classification: CARTONS,
        items: [{ description: 'Футляри', classification: CARTONS, unit: { code: 'KGM', name: 'кг' }, quantity: 5 }],
      });
    const planA = await planFor(customer('111983', 'ДУС'));
    const planB = await planFor(customer('222983', 'Інший замовник'));
    await setClock(t.app, '2027-01-01T00:00:01+02:00');
    for (const plan of [planA, planB]) {
      const res = await api(t.app, 'PATCH', `/api/2.5/plans/${plan.id}?acc_token=${plan.token}`, { auth: PLAN_BROKER, body: { data: { status: 'scheduled' } } });
      expectStatus(res, 200);
    }
    // A centralizedProcurement plan cannot be completed by hand.
    const manual = await api(t.app, 'PATCH', `/api/2.5/plans/${planA.id}?acc_token=${planA.token}`, { auth: PLAN_BROKER, body: { data: { status: 'complete' } } });
    expectError(manual, 422, 'body', 'status', ["Can't complete plan with 'centralizedProcurement' tender.procurementMethodType"]);

    await setClock(t.app, '2027-01-01T00:00:15+02:00');
    const buyers = [{ id: 'a'.repeat(32), ...customer('111983', 'ДУС') }, { id: 'b'.repeat(32), ...customer('222983', 'Інший замовник') }];
    const [delivered] = openTenderData('aboveThresholdUA', 0).items as Json[];
    const items = buyers.map((buyer, i) => ({ ...delivered!, id: String(i + 1).repeat(32), relatedBuyer: buyer.id }));
    const res = await api(t.app, 'POST', '/api/2.5/tenders', {
      auth: 'broker',
      body: { data: openTenderData('aboveThresholdUA', 0, { procuringEntity: { ...CPB, contactPoint: CONTACT }, buyers, items }), config: openConfig('aboveThresholdUA') },
    });
    expectStatus(res, 201);
    const tender: CreatedTender = { id: String((res.json.data as Json).id), token: String((res.json.access as Json).token), data: res.json.data as Json };
    assert.equal(tender.data.status, 'draft');
    assert.equal(tender.data.plans, undefined);

    await setClock(t.app, T1);
    // The customer's broker cannot link: the tender's owner does, with the tender token.
    expectError(await h.link(tender, planA.id, { auth: PLAN_BROKER, token: planA.token }), 403, 'url', 'permission', 'Forbidden');
    const first = await h.link(tender, planA.id);
    expectStatus(first, 200);
    assert.deepEqual(first.json, { data: [{ id: planA.id }] });
    await setClock(t.app, '2027-01-01T00:00:30+02:00');
    const second = await h.link(tender, planB.id);
    expectStatus(second, 200);
    assert.deepEqual(second.json, { data: [{ id: planA.id }, { id: planB.id }] });

    const a = await h.getPlan(planA.id);
    const b = await h.getPlan(planB.id);
    assert.deepEqual([a.status, a.tender_id, a.dateModified], ['complete', tender.id, T1]);
    assert.deepEqual([b.status, b.tender_id, b.dateModified], ['complete', tender.id, '2027-01-01T00:00:30+02:00']);
    const linked = await h.getTender(tender.id);
    assert.deepEqual(linked.plans, [{ id: planA.id }, { id: planB.id }]);
    assert.equal(linked.dateModified, '2027-01-01T00:00:30+02:00');
    assert.deepEqual((linked.buyers as Json[]).map((x) => (x.identifier as Json).id), ['111983', '222983']);
    // Linked plans are done: a third link of one of them is refused on its status.
    expectError(await h.link(tender, planA.id), 422, 'body', 'status', "Can't update plan in 'complete' status");
  });
});

// Self-contained (the helpers' plan body, the recordings' standards data when present): it runs wherever the suite does.
const E2E_OPTIONS = { env: (existsSync(join(STANDARDS_DIR, 'classifiers')) ? { STANDARDS_DIR } : {}) as Record<string, string>, trustedDsKeys: [REFERENCE_DS_KEY] };

describeApp('plan → tender from plan → tender complete → plan complete', E2E_OPTIONS, (t) => {
  beforeEach(() => setClock(t.app, T0));
  const getPlan = async (id: string): Promise<Json> => {
    const res = await api(t.app, 'GET', `/api/2.5/plans/${id}`, { auth: null });
    expectStatus(res, 200);
    return res.json.data as Json;
  };
  const h = {
    createPlan: async (overrides: Json): Promise<CreatedPlan> => {
      const res = await api(t.app, 'POST', '/api/2.5/plans', { auth: PLAN_BROKER, body: { data: planBody(overrides) } });
      expectStatus(res, 201);
      return { id: String((res.json.data as Json).id), token: String((res.json.access as Json).token), data: res.json.data as Json };
    },
    fromPlan: (planId: string, body: unknown, auth: string): Promise<ApiResponse> => api(t.app, 'POST', `/api/2.5/plans/${planId}/tenders`, { auth, body }),
    getPlan,
    getTender: async (id: string): Promise<Json> => {
      const res = await api(t.app, 'GET', `/api/2.5/tenders/${id}`, { auth: null });
      expectStatus(res, 200);
      return res.json.data as Json;
    },
  };

  const ENTITY = REPORTING_ENTITY;
  const SUPPLIER = REPORTING_SUPPLIER;

  test('a reporting plan: the tender from it runs to complete; the plan is complete with its tender_id', async () => {
    const plan = await h.createPlan({
      procuringEntity: ENTITY,
      buyers: [ENTITY],
      tender: { procurementMethod: 'limited', procurementMethodType: 'reporting', tenderPeriod: { startDate: '2027-01-08T00:00:00+02:00' } },
      classification: { scheme: 'ДК021', id: '55520000-1', description: 'Кейтерингові послуги' },
      items: [{ description: DELIVERED_ITEM.description, classification: DELIVERED_ITEM.classification, unit: DELIVERED_ITEM.unit, quantity: 1 }],
    });
    assert.equal(plan.data.status, 'scheduled');

    await setClock(t.app, T1);
    const created = await h.fromPlan(plan.id, reportingBody(), 'broker');
    expectStatus(created, 201);
    const tender = { id: String((created.json.data as Json).id), token: String((created.json.access as Json).token) };
    assert.deepEqual((created.json.data as Json).plans, [{ id: plan.id }]);
    const url = (suffix = '') => `/api/2.5/tenders/${tender.id}${suffix}?acc_token=${tender.token}`;
    const planAtLink = await h.getPlan(plan.id);
    assert.deepEqual([planAtLink.status, planAtLink.tender_id, planAtLink.dateModified], ['complete', tender.id, T1]);

    await setClock(t.app, '2027-01-02T10:00:00+02:00');
    expectStatus(await api(t.app, 'PATCH', url(), { body: { data: { status: 'active' } } }), 200);
    const award = await api(t.app, 'POST', url('/awards'), { body: { data: { suppliers: [SUPPLIER], value: { amount: 475000 } } } });
    expectStatus(award, 201);
    const awardId = String((award.json.data as Json).id);
    expectStatus(await api(t.app, 'POST', url(`/awards/${awardId}/documents`), { body: { data: { title: 'award.pdf', format: 'application/pdf', ...SIGNED_URLS.notice } } }), 201);
    expectStatus(await api(t.app, 'PATCH', url(`/awards/${awardId}`), { body: { data: { status: 'active', qualified: true } } }), 200);
    const [contract] = (await h.getTender(tender.id)).contracts as Json[];
    const signed = await api(t.app, 'PATCH', `/api/2.5/contracts/${contract!.id}?acc_token=${tender.token}`, {
      body: { data: { status: 'active', contractNumber: 'N-1', period: { startDate: '2027-01-02T10:00:00+02:00', endDate: '2027-12-31T00:00:00+02:00' } } },
    });
    expectStatus(signed, 200);
    const done = await h.getTender(tender.id);
    assert.equal(done.status, 'complete');
    assert.deepEqual(done.plans, [{ id: plan.id }]);

    const finalPlan = await h.getPlan(plan.id);
    assert.equal(finalPlan.status, 'complete');
    assert.equal(finalPlan.tender_id, tender.id);
    assert.deepEqual(finalPlan, planAtLink, 'the tender running its course does not touch the plan');
  });
});
