// Contracts (contracting.md, classic): the /contracts API and the end-to-end paths of a tender to
// `complete` (contracts signed) and to `unsuccessful` (every award disqualified), on both backends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeApp } from '../../helpers/app.ts';
import { api, expectError, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { tenderData, tenderItem } from '../../helpers/recorded-tender.ts';
import { REFERENCE_DS_KEY, SIGNED_URLS } from '../../helpers/reference-ds.ts';
import { addContractProforma, addLot, addNoticeSignature, createTender, getTender, patchTender, type CreatedTender } from './builders.ts';
import { postBid } from './tendering.ts';
import { updateStoredTender } from '../../helpers/stored-tender.ts';
import { AFTER_TENDERING, bidAndEndTendering, decideAward, finishAuctions, listAwards, publishLotTender, submittedBid } from './awarding.ts';

const SIGNING = { contractNumber: 'N-1', period: { startDate: '2027-01-16T00:00:00+02:00', endDate: '2027-12-31T00:00:00+02:00' } };

const contractUrl = (id: string, token?: string, suffix = ''): string => `/api/2.5/contracts/${id}${suffix}${token ? `?acc_token=${token}` : ''}`;

describeApp('contracts', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {

  /** Activates every pending award of the tender; returns the mirrors of the contracts made. */
  async function awardAll(tender: CreatedTender): Promise<Json[]> {
    for (const award of await listAwards(t.app, tender.id)) if (award.status === 'pending') await decideAward(t.app, tender, String(award.id), 'active');
    return (await getTender(t.app, tender.id)).contracts as Json[];
  }

  async function signContract(tender: CreatedTender, contractId: string): Promise<Json> {
    const res = await api(t.app, 'PATCH', contractUrl(contractId, tender.token), { body: { data: { ...SIGNING, status: 'active' } } });
    expectStatus(res, 200);
    return res.json.data as Json;
  }

  test('single lot, one bid: award, contract signed → lot and tender complete', async () => {
    const lt = await publishLotTender(t.app, 1);
    await bidAndEndTendering(t, lt, [[500]]);
    const [mirror] = await awardAll(lt.tender);
    const id = String(mirror!.id);
    const signed = await signContract(lt.tender, id);
    assert.equal(signed.status, 'active');
    assert.equal(signed.date, AFTER_TENDERING);
    assert.equal(signed.dateSigned, AFTER_TENDERING);
    const tender = await getTender(t.app, lt.tender.id);
    assert.equal(tender.status, 'complete');
    assert.equal((tender.lots as Json[])[0]!.status, 'complete');
    assert.equal((tender.contracts as Json[])[0]!.status, 'active');
    expectError(await api(t.app, 'PATCH', contractUrl(id, lt.tender.token), { body: { data: { status: 'pending' } } }), 403, 'body', 'data', "Can't update contract status");
  });

  test('multi-lot, two bids each: auctions, cheapest awarded per lot, both contracts signed → complete', async () => {
    const lt = await publishLotTender(t.app, 2);
    const bids = await bidAndEndTendering(t, lt, [[500, 495], [490, 500]]);
    assert.equal((await getTender(t.app, lt.tender.id)).status, 'active.auction');
    await finishAuctions(t, lt.tender.id, {});
    const awards = await listAwards(t.app, lt.tender.id);
    assert.deepEqual(awards.map((a) => [a.lotID, a.bid_id]), [[lt.lotIds[0], bids[1]!.id], [lt.lotIds[1], bids[0]!.id]]);
    const mirrors = await awardAll(lt.tender);
    assert.equal(mirrors.length, 2);
    assert.deepEqual(mirrors.map((m) => m.contractID), [1, 2].map((n) => `${String((mirrors[0]!.contractID as string).replace(/-a1$/, ''))}-a${n}`));
    await signContract(lt.tender, String(mirrors[0]!.id));
    let tender = await getTender(t.app, lt.tender.id);
    assert.equal(tender.status, 'active.awarded');
    assert.deepEqual((tender.lots as Json[]).map((l) => l.status), ['complete', 'active']);
    await signContract(lt.tender, String(mirrors[1]!.id));
    tender = await getTender(t.app, lt.tender.id);
    assert.equal(tender.status, 'complete');
    assert.deepEqual((tender.lots as Json[]).map((l) => l.status), ['complete', 'complete']);
  });

  test('multi-lot: every award of one lot disqualified, the other signed → lot unsuccessful, tender complete', async () => {
    const lt = await publishLotTender(t.app, 2);
    await bidAndEndTendering(t, lt, [[500, 500]]);
    const awards = await listAwards(t.app, lt.tender.id);
    await decideAward(t.app, lt.tender, String(awards[0]!.id), 'unsuccessful');
    await decideAward(t.app, lt.tender, String(awards[1]!.id), 'active');
    const mirror = ((await getTender(t.app, lt.tender.id)).contracts as Json[])[0]!;
    await signContract(lt.tender, String(mirror.id));
    const tender = await getTender(t.app, lt.tender.id);
    assert.deepEqual((tender.lots as Json[]).map((l) => l.status), ['unsuccessful', 'complete']);
    assert.equal(tender.status, 'complete');
  });

  test('all awards disqualified: tender unsuccessful after the stand-still (chronograph)', async () => {
    const lt = await publishLotTender(t.app, 1);
    const bids = await bidAndEndTendering(t, lt, [[500], [490]]);
    await finishAuctions(t, lt.tender.id, {});
    for (let i = 0; i < bids.length; i++) {
      const pending = (await listAwards(t.app, lt.tender.id)).find((a) => a.status === 'pending')!;
      await decideAward(t.app, lt.tender, String(pending.id), 'unsuccessful');
    }
    let tender = await getTender(t.app, lt.tender.id);
    assert.equal(tender.status, 'active.awarded');
    assert.equal(tender.next_check, '2027-01-20T00:00:00+02:00');
    await setClock(t.app, '2027-01-20T00:00:01+02:00');
    tender = await getTender(t.app, lt.tender.id);
    assert.equal((tender.lots as Json[])[0]!.status, 'unsuccessful');
    assert.equal(tender.status, 'unsuccessful');
  });

  test('multi-buyer: one contract per buyer at 0, priced by PATCH; the last one cannot be cancelled', async () => {
    await setClock(t.app, '2027-01-01T00:00:00+02:00');
    const buyer = (n: string, id: string): Json => ({ id: n.repeat(32), name: `Buyer ${n}`, identifier: { scheme: 'UA-EDR', id }, address: { countryName: 'Україна' } });
    const entity = { ...(tenderData().procuringEntity as Json), kind: 'central' };
    const items = [tenderItem({ id: 'f'.repeat(32), relatedBuyer: 'a'.repeat(32) }), tenderItem({ id: 'e'.repeat(32), relatedBuyer: 'b'.repeat(32) })];
    const tender = await createTender(t.app, { data: { procuringEntity: entity, buyers: [buyer('a', '00037257'), buyer('b', '00037258')], items, value: { amount: 1000, currency: 'UAH' } } });
    const lot = await addLot(t.app, tender, { value: { amount: 1000, currency: 'UAH' }, minimalStep: { amount: 30, currency: 'UAH' } });
    const current = await getTender(t.app, tender.id);
    await patchTender(t.app, tender, { items: (current.items as Json[]).map((i) => ({ ...i, relatedLot: lot.id })) });
    await addContractProforma(t.app, tender);
    await addNoticeSignature(t.app, tender);
    await patchTender(t.app, tender, { status: 'active.enquiries' });
    await setClock(t.app, '2027-01-09T10:00:00+02:00');
    const bid = submittedBid([String(lot.id)], [1000]);
    bid.items = ['f', 'e'].map((c) => ({ id: c.repeat(32), description: 'x', quantity: 5, relatedLot: lot.id, unit: { name: 'кілограм', code: 'KGM', value: { amount: 100, currency: 'UAH', valueAddedTaxIncluded: false } } }));
    await postBid(t.app, tender, bid);
    await setClock(t.app, AFTER_TENDERING);
    const mirrors = await awardAll(tender);
    assert.equal(mirrors.length, 2);
    assert.deepEqual(mirrors.map((m) => (m.value as Json).amount), [0, 0]);
    const [first, second] = await Promise.all(mirrors.map(async (m) => (await api(t.app, 'GET', contractUrl(String(m.id)), { auth: null })).json.data as Json));
    assert.deepEqual([first!.buyerID, second!.buyerID], ['a'.repeat(32), 'b'.repeat(32)]);
    assert.equal((first!.buyer as Json).name, 'Buyer a');
    assert.deepEqual((first!.items as Json[]).map((i) => i.id), ['f'.repeat(32)]);
    const patch = (id: unknown, data: Json) => api(t.app, 'PATCH', contractUrl(String(id), tender.token), { body: { data } });
    expectError(await patch(first!.id, { value: { amount: 1001, amountNet: 1001 } }), 403, 'body', 'value', 'Amount should be less or equal to awarded amount');
    expectStatus(await patch(second!.id, { status: 'cancelled' }), 200);
    assert.equal((await getTender(t.app, tender.id)).status, 'active.awarded');
    expectError(await patch(first!.id, { status: 'cancelled' }), 403, 'body', 'data', "Can't update contract status from pending to cancelled for last not cancelled contract. Cancel award instead.");
    expectStatus(await patch(first!.id, { value: { amount: 500, amountNet: 500 }, ...SIGNING, status: 'active' }), 200);
    const done = await getTender(t.app, tender.id);
    assert.deepEqual((done.contracts as Json[]).map((c) => c.status), ['active', 'cancelled']);
    assert.equal(done.status, 'complete');
  });

  test('signer info: buyer side and winning bidder, pending contracts only', async () => {
    const lt = await publishLotTender(t.app, 1);
    const [bid] = await bidAndEndTendering(t, lt, [[500]]);
    const [mirror] = await awardAll(lt.tender);
    const id = String(mirror!.id);
    const signer = { name: 'Test Testovich', email: 'example@email.com', telephone: '+380950000000', iban: '111111111111111', position: 'Директор', authorizedBy: 'Статут' };
    const put = (side: string, token: string, data: Json = signer) => api(t.app, 'PUT', contractUrl(id, token, `/${side}/signer_info`), { body: { data } });
    expectError(await put('suppliers', lt.tender.token), 403, 'url', 'permission', 'Forbidden');
    expectError(await put('buyer', bid!.token), 403, 'url', 'permission', 'Forbidden');
    expectError(await put('buyer', lt.tender.token, { ...signer, iban: '1' }), 422, 'body', 'iban', ['String value is too short.']);
    const supplier = await put('suppliers', bid!.token);
    expectStatus(supplier, 200);
    assert.deepEqual(supplier.json.data, signer);
    expectStatus(await put('buyer', lt.tender.token), 200);
    const contract = (await api(t.app, 'GET', contractUrl(id), { auth: null })).json.data as { buyer: Json; suppliers: Json[] };
    assert.deepEqual(contract.buyer.signerInfo, signer);
    assert.deepEqual(contract.suppliers[0]!.signerInfo, signer);
    await api(t.app, 'PATCH', contractUrl(id, lt.tender.token), { body: { data: { ...SIGNING, status: 'active' } } });
    expectError(await put('buyer', lt.tender.token), 403, 'body', 'data', 'Operation forbidden in current (active) status');
  });

  test('transactions: recorded once by the buyer side or bots, later PUTs change the status', async () => {
    const lt = await publishLotTender(t.app, 1);
    await bidAndEndTendering(t, lt, [[500]]);
    const [mirror] = await awardAll(lt.tender);
    const id = String(mirror!.id);
    const party = (name: string) => ({ name, bankAccount: { id: 'UA213223130000026007233566001', scheme: 'IBAN' } });
    const tx = { date: AFTER_TENDERING, value: { amount: 100, currency: 'UAH' }, payer: party('Payer'), payee: party('Payee'), status: 0 };
    expectError(await api(t.app, 'PUT', contractUrl(id, 'wrong', '/transactions/tx-1'), { body: { data: tx } }), 403, 'url', 'permission', 'Forbidden');
    const first = await api(t.app, 'PUT', contractUrl(id, lt.tender.token, '/transactions/tx-1'), { body: { data: tx } });
    expectStatus(first, 200);
    assert.deepEqual(((first.json.data as Json).implementation as Json).transactions, [{ ...tx, status: 'successful', id: 'tx-1' }]);
    expectStatus(await api(t.app, 'PUT', contractUrl(id, undefined, '/transactions/tx-1'), { auth: 'bot', body: { data: { ...tx, value: { amount: 1, currency: 'UAH' }, status: -1 } } }), 200);
    const got = await api(t.app, 'GET', contractUrl(id, undefined, '/transactions/tx-1'), { auth: null });
    assert.deepEqual(got.json.data, { ...tx, status: 'canceled', id: 'tx-1' });
    expectError(await api(t.app, 'GET', contractUrl(id, undefined, '/transactions/nope'), { auth: null }), 404, 'url', 'transaction_id', 'Not Found');
  });

  test('the chronograph gives an active award without a contract its contract', async () => {
    const lt = await publishLotTender(t.app, 1);
    await bidAndEndTendering(t, lt, [[500]]);
    const [award] = await listAwards(t.app, lt.tender.id);
    // An award activated outside an award decision (no contract written with it).
    await updateStoredTender(t, lt.tender.id, (tender) => {
      const a = (tender.awards as Json[])[0]!;
      a.status = 'active';
      a.qualified = true;
      tender.next_check = AFTER_TENDERING;
    });
    await setClock(t.app, '2027-01-15T00:20:00+02:00');
    const tender = await getTender(t.app, lt.tender.id);
    const mirrors = tender.contracts as Json[];
    assert.equal(mirrors.length, 1);
    assert.equal(mirrors[0]!.awardID, award!.id);
    assert.equal(tender.status, 'active.awarded');
    const full = await api(t.app, 'GET', contractUrl(String(mirrors[0]!.id)), { auth: null });
    expectStatus(full, 200);
    assert.equal((full.json.data as Json).awardID, award!.id);
  });

  test('PATCH pipeline messages, credentials, changes, feed', async () => {
    const lt = await publishLotTender(t.app, 1);
    await bidAndEndTendering(t, lt, [[500]]);
    const [mirror] = await awardAll(lt.tender);
    const id = String(mirror!.id);
    const patch = (data: Json, token: string | undefined = lt.tender.token) => api(t.app, 'PATCH', contractUrl(id, token), { body: { data } });
    expectError(await patch({ title: 'x' }, 'wrong'), 403, 'url', 'permission', 'Forbidden');
    expectError(await patch({ amountPaid: { amount: 1 } }), 422, 'body', 'amountPaid', 'Rogue field');
    expectError(await patch({ value: { amount: 500, currency: 'USD', amountNet: 500 } }), 403, 'body', 'value', "Can't update currency for contract value");
    expectError(await patch({ value: { amount: 500 } }), 422, 'body', 'value', { amountNet: 'This field is required.' });
    expectError(await patch({ value: { amount: 500, amountNet: 490 } }), 403, 'body', 'value', 'Amount and amountNet should be equal');
    expectError(await patch({ value: { amount: 600.01, amountNet: 500, valueAddedTaxIncluded: true } }), 403, 'body', 'value', 'Amount should be equal or greater than amountNet and differ by no more than 20.0%');
    expectError(await patch({ value: { amount: 510, amountNet: 510 } }), 403, 'body', 'value', 'Amount should be less or equal to awarded amount');
    expectError(await patch({ status: 'cancelled' }), 403, 'body', 'data', "Can't update contract status");
    expectError(await patch({ status: 'terminated' }), 403, 'body', 'data', "Can't update contract status");
    expectError(await patch({ dateSigned: '2027-01-14T00:00:00+02:00' }), 422, 'body', 'dateSigned', [`Contract signature date should be after award activation date (${AFTER_TENDERING})`]);
    expectError(await patch({ dateSigned: '2027-02-14T00:00:00+02:00' }), 422, 'body', 'dateSigned', ["Contract signature date can't be in the future"]);
    expectError(await patch({ status: 'active' }), 422, 'body', 'data', 'period is required for contract in `active` status');
    expectError(await patch({ status: 'active', period: SIGNING.period }), 422, 'body', 'data', 'contractNumber is required for contract in `active` status');
    expectError(await patch({ status: 'active', period: { startDate: '2027-02-01T00:00:00+02:00', endDate: '2027-01-20T00:00:00+02:00' }, contractNumber: '1' }), 422, 'body', 'period', 'period should begin before its end');
    expectError(await patch({ items: [] }), 422, 'body', 'items', ['Please provide at least 1 item.']);
    // The Administrator corrects a few fields without a token; the broker terms are rogue for it.
    const admin = (data: Json) => api(t.app, 'PATCH', contractUrl(id), { auth: 'administrator', body: { data } });
    expectError(await admin({ title: 'x' }), 422, 'body', 'title', 'Rogue field');
    const corrected = await admin({ contractNumber: 'ADM-1' });
    expectStatus(corrected, 200);
    assert.equal((corrected.json.data as Json).contractNumber, 'ADM-1');
    // A pending value change goes to the tender mirror.
    const lowered = await patch({ value: { amount: 490, amountNet: 490 }, items: [{ ...((await api(t.app, 'GET', contractUrl(id))).json.data as { items: Json[] }).items[0]!, unit: { name: 'кілограм', code: 'KGM', value: { amount: 98, currency: 'UAH', valueAddedTaxIncluded: false } } }] });
    expectStatus(lowered, 200);
    assert.deepEqual(((await getTender(t.app, lt.tender.id)).contracts as Json[])[0]!.value, { amount: 490, amountNet: 490, currency: 'UAH', valueAddedTaxIncluded: false });

    const creds = await api(t.app, 'PATCH', contractUrl(id, lt.tender.token, '/credentials'), { body: { data: '' } });
    expectStatus(creds, 200);
    const contractToken = (creds.json.access as { token: string }).token;
    expectError(await api(t.app, 'PATCH', contractUrl(id, contractToken, '/credentials'), { body: { data: '' } }), 403, 'url', 'permission', 'Forbidden');
    expectStatus(await patch({ ...SIGNING, status: 'active' }, contractToken), 200);

    const change = await api(t.app, 'POST', contractUrl(id, contractToken, '/changes'), { body: { data: { rationale: 'ціна', rationaleTypes: ['priceReduction'] } } });
    expectStatus(change, 201);
    const changeId = String((change.json.data as Json).id);
    expectError(
      await api(t.app, 'POST', contractUrl(id, contractToken, '/changes'), { body: { data: { rationale: 'ще', rationaleTypes: ['priceReduction'] } } }),
      403, 'body', 'data', "Can't create new contract change while any (pending) change exists",
    );
    expectError(
      await api(t.app, 'PATCH', contractUrl(id, contractToken, `/changes/${changeId}`), { body: { data: { status: 'active' } } }),
      403, 'body', 'data', "Can't update contract change status. 'dateSigned' is required.",
    );
    const applied = await api(t.app, 'PATCH', contractUrl(id, contractToken, `/changes/${changeId}`), { body: { data: { status: 'active', dateSigned: AFTER_TENDERING } } });
    expectStatus(applied, 200);
    assert.equal((applied.json.data as Json).status, 'active');
    expectError(await patch({ status: 'terminated' }, contractToken), 403, 'body', 'data', "Can't terminate contract while 'amountPaid' is not set");
    const terminated = await patch({ status: 'terminated', amountPaid: { amount: 490, amountNet: 490 } }, contractToken);
    expectStatus(terminated, 200);
    expectError(await patch({ title: 'x' }, contractToken), 403, 'body', 'data', "Can't update contract in current (terminated) status");
    // The mirror keeps the status of activation time.
    assert.equal(((await getTender(t.app, lt.tender.id)).contracts as Json[])[0]!.status, 'active');

    const feed = await api(t.app, 'GET', '/api/2.5/contracts?opt_fields=status,contractID', { auth: null });
    expectStatus(feed, 200);
    const row = (feed.json.data as Json[]).find((r) => r.id === id)!;
    assert.equal(row.status, 'terminated');
    expectError(await api(t.app, 'GET', contractUrl('ffffffffffffffffffffffffffffffff')), 404, 'url', 'contract_id', 'Not Found');
  });

  test('contract documents: the buyer side writes in pending/active, never deletes; relations checked', async () => {
    const lt = await publishLotTender(t.app, 1);
    const [bid] = await bidAndEndTendering(t, lt, [[500]]);
    const [mirror] = await awardAll(lt.tender);
    const id = String(mirror!.id);
    const doc = (data: Json) => ({ data: { title: 'contract.pdf', format: 'application/pdf', ...SIGNED_URLS.noticePdf, ...data } });
    expectError(await api(t.app, 'POST', contractUrl(id, bid!.token, '/documents'), { body: doc({}) }), 403, 'url', 'permission', 'Forbidden');
    const posted = await api(t.app, 'POST', contractUrl(id, lt.tender.token, '/documents'), { body: doc({ documentType: 'contractSigned' }) });
    expectStatus(posted, 201);
    const created = posted.json.data as Json;
    assert.equal(created.documentOf, 'contract');
    assert.equal(created.author, undefined);
    expectError(
      await api(t.app, 'POST', contractUrl(id, lt.tender.token, '/documents'), { body: doc({ documentOf: 'item', relatedItem: 'ffffffffffffffffffffffffffffff00' }) }),
      422, 'body', 'relatedItem', ['relatedItem should be one of items'],
    );
    expectStatus(await api(t.app, 'POST', contractUrl(id, lt.tender.token, '/documents'), { body: doc({ documentOf: 'item', relatedItem: 'ffffffffffffffffffffffffffffffff' }) }), 201);
    const list = await api(t.app, 'GET', contractUrl(id, undefined, '/documents'), { auth: null });
    assert.equal((list.json.data as Json[]).length, 2);
    expectError(await api(t.app, 'DELETE', contractUrl(id, lt.tender.token, `/documents/${String(created.id)}`)), 403, 'body', 'data', 'Forbidden to delete document for contract');
    const full = await api(t.app, 'GET', contractUrl(id), { auth: null });
    assert.equal(((full.json.data as Json).documents as Json[]).length, 2);
    await api(t.app, 'PATCH', contractUrl(id, lt.tender.token), { body: { data: { ...SIGNING, status: 'active' } } });
    const patched = await api(t.app, 'PATCH', contractUrl(id, lt.tender.token, `/documents/${String(created.id)}`), { body: { data: { description: 'підписаний' } } });
    expectStatus(patched, 200);
    await api(t.app, 'PATCH', contractUrl(id, lt.tender.token), { body: { data: { status: 'terminated', amountPaid: { amount: 500, amountNet: 500 } } } });
    expectError(await api(t.app, 'POST', contractUrl(id, lt.tender.token, '/documents'), { body: doc({}) }), 403, 'body', 'data', "Can't add document in current (terminated) contract status");
  });
});
