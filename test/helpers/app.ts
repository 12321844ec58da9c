// buildTestApp: the real app on a fresh store (SQLite in memory, or a throwaway PostgreSQL
// schema), sandbox clock, development key file; requests go through app.inject.
// describeApp: a suite run once per backend, with the app built before and closed after it.
import { after, before, describe } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config.ts';
import { buildApp, createDeps } from '../../src/app.ts';
import { SqliteStore } from '../../src/storage/sqlite/sqlite-store.ts';
import { openPostgresTestStore, type BackendName } from './backends.ts';
import { createDsKeyring, generateSigningKey } from '../../src/core/documents/url-signature.ts';
import type { AppDeps } from '../../src/core/context.ts';
import type { Store } from '../../src/core/storage/store.ts';

export interface TestApp {
  app: FastifyInstance;
  deps: AppDeps;
  close(): Promise<void>;
}

export interface TestAppOptions {
  backend?: BackendName;
  sandbox?: boolean;
  trustedDsKeys?: string[];
  feedWatermarkSeconds?: number;
  env?: Record<string, string>;
  /** Extra registrations on the app before it is ready (e.g. a test-only route set). */
  register?: (app: FastifyInstance, deps: AppDeps) => void;
  /** Run the built-in chronograph (off by default: tests move the sandbox clock instead). */
  chronograph?: boolean;
  /** Poll for ended auction runs (off by default: moving the sandbox clock posts them). */
  auctionRunner?: boolean;
  /** Log to this stream (at env LOG_LEVEL, silent by default); without it the app does not log. */
  logStream?: { write(line: string): void };
  /** SQLite only: keep blobs as files under this directory (the default deployment) instead of a table. */
  filesDir?: string;
}

export async function buildTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const config = loadConfig({
    SANDBOX: opts.sandbox === false ? '0' : '1',
    FEED_WATERMARK_SECONDS: String(opts.feedWatermarkSeconds ?? 0),
    DATA_DIR: '/nonexistent-test-data-dir',
    LOG_LEVEL: 'silent',
    ...(opts.trustedDsKeys ? { DS_PUBLIC_KEYS: opts.trustedDsKeys.join(',') } : {}),
    ...opts.env,
  });
  let store: Store;
  if (opts.backend === 'postgres') {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('postgres backend requested but DATABASE_URL is not set');
    store = await openPostgresTestStore(url);
  } else {
    store = new SqliteStore({ filename: ':memory:', filesDir: opts.filesDir });
    await store.init();
  }
  const dsKeyring = createDsKeyring({ ownPrivateKeyPem: generateSigningKey().privateKeyPem, trustedPublicKeysHex: opts.trustedDsKeys ?? [] });
  const deps = await createDeps(config, { store, dsKeyring });
  const app = await buildApp(deps, { logger: opts.logStream !== undefined, logStream: opts.logStream, chronograph: opts.chronograph === true, auctionRunner: opts.auctionRunner === true });
  opts.register?.(app, deps);
  await app.ready();
  return { app, deps, close: () => app.close() };
}

/** Backends to run HTTP-level tests on: SQLite always, PostgreSQL when DATABASE_URL is set. */
export const TEST_BACKENDS: BackendName[] = process.env.DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

/** The app of a describeApp suite: usable from its hooks and tests (it is built in the suite's first `before`). */
export interface SuiteApp extends TestApp {
  readonly backend: BackendName;
}

export interface SuiteOptions extends Omit<TestAppOptions, 'backend'> {
  /** Skip the suite on every backend, with this reason. */
  skip?: string | false;
}

/**
 * `describe('<title> [<backend>]', …)` once per backend in TEST_BACKENDS: the app is built (with
 * `options`) before the suite's tests and closed after them. Hooks the body registers run after
 * the build, so they can arrange data through `t`.
 */
export function describeApp(title: string, options: SuiteOptions, body: (t: SuiteApp) => void): void {
  const { skip = false, ...appOptions } = options;
  for (const backend of TEST_BACKENDS) {
    describe(`${title} [${backend}]`, { skip }, () => {
      let built: TestApp | undefined;
      const current = (): TestApp => {
        if (!built) throw new Error(`the app of "${title} [${backend}]" is used before its before hook built it`);
        return built;
      };
      const t: SuiteApp = {
        backend,
        get app() {
          return current().app;
        },
        get deps() {
          return current().deps;
        },
        close: () => current().close(),
      };
      before(async () => {
        built = await buildTestApp({ ...appOptions, backend });
      });
      after(async () => {
        await built?.close();
      });
      body(t);
    });
  }
}
