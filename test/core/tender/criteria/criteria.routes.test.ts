// Tender criteria over HTTP, on both backends (criteria.md §1, §3): bulk creation, uniqueness,
// model rules, the exclusion lock, requirement versioning after publication, eligible evidences,
// bid invalidation, and the status lists of the open family and belowThreshold.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describeApp } from '../../../helpers/app.ts';
import { api, expectError, expectStatus, setClock, type Json } from '../../../helpers/api.ts';
import { REFERENCE_DS_KEY } from '../../../helpers/reference-ds.ts';
import { START } from '../../../helpers/recorded-tender.ts';
import { criterion, languageCriterion } from '../../../helpers/criteria.ts';
import { ownerUrl } from '../../../procedures/below-threshold/builders.ts';
import { createPublishedTender } from '../../../procedures/below-threshold/tendering.ts';
import { createOpenDraft, openBidUrl, publishedOpenTender, submitOpenBid, type OpenTender } from '../../../procedures/open/builders.ts';
import { createNegotiation } from '../../../procedures/negotiation/builders.ts';

const STANDARDS_DIR = process.env.STANDARDS_DIR ?? '/work/shared/data';
const hasStandards = existsSync(`${STANDARDS_DIR}/criteria/article_17.json`);

const OPEN_WRITE = "['draft', 'draft.pending', 'draft.stage2', 'active.tendering']";
const OPEN_DRAFT = "['draft', 'draft.pending', 'draft.stage2']";

describeApp('tender criteria', { trustedDsKeys: [REFERENCE_DS_KEY], env: hasStandards ? { STANDARDS_DIR } : {} }, (t) => {
  before(() => setClock(t.app, START));

  const post = (tender: OpenTender | { id: string; token: string }, data: unknown, suffix = '') => api(t.app, 'POST', ownerUrl(tender, `/criteria${suffix}`), { body: { data } });

  test('bulk POST answers a list; the same classification twice is refused; a requirement reads with its status and publication date', async () => {
    await setClock(t.app, START);
    const tender = await createOpenDraft(t.app, 'aboveThresholdUA');
    const res = await post(tender, [criterion('CRITERION.OTHER.BID.VALIDITY_PERIOD'), languageCriterion()]);
    expectStatus(res, 201);
    assert.equal(res.headers.location, undefined);
    const [validity, language] = res.json.data as unknown as Json[];
    const requirement = ((validity!.requirementGroups as Json[])[0]!.requirements as Json[])[0]!;
    assert.match(String(validity!.id), /^[0-9a-f]{32}$/);
    assert.equal(requirement.status, 'active');
    assert.equal(requirement.datePublished, START);
    assert.equal(language!.source, 'tenderer');
    expectError(await post(tender, criterion('CRITERION.OTHER.BID.VALIDITY_PERIOD')), 403, 'body', 'data', 'Criteria are not unique');
    expectError(await post(tender, [criterion('CRITERION.OTHER.BID.GUARANTEE'), criterion('CRITERION.OTHER.BID.GUARANTEE')]), 403, 'body', 'data', 'Criteria are not unique');
    const listed = await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/criteria`, { auth: null });
    assert.equal((listed.json.data as unknown as Json[]).length, 2);
  });

  test('model rules: relatesTo, relatedItem, legislation, life-cycle cost, value conversion, dataType rules', async () => {
    await setClock(t.app, START);
    const tender = await createOpenDraft(t.app, 'aboveThreshold');
    const { relatesTo: _r, ...noRelation } = criterion('CRITERION.OTHER.BID.VALIDITY_PERIOD');
    expectError(await post(tender, noRelation), 422, 'body', 'relatesTo', ['This field is required.']);
    expectError(await post(tender, criterion('CRITERION.OTHER.BID.VALIDITY_PERIOD', { relatesTo: 'lot', relatedItem: 'f'.repeat(32) })), 422, 'body', 'relatedItem', ['relatedItem should be one of lots']);
    const { legislation: _l, ...noLaw } = criterion('CRITERION.OTHER.BID.VALIDITY_PERIOD');
    expectError(await post(tender, noLaw), 422, 'body', 'legislation', ['This field is required.']);
    expectError(
      await post(tender, criterion('CRITERION.OTHER.LIFE_CYCLE_COST.COST_OF_EXPLOITATION')),
      422, 'body', 'classification', { id: ['CRITERION.OTHER.LIFE_CYCLE_COST.COST_OF_EXPLOITATION is available only with lifeCycleCost awardCriteria'] },
    );
    const integer = criterion('CRITERION.OTHER.BID.VALIDITY_PERIOD');
    ((integer.requirementGroups as Json[])[0]!.requirements as Json[])[0] = { title: 'Строк', dataType: 'integer', minValue: 'багато', unit: { code: 'DAY', name: 'день' } };
    expectError(await post(tender, integer), 422, 'body', 'requirementGroups', [{ requirements: [{ minValue: ["Value 'багато' is not int."] }] }]);
    ((integer.requirementGroups as Json[])[0]!.requirements as Json[])[0] = { title: 'Строк', dataType: 'integer', minValue: '90' };
    expectError(await post(tender, integer), 422, 'body', 'requirements', 'unit is required for dataType integer');
    ((integer.requirementGroups as Json[])[0]!.requirements as Json[])[0] = { title: 'Строк', dataType: 'integer', minValue: '90', unit: { code: 'DAY', name: 'день' } };
    const created = await post(tender, integer);
    expectStatus(created, 201);
    const stored = (((created.json.data as unknown as Json[])[0]!.requirementGroups as Json[])[0]!.requirements as Json[])[0]!;
    assert.equal(stored.minValue, 90, 'stored converted to the dataType');
    if (hasStandards) {
      expectError(await post(tender, criterion('CRITERION.NO.SUCH.THING')), 422, 'body', 'criteria', 'Criteria classification CRITERION.NO.SUCH.THING not from standards');
    }
  });

  test('draft: exclusion criteria and their groups are locked; requirements edit in place; evidences; DELETE only in draft', async () => {
    await setClock(t.app, START);
    const tender = await createOpenDraft(t.app, 'aboveThresholdUA');
    const created = await post(tender, [criterion('CRITERION.EXCLUSION.CONVICTIONS.FRAUD'), criterion('CRITERION.OTHER.BID.VALIDITY_PERIOD')]);
    const [fraud, validity] = created.json.data as unknown as Json[];
    const fraudUrl = `/${String(fraud!.id)}`;
    expectError(await api(t.app, 'PATCH', ownerUrl(tender, `/criteria${fraudUrl}`), { body: { data: { title: 'Інше' } } }), 403, 'body', 'data', "Can't update exclusion ecriteria objects");
    expectError(await post(tender, { description: 'г', requirements: [{ title: 'r', dataType: 'boolean', expectedValue: true }] }, `${fraudUrl}/requirement_groups`), 403, 'body', 'data', "Can't update exclusion ecriteria objects");
    const unchanged = await api(t.app, 'PATCH', ownerUrl(tender, `/criteria/${String(validity!.id)}`), { body: { data: { title: validity!.title } } });
    expectStatus(unchanged, 200);
    assert.equal(unchanged.body, 'null', 'a PATCH that changes nothing answers null');
    const group = (validity!.requirementGroups as Json[])[0]!;
    const requirementsPath = `/${String(validity!.id)}/requirement_groups/${String(group.id)}/requirements`;
    const added = await post(tender, { title: 'Друга вимога', dataType: 'boolean', expectedValue: true }, requirementsPath);
    expectStatus(added, 201);
    assert.match(String(added.headers.location), new RegExp(`/criteria${requirementsPath}/[0-9a-f]{32}$`));
    const requirementId = String((added.json.data as Json).id);
    expectError(await post(tender, { title: 'Друга вимога', dataType: 'boolean', expectedValue: true }, requirementsPath), 422, 'body', 'data', 'Requirement title should be uniq for one requirementGroup');
    const patched = await api(t.app, 'PATCH', ownerUrl(tender, `/criteria${requirementsPath}/${requirementId}`), { body: { data: { title: 'Перейменована' } } });
    expectStatus(patched, 200);
    assert.equal((patched.json.data as Json).title, 'Перейменована');

    const evidences = `${requirementsPath}/${requirementId}/evidences`;
    const evidence = await post(tender, { title: 'Довідка', type: 'document' }, evidences);
    expectStatus(evidence, 201);
    const evidenceUrl = ownerUrl(tender, `/criteria${evidences}/${String((evidence.json.data as Json).id)}`);
    expectError(await api(t.app, 'PATCH', evidenceUrl, { body: { data: { type: 'letter' } } }), 422, 'body', 'type', ["Value must be one of ['document', 'statement']."]);
    expectError(await post(tender, { title: 'x', relatedDocument: { id: 'f'.repeat(32) } }, evidences), 422, 'body', 'relatedDocument', ['relatedDocument.id should be one of tender documents']);
    expectStatus(await api(t.app, 'DELETE', evidenceUrl), 200);
    const afterDelete = await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/criteria${requirementsPath}/${requirementId}`, { auth: null });
    assert.equal((afterDelete.json.data as Json).eligibleEvidences, undefined);

    const language = await post(tender, languageCriterion());
    const lang = (language.json.data as unknown as Json[])[0]!;
    const langGroup = (lang.requirementGroups as Json[])[0]!;
    const langRequirement = (langGroup.requirements as Json[])[0]!;
    expectError(
      await post(tender, { title: 'x' }, `/${String(lang.id)}/requirement_groups/${String(langGroup.id)}/requirements/${String(langRequirement.id)}/evidences`),
      403, 'body', 'data', 'Forbidden for current criterion',
    );
    expectStatus(await api(t.app, 'DELETE', ownerUrl(tender, `/criteria/${String(lang.id)}`)), 200);
    expectError(await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/criteria/${String(lang.id)}`, { auth: null }), 404, 'url', 'criterion_id', 'Not Found');
  });

  test('after publication: requirements change by PUT only, in versions; bids are sent back', async () => {
    await setClock(t.app, START);
    const tender = await publishedOpenTender(t.app, 'aboveThresholdUA');
    const validity = tender.criteria.find((c) => (c.classification as Json).id === 'CRITERION.OTHER.BID.VALIDITY_PERIOD')!;
    const group = (validity.requirementGroups as Json[])[0]!;
    const requirement = (group.requirements as Json[])[0]!;
    const url = ownerUrl(tender, `/criteria/${String(validity.id)}/requirement_groups/${String(group.id)}/requirements/${String(requirement.id)}`);
    expectError(await api(t.app, 'PATCH', url, { body: { data: { title: 'Нова' } } }), 403, 'body', 'data', `Can't patch object if tender not in ${OPEN_DRAFT} statuses`);
    const bid = await submitOpenBid(t.app, tender, { [tender.lotIds[0]!]: 900 });

    await setClock(t.app, '2027-01-02T00:00:00+02:00');
    const put = await api(t.app, 'PUT', url, { body: { data: { title: 'Нова редакція' } } });
    expectStatus(put, 200);
    const [current, previous] = put.json.data as unknown as Json[];
    assert.equal(current!.title, 'Нова редакція');
    assert.equal(current!.status, 'active');
    assert.equal(current!.datePublished, '2027-01-02T00:00:00+02:00');
    assert.equal(current!.id, requirement.id, 'versions share the id');
    assert.deepEqual(previous, { id: requirement.id, status: 'cancelled', datePublished: START, dateModified: '2027-01-02T00:00:00+02:00' });
    const versions = await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/criteria/${String(validity.id)}/requirement_groups/${String(group.id)}/requirements`, { auth: null });
    assert.deepEqual((versions.json.data as unknown as Json[]).map((r) => r.status), ['cancelled', 'active']);
    const invalid = await api(t.app, 'GET', openBidUrl(tender, bid), { auth: 'brokerh' });
    assert.equal((invalid.json.data as Json).status, 'invalid');

    const same = await api(t.app, 'PUT', url, { body: { data: { title: 'Нова редакція' } } });
    expectStatus(same, 200);
    assert.equal((same.json.data as unknown as Json[]).length, 1, 'nothing changed: the current version alone');
    const cancelled = await api(t.app, 'PUT', url, { body: { data: { status: 'cancelled' } } });
    expectStatus(cancelled, 200);
    assert.equal((cancelled.json.data as unknown as Json[])[0]!.status, 'cancelled');

    const fraud = tender.criteria.find((c) => (c.classification as Json).id === 'CRITERION.EXCLUSION.CONVICTIONS.FRAUD')!;
    const fraudGroup = (fraud.requirementGroups as Json[])[0]!;
    const fraudUrl = ownerUrl(tender, `/criteria/${String(fraud.id)}/requirement_groups/${String(fraudGroup.id)}/requirements/${String(((fraudGroup.requirements as Json[])[0]!).id)}`);
    expectError(await api(t.app, 'PUT', fraudUrl, { body: { data: { title: 'Інша' } } }), 422, 'body', 'title', 'Rogue field');
    expectError(await api(t.app, 'DELETE', ownerUrl(tender, `/criteria/${String(validity.id)}`)), 403, 'body', 'data', 'Only allowed in draft tender status');
    await setClock(t.app, '2027-01-20T00:00:00+02:00');
    expectError(await post(tender, criterion('CRITERION.OTHER.BID.GUARANTEE')), 403, 'body', 'data', `Can't post object if tender not in ${OPEN_WRITE} statuses`);
  });

  test('criteria guard their lots and items', async () => {
    await setClock(t.app, START);
    const tender = await createOpenDraft(t.app, 'aboveThreshold', 2);
    const [lot1, lot2] = tender.lotIds as [string, string];
    expectStatus(await post(tender, criterion('CRITERION.OTHER.BID.LANGUAGE', { relatesTo: 'lot', relatedItem: lot2 })), 201);
    const items = ((await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}`, { auth: null })).json.data as Json).items as Json[];
    const inLot1 = [items[0]!, { ...items[1]!, relatedLot: lot1 }];
    expectStatus(await api(t.app, 'PATCH', ownerUrl(tender), { body: { data: { items: inLot1 } } }), 200);
    expectError(await api(t.app, 'DELETE', ownerUrl(tender, `/lots/${lot2}`)), 403, 'body', 'data', `Can't delete ${lot2} lot while related criterion has active requirements`);
    expectStatus(await post(tender, criterion('CRITERION.OTHER.SUBJECT_OF_PROCUREMENT.LOCAL_ORIGIN_LEVEL', { relatesTo: 'item', relatedItem: String(items[0]!.id) })), 201);
    expectError(
      await api(t.app, 'PATCH', ownerUrl(tender), { body: { data: { items: [{ ...items[0]!, quantity: 0 }, inLot1[1]] } } }),
      403, 'body', 'data', `Can't set to 0 quantity of ${String(items[0]!.id)} item while related criterion has active requirements`,
    );
  });

  test('belowThreshold has criteria with its own status set; the limited procedures have none', async () => {
    await setClock(t.app, START);
    const { tender } = await createPublishedTender(t.app);
    expectStatus(await post(tender, criterion('CRITERION.OTHER.BID.VALIDITY_PERIOD')), 201);
    const negotiation = await createNegotiation(t.app, 'negotiation');
    expectError(await post(negotiation, criterion('CRITERION.OTHER.BID.VALIDITY_PERIOD')), 404, 'url', 'not_found', 'Not Found');
    const rogue = await api(t.app, 'POST', '/api/2.5/tenders', { body: { data: { criteria: [] } } });
    assert.equal(rogue.status, 422);
  });
});
