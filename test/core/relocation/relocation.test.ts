// Ownership transfer (platform.md §3.6), on each backend: a broker creates a transfer and takes a
// tender, a plan or a contract over from a broker that has left (`x` in the key file), with the
// object's transfer secret; the checks in the reference's order and their exact errors.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { api, expectError, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { describeApp } from '../../helpers/app.ts';
import { planBody } from '../../helpers/plan-body.ts';
import { START } from '../../helpers/recorded-tender.ts';
import { REFERENCE_DS_KEY } from '../../helpers/reference-ds.ts';
import { updateStoredTender } from '../../helpers/stored-tender.ts';
import { updateStoredPlan } from '../../helpers/stored-plan.ts';
import { createTender, ownerUrl } from '../../procedures/below-threshold/builders.ts';
import { bidAndEndTendering, decideAward, listAwards, publishLotTender } from '../../procedures/below-threshold/awarding.ts';

/** The development key file with `broker` marked as exited: its objects may be taken over. */
function keyFileWithExitedBroker(): string {
  const text = readFileSync(new URL('../../../config/auth.ini', import.meta.url), 'utf8').replace(/^broker = broker$/m, 'broker = broker,123456x');
  assert.match(text, /^broker = broker,123456x$/m);
  const file = join(mkdtempSync(join(tmpdir(), 'cdb-auth-')), 'auth.ini');
  writeFileSync(file, text);
  return file;
}

interface NewTransfer {
  id: string;
  token: string;
  transfer: string;
}

describeApp('ownership transfer', { trustedDsKeys: [REFERENCE_DS_KEY], env: { AUTH_FILE: keyFileWithExitedBroker() } }, (t) => {
  async function newTransfer(auth: string): Promise<NewTransfer> {
    const res = await api(t.app, 'POST', '/api/2.5/transfers', { auth, body: { data: {} } });
    expectStatus(res, 201);
    assert.equal(res.headers.location, undefined);
    const data = res.json.data as Json;
    assert.deepEqual(Object.keys(data).sort(), ['date', 'id']);
    const access = res.json.access as { token: string; transfer: string };
    return { id: String(data.id), token: access.token, transfer: access.transfer };
  }
  const take = (path: string, auth: string, data: unknown) => api(t.app, 'POST', `/api/2.5${path}/ownership`, { auth, body: { data } });

  test('a tender: taken over with its transfer secret; the new token works, the old one not; the transfer is spent', async () => {
    await setClock(t.app, START);
    const tender = await createTender(t.app);
    const transfer = await newTransfer('broker1');

    const moved = await take(`/tenders/${tender.id}`, 'broker1', { id: transfer.id, transfer: tender.transfer });
    expectStatus(moved, 200);
    assert.equal(moved.body, JSON.stringify({ data: { owner: 'broker1', id: tender.id } }), 'the reference member order');

    const got = await api(t.app, 'GET', `/api/2.5/transfers/${transfer.id}`, { auth: 'broker1' });
    expectStatus(got, 200);
    assert.equal(got.body, JSON.stringify({ data: { date: START, usedFor: `/tenders/${tender.id}`, id: transfer.id } }), 'the reference member order');
    const public_ = await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}`, { auth: null });
    assert.equal((public_.json.data as Json).owner, 'broker1');
    assert.equal((public_.json.data as Json).dateModified, START);

    expectError(await api(t.app, 'PATCH', ownerUrl(tender), { auth: 'broker1', body: { data: { title: 'old token' } } }), 403, 'url', 'permission', 'Forbidden');
    expectStatus(await api(t.app, 'PATCH', ownerUrl({ id: tender.id, token: transfer.token }), { auth: 'broker1', body: { data: { title: 'new owner' } } }), 200);

    // Spent: not for another tender.
    const other = await createTender(t.app);
    expectError(await take(`/tenders/${other.id}`, 'broker1', { id: transfer.id, transfer: other.transfer }), 403, 'body', 'transfer', 'Transfer already used');
    // The new owner has not left: nobody takes the tender from it, whatever they present.
    const again = await newTransfer('broker5');
    expectError(await take(`/tenders/${tender.id}`, 'broker5', { id: again.id, transfer: transfer.transfer }), 403, 'url', 'accreditation', 'Owner Accreditation level does not permit ownership change');
  });

  test('the checks, in order: caller, accreditation, owner, body, status, secret, transfer', async () => {
    await setClock(t.app, START);
    const tender = await createTender(t.app);
    const path = `/tenders/${tender.id}`;
    const transfer = await newTransfer('broker1');
    const ok = { id: transfer.id, transfer: tender.transfer };
    expectError(await take('/tenders/ffffffffffffffffffffffffffffffff', 'broker1', ok), 404, 'url', 'tender_id', 'Not Found');
    expectError(await take(path, 'administrator', ok), 403, 'url', 'permission', 'Forbidden');
    expectError(await take(path, 'broker2', ok), 403, 'url', 'accreditation', 'Broker Accreditation level does not permit ownership change');
    const res = await take(path, 'broker1', {});
    expectStatus(res, 422);
    assert.deepEqual(res.json.errors, [
      { location: 'body', name: 'id', description: 'This field is required.' },
      { location: 'body', name: 'transfer', description: 'This field is required.' },
    ]);
    expectError(await take(path, 'broker1', { id: transfer.id, transfer: 'not the secret' }), 403, 'body', 'transfer', 'Invalid transfer');
    expectError(await take(path, 'broker1', { id: transfer.id, transfer: 42 }), 403, 'body', 'transfer', 'Invalid transfer');
    expectError(await take(path, 'broker1', { id: 'ffffffffffffffffffffffffffffffff', transfer: tender.transfer }), 404, 'url', 'transfer_id', 'Not Found');
    expectError(await take(path, 'broker1', { id: ['x'], transfer: tender.transfer }), 404, 'url', 'transfer_id', 'Not Found');
    await updateStoredTender(t, tender.id, (d) => {
      d.status = 'cancelled';
    });
    expectError(await take(path, 'broker1', ok), 403, 'body', 'data', "Can't update credentials in current (cancelled) tender status");

    const byActiveBroker = await createTender(t.app, { auth: 'broker5' });
    expectError(await take(`/tenders/${byActiveBroker.id}`, 'broker1', { id: transfer.id, transfer: byActiveBroker.transfer }), 403, 'url', 'accreditation', 'Owner Accreditation level does not permit ownership change');
  });

  test('transfers: brokers only; a rogue field is refused; an unknown one is 404', async () => {
    expectError(await api(t.app, 'POST', '/api/2.5/transfers', { auth: null, body: { data: {} } }), 403, 'url', 'permission', 'Forbidden');
    expectError(await api(t.app, 'POST', '/api/2.5/transfers', { auth: 'broker1', body: { data: { owner: 'me' } } }), 422, 'body', 'owner', 'Rogue field');
    expectError(await api(t.app, 'POST', '/api/2.5/transfers', { auth: 'broker1', body: { nodata: 1 } }), 422, 'body', 'data', 'Data not available');
    const transfer = await newTransfer('broker1');
    expectError(await api(t.app, 'GET', `/api/2.5/transfers/${transfer.id}`, { auth: null }), 403, 'url', 'permission', 'Forbidden');
    expectError(await api(t.app, 'GET', '/api/2.5/transfers/ffffffffffffffffffffffffffffffff', { auth: 'broker1' }), 404, 'url', 'transfer_id', 'Not Found');
    const got = await api(t.app, 'GET', `/api/2.5/transfers/${transfer.id}`, { auth: 'broker1' });
    expectStatus(got, 200);
    assert.deepEqual(Object.keys(got.json.data as Json).sort(), ['date', 'id']);
  });

  test('a plan: levels 1, 3 or 5 take a scheduled one over', async () => {
    await setClock(t.app, START);
    const created = await api(t.app, 'POST', '/api/2.5/plans', { body: { data: planBody() } });
    expectStatus(created, 201);
    const plan = { id: String((created.json.data as Json).id), transfer: String((created.json.access as Json).transfer) };
    const transfer = await newTransfer('broker3');
    expectError(await take(`/plans/${plan.id}`, 'broker2', { id: transfer.id, transfer: plan.transfer }), 403, 'url', 'accreditation', 'Broker Accreditation level does not permit ownership change');
    const moved = await take(`/plans/${plan.id}`, 'broker3', { id: transfer.id, transfer: plan.transfer });
    expectStatus(moved, 200);
    assert.deepEqual(moved.json, { data: { id: plan.id, owner: 'broker3' } });
    expectStatus(await api(t.app, 'PATCH', `/api/2.5/plans/${plan.id}?acc_token=${transfer.token}`, { auth: 'broker3', body: { data: { budget: { ...((created.json.data as Json).budget as Json), description: 'new owner' } } } }), 200);

    const other = await api(t.app, 'POST', '/api/2.5/plans', { body: { data: planBody() } });
    const otherId = String((other.json.data as Json).id);
    await updateStoredPlan(t, otherId, (p) => {
      p.status = 'cancelled';
    });
    const next = await newTransfer('broker3');
    expectError(await take(`/plans/${otherId}`, 'broker3', { id: next.id, transfer: String((other.json.access as Json).transfer) }), 403, 'body', 'data', "Can't update credentials in current (cancelled) plan status");
  });

  test('a contract: levels 3 or 5, with the secret from /credentials; the buyer side moves, the supplier stays', async () => {
    const lt = await publishLotTender(t.app, 1);
    await bidAndEndTendering(t, lt, [[500]]);
    for (const award of await listAwards(t.app, lt.tender.id)) if (award.status === 'pending') await decideAward(t.app, lt.tender, String(award.id), 'active');
    const contractId = String(((await api(t.app, 'GET', `/api/2.5/tenders/${lt.tender.id}/contracts`, { auth: null })).json.data as Json[])[0]!.id);
    const creds = await api(t.app, 'PATCH', `/api/2.5/contracts/${contractId}/credentials?acc_token=${lt.tender.token}`, { body: { data: '' } });
    expectStatus(creds, 200);
    const secret = String((creds.json.access as Json).transfer);

    const transfer = await newTransfer('broker3');
    expectError(await take(`/contracts/${contractId}`, 'broker1', { id: transfer.id, transfer: secret }), 403, 'url', 'accreditation', 'Broker Accreditation level does not permit ownership change');
    const moved = await take(`/contracts/${contractId}`, 'broker3', { id: transfer.id, transfer: secret });
    expectStatus(moved, 200);
    assert.deepEqual(moved.json, { data: { id: contractId, owner: 'broker3' } });
    const stored = (await t.deps.store.get('contracts', contractId))!.doc as { owner: string; access: Array<{ role: string; owner?: string }> };
    assert.equal(stored.owner, 'broker3');
    for (const entry of stored.access) assert.equal(entry.owner, entry.role === 'bid' ? 'broker' : 'broker3', `${entry.role} entry`);
    expectStatus(await api(t.app, 'PATCH', `/api/2.5/contracts/${contractId}?acc_token=${transfer.token}`, { auth: 'broker3', body: { data: { title: 'new owner' } } }), 200);
  });
});
