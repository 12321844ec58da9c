// Plans in the release feed (issue 16 §1, issue 17): a published plan is a process of its own
// (`planning`, then `planningUpdate`), valid OCDS 1.1; a tender created from it takes the plan into
// its process, so the tender's record carries the planning block.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeApp } from '../../helpers/app.ts';
import { api, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { REFERENCE_DS_KEY } from '../../helpers/reference-ds.ts';
import { START, tenderBody, tenderData } from '../../helpers/recorded-tender.ts';
import { packageValidator } from '../../helpers/ocds-schemas.ts';
import { planBody } from '../../helpers/plan-body.ts';

describeApp('OCDS releases of plans', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  const validateReleases = packageValidator('release');
  const validateRecord = packageValidator('record');
  before(() => setClock(t.app, START));

  async function releasesOf(ocid: string): Promise<Json[]> {
    const res = await api(t.app, 'GET', `/api/2.5/records/${ocid}`, { auth: null });
    expectStatus(res, 200);
    assert.deepEqual(validateRecord(res.json), []);
    return ((res.json.records as Json[])[0]!.releases as Json[]);
  }

  test('a plan is its own process until a tender is made from it; then it joins the tender\'s', async () => {
    const tender = tenderData();
    const pe = tender.procuringEntity as Json;
    const organization = { name: pe.name, identifier: pe.identifier, address: pe.address, kind: 'general' };
    const cpv = ((tender.items as Json[])[0]!.classification as Json);
    const draft = await api(t.app, 'POST', '/api/2.5/plans', {
      body: { data: planBody({ status: 'draft', procuringEntity: organization, buyers: [organization], classification: { ...cpv, scheme: 'ДК021' } }) },
    });
    expectStatus(draft, 201);
    const plan = draft.json.data as Json;
    const token = String((draft.json.access as Json).token);
    const ownOcid = `ocds-be6bcu-${String(plan.planID)}`;
    const none = await api(t.app, 'GET', `/api/2.5/records/${ownOcid}`, { auth: null });
    expectStatus(none, 404);

    expectStatus(await api(t.app, 'PATCH', `/api/2.5/plans/${String(plan.id)}?acc_token=${token}`, { body: { data: { status: 'scheduled' } } }), 200);
    expectStatus(await api(t.app, 'PATCH', `/api/2.5/plans/${String(plan.id)}?acc_token=${token}`, { body: { data: { rationale: { description: 'Потреба' } } } }), 200);
    const own = await releasesOf(ownOcid);
    assert.deepEqual(own.map((r) => r.tag), [['planning'], ['planningUpdate']]);
    const last = own.at(-1)!;
    assert.equal((last.planning as Json).rationale, 'Потреба');
    assert.deepEqual(((last.planning as Json).budget as Json).amount, { amount: 10000, currency: 'UAH' });
    assert.equal((last.tender as Json).status, 'planned');
    assert.deepEqual((last.parties as Json[]).map((p) => p.roles), [['buyer', 'procuringEntity']]);

    const created = await api(t.app, 'POST', `/api/2.5/plans/${String(plan.id)}/tenders`, { body: tenderBody() });
    expectStatus(created, 201);
    const tenderID = String((created.json.data as Json).tenderID);
    const joined = await releasesOf(`ocds-be6bcu-${tenderID}`);
    const planReleases = joined.filter((r) => String(r.id).startsWith(String(plan.id)));
    assert.deepEqual(planReleases.map((r) => r.tag), [['planning']]);
    assert.equal(planReleases[0]!.tender, undefined, 'the tender block is the tender\'s');
    const record = await api(t.app, 'GET', `/api/2.5/records/ocds-be6bcu-${tenderID}`, { auth: null });
    const compiled = (record.json.records as Json[])[0]!.compiledRelease as Json;
    assert.equal((compiled.planning as Json).rationale, 'Потреба');
    assert.equal(compiled.tender, undefined, 'the new tender is a draft: no release of its own yet');

    const feed = await api(t.app, 'GET', '/api/2.5/releases?limit=1000', { auth: null });
    assert.deepEqual(validateReleases(feed.json), []);
    // Later plan writes stay in the tender's process.
    expectStatus(await api(t.app, 'PATCH', `/api/2.5/plans/${String(plan.id)}?acc_token=${token}`, { body: { data: { rationale: { description: 'Інша потреба' } } } }), 200);
    const after = (await releasesOf(`ocds-be6bcu-${tenderID}`)).filter((r) => String(r.id).startsWith(String(plan.id)));
    assert.deepEqual(after.map((r) => r.tag), [['planning'], ['planningUpdate']]);
    assert.equal((await releasesOf(ownOcid)).length, 2);
  });
});
