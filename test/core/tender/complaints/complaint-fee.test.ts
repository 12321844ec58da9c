// The complaint fee (open-procedures.md §2.3): the share of the contested value, bounded and
// rounded up to tens; a foreign-currency value converted at the bank's rate of the day, with the
// reference's 409/422 answers when the rate service fails. The service is a local fake here.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { feeFor, fetchExchangeRates, uahAmount } from '../../../../src/core/tender/complaints/complaint-fee.ts';
import { ApiError } from '../../../../src/core/http/errors.ts';
import { describeApp } from '../../../helpers/app.ts';
import { api, expectError, expectStatus, setClock, type Json } from '../../../helpers/api.ts';
import { REFERENCE_DS_KEY } from '../../../helpers/reference-ds.ts';
import { START } from '../../../helpers/recorded-tender.ts';
import { activeAward, COMPLAINANT, createNegotiation, LOT_ID, ownerUrl } from '../../../procedures/negotiation/builders.ts';

describe('complaint fee', () => {
  test('0.3 % while tendering within [2000, 85000], else 0.6 % within [3000, 170000], rounded up to tens', () => {
    assert.equal(feeFor(100_000, true), 2000);
    assert.equal(feeFor(1_000_000, true), 3000);
    assert.equal(feeFor(1_234_567, true), 3710);
    assert.equal(feeFor(100_000_000, true), 85000);
    assert.equal(feeFor(100_000, false), 3000);
    assert.equal(feeFor(1_000_001, false), 6010);
    assert.equal(feeFor(1_000_000, false), 6000);
    assert.equal(feeFor(1e12, false), 170000);
  });

  test('UAH values need no rate', async () => {
    assert.equal(await uahAmount({ amount: 5, currency: 'UAH' }, () => Promise.reject(new Error('not asked'))), 5);
  });
});

/** A bank.gov.ua-style rate service: its answer is what `reply` says. */
function fakeBank(): { server: Server; url: () => string; reply: { status: number; body: string }; dates: string[] } {
  const state = { reply: { status: 200, body: JSON.stringify([{ cc: 'USD', rate: 41.5 }, { cc: 'EUR', rate: 45 }]) }, dates: [] as string[] };
  const server = createServer((req, res) => {
    state.dates.push(new URL(req.url ?? '/', 'http://x').searchParams.get('date') ?? '');
    res.writeHead(state.reply.status, { 'content-type': 'application/json' });
    res.end(state.reply.body);
  });
  return { server, url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/exchange`, get reply() { return state.reply; }, set reply(r) { state.reply = r; }, dates: state.dates };
}

const bank = fakeBank();
await new Promise<void>((resolve) => bank.server.listen(0, '127.0.0.1', resolve));
after(() => new Promise<void>((resolve) => bank.server.close(() => resolve())));

describe('exchange rates', () => {
  test('rates of the day; failures answered as the reference does', async () => {
    bank.reply = { status: 200, body: JSON.stringify([{ cc: 'USD', rate: 41.5 }]) };
    assert.deepEqual(await fetchExchangeRates(bank.url(), '20270101'), [{ cc: 'USD', rate: 41.5 }]);
    assert.equal(bank.dates.at(-1), '20270101');
    bank.reply = { status: 200, body: 'not json' };
    await assert.rejects(fetchExchangeRates(bank.url(), '20270101'), (e: ApiError) => e.status === 409 && e.errors[0]!.description === 'Failure of decoding data from bank.gov.ua');
    await assert.rejects(fetchExchangeRates('http://127.0.0.1:1/exchange', '20270101'), (e: ApiError) => e.status === 409 && String(e.errors[0]!.description).startsWith('Error while getting data from bank.gov.ua: '));
    await assert.rejects(uahAmount({ amount: 1, currency: 'GBP' }, async () => [{ cc: 'USD', rate: 41.5 }]), (e: ApiError) => e.status === 422 && e.errors[0]!.description === "Couldn't find currency GBP on bank.gov.ua");
  });
});

describeApp('complaint fee in another currency', { trustedDsKeys: [REFERENCE_DS_KEY], env: { EXCHANGE_RATES_URL: bank.url() } }, (t) => {
  before(() => setClock(t.app, START));

  test('a USD lot: the fee from the converted value; a failing bank refuses the complaint and stores nothing', async () => {
    const usd = { amount: 100_000, currency: 'USD', valueAddedTaxIncluded: true };
    const n = await createNegotiation(t.app, 'negotiation', { value: usd, lots: [{ id: LOT_ID, title: 'Лот 1', value: usd }] });
    expectStatus(await api(t.app, 'PATCH', ownerUrl(n), { body: { data: { status: 'active' } } }), 200);
    const award = await activeAward(t.app, n);
    const url = `/api/2.5/tenders/${n.id}/awards/${String(award.id)}/complaints`;
    const body = { data: { type: 'complaint', title: 'Скарга', author: COMPLAINANT } };
    const before = (await api(t.app, 'GET', `/api/2.5/tenders/${n.id}`)).body;
    bank.reply = { status: 200, body: '<html>' };
    expectError(await api(t.app, 'POST', url, { auth: 'broker1', body }), 409, 'body', 'data', 'Failure of decoding data from bank.gov.ua');
    bank.reply = { status: 200, body: JSON.stringify([{ cc: 'EUR', rate: 45 }]) };
    expectError(await api(t.app, 'POST', url, { auth: 'broker1', body }), 422, 'body', 'data', "Couldn't find currency USD on bank.gov.ua");
    assert.equal((await api(t.app, 'GET', `/api/2.5/tenders/${n.id}`)).body, before);
    bank.reply = { status: 200, body: JSON.stringify([{ cc: 'USD', rate: 41.5 }]) };
    const filed = await api(t.app, 'POST', url, { auth: 'broker1', body });
    expectStatus(filed, 201);
    // 100000 USD × 41.5 = 4 150 000 UAH; 0.6 % = 24 900.
    assert.deepEqual((filed.json.data as Json).value, { amount: 24900, currency: 'UAH' });
  });
});
