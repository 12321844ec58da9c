// Filtered feeds (issue 16 §3) over HTTP on both backends: each filter, their combination with
// offset paging (links carry the filters), the 4xx of unknown filters and unreadable values; and the
// upgrade that indexes documents stored before filters existed.
import { it, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { describeApp } from '../../helpers/app.ts';
import { api, expectError, expectStatus, type Json } from '../../helpers/api.ts';
import { REFERENCE_DS_KEY } from '../../helpers/reference-ds.ts';
import { tenderData, tenderItem } from '../../helpers/recorded-tender.ts';
import { publishLotTender } from '../../procedures/below-threshold/awarding.ts';
import { getTender, patchTender } from '../../procedures/below-threshold/builders.ts';
import { forEachStore } from '../../helpers/backends.ts';
import { FEED_INDEX_UPGRADE, feedIndexUpgrade } from '../../../src/core/ocds/feed-index-upgrade.ts';
import { diffReverse } from '../../../src/core/storage/revisions.ts';
import { loadConfig } from '../../../src/config.ts';
import { createDsKeyring, generateSigningKey } from '../../../src/core/documents/url-signature.ts';
import { buildRegistry } from '../../../src/procedures/registry.ts';

describeApp('filtered feeds', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  /** A published tender of procuring entity `entity` buying `cpv`. */
  async function published(entity: string, cpv: string): Promise<Json> {
    const pe = tenderData().procuringEntity as Json;
    const lt = await publishLotTender(t.app, 1, {
      procuringEntity: { ...pe, identifier: { ...(pe.identifier as Json), id: entity } },
      items: [tenderItem({ classification: { scheme: 'ДК021', id: cpv, description: 'x' } })],
    });
    return getTender(t.app, lt.tender.id);
  }

  async function ids(query: string): Promise<string[]> {
    const res = await api(t.app, 'GET', `/api/2.5/tenders?${query}`, { auth: null });
    expectStatus(res, 200);
    return (res.json.data as Json[]).map((d) => String(d.id));
  }

  test('each filter selects what it names; filters combine; paging carries them', async () => {
    const e1 = String(randomInt(10_000_000, 99_999_999));
    const e2 = String(randomInt(10_000_000, 99_999_999));
    const a = await published(e1, '44617100-9');
    const b = await published(e2, '45000000-7');
    const c = await published(e1, '45211000-9');
    const ours = (list: string[]): string[] => list.filter((id) => [a.id, b.id, c.id].includes(id));

    assert.deepEqual(await ids(`procuringEntity.identifier.id=${e1}`), [a.id, c.id]);
    assert.deepEqual(await ids(`procuringEntity.identifier.id=${e1}&classification=45`), [c.id]);
    assert.deepEqual(ours(await ids('classification=4521&limit=1000')), [c.id]);
    assert.deepEqual(ours(await ids('classification=45211000-9&limit=1000')), [c.id]);
    assert.deepEqual(ours(await ids('classification=4&limit=1000')), [a.id, b.id, c.id]);
    assert.deepEqual(await ids(`procuringEntity.identifier.id=${e1}&status=active.enquiries,active.tendering`), [a.id, c.id]);
    assert.deepEqual(await ids(`procuringEntity.identifier.id=${e1}&status=complete`), []);
    assert.deepEqual(await ids(`procuringEntity.identifier.id=${e2}&procurementMethodType=belowThreshold`), [b.id]);
    assert.deepEqual(await ids(`procuringEntity.identifier.id=${e2}&procurementMethodType=aboveThreshold`), []);
    const amount = Number((a.value as Json).amount);
    assert.deepEqual(await ids(`procuringEntity.identifier.id=${e1}&value.amount.gte=${amount}&value.amount.lte=${amount}`), [a.id, c.id]);
    assert.deepEqual(await ids(`procuringEntity.identifier.id=${e1}&value.amount.gte=${amount + 0.01}`), []);
    // The sandbox clock is frozen here: both were modified at the same instant.
    assert.deepEqual(await ids(`procuringEntity.identifier.id=${e1}&dateModified.gte=${encodeURIComponent(String(c.dateModified))}&dateModified.lte=${encodeURIComponent(String(c.dateModified))}`), [a.id, c.id]);
    assert.deepEqual(await ids(`procuringEntity.identifier.id=${e1}&dateModified.gte=2099-01-01T00:00:00Z`), []);
    const end = encodeURIComponent(String((a.tenderPeriod as Json).endDate));
    assert.deepEqual(await ids(`procuringEntity.identifier.id=${e1}&tenderPeriod.endDate.lte=${end}&tenderPeriod.endDate.gte=${end}`), [a.id, c.id]);
    assert.deepEqual(await ids(`procuringEntity.identifier.id=${e1}&tenderPeriod.startDate.gte=2099-01-01`), []);
    assert.deepEqual(await ids(`procuringEntity.identifier.id=${e1}&mode=test`), []);

    // Pages of one: the links repeat the filters, the walk ends on an empty page.
    let url = `/api/2.5/tenders?limit=1&procuringEntity.identifier.id=${e1}`;
    const walked: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await api(t.app, 'GET', url, { auth: null });
      expectStatus(res, 200);
      const page = res.json.data as Json[];
      if (page.length === 0) break;
      walked.push(...page.map((d) => String(d.id)));
      const next = res.json.next_page as Json;
      assert.match(String(next.path), new RegExp(`procuringEntity.identifier.id=${e1}`));
      url = String(next.path);
    }
    assert.deepEqual(walked, [a.id, c.id]);

    const descending = await ids(`procuringEntity.identifier.id=${e1}&descending=1`);
    assert.deepEqual(descending, [c.id, a.id]);
  });

  test('unknown filters and unreadable values are 422 in the error envelope; paging options still pass', async () => {
    expectError(await api(t.app, 'GET', '/api/2.5/tenders?colour=red', { auth: null }), 422, 'querystring', 'colour', 'Unknown filter.');
    for (const [name, value] of [
      ['value.amount.gte', 'abc'],
      ['classification', 'abc'],
      ['classification', '123456789'],
      ['dateModified.gte', 'yesterday'],
      ['status', 'a b'],
    ] as const) {
      const res = await api(t.app, 'GET', `/api/2.5/tenders?${name}=${encodeURIComponent(value)}`, { auth: null });
      expectStatus(res, 422);
      assert.equal((res.json.errors as Json[])[0]!.name, name);
      assert.equal((res.json.errors as Json[])[0]!.location, 'querystring');
    }
    const crossed = await api(t.app, 'GET', '/api/2.5/tenders?value.amount.gte=10&value.amount.lte=5', { auth: null });
    expectStatus(crossed, 422);
    expectStatus(await api(t.app, 'GET', '/api/2.5/tenders?opt_pretty=1&mode=_all_&limit=5&descending=1&opt_fields=status', { auth: null }), 200);
    expectStatus(await api(t.app, 'GET', '/api/2.5/contracts?status=active', { auth: null }), 200);
    expectStatus(await api(t.app, 'GET', '/api/2.5/tenders?status=', { auth: null }), 200);
  });

  test('a status change moves the tender between filtered feeds', async () => {
    const e = String(randomInt(10_000_000, 99_999_999));
    const pe = tenderData().procuringEntity as Json;
    const lt = await publishLotTender(t.app, 1, { procuringEntity: { ...pe, identifier: { ...(pe.identifier as Json), id: e } } });
    assert.deepEqual(await ids(`procuringEntity.identifier.id=${e}&status=active.enquiries`), [lt.tender.id]);
    await patchTender(t.app, lt.tender, { title: 'інша назва' });
    assert.deepEqual(await ids(`procuringEntity.identifier.id=${e}&status=active.enquiries`), [lt.tender.id]);
    assert.deepEqual(await ids(`procuringEntity.identifier.id=${e}&status=draft`), []);
  });
});

forEachStore('feed index upgrade', (t) => {
  it('documents stored before filters get their filter values and a release, once', async () => {
    const doc = { id: 'f'.repeat(32), tenderID: 'UA-2027-01-01-000001-a', status: 'active.tendering', dateModified: '2027-01-01T00:00:00+02:00', procuringEntity: { name: 'x', identifier: { scheme: 'UA-EDR', id: '12345678' } }, items: [{ id: '1', classification: { id: '45000000-7' } }] };
    await t.store.insert('tenders', doc.id, {
      doc,
      publicText: JSON.stringify(doc),
      meta: { isPublic: true, isTest: false, nextCheck: null, touchPublicModified: true },
      revision: { author: 'broker', changes: diffReverse(doc, {}), date: doc.dateModified },
    });
    const filtered = () => t.store.feed('tenders', { descending: false, limit: 10, mode: 'real', watermarkSeconds: null, filters: { classificationPrefix: '450', procuringEntityId: '12345678' } });
    assert.deepEqual(await filtered(), []);
    const deps = { config: loadConfig({}), dsKeyring: createDsKeyring({ ownPrivateKeyPem: generateSigningKey().privateKeyPem }), procedures: buildRegistry() };
    const counts = await t.store.upgradeOnce(FEED_INDEX_UPGRADE, feedIndexUpgrade(deps));
    assert.ok(counts);
    assert.deepEqual((await filtered()).map((r) => r.id), [doc.id]);
    const releases = await t.store.releasesOf('ocds-be6bcu-UA-2027-01-01-000001-a');
    assert.equal(releases.length, 1);
    assert.deepEqual(JSON.parse(releases[0]!).tag, ['tender']);
    assert.equal(await t.store.upgradeOnce(FEED_INDEX_UPGRADE, feedIndexUpgrade(deps)), null);
  });
});
