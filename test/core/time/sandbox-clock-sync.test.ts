// The sandbox clock shared by the nodes of one store (issue 18 §1), on each backend: two apps, each
// with its own store connection to the same database, as two server processes have.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SandboxClock } from '../../../src/core/time/clock.ts';
import { isoToMs } from '../../../src/core/time/iso.ts';
import { SandboxClockSync } from '../../../src/core/time/sandbox-clock-sync.ts';
import { SqliteStore } from '../../../src/storage/sqlite/sqlite-store.ts';
import { api, expectStatus, setClock } from '../../helpers/api.ts';
import { buildTestApp, TEST_BACKENDS, type TestApp } from '../../helpers/app.ts';
import { sharedDatabase } from '../../helpers/backends.ts';
import { START, tenderBody } from '../../helpers/recorded-tender.ts';

const nowOf = async (t: TestApp): Promise<string> => String(((await api(t.app, 'GET', '/api/2.5/sandbox/clock')).json.data as { now: string }).now);

for (const backend of TEST_BACKENDS) {
  describe(`sandbox clock on two nodes of one store [${backend}]`, () => {
    const db = sharedDatabase(backend);
    let a: TestApp;
    let b: TestApp;
    before(async () => {
      a = await buildTestApp({ store: await db.open() });
      b = await buildTestApp({ store: await db.open() });
    });
    after(async () => {
      await a?.close();
      await b?.close();
      await db.cleanup();
    });

    test('a clock frozen through one node holds on the other: its GET and its next write', async () => {
      await setClock(a.app, START);
      assert.equal(await nowOf(b), START);
      const created = await api(b.app, 'POST', '/api/2.5/tenders', { body: tenderBody() });
      expectStatus(created, 201);
      assert.equal((created.json.data as { dateModified: string }).dateModified, START);
    });

    test('a running clock moved through one node runs from that instant on the other', async () => {
      await setClock(b.app, '2027-03-01T12:00:00+02:00', false);
      const seenOnA = isoToMs(await nowOf(a));
      const target = isoToMs('2027-03-01T12:00:00+02:00');
      assert.ok(seenOnA >= target && seenOnA < target + 5_000, `node A is at ${new Date(seenOnA).toISOString()}`);
      const state = await api(a.app, 'GET', '/api/2.5/sandbox/clock');
      expectStatus(state, 200);
    });

    test('a node started later on the store starts at the sandbox time', async () => {
      await setClock(a.app, '2027-04-01T00:00:00+03:00');
      const late = await buildTestApp({ store: await db.open() });
      try {
        assert.equal(await nowOf(late), '2027-04-01T00:00:00+03:00');
      } finally {
        await late.close();
      }
    });

    test('an in-process move (tests) holds until the clock is moved through the API again', async () => {
      await setClock(a.app, START);
      assert.equal(await nowOf(b), START);
      (b.deps.clock as SandboxClock).set(isoToMs('2027-01-02T00:00:00+02:00'), true);
      expectStatus(await api(b.app, 'POST', '/api/2.5/tenders', { body: tenderBody() }), 201);
      assert.equal(await nowOf(b), '2027-01-02T00:00:00+02:00');
      await setClock(a.app, '2027-01-03T00:00:00+02:00');
      assert.equal(await nowOf(b), '2027-01-03T00:00:00+02:00');
    });
  });
}

describe('SandboxClockSync', () => {
  test('a read that lost the race never puts an older setting back', async () => {
    const store = new SqliteStore({ filename: ':memory:' });
    await store.init();
    try {
      const writer = new SandboxClockSync(store, new SandboxClock());
      const clock = new SandboxClock();
      const reader = new SandboxClockSync(store, clock);
      const writerClock = (writer as unknown as { clock: SandboxClock }).clock;
      writerClock.set(1_000, true);
      await writer.publish();
      const older = await store.getBlob('sandbox/clock');
      writerClock.set(2_000, true);
      await writer.publish();
      await reader.refresh();
      assert.equal(clock.now(), 2_000);
      await store.putBlob('sandbox/clock', older!);
      await reader.refresh();
      assert.equal(clock.now(), 2_000);
    } finally {
      await store.close();
    }
  });

  test('an unreadable stored setting changes nothing', async () => {
    const store = new SqliteStore({ filename: ':memory:' });
    await store.init();
    try {
      const clock = new SandboxClock();
      clock.set(5_000, true);
      await store.putBlob('sandbox/clock', Buffer.from('{"version":"x","frozenAtMs":1}'));
      await new SandboxClockSync(store, clock).refresh();
      await store.putBlob('sandbox/clock', Buffer.from('not json'));
      await new SandboxClockSync(store, clock).refresh();
      assert.equal(clock.now(), 5_000);
    } finally {
      await store.close();
    }
  });
});
