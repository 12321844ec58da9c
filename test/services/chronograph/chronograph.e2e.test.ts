// End to end on a real socket: with the built-in chronograph running and nobody calling it, an
// accelerated sandbox tender (`procurementMethodDetails: "quick, accelerator=N"`) leaves
// active.enquiries and then finishes tendering on its own, within seconds of real time.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeApp } from '../../helpers/app.ts';
import { formatIso } from '../../../src/core/time/iso.ts';
import type { Json } from '../../helpers/api.ts';
import { tenderBody, tenderItem } from '../../helpers/recorded-tender.ts';
import { REFERENCE_DS_KEY, SIGNED_URLS } from '../../helpers/reference-ds.ts';
import { lotData } from '../../procedures/below-threshold/builders.ts';

/** A day lasts 0.1 s: the 3 enquiry days need 0.3 s, the 2 tendering days 0.2 s. */
const ACCELERATOR = 864_000;

describeApp('built-in chronograph on a real socket', { trustedDsKeys: [REFERENCE_DS_KEY], chronograph: true, env: { CHRONOGRAPH_INTERVAL_MS: '100' } }, (t) => {
  let base: string;
  before(async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/2.5`;
  });

  async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: 'Bearer broker', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Json };
  }

  async function waitForStatus(id: string, status: string, timeoutMs: number): Promise<Json> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { json } = await call('GET', `/tenders/${id}`);
      const data = json.data as Json;
      if (data.status === status) return data;
      if (Date.now() > deadline) assert.fail(`tender still ${String(data.status)}, expected ${status}`);
      await sleep(100);
    }
  }

  test('an accelerated tender reaches active.tendering and then unsuccessful (no bids) by itself', { timeout: 30_000 }, async () => {
    const created0 = Date.now();
    const body = tenderBody({
      procurementMethodDetails: `quick, accelerator=${ACCELERATOR}`,
      items: [tenderItem()],
      enquiryPeriod: { endDate: formatIso(created0 + 60_000) },
      tenderPeriod: { endDate: formatIso(created0 + 70_000) },
    });
    const created = await call('POST', '/tenders', body);
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const id = String((created.json.data as Json).id);
    const token = String((created.json.access as Json).token);
    const owner = (suffix = ''): string => `/tenders/${id}${suffix}?acc_token=${token}`;

    const lot = await call('POST', owner('/lots'), { data: lotData() });
    assert.equal(lot.status, 201, JSON.stringify(lot.json));
    const lotId = String((lot.json.data as Json).id);
    assert.equal((await call('PATCH', owner(), { data: { items: [tenderItem({ relatedLot: lotId })] } })).status, 200);
    for (const doc of [
      { title: 'contractProforma.pdf', documentType: 'contractProforma', format: 'application/pdf', ...SIGNED_URLS.noticePdf },
      { title: 'sign.p7s', documentType: 'notice', format: 'application/pkcs7-signature', ...SIGNED_URLS.notice },
    ]) {
      const res = await call('POST', owner('/documents'), { data: doc });
      assert.equal(res.status, 201, JSON.stringify(res.json));
    }
    // Short periods only now that the setup is done, so a slow machine cannot skip a status unseen.
    const now = Date.now();
    const enquiryEnd = formatIso(now + 1_000);
    const periods = { enquiryPeriod: { endDate: enquiryEnd }, tenderPeriod: { startDate: enquiryEnd, endDate: formatIso(now + 2_500) } };
    const shortened = await call('PATCH', owner(), { data: periods });
    assert.equal(shortened.status, 200, JSON.stringify(shortened.json));
    const published = await call('PATCH', owner(), { data: { status: 'active.enquiries' } });
    assert.equal(published.status, 200, JSON.stringify(published.json));
    assert.equal((published.json.data as Json).next_check, enquiryEnd);

    const tendering = await waitForStatus(id, 'active.tendering', 10_000);
    assert.equal(tendering.next_check, (tendering.tenderPeriod as Json).endDate);
    const done = await waitForStatus(id, 'unsuccessful', 10_000);
    assert.equal(((done.lots as Json[])[0] as Json).status, 'unsuccessful');
    assert.equal('next_check' in done, false);
  });
});
