// Crash safety (issue 7, reliability 2): writers create, publish and patch tenders against a real
// server process (src/main.ts), recording every acknowledged response, while a crawler follows the
// feed. The server is killed with SIGKILL mid-load and started again on the same store. Then every
// acknowledged write must be present and readable, the store must open cleanly, and a crawler
// resuming from its last offset must see every tender's latest version (no gap in the feed).
//
//   ./node_modules/.bin/node scripts/crash-safety.ts                 # SQLite in a temporary DATA_DIR
//   DATABASE_URL=postgres://… ./node_modules/.bin/node scripts/crash-safety.ts   # a fresh database there
//
// test/reliability/crash-safety.test.ts runs it on both backends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { START, tenderBody } from '../test/helpers/recorded-tender.ts';
import { SIGNED_URLS } from '../test/helpers/reference-ds.ts';
import { FeedCrawler, call, freshPostgresDatabase, kill, startServer, stop, type Answer, type Json, type ServerProcess } from './lib/server-process.ts';

export interface CrashSafetyOptions {
  /** PostgreSQL server URL: a fresh database is created there (and dropped). Unset → SQLite. */
  postgresUrl?: string;
  /** Parallel writers. */
  writers?: number;
  /** Kill the server once this many writes were acknowledged. */
  killAfterWrites?: number;
}

export interface CrashSafetyReport {
  backend: 'sqlite' | 'postgres';
  acknowledgedWrites: number;
  /** Writes whose answer never came (in flight at the kill): either outcome is allowed. */
  inFlightAtKill: number;
  tenders: number;
  feedItemsBeforeKill: number;
  feedItemsAfterRestart: number;
  /** Every violated guarantee; empty when the run passed. */
  problems: string[];
}

/** The recorded tender (the HTTP tests' builder), titled by its writer. */
function tenderCreateBody(writer: number | string): Json {
  return tenderBody({ title: `crash-safety writer ${writer}` });
}

/** What the writers know about one tender. */
export interface TenderRecord {
  id: string;
  token: string;
  /** The publishing PATCH was acknowledged. */
  published: boolean;
  /** Title of the last acknowledged write. */
  title: string;
  /** A title sent without an answer (in flight at the kill). */
  titleInFlight?: string;
  /** dateModified of the last acknowledged write. */
  dateModified: string;
}

export class Ledger {
  readonly tenders: TenderRecord[] = [];
  acknowledged = 0;
  inFlightAtKill = 0;
  readonly problems: string[] = [];
  killed = false;
  /** Writers finish the tender they are on and return. */
  stopped = false;

  /** An answered request must be the expected success; a missing answer is fine only after the kill. */
  expect(answer: Answer | null, status: number, what: string): answer is Answer {
    if (answer === null) {
      if (this.killed) this.inFlightAtKill++;
      else this.problems.push(`${what}: no answer before the kill`);
      return false;
    }
    if (answer.status !== status) {
      this.problems.push(`${what}: ${answer.status} ${JSON.stringify(answer.json).slice(0, 300)}`);
      return false;
    }
    this.acknowledged++;
    return true;
  }
}

/** Creates, publishes and retitles tenders until the server stops answering (or the ledger is stopped). */
export async function writer(base: string, n: number | string, ledger: Ledger): Promise<void> {
  while (!ledger.stopped) {
    const created = await call(base, 'POST', '/api/2.5/tenders', tenderCreateBody(n));
    if (!ledger.expect(created, 201, 'create')) return;
    const data = created.json.data as Json;
    const rec: TenderRecord = { id: String(data.id), token: String((created.json.access as Json).token), published: false, title: String(data.title), dateModified: String(data.dateModified) };
    ledger.tenders.push(rec);
    const owner = (suffix = '') => `/api/2.5/tenders/${rec.id}${suffix}?acc_token=${rec.token}`;
    const lot = await call(base, 'POST', owner('/lots'), { data: { title: 'lot', value: { amount: 500, currency: 'UAH' }, minimalStep: { amount: 15, currency: 'UAH' } } });
    if (!ledger.expect(lot, 201, 'add lot')) return;
    const items = (data.items as Json[]).map((item) => ({ ...item, relatedLot: (lot.json.data as Json).id }));
    const steps: Array<[string, string, unknown, number]> = [
      ['PATCH', owner(), { data: { items } }, 200],
      ['POST', owner('/documents'), { data: { title: 'contractProforma.pdf', documentType: 'contractProforma', format: 'application/pdf', ...SIGNED_URLS.noticePdf } }, 201],
      ['POST', owner('/documents'), { data: { title: 'sign.p7s', documentType: 'notice', format: 'application/pkcs7-signature', ...SIGNED_URLS.notice } }, 201],
    ];
    for (const [method, path, body, status] of steps) {
      if (!ledger.expect(await call(base, method, path, body), status, `${method} ${path.split('?')[0]}`)) return;
    }
    const published = await call(base, 'PATCH', owner(), { data: { status: 'active.enquiries' } });
    if (!ledger.expect(published, 200, 'publish')) return;
    rec.published = true;
    rec.dateModified = String((published.json.data as Json).dateModified);
    for (let k = 0; k < 5; k++) {
      const title = `crash-safety writer ${n} tender ${rec.id.slice(0, 6)} title ${k}`;
      rec.titleInFlight = title;
      const patched = await call(base, 'PATCH', owner(), { data: { title } });
      if (!ledger.expect(patched, 200, 'retitle')) return;
      rec.title = title;
      rec.titleInFlight = undefined;
      rec.dateModified = String((patched.json.data as Json).dateModified);
    }
  }
}

/** Every acknowledged write of the ledger is what `base` serves now (a write in flight may or may not be). */
export async function checkAcknowledged(base: string, ledger: Ledger): Promise<void> {
  for (const rec of ledger.tenders) {
    const got = await call(base, 'GET', `/api/2.5/tenders/${rec.id}`, undefined, null);
    if (got?.status !== 200) {
      ledger.problems.push(`acknowledged tender ${rec.id} not readable: ${got?.status}`);
      continue;
    }
    const data = got.json.data as Json;
    const titles = [rec.title, ...(rec.titleInFlight ? [rec.titleInFlight] : [])];
    if (!titles.includes(String(data.title))) ledger.problems.push(`tender ${rec.id}: title ${JSON.stringify(data.title)}, acknowledged ${JSON.stringify(rec.title)}`);
    if (rec.published && data.status !== 'active.enquiries') ledger.problems.push(`tender ${rec.id}: acknowledged publication lost (status ${String(data.status)})`);
    if (Date.parse(String(data.dateModified)) < Date.parse(rec.dateModified)) ledger.problems.push(`tender ${rec.id}: dateModified went back`);
  }
}

/** The crawler has seen every public tender of the ledger at the version `base` serves now (no feed gap). */
export async function checkFeedCovers(base: string, ledger: Ledger, crawler: FeedCrawler): Promise<void> {
  for (const rec of ledger.tenders) {
    const got = await call(base, 'GET', `/api/2.5/tenders/${rec.id}`, undefined, null);
    const data = got?.json.data as Json | undefined;
    if (!data || data.status === 'draft') continue;
    const seen = crawler.seen.get(rec.id);
    if (seen !== data.dateModified) ledger.problems.push(`feed gap: tender ${rec.id} last seen at ${seen ?? 'never'}, stored ${String(data.dateModified)}`);
  }
}

export async function runCrashSafety(opts: CrashSafetyOptions = {}): Promise<CrashSafetyReport> {
  const writers = opts.writers ?? 6;
  const killAfterWrites = opts.killAfterWrites ?? 150;
  const dataDir = mkdtempSync(join(tmpdir(), 'cdb-crash-'));
  const database = opts.postgresUrl ? await freshPostgresDatabase(opts.postgresUrl) : null;
  const env = { DATA_DIR: dataDir, DATABASE_URL: database?.url ?? '' };
  const ledger = new Ledger();
  const crawler = new FeedCrawler();
  let server: ServerProcess | null = null;
  try {
    server = await startServer(env);
    const first = server;
    const clock = await call(first.url, 'PUT', '/api/2.5/sandbox/clock', { data: { now: START, frozen: false } }, 'administrator');
    if (clock?.status !== 200) throw new Error(`could not set the sandbox clock: ${JSON.stringify(clock)}`);

    const writing = Array.from({ length: writers }, (_, n) => writer(first.url, n, ledger));
    // The crawler stops halfway, so that after the restart it has to resume from its offset.
    const crawling = (async () => {
      const firstHalf = () => ledger.acknowledged < killAfterWrites / 2;
      while (firstHalf() && (await crawler.drain(first.url, firstHalf))) await new Promise((r) => setTimeout(r, 20));
    })();
    while (ledger.acknowledged < killAfterWrites && ledger.problems.length === 0) await new Promise((r) => setTimeout(r, 5));
    ledger.killed = true;
    await kill(first);
    await Promise.all([...writing, crawling]);
    const itemsBeforeKill = crawler.items;

    // Restart on the same store: it must open cleanly and answer.
    server = await startServer(env);
    const health = await call(server.url, 'GET', '/api/2.5/health', undefined, null);
    if (health?.status !== 200) ledger.problems.push(`restarted server unhealthy: ${JSON.stringify(health)}`);

    await checkAcknowledged(server.url, ledger);
    // Resume the feed from the last offset: the crawler must end with every public tender's stored version.
    const beforeResume = crawler.items;
    if (!(await crawler.drain(server.url))) ledger.problems.push('feed did not answer after the restart');
    await checkFeedCovers(server.url, ledger, crawler);
    const exit = await stop(server);
    if (exit !== 0) ledger.problems.push(`restarted server did not shut down cleanly (exit ${exit}): ${server.stderr()}`);
    return {
      backend: database ? 'postgres' : 'sqlite',
      acknowledgedWrites: ledger.acknowledged,
      inFlightAtKill: ledger.inFlightAtKill,
      tenders: ledger.tenders.length,
      feedItemsBeforeKill: itemsBeforeKill,
      feedItemsAfterRestart: crawler.items - beforeResume,
      problems: ledger.problems,
    };
  } finally {
    if (server) await kill(server);
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const report = await runCrashSafety({ postgresUrl: process.env.DATABASE_URL || undefined });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.exitCode = report.problems.length === 0 ? 0 : 1;
}
