// Concurrency (issue 7, reliability 1), on each backend: 50 clients PATCH one tender at once
// (different fields) and 50 create bids on one tender at once, all through app.inject in
// parallel. A client that gets 409 retries, as the reference tells clients to. Afterwards every
// acknowledged change is stored, every refusal was the exact 409, the revision history has one
// entry per acknowledged write and its reverse patches walk back to the first version, and the
// feed lists the tender once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeApp, type TestApp } from '../helpers/app.ts';
import { api, type ApiResponse, type Json } from '../helpers/api.ts';
import { REFERENCE_DS_KEY } from '../helpers/reference-ds.ts';
import { BURST_FIELDS, burstChanges, burstProblems, storedVersions, untilSettled } from '../helpers/patch-burst.ts';
import { ownerUrl } from '../procedures/below-threshold/builders.ts';
import { bidData, bidsUrl, createPublishedTender, startTendering } from '../procedures/below-threshold/tendering.ts';

const CLIENTS = 50;

/** A bid for the 5 recorded items at `unitPrice` each (its own amount per client, within the 500 budget). */
function pricedBid(lotId: string, unitPrice: number): Json {
  const base = bidData(lotId);
  const items = (base.items as Json[]).map((item) => ({ ...item, unit: { ...(item.unit as Json), value: { amount: unitPrice, currency: 'UAH', valueAddedTaxIncluded: false } } }));
  return { ...base, items, lotValues: [{ value: { amount: unitPrice * 5 }, relatedLot: lotId }] };
}

async function feedOccurrences(t: TestApp, id: string): Promise<number> {
  let count = 0;
  let url = '/api/2.5/tenders?limit=1000';
  for (let page = 0; page < 100; page++) {
    const res = await api(t.app, 'GET', url, { auth: null });
    const items = res.json.data as Json[];
    if (items.length === 0) break;
    count += items.filter((x) => x.id === id).length;
    const next = (res.json.next_page as Json).path as string;
    url = next;
  }
  return count;
}

describeApp('concurrent writes', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {

  test(`${CLIENTS} owners PATCH different fields of one tender at once: every acknowledged change stored, history consistent`, async () => {
    const { tender } = await createPublishedTender(t.app);
    const before = await t.deps.store.get('tenders', tender.id);
    const revisionsBefore = (await t.deps.store.revisions('tenders', tender.id)).length;
    const changes = burstChanges(CLIENTS);

    const outcomes = await Promise.all(
      changes.map(({ field, value }) => untilSettled(() => api(t.app, 'PATCH', ownerUrl(tender), { body: { data: { [field]: value } } }), 200)),
    );

    assert.deepEqual(outcomes.flatMap((o) => o.unexpected), [], 'every refusal is the exact 409');
    assert.equal(outcomes.filter((o) => o.acknowledged).length, CLIENTS, 'every client got its change acknowledged');
    const history = await storedVersions(t.deps.store, 'tenders', tender.id);
    assert.equal(history.length - 1 - revisionsBefore, CLIENTS, 'one revision per acknowledged write');
    assert.deepEqual(burstProblems(history, before!.doc as Json, changes), []);
    // The stored document holds, per field, the value written last.
    const final = history[0] as Json;
    for (const field of new Set(changes.map((c) => c.field))) {
      const lastWrite = history.findIndex((v, k) => k < CLIENTS && v[field] !== history[k + 1]?.[field]);
      assert.equal(final[field], history[lastWrite]?.[field]);
    }
    const publicData = (await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}`, { auth: null })).json.data as Json;
    for (const field of BURST_FIELDS) assert.equal(publicData[field], final[field], `${field} as served`);
    assert.equal(await feedOccurrences(t, tender.id), 1, 'the feed lists the tender once');
    // PostgreSQL runs the loads and saves of the burst truly in parallel, so clients meet 409s
    // (hundreds per burst). The SQLite store is synchronous: one process serializes its writes and
    // no conflict arises, which the checks above equally cover.
    const conflicts = outcomes.reduce((n, o) => n + o.conflicts, 0);
    if (t.backend === 'postgres') assert.ok(conflicts > 0, 'the burst really raced');
  });

  test(`${CLIENTS} bidders create bids on one tender at once: every acknowledged bid stored, nothing else`, async () => {
    const { tender, lotId } = await createPublishedTender(t.app);
    await startTendering(t, tender.id);
    const revisionsBefore = (await t.deps.store.revisions('tenders', tender.id)).length;

    const outcomes = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) =>
        untilSettled(() => api(t.app, 'POST', bidsUrl(tender), { auth: 'brokerh', body: { data: pricedBid(lotId, 50 + i) } }), 201),
      ),
    );

    assert.deepEqual(outcomes.flatMap((o) => o.unexpected), [], 'every refusal is the exact 409');
    const acknowledged = outcomes.map((o) => o.acknowledged).filter((r): r is ApiResponse => r !== null);
    assert.equal(acknowledged.length, CLIENTS);
    const stored = (await t.deps.store.get('tenders', tender.id))?.doc as { bids?: Array<{ id: string; owner_token: string; lotValues: Array<{ value: { amount: number } }> }> };
    const storedBids = new Map((stored.bids ?? []).map((b) => [b.id, b]));
    assert.equal(storedBids.size, CLIENTS, 'exactly the acknowledged bids are stored');
    for (const res of acknowledged) {
      const bid = res.json.data as { id: string; lotValues: Array<{ value: { amount: number } }> };
      const kept = storedBids.get(bid.id);
      assert.ok(kept, `acknowledged bid ${bid.id} is stored`);
      const token = String((res.json.access as Json).token);
      assert.equal(kept.owner_token, t.deps.tokens.seal(token), 'the token issued is the one kept (sealed)');
      assert.equal(kept.lotValues[0]?.value.amount, bid.lotValues[0]?.value.amount);
      // The owner reads it back with its token.
      const own = await api(t.app, 'GET', `${bidsUrl(tender, `/${bid.id}`)}?acc_token=${token}`, { auth: 'brokerh' });
      assert.equal(own.status, 200);
    }
    const history = await storedVersions(t.deps.store, 'tenders', tender.id);
    assert.equal(history.length - 1 - revisionsBefore, CLIENTS, 'one revision per acknowledged bid');
    assert.deepEqual(history[history.length - 1], {});
    for (let k = 0; k < CLIENTS; k++) {
      const count = (v: Json | undefined) => ((v?.bids as unknown[] | undefined) ?? []).length;
      assert.equal(count(history[k]) - count(history[k + 1]), 1, `revision ${k} adds one bid`);
    }
    assert.equal(await feedOccurrences(t, tender.id), 1, 'the feed lists the tender once');
  });
});
