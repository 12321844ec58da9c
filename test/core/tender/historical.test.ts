// GET /tenders/{id}/historical (platform.md §7.6), on each backend: who may read it, the version by
// number (checked against its hash) and by date, the revision headers, and the reference's errors.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { api, expectError, expectStatus, setClock, type ApiResponse, type Json } from '../../helpers/api.ts';
import { describeApp } from '../../helpers/app.ts';
import { START } from '../../helpers/recorded-tender.ts';
import { createTender, patchTender, type CreatedTender } from '../../procedures/below-threshold/builders.ts';

const T1 = '2027-01-01T01:00:00+02:00';
const T2 = '2027-01-01T02:00:00+02:00';

describeApp('tender historical', {}, (t) => {
  let tender: CreatedTender;
  let revs: string[];
  const historical = (headers: Record<string, string> = {}, auth = 'brokerh', id = tender.id): Promise<ApiResponse> =>
    api(t.app, 'GET', `/api/2.5/tenders/${id}/historical`, { auth, headers });
  const hashOf = (rev: string | undefined): string => (rev ? rev.slice(rev.indexOf('-') + 1) : '');

  before(async () => {
    await setClock(t.app, START);
    tender = await createTender(t.app, { data: { title: 'version 1' } });
    await setClock(t.app, T1);
    await patchTender(t.app, tender, { title: 'version 2' });
    await setClock(t.app, T2);
    await patchTender(t.app, tender, { title: 'version 3' });
    // The _rev of each state: version v's is the `rev` the next write recorded; the last one is the document's.
    const entries = await t.deps.store.revisions('tenders', tender.id);
    revs = [...entries.slice(1).map((e) => String(e.rev)), (await t.deps.store.get('tenders', tender.id))!.rev];
    assert.equal(revs.length, 3);
  });

  test('the current version without headers: the normal GET, with the revision headers', async () => {
    const res = await historical();
    expectStatus(res, 200);
    const current = await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}`, { auth: null });
    assert.equal(res.body, current.body);
    assert.deepEqual([res.headers['x-revision-n'], res.headers['x-revision-hash'], res.headers['x-previous-hash']], ['3', hashOf(revs[2]), hashOf(revs[1])]);
    expectStatus(await historical({}, 'administrator'), 200);
    expectStatus(await historical({ 'X-Revision-N': '3' }), 200);
  });

  test('a version by number, its hash checked; its dateModified as the reference computes it', async () => {
    const first = await historical({ 'X-Revision-N': '1' });
    expectStatus(first, 200);
    const data = first.json.data as Json;
    assert.equal(data.title, 'version 1');
    // The reference takes the newest modification up to and including the next revision.
    assert.equal(data.dateModified, T1);
    assert.deepEqual([first.headers['x-revision-n'], first.headers['x-revision-hash'], first.headers['x-previous-hash']], ['1', hashOf(revs[0]), '']);
    const second = await historical({ 'X-Revision-N': '2', 'X-Revision-Hash': hashOf(revs[1]) });
    expectStatus(second, 200);
    assert.equal((second.json.data as Json).title, 'version 2');
    assert.deepEqual([second.headers['x-revision-hash'], second.headers['x-previous-hash']], [hashOf(revs[1]), hashOf(revs[0])]);
    expectError(await historical({ 'X-Revision-N': '2', 'X-Revision-Hash': 'nope' }), 404, 'header', 'hash', 'Not Found');
  });

  test('a version by date: the state before the first modification after it', async () => {
    const res = await historical({ 'X-Revision-Date': '2027-01-01T01:30:00+02:00' });
    expectStatus(res, 200);
    assert.equal((res.json.data as Json).title, 'version 2');
    const utc = await historical({ 'X-Revision-Date': '2027-01-01T00:00:00' });
    expectStatus(utc, 200);
    assert.equal((utc.json.data as Json).title, 'version 2', 'no offset: UTC (02:00 Kyiv)');
    // A date alone is midnight UTC (02:00 in Kyiv, the last change's instant): the state before
    // that change, as the reference answers.
    assert.equal(((await historical({ 'X-Revision-Date': '2027-01-01' })).json.data as Json).title, 'version 2');
    expectError(await historical({ 'X-Revision-Date': '2027-01-01T03:00:00+02:00' }), 404, 'header', 'version', 'Not Found');
    expectError(await historical({ 'X-Revision-Date': '2026-12-31T00:00:00+02:00' }), 404, 'header', 'version', 'Not Found');
    // An unreadable date beside a usable number: the number decides.
    const byNumber = await historical({ 'X-Revision-Date': 'yesterday', 'X-Revision-N': '1' });
    assert.equal((byNumber.json.data as Json).title, 'version 1');
    expectError(await historical({ 'X-Revision-Date': 'yesterday' }), 404, 'header', 'version', 'Not Found');
  });

  test('refusals: who, which version, which tender', async () => {
    expectError(await historical({}, 'broker'), 403, 'url', 'accreditation', 'Broker Accreditation level does not permit viewing tender historical info');
    const anonymous = await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/historical`, { auth: null });
    expectError(anonymous, 403, 'url', 'permission', 'Forbidden');
    expectError(await historical({}, 'chronograph'), 403, 'url', 'permission', 'Forbidden');
    for (const version of ['0', '4', 'x', '-1', '1.5']) expectError(await historical({ 'X-Revision-N': version }), 404, 'header', 'version', 'Not Found');
    expectError(await historical({}, 'brokerh', 'f'.repeat(32)), 404, 'url', 'tender_id', 'Not Found');
    expectError(await historical({ 'X-Revision-N': 'x' }, 'brokerh', 'f'.repeat(32)), 404, 'header', 'version', 'Not Found');
  });
});
