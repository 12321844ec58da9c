// The backend matrix for storage-level tests: SQLite always; PostgreSQL when DATABASE_URL is set
// (scripts/test.sh starts a throwaway cluster and sets it). Each open() returns a fresh, empty,
// initialised store: an in-memory SQLite database, or a new random schema that close() drops.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe } from 'node:test';
import pg from 'pg';
import type { Store } from '../../src/core/storage/store.ts';
import { PostgresStore } from '../../src/storage/postgres/postgres-store.ts';
import { SqliteStore } from '../../src/storage/sqlite/sqlite-store.ts';

export type BackendName = 'sqlite' | 'postgres';

export interface Backend {
  name: BackendName;
  /** A fresh, initialised, empty store; close it when done. */
  open(): Promise<Store>;
}

const databaseUrl = process.env.DATABASE_URL;

export const backends: Backend[] = [
  {
    name: 'sqlite',
    async open() {
      const store = new SqliteStore({ filename: ':memory:' });
      await store.init();
      return store;
    },
  },
];

if (databaseUrl) {
  backends.push({
    name: 'postgres',
    open: () => openPostgresTestStore(databaseUrl),
  });
}

/** A PostgresStore in a new random schema; its close() also drops the schema. */
export async function openPostgresTestStore(connectionString: string): Promise<Store> {
  const schema = `t_${randomBytes(8).toString('hex')}`;
  const store = new PostgresStore({ connectionString, schema, max: 5 });
  const close = store.close.bind(store);
  store.close = async () => {
    await close();
    await dropSchema(connectionString, schema);
  };
  try {
    await store.init();
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
  return store;
}

export async function dropSchema(connectionString: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** One database several stores open at once or in turn, as several server processes (nodes) do. */
export interface SharedDatabase {
  /** A new store connected to the database (initialised); close it when done. */
  open(): Promise<Store>;
  /** Removes the database, once every store of it is closed. */
  cleanup(): Promise<void>;
}

/** A fresh database of the backend: an SQLite file in a temporary directory, or a new PostgreSQL schema. */
export function sharedDatabase(backend: BackendName): SharedDatabase {
  if (backend === 'postgres') {
    if (!databaseUrl) throw new Error('postgres backend requested but DATABASE_URL is not set');
    const url = databaseUrl;
    const schema = `t_${randomBytes(8).toString('hex')}`;
    return {
      async open() {
        const store = new PostgresStore({ connectionString: url, schema, max: 5 });
        await store.init();
        return store;
      },
      cleanup: () => dropSchema(url, schema),
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'cdb-shared-'));
  return {
    async open() {
      const store = new SqliteStore({ filename: join(dir, 'cdb.sqlite') });
      await store.init();
      return store;
    },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** `describe('<title> [<backend>]', …)` once per available backend. */
export function forEachBackend(title: string, fn: (backend: Backend) => void): void {
  for (const backend of backends) {
    describe(`${title} [${backend.name}]`, () => fn(backend));
  }
}

/** What a `forEachStore` body reads in each test: a fresh store of the suite's backend. */
export interface StoreUnderTest {
  readonly backend: Backend;
  readonly store: Store;
}

/**
 * `forEachBackend` with a fresh, empty store opened before each test and closed after it:
 * `forEachStore('feed', (t) => { it('…', async () => { await t.store.insert(…) }) })`.
 */
export function forEachStore(title: string, fn: (t: StoreUnderTest) => void): void {
  forEachBackend(title, (backend) => {
    let store: Store | undefined;
    beforeEach(async () => {
      store = await backend.open();
    });
    afterEach(async () => {
      await store?.close();
      store = undefined;
    });
    fn({
      backend,
      get store(): Store {
        if (!store) throw new Error('forEachStore: the store is open only inside a test');
        return store;
      },
    });
  });
}
