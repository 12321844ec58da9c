// The release upgrade of a database written before the release feed (issue 16 §1), on both
// backends: tenders and contracts are written over HTTP (the live releases), then the database is
// made old again (no releases, the upgrade not recorded) and upgraded. Replaying each document's
// revision history must give back the releases the live writes published; a document whose
// history does not apply gets its current state's release and the upgrade goes on.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import { TEST_BACKENDS, buildTestApp, type TestApp } from '../../helpers/app.ts';
import { api, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { REFERENCE_DS_KEY } from '../../helpers/reference-ds.ts';
import { dropSchema } from '../../helpers/backends.ts';
import { bidAndEndTendering, decideAward, listAwards, publishLotTender } from '../../procedures/below-threshold/awarding.ts';
import { addDocument, getTender, patchTender } from '../../procedures/below-threshold/builders.ts';
import { FEED_INDEX_UPGRADE, feedIndexUpgrade } from '../../../src/core/ocds/feed-index-upgrade.ts';
import { SqliteStore } from '../../../src/storage/sqlite/sqlite-store.ts';
import { PostgresStore } from '../../../src/storage/postgres/postgres-store.ts';
import type { Store } from '../../../src/core/storage/store.ts';

const SIGNING = { contractNumber: 'N-1', period: { startDate: '2027-01-16T00:00:00+02:00', endDate: '2027-12-31T00:00:00+02:00' } };

/** A store with a second connection to its database, for what the API cannot do (make it old again). */
interface RawDatabase {
  store: Store;
  /** Runs one statement (`$1`, `$2`, … in order) on the second connection. */
  run(sql: string, params?: unknown[]): Promise<void>;
  close(): Promise<void>;
}

async function rawDatabase(backend: string): Promise<RawDatabase> {
  if (backend === 'postgres') {
    const url = process.env.DATABASE_URL!;
    const schema = `t_${randomBytes(8).toString('hex')}`;
    const store = new PostgresStore({ connectionString: url, schema, max: 5 });
    await store.init();
    const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
    await client.connect();
    return {
      store,
      run: async (sql, params = []) => void (await client.query(sql, params)),
      close: async () => {
        await client.end();
        await dropSchema(url, schema);
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'cdb-replay-'));
  const store = new SqliteStore({ filename: join(dir, 'cdb.sqlite') });
  await store.init();
  const db = new Database(join(dir, 'cdb.sqlite'));
  return {
    store,
    run: async (sql, params = []) => void db.prepare(sql.replace(/\$[0-9]+/g, '?')).run(...params),
    close: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

for (const backend of TEST_BACKENDS) {
  describe(`OCDS releases replayed from revision history [${backend}]`, () => {
    let raw: RawDatabase;
    let t: TestApp;
    before(async () => {
      raw = await rawDatabase(backend);
      t = await buildTestApp({ store: raw.store, trustedDsKeys: [REFERENCE_DS_KEY] });
    });
    after(async () => {
      await t.close();
      await raw.close();
    });

    /** The database as written before the release feed, upgraded again as on open. */
    async function replay(): Promise<void> {
      await raw.run('DELETE FROM releases');
      await raw.run('DELETE FROM upgrades WHERE name = $1', [FEED_INDEX_UPGRADE]);
      assert.ok(await t.deps.store.upgradeOnce(FEED_INDEX_UPGRADE, feedIndexUpgrade(t.deps)), 'the upgrade ran');
    }

    async function record(ocid: string): Promise<Json> {
      const res = await api(t.app, 'GET', `/api/2.5/records/${ocid}`, { auth: null });
      expectStatus(res, 200);
      return res.json;
    }

    /** The releases of one process in release feed order. */
    async function fed(ocid: string): Promise<Json[]> {
      const res = await api(t.app, 'GET', '/api/2.5/releases?limit=1000', { auth: null });
      expectStatus(res, 200);
      return (res.json.releases as Json[]).filter((r) => r.ocid === ocid);
    }

    /** A one-lot tender: drafts, publication, an amendment, a document, tendering, an unsuccessful award. */
    async function unsuccessfulTender(): Promise<{ id: string; ocid: string }> {
      const lt = await publishLotTender(t.app, 1);
      await setClock(t.app, '2027-01-02T10:00:00+02:00');
      await patchTender(t.app, lt.tender, { title: 'Нова назва закупівлі' });
      await setClock(t.app, '2027-01-03T10:00:00+02:00');
      await addDocument(t.app, lt.tender, { title: 'роз’яснення.pdf', documentType: 'clarifications', signed: 'noticePdf' });
      await patchTender(t.app, lt.tender, { description: 'уточнений опис' });
      await bidAndEndTendering(t, lt, [[500]]);
      for (const award of await listAwards(t.app, lt.tender.id)) await decideAward(t.app, lt.tender, String(award.id), 'unsuccessful');
      // The stand-still period ends: the chronograph closes the tender.
      await setClock(t.app, '2027-02-15T10:00:00+02:00');
      const tender = await getTender(t.app, lt.tender.id);
      assert.equal(tender.status, 'unsuccessful');
      return { id: lt.tender.id, ocid: `ocds-be6bcu-${String(tender.tenderID)}` };
    }

    test('a tender: the replayed releases and the record are the live ones', async () => {
      const { ocid } = await unsuccessfulTender();
      const liveRecord = await record(ocid);
      const liveFed = await fed(ocid);
      const tags = liveFed.map((r) => (r.tag as string[]).join('+'));
      assert.equal(tags[0], 'tender');
      assert.ok(liveFed.length >= 5, `several public changes: ${tags.join(', ')}`);
      assert.ok(tags.includes('tenderAmendment'));

      await replay();
      assert.deepEqual(await fed(ocid), liveFed);
      // The whole package: releases, compiled and versioned release, publishedDate (the last release's date).
      assert.deepEqual(await record(ocid), liveRecord);
    });

    test('a tender and its contract: each document replays its own releases', async () => {
      const lt = await publishLotTender(t.app, 1);
      await bidAndEndTendering(t, lt, [[500]]);
      for (const award of await listAwards(t.app, lt.tender.id)) await decideAward(t.app, lt.tender, String(award.id), 'active');
      const tender = await getTender(t.app, lt.tender.id);
      const contractId = String((tender.contracts as Json[])[0]!.id);
      await setClock(t.app, '2027-01-16T10:00:00+02:00');
      const signed = await api(t.app, 'PATCH', `/api/2.5/contracts/${contractId}?acc_token=${lt.tender.token}`, { body: { data: { ...SIGNING, status: 'active' } } });
      expectStatus(signed, 200);
      const ocid = `ocds-be6bcu-${String(tender.tenderID)}`;
      const ofDocument = (releases: Json[], id: string): Json[] => releases.filter((r) => String(r.id).startsWith(`${id}-`));
      const live = await fed(ocid);
      assert.ok(ofDocument(live, contractId).length >= 2);

      await replay();
      const replayed = await fed(ocid);
      assert.equal(replayed.length, live.length);
      for (const id of [lt.tender.id, contractId]) assert.deepEqual(ofDocument(replayed, id), ofDocument(live, id), `the releases of ${id}`);
      assert.equal(((await record(ocid)).records as Json[]).length, 1);
    });

    test('a revision entry that does not apply: that document gets its current state release, the others their history', async () => {
      const healthy = await unsuccessfulTender();
      const liveHealthy = await record(healthy.ocid);
      const broken = await publishLotTender(t.app, 1);
      await setClock(t.app, '2027-01-02T11:00:00+02:00');
      await patchTender(t.app, broken.tender, { title: 'зламана історія' });
      const brokenTender = await getTender(t.app, broken.tender.id);
      const brokenOcid = `ocds-be6bcu-${String(brokenTender.tenderID)}`;
      const revisionCount = (await t.deps.store.revisions('tenders', broken.tender.id)).length;
      await raw.run('UPDATE revisions SET entry = $1 WHERE collection = $2 AND id = $3 AND seq = $4', [
        JSON.stringify({ author: 'broker', changes: [{ op: 'remove', path: '/no/such/field' }], rev: 'x', date: '2027-01-02T11:00:00+02:00' }),
        'tenders',
        broken.tender.id,
        revisionCount,
      ]);

      await replay();
      const releases = await fed(brokenOcid);
      assert.equal(releases.length, 1);
      assert.equal(releases[0]!.id, `${broken.tender.id}-${revisionCount}`);
      assert.deepEqual(releases[0]!.tag, ['tender']);
      assert.equal(releases[0]!.date, brokenTender.dateModified);
      assert.equal((releases[0]!.tender as Json).title, 'зламана історія');
      assert.deepEqual(await record(healthy.ocid), liveHealthy);
    });
  });
}
