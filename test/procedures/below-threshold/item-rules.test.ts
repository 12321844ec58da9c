// Item classification, buyer, plan and address rules of the tender (below-threshold.md §1.4–1.5).
import { before, test } from 'node:test';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeApp, type TestApp } from '../../helpers/app.ts';
import { api, expectError, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { START, tenderBody, tenderData, tenderItem } from '../../helpers/recorded-tender.ts';

const HEX = (c: string) => c.repeat(32);
const post = (t: TestApp, body: { data: Json; config: Json }) => api(t.app, 'POST', '/api/2.5/tenders', { auth: 'broker', body });
const withItem = (overrides: Json) => tenderBody({ items: [tenderItem(overrides)] });
const inn = (id: string) => ({ scheme: 'INN', id, description: 'inn' });

/** A minimal STANDARDS_DIR with a UA-ROAD code list, its CPV prefixes and КАТОТТГ codes. */
function standardsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'standards-'));
  mkdirSync(join(dir, 'classifiers'));
  writeFileSync(join(dir, 'classifiers/ua_road.json'), JSON.stringify({ 'М-06': 'Київ - Чоп' }));
  writeFileSync(join(dir, 'classifiers/ua_road_cpv_prefixes.json'), JSON.stringify(['4523', '713']));
  writeFileSync(join(dir, 'classifiers/katottg.json'), JSON.stringify({ UA80000000000093317: 'Київ' }));
  return dir;
}

describeApp('tender item rules', {}, (t) => {
  before(async () => {
    await setClock(t.app, START);
  });

  test('99999999-9 with additional classifications needs one of the national schemes', async () => {
    const res = await post(t, withItem({ classification: { scheme: 'ДК021', id: '99999999-9', description: 'n/a' } }));
    expectError(res, 422, 'body', 'items', [{ additionalClassifications: ['One of additional classifications should be one of [ДК003, ДК015, ДК018, specialNorms].'] }]);
    const ok = await post(t, withItem({
      classification: { scheme: 'ДК021', id: '99999999-9', description: 'n/a' },
      additionalClassifications: [{ scheme: 'ДК018', id: '000', description: 'x' }],
    }));
    expectStatus(ok, 201);
  });

  test('33600000-6 needs exactly one INN; other 336… codes at most one', async () => {
    const pharma = { scheme: 'ДК021', id: '33600000-6', description: 'pharma' };
    expectError(await post(t, withItem({ classification: pharma, additionalClassifications: [inn('a'), inn('b')] })), 422, 'body', 'items', [
      'Item with classification.id=33600000-6 have to contain exactly one additionalClassifications with scheme=INN',
    ]);
    expectError(await post(t, withItem({ classification: pharma, additionalClassifications: [] })), 422, 'body', 'items', [
      'Item with classification.id=33600000-6 have to contain exactly one additionalClassifications with scheme=INN',
    ]);
    const other = { scheme: 'ДК021', id: '33611000-6', description: 'pharma' };
    expectError(await post(t, withItem({ classification: other, additionalClassifications: [inn('a'), inn('b')] })), 422, 'body', 'items', [
      'Item with classification.id that starts with 336 and contains additionalClassification objects have to contain no more than one additionalClassifications with scheme=INN',
    ]);
    expectStatus(await post(t, withItem({ classification: other, additionalClassifications: [inn('a')] })), 201);
    expectStatus(await post(t, withItem({ classification: pharma, additionalClassifications: [inn('a')] })), 201);
  });

  test('more than one CCCE-UA classification is refused', async () => {
    const ccce = { scheme: 'CCCE-UA', id: '1', description: 'x' };
    expectError(await post(t, withItem({ additionalClassifications: [ccce, ccce] })), 422, 'body', 'items', [
      { additionalClassifications: ["Object shouldn't have more than 1 additionalClassification with scheme CCCE-UA"] },
    ]);
  });

  test('profile without category is refused', async () => {
    expectError(await post(t, withItem({ profile: 'p-1' })), 422, 'body', 'items', [{ profile: ['profile should be provided together only with category'] }]);
    expectStatus(await post(t, withItem({ profile: 'p-1', category: 'c-1' })), 201);
  });

  test('more than one plan needs a central procuring entity; duplicates are refused', async () => {
    const plans = [{ id: HEX('a') }, { id: HEX('b') }];
    expectError(await post(t, tenderBody({ plans })), 422, 'body', 'plans', ["Linking more than one plan is allowed only if procuringEntity.kind is 'central'"]);
    expectError(await post(t, tenderBody({ plans: [{ id: HEX('a') }, { id: HEX('a') }] })), 422, 'body', 'plans', ['The list should not contain duplicates']);
    expectStatus(await post(t, tenderBody({ plans: [{ id: HEX('a') }] })), 201);
  });

  test('with buyers, items outside a draft need relatedBuyer', async () => {
    const entity = { ...(tenderData().procuringEntity as Json), kind: 'central' };
    const buyer = { id: HEX('c'), name: 'Buyer', identifier: { scheme: 'UA-EDR', id: '00037257' }, address: { countryName: 'Україна' } };
    const draft = await post(t, tenderBody({ procuringEntity: entity, buyers: [buyer] }));
    expectStatus(draft, 201);
    const owner = `/api/2.5/tenders/${(draft.json!.data as Json).id}?acc_token=${(draft.json!.access as Json).token}`;
    const publish = await api(t.app, 'PATCH', owner, { auth: 'broker', body: { data: { status: 'active.enquiries' } } });
    expectError(publish, 422, 'body', 'items', [{ relatedBuyer: ['This field is required.'] }]);
    const linked = await post(t, tenderBody({ procuringEntity: entity, buyers: [buyer], items: [tenderItem({ relatedBuyer: HEX('c') })] }));
    expectStatus(linked, 201);
  });

  test('addressDetails: only for Ukraine, scheme КАТОТТГ, at most one', async () => {
    const address = (extra: Json) => ({ ...(tenderData().procuringEntity as { address: Json }).address, ...extra });
    const entity = (extra: Json) => ({ ...(tenderData().procuringEntity as Json), address: address(extra) });
    const code = { scheme: 'КАТОТТГ', id: 'UA80000000000093317', description: 'Київ' };
    expectError(await post(t, tenderBody({ procuringEntity: entity({ countryName: 'Польща', region: 'x', addressDetails: [code] }) })), 422, 'body', 'procuringEntity', {
      address: { addressDetails: ["field address:addressDetails is allowed only for countryName 'Україна'"] },
    });
    expectError(await post(t, tenderBody({ procuringEntity: entity({ addressDetails: [{ ...code, scheme: 'KOATUU' }] }) })), 422, 'body', 'procuringEntity', {
      address: { addressDetails: [{ scheme: ["Value must be one of ['КАТОТТГ']."] }] },
    });
    expectError(await post(t, tenderBody({ procuringEntity: entity({ addressDetails: [code, code] }) })), 422, 'body', 'procuringEntity', {
      address: { addressDetails: ['addressDetails should contain no more than one classification with scheme КАТОТТГ'] },
    });
    expectStatus(await post(t, tenderBody({ procuringEntity: entity({ addressDetails: [code] }) })), 201);
  });
});

describeApp('tender item rules with code lists', { env: { STANDARDS_DIR: standardsDir() } }, (t) => {
  before(async () => {
    await setClock(t.app, START);
  });

  const road = (id: string, description = 'Київ - Чоп') => ({ scheme: 'UA-ROAD', id, description });
  const works = { scheme: 'ДК021', id: '45233000-9', description: 'works' };

  test('UA-ROAD ids come from the list, with their descriptions', async () => {
    expectError(await post(t, withItem({ classification: works, additionalClassifications: [road('M-99')] })), 422, 'body', 'items', [
      { additionalClassifications: [{ id: ['UA-ROAD id not found in standards'] }] },
    ]);
    expectError(await post(t, withItem({ classification: works, additionalClassifications: [road('М-06', 'Other')] })), 422, 'body', 'items', [
      { additionalClassifications: [{ description: ['UA-ROAD description invalid'] }] },
    ]);
    expectStatus(await post(t, withItem({ classification: works, additionalClassifications: [road('М-06')] })), 201);
  });

  test('UA-ROAD only on its CPV prefixes and at most once', async () => {
    expectError(await post(t, withItem({ additionalClassifications: [road('М-06')] })), 422, 'body', 'items', [
      { additionalClassifications: ["Item shouldn't have additionalClassification with scheme UA-ROAD for cpv not starts with 4523, 713"] },
    ]);
    expectError(await post(t, withItem({ classification: works, additionalClassifications: [road('М-06'), road('М-06')] })), 422, 'body', 'items', [
      { additionalClassifications: ["Item shouldn't have more than 1 additionalClassification with scheme UA-ROAD"] },
    ]);
  });

  test('КАТОТТГ codes come from the list', async () => {
    const entity = { ...(tenderData().procuringEntity as Json) };
    (entity as { address: Json }).address = { ...(entity as { address: Json }).address, addressDetails: [{ scheme: 'КАТОТТГ', id: 'UA0', description: 'x' }] };
    expectError(await post(t, tenderBody({ procuringEntity: entity })), 422, 'body', 'procuringEntity', {
      address: { addressDetails: [{ id: ['КАТОТТГ id not found in standards'] }] },
    });
  });
});
