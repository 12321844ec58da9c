// Picks the backend from configuration: PostgreSQL for a postgres:// URL, otherwise an embedded
// SQLite file under the data directory (architecture.md §3.5, embedded defaults).

import { join } from 'node:path';
import type { Store } from '../core/storage/store.ts';
import { PostgresStore } from './postgres/postgres-store.ts';
import { SqliteStore } from './sqlite/sqlite-store.ts';

export interface OpenStoreOptions {
  /** `postgres://…` / `postgresql://…` selects PostgreSQL; anything else (or absent) SQLite. */
  databaseUrl?: string;
  /** Directory of the SQLite file `cdb.sqlite` (created if missing). */
  dataDir: string;
  /** SQLite file path overriding `<dataDir>/cdb.sqlite` (`:memory:` allowed). */
  sqliteFile?: string;
  /** PostgreSQL schema (created if missing); default: the server's search_path. */
  pgSchema?: string;
  /** SQLite `PRAGMA synchronous`: FULL (default) survives power loss; NORMAL survives process crashes only. */
  sqliteSynchronous?: 'FULL' | 'NORMAL';
  /** Most PostgreSQL connections of the pool (default 10). */
  poolSize?: number;
}

export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}

/** Opens and initialises the store (tables created if needed). */
export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  const store: Store = isPostgresUrl(opts.databaseUrl)
    ? new PostgresStore({ connectionString: opts.databaseUrl, schema: opts.pgSchema, max: opts.poolSize })
    : new SqliteStore({
        filename: opts.sqliteFile ?? join(opts.dataDir, 'cdb.sqlite'),
        filesDir: join(opts.dataDir, 'files'),
        synchronous: opts.sqliteSynchronous,
      });
  try {
    await store.init();
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
  return store;
}
