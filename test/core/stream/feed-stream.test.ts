// The push feed (issue 16 §2) over a real socket, on both backends: live events with the polling
// feed's items and offsets, `opt_fields`, resuming by Last-Event-ID or ?offset= without gaps or
// duplicates, heartbeats, a restart losing nothing, and (PostgreSQL) a write on one node waking a
// stream on another through LISTEN/NOTIFY.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { TEST_BACKENDS, buildTestApp, type TestApp } from '../../helpers/app.ts';
import { api, expectStatus, type Json } from '../../helpers/api.ts';
import { REFERENCE_DS_KEY } from '../../helpers/reference-ds.ts';
import { dataEvents, openSse } from '../../helpers/sse-client.ts';
import { publishLotTender } from '../../procedures/below-threshold/awarding.ts';
import { patchTender } from '../../procedures/below-threshold/builders.ts';
import { sharedDatabase } from '../../helpers/backends.ts';
import { planBody } from '../../helpers/plan-body.ts';
import type { Store } from '../../../src/core/storage/store.ts';

async function serve(store: Store, env: Record<string, string> = {}): Promise<{ app: TestApp; url: string }> {
  const app = await buildTestApp({ store, trustedDsKeys: [REFERENCE_DS_KEY], env: { STREAM_HEARTBEAT_MS: '60000', ...env } });
  await app.app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url: `http://127.0.0.1:${(app.app.server.address() as AddressInfo).port}/api/2.5` };
}

for (const backend of TEST_BACKENDS) {
  describe(`push feed [${backend}]`, () => {
    const db = sharedDatabase(backend);
    after(() => db.cleanup());

    it('live events carry the feed items and offsets; resume by Last-Event-ID and ?offset= is exact; a restart loses nothing', async () => {
      let node = await serve(await db.open());
      const live = await openSse(`${node.url}/tenders/stream?opt_fields=status`);
      assert.equal(live.status, 200);
      const lt = await publishLotTender(node.app.app, 1);
      await live.until((ev) => dataEvents(ev).some((e) => e.item.id === lt.tender.id && e.item.status === 'active.enquiries'));
      const first = dataEvents(live.events);
      for (const e of first) {
        assert.match(e.id, /^[0-9]+\.[0-9]+\.1\.[0-9a-f]{32}$/);
        assert.deepEqual(Object.keys(e.item).sort(), ['dateModified', 'id', 'status']);
      }
      live.close();

      // Writes while disconnected, then a restart of the server on the same database.
      const resumeFrom = first.at(-1)!.id;
      await patchTender(node.app.app, lt.tender, { title: 'перша зміна' });
      const other = await publishLotTender(node.app.app, 1);
      await node.app.close();
      node = await serve(await db.open());

      const polled = await api(node.app.app, 'GET', `/api/2.5/tenders?offset=${resumeFrom}&opt_fields=status`, { auth: null });
      expectStatus(polled, 200);
      const expected = (polled.json.data as Json[]).map((d) => d.id);
      assert.deepEqual(expected.slice(0, 2).sort(), [lt.tender.id, other.tender.id].sort());

      const resumed = await openSse(`${node.url}/tenders/stream?opt_fields=status`, { 'Last-Event-ID': resumeFrom });
      await resumed.until((ev) => dataEvents(ev).length >= expected.length);
      assert.deepEqual(dataEvents(resumed.events).map((e) => e.item.id), expected, 'the same items, in the same order, as the polling feed');
      resumed.close();

      // ?offset= from a polling page (its next_page offset) works the same.
      const byQuery = await openSse(`${node.url}/tenders/stream?offset=${encodeURIComponent(resumeFrom)}&opt_fields=status`);
      await byQuery.until((ev) => dataEvents(ev).length >= expected.length);
      assert.deepEqual(dataEvents(byQuery.events).map((e) => e.item.id), expected);
      // And it goes on live: one more write is one more event, no duplicates.
      await patchTender(node.app.app, other.tender, { title: 'друга зміна' });
      await byQuery.until((ev) => dataEvents(ev).length >= expected.length + 1);
      const all = dataEvents(byQuery.events);
      assert.equal(all.at(-1)!.item.id, other.tender.id);
      assert.equal(new Set(all.map((e) => e.id)).size, all.length, 'no event id twice');
      byQuery.close();
      await node.app.close();
    });

    it('plans: published plans and their changes are pushed, drafts are not', async () => {
      const node = await serve(await db.open());
      const s = await openSse(`${node.url}/plans/stream?opt_fields=status`);
      await new Promise((r) => setTimeout(r, 100));
      const draft = await api(node.app.app, 'POST', '/api/2.5/plans', { body: { data: planBody({ status: 'draft' }) } });
      expectStatus(draft, 201);
      const plan = await api(node.app.app, 'POST', '/api/2.5/plans', { body: { data: planBody() } });
      expectStatus(plan, 201);
      const planId = String((plan.json.data as Json).id);
      const patched = await api(node.app.app, 'PATCH', `/api/2.5/plans/${planId}?acc_token=${String((plan.json.access as Json).token)}`, {
        body: { data: { rationale: { description: 'Обгрунтування' } } },
      });
      expectStatus(patched, 200);
      await s.until((ev) => dataEvents(ev).length >= 2);
      const events = dataEvents(s.events);
      assert.deepEqual(events.map((e) => e.item.id), [planId, planId]);
      assert.equal(events[0]!.item.status, 'scheduled');
      const feed = await api(node.app.app, 'GET', '/api/2.5/plans', { auth: null });
      assert.deepEqual((feed.json.data as Json[]).map((i) => i.id), [planId], 'the polling feed lists the same plans');
      s.close();
      await node.app.close();
    });

    it('heartbeats; unknown parameters and bad offsets are refused before the stream starts', async () => {
      const node = await serve(await db.open(), { STREAM_HEARTBEAT_MS: '50' });
      const s = await openSse(`${node.url}/contracts/stream`);
      await s.until((ev) => ev.some((e) => e.comment === 'heartbeat'));
      s.close();
      const bad = await api(node.app.app, 'GET', '/api/2.5/tenders/stream?limit=5', { auth: null });
      expectStatus(bad, 422);
      const badOffset = await api(node.app.app, 'GET', '/api/2.5/tenders/stream?offset=abc', { auth: null });
      expectStatus(badOffset, 404);
      await node.app.close();
    });

    if (backend === 'postgres') {
      it('two nodes on one database: a write on one wakes the stream on the other (LISTEN/NOTIFY)', async () => {
        // A long safety poll: only the notification can bring the event in time.
        const a = await serve(await db.open(), { STREAM_POLL_MS: '600000' });
        const b = await serve(await db.open(), { STREAM_POLL_MS: '600000' });
        const s = await openSse(`${b.url}/tenders/stream`);
        await new Promise((r) => setTimeout(r, 300)); // the LISTEN connection of b is up
        const lt = await publishLotTender(a.app.app, 1);
        await s.until((ev) => dataEvents(ev).some((e) => e.item.id === lt.tender.id), 3000);
        s.close();
        await a.app.close();
        await b.app.close();
      });
    }
  });
}
