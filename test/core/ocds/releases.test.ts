// The release feed and records (issue 16 §1) over HTTP on both backends: one release per write that
// changed public data, tagged by what changed, valid OCDS 1.1, nothing sealed; records with the
// compiled and versioned releases; contracts join their tender's process.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeApp } from '../../helpers/app.ts';
import { api, expectError, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { REFERENCE_DS_KEY } from '../../helpers/reference-ds.ts';
import { START } from '../../helpers/recorded-tender.ts';
import { packageValidator } from '../../helpers/ocds-schemas.ts';
import { bidAndEndTendering, decideAward, listAwards, publishLotTender } from '../../procedures/below-threshold/awarding.ts';
import { createTender, getTender, patchTender } from '../../procedures/below-threshold/builders.ts';
import { compiledRelease, versionedRelease } from '../../../src/core/ocds/record-merge.ts';

const SIGNING = { contractNumber: 'N-1', period: { startDate: '2027-01-16T00:00:00+02:00', endDate: '2027-12-31T00:00:00+02:00' } };

describeApp('OCDS release feed and records', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  const validateReleases = packageValidator('release');
  const validateRecord = packageValidator('record');
  before(() => setClock(t.app, START));

  /** Every release of the feed, page by page, each page a valid package. */
  async function allReleases(query = 'limit=3'): Promise<Json[]> {
    const out: Json[] = [];
    let url = `/api/2.5/releases?${query}`;
    for (let pages = 0; pages < 200; pages++) {
      const res = await api(t.app, 'GET', url, { auth: null });
      expectStatus(res, 200);
      const releases = res.json.releases as Json[];
      if (releases.length === 0) return out;
      assert.deepEqual(validateReleases(res.json), []);
      out.push(...releases);
      url = String((res.json.next_page as Json).path);
    }
    throw new Error('the feed did not end');
  }

  /** A one-lot tender from publication to a signed contract, with a title amendment on the way. */
  async function completedTender(): Promise<{ tenderId: string; tenderID: string; contractId: string }> {
    await setClock(t.app, START);
    const lt = await publishLotTender(t.app, 1);
    await patchTender(t.app, lt.tender, { title: 'Нова назва закупівлі' });
    await bidAndEndTendering(t, lt, [[500]]);
    for (const award of await listAwards(t.app, lt.tender.id)) await decideAward(t.app, lt.tender, String(award.id), 'active');
    const tender = await getTender(t.app, lt.tender.id);
    const contractId = String((tender.contracts as Json[])[0]!.id);
    const signed = await api(t.app, 'PATCH', `/api/2.5/contracts/${contractId}?acc_token=${lt.tender.token}`, { body: { data: { ...SIGNING, status: 'active' } } });
    expectStatus(signed, 200);
    return { tenderId: lt.tender.id, tenderID: String(tender.tenderID), contractId };
  }

  test('one release per public change, tagged, ocid from tenderID, in the feed with its paging', async () => {
    const { tenderId, tenderID, contractId } = await completedTender();
    const ocid = `ocds-be6bcu-${tenderID}`;
    const mine = (await allReleases()).filter((r) => r.ocid === ocid);
    const tags = mine.map((r) => (r.tag as string[]).join('+'));
    assert.equal(tags[0], 'tender', 'the first public state');
    assert.ok(tags.includes('tenderAmendment'), `a title change amends the tender: ${tags.join(', ')}`);
    assert.ok(tags.some((x) => x.split('+').includes('award')), 'an award');
    assert.ok(tags.some((x) => x.split('+').includes('contract')), 'a contract');
    assert.equal(new Set(mine.map((r) => r.id)).size, mine.length, 'release ids are unique');
    for (const r of mine) assert.match(String(r.id), new RegExp(`^(${tenderId}|${contractId})-[0-9]+$`));
    // The contracting document's own releases join the tender's process.
    assert.ok(mine.some((r) => String(r.id).startsWith(contractId) && ((r.contracts as Json[])[0]!.status === 'active')));
    // Sealed data: no bid values while tendering, no tokens ever.
    const tendering = mine.filter((r) => (r.tender as Json | undefined)?.status === 'active' && r.bids === undefined);
    assert.ok(tendering.length > 0);
    assert.doesNotMatch(JSON.stringify(mine), /token|transfer/i);

    // Descending paging walks the same releases backwards.
    const down = await api(t.app, 'GET', '/api/2.5/releases?descending=1&limit=2', { auth: null });
    expectStatus(down, 200);
    const newest = (down.json.releases as Json[]).map((r) => r.id);
    const all = await allReleases('limit=50');
    assert.deepEqual(newest, all.slice(-2).reverse().map((r) => r.id));
    assert.ok(down.json.prev_page);
  });

  test('the record: every release, compiledRelease = the standard merge, versioned history', async () => {
    const { tenderID } = await completedTender();
    const ocid = `ocds-be6bcu-${tenderID}`;
    const res = await api(t.app, 'GET', `/api/2.5/records/${ocid}`, { auth: null });
    expectStatus(res, 200);
    assert.deepEqual(validateRecord(res.json), []);
    const [record] = res.json.records as Json[];
    assert.equal(record!.ocid, ocid);
    const releases = record!.releases as Json[];
    assert.ok(releases.length >= 5);
    assert.deepEqual(record!.compiledRelease, compiledRelease(releases));
    assert.deepEqual(record!.versionedRelease, versionedRelease(releases));
    const compiled = record!.compiledRelease as Json;
    assert.deepEqual(compiled.tag, ['compiled']);
    assert.equal((compiled.tender as Json).title, 'Нова назва закупівлі');
    assert.equal((compiled.tender as Json).status, 'complete');
    // The contract as the tender mirrors it and as contracting keeps it merge into one, by id.
    const contracts = compiled.contracts as Json[];
    assert.equal(contracts.length, 1);
    assert.equal(contracts[0]!.status, 'active');
    const titles = (((record!.versionedRelease as Json).tender as Json).title as Json[]).map((v) => v.value);
    assert.equal(titles.length, 2, 'two titles in the history');
    assert.equal(titles[1], 'Нова назва закупівлі');
  });

  test('unknown records are 404; a tender in draft publishes nothing', async () => {
    expectError(await api(t.app, 'GET', '/api/2.5/records/ocds-be6bcu-UA-0000-00-00-000000-a', { auth: null }), 404, 'url', 'ocid', 'Not Found');
    const before = (await allReleases('limit=100')).length;
    await setClock(t.app, START);
    const draft = await createTender(t.app);
    assert.equal(draft.data.status, 'draft');
    assert.equal((await allReleases('limit=100')).length, before);
  });
});

test('merge rules: identifier merge of objects in lists, omitted fields kept, null removes, whole-list replacement', () => {
  const r1 = { ocid: 'o', id: '1', date: '2027-01-01T00:00:00Z', tag: ['tender'], tender: { title: 'a', items: [{ id: 'i1', quantity: 1 }], submissionMethod: ['electronicSubmission'] }, awards: [{ id: 'a1', status: 'pending' }] };
  const r2 = { ocid: 'o', id: '2', date: '2027-01-02T00:00:00Z', tag: ['award'], tender: { items: [{ id: 'i2', quantity: 2 }], submissionMethod: ['written'] }, awards: [{ id: 'a1', status: 'active' }, { id: 'a2', status: 'pending' }] };
  const r3 = { ocid: 'o', id: '3', date: '2027-01-03T00:00:00Z', tag: ['tenderUpdate'], tender: { title: null } };
  const compiled = compiledRelease([r1, r2, r3] as unknown as Json[]);
  assert.deepEqual(compiled, {
    ocid: 'o',
    id: 'o-2027-01-03T00:00:00Z',
    date: '2027-01-03T00:00:00Z',
    tag: ['compiled'],
    tender: { items: [{ id: 'i1', quantity: 1 }, { id: 'i2', quantity: 2 }], submissionMethod: ['written'] },
    awards: [{ id: 'a1', status: 'active' }, { id: 'a2', status: 'pending' }],
  });
  const versioned = versionedRelease([r1, r2] as unknown as Json[]);
  const status = ((versioned.awards as Json[])[0]!.status as Json[]).map((v) => [v.releaseID, v.value]);
  assert.deepEqual(status, [['1', 'pending'], ['2', 'active']]);
  assert.deepEqual(((versioned.tender as Json).title as Json[]).length, 1, 'unchanged values are one version');
});
