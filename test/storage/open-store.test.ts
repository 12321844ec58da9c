import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isPostgresUrl, openStore } from '../../src/storage/open-store.ts';

const write = (doc: Record<string, unknown>) => ({
  doc,
  publicText: JSON.stringify(doc),
  meta: { isPublic: true, isTest: false, nextCheck: null, touchPublicModified: true },
  revision: { author: 'broker', changes: [], date: '2027-01-01T00:00:00+02:00' },
});

describe('openStore', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'cdb-open-store-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('recognises postgres URLs only', () => {
    assert.equal(isPostgresUrl('postgres://u@h/db'), true);
    assert.equal(isPostgresUrl('postgresql://u@h/db'), true);
    assert.equal(isPostgresUrl('sqlite:./x'), false);
    assert.equal(isPostgresUrl(undefined), false);
  });

  it('defaults to SQLite at <dataDir>/cdb.sqlite, creating the directory, and persists across reopen', async () => {
    const dataDir = join(tmp, 'nested', 'data');
    const store = await openStore({ dataDir });
    assert.equal(store.kind, 'sqlite');
    assert.ok(existsSync(join(dataDir, 'cdb.sqlite')));
    const rev = await store.insert('tenders', 'a'.repeat(32), write({ id: 'a'.repeat(32), amount: 45.55 }));
    assert.equal(await store.nextSequence('s'), 1);
    const pm = (await store.get('tenders', 'a'.repeat(32)))!.publicModified!;
    await store.close();

    const reopened = await openStore({ dataDir });
    const stored = await reopened.get('tenders', 'a'.repeat(32));
    assert.equal(stored!.rev, rev);
    assert.deepEqual(stored!.doc, { id: 'a'.repeat(32), amount: 45.55 });
    assert.equal(await reopened.nextSequence('s'), 2);
    // A new instance still continues strictly above what the file holds.
    await reopened.insert('tenders', 'b'.repeat(32), write({ id: 'b'.repeat(32) }));
    assert.ok((await reopened.get('tenders', 'b'.repeat(32)))!.publicModified! > pm);
    await reopened.close();
  });

  it('sqliteFile overrides the file (":memory:" allowed)', async () => {
    const store = await openStore({ dataDir: join(tmp, 'unused'), sqliteFile: ':memory:' });
    assert.equal(store.kind, 'sqlite');
    assert.equal(existsSync(join(tmp, 'unused')), false);
    await store.close();
  });

  it('opens PostgreSQL for a postgres:// URL', { skip: !process.env.DATABASE_URL }, async () => {
    const schema = `t_open_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
    const store = await openStore({ databaseUrl: process.env.DATABASE_URL, dataDir: tmp, pgSchema: schema });
    try {
      assert.equal(store.kind, 'postgres');
      assert.equal(await store.nextSequence('x'), 1);
    } finally {
      await store.close();
      const pg = (await import('pg')).default;
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    }
  });
});
