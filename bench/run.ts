// `npm run bench`: autocannon against a real server (child process), per backend; prints a table.
//
//   node bench/run.ts                      SQLite (and PostgreSQL when DATABASE_URL is set)
//   BENCH_FEED_TENDERS=100000 BENCH_DURATION=10 BENCH_CONNECTIONS=16 node bench/run.ts
//   BENCH_BACKENDS=postgres BENCH_LIFECYCLE_TENDERS=200 npm run bench
//
// Figures: GET /tenders/{id} (5 KB and 50 KB) against the same bytes from a bare Fastify route
// (ratio), POST /tenders (validated and stored), a full feed scan by pages of 100 and 1000
// (items/s), server RSS after seeding. The lifecycle figure joins when bids/auction/awards exist.
import autocannon from 'autocannon';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rssMiB, startBare, startCdb, type RunningServer } from './processes.ts';
import { printTable, type Row } from './report.ts';
import { ADMIN_AUTH, BROKER_AUTH, CLOCK, tenderBody } from './fixtures.ts';
import { seedFeed } from './seed.ts';
import { benchLifecycle } from './lifecycle.ts';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const FEED_TENDERS = Number(process.env.BENCH_FEED_TENDERS ?? 100_000);
const LIFECYCLE_TENDERS = Number(process.env.BENCH_LIFECYCLE_TENDERS ?? 200);


async function load(opts: autocannon.Options): Promise<autocannon.Result> {
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION, ...opts });
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) throw new Error(`${opts.url}: ${bad} failed requests of ${result.requests.total} (non2xx ${result.non2xx}, errors ${result.errors})`);
  return result;
}

async function json(url: string, init: RequestInit = {}): Promise<{ status: number; text: string; body: Record<string, unknown> }> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as Record<string, unknown> };
}

async function createTender(server: RunningServer, lots: number, itemsPerLot: number): Promise<string> {
  const res = await json(`${server.url}/api/2.5/tenders`, {
    method: 'POST',
    headers: { authorization: BROKER_AUTH, 'content-type': 'application/json' },
    body: JSON.stringify(tenderBody(lots, itemsPerLot)),
  });
  if (res.status !== 201) throw new Error(`create tender: ${res.status} ${res.text.slice(0, 500)}`);
  return String((res.body.data as { id: string }).id);
}

async function benchGet(server: RunningServer, backend: string, label: string, id: string, workDir: string): Promise<Row[]> {
  const path = `/api/2.5/tenders/${id}`;
  const { text } = await json(server.url + path);
  const file = join(workDir, `${label}.json`);
  writeFileSync(file, text);
  const bare = await startBare(file);
  try {
    const ours = await load({ url: server.url + path });
    const base = await load({ url: `${bare.url}/bare` });
    const ratio = ours.requests.average / base.requests.average;
    const kb = Math.round(Buffer.byteLength(text) / 1024);
    return [
      { backend, name: `GET tender ${label} (${kb} KB)`, value: Math.round(ours.requests.average), unit: 'req/s', note: `p99 ${ours.latency.p99} ms` },
      { backend, name: `bare Fastify, same ${kb} KB`, value: Math.round(base.requests.average), unit: 'req/s' },
      { backend, name: `GET ratio ${label} (target ≥ 0.7)`, value: Number(ratio.toFixed(2)), unit: '×' },
    ];
  } finally {
    await bare.stop();
  }
}

async function benchCreate(server: RunningServer, backend: string, label = 'POST /tenders (target ≥ 2000 on SQLite)'): Promise<Row> {
  const body = JSON.stringify(tenderBody(0, 1));
  const r = await load({
    url: `${server.url}/api/2.5/tenders`,
    method: 'POST',
    headers: { authorization: BROKER_AUTH, 'content-type': 'application/json' },
    body,
  });
  return { backend, name: label, value: Math.round(r.requests.average), unit: 'req/s', note: `p99 ${r.latency.p99} ms` };
}

/** Follows next_page from the start of the feed until a page comes back empty. */
async function scanFeed(server: RunningServer, limit: number): Promise<{ items: number; seconds: number }> {
  let url = `${server.url}/api/2.5/tenders?limit=${limit}`;
  let items = 0;
  const started = performance.now();
  for (;;) {
    const page = await json(url);
    const data = page.body.data as unknown[];
    if (data.length === 0) break;
    items += data.length;
    const next = (page.body.next_page as { uri: string }).uri;
    url = server.url + new URL(next).pathname + new URL(next).search;
  }
  return { items, seconds: (performance.now() - started) / 1000 };
}

async function benchBackend(backend: string, databaseUrl: string | undefined): Promise<Row[]> {
  const workDir = mkdtempSync(join(tmpdir(), `cdb-bench-${backend}-`));
  const rows: Row[] = [];
  let server = await startCdb({ dataDir: workDir, databaseUrl });
  try {
    const clock = await json(`${server.url}/api/2.5/sandbox/clock`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: ADMIN_AUTH }, body: JSON.stringify({ data: { now: CLOCK, frozen: true } }) });
    if (clock.status !== 200) throw new Error(`sandbox clock: ${clock.status} ${clock.text}`);
    const small = await createTender(server, 0, 1);
    const large = await createTender(server, 6, 6);
    rows.push(...(await benchGet(server, backend, 'small', small, workDir)));
    rows.push(...(await benchGet(server, backend, 'large', large, workDir)));
    rows.push(await benchCreate(server, backend));
    if (databaseUrl === undefined) {
      // The same load with commits that survive process crashes but not power loss.
      const relaxedDir = mkdtempSync(join(tmpdir(), 'cdb-bench-normal-'));
      const relaxed = await startCdb({ dataDir: relaxedDir, env: { SQLITE_SYNCHRONOUS: 'NORMAL' } });
      try {
        rows.push(await benchCreate(relaxed, backend, 'POST /tenders, SQLITE_SYNCHRONOUS=NORMAL'));
      } finally {
        await relaxed.stop();
        rmSync(relaxedDir, { recursive: true, force: true });
      }
    }

    const lifecycle = await benchLifecycle(server.url, LIFECYCLE_TENDERS, CONNECTIONS);
    rows.push({ backend, name: 'full lifecycle to complete (target ≥ 100)', value: Math.round(lifecycle.perSecond), unit: 'tenders/s', note: `${LIFECYCLE_TENDERS} tenders in ${lifecycle.seconds.toFixed(1)} s` });

    await server.stop();
    const seeded = await seedFeed({ dataDir: workDir, databaseUrl, count: FEED_TENDERS, templateId: small });
    rows.push({ backend, name: `seed ${FEED_TENDERS} public tenders (store.writeAll, 500 a batch)`, value: Math.round(seeded.perSecond), unit: 'docs/s' });
    // A fast seed runs public_modified ahead of the wall clock (each write ≥ 1 ms after the last);
    // without the watermark the scan sees the whole seed at once instead of waiting for it.
    server = await startCdb({ dataDir: workDir, databaseUrl, env: { FEED_WATERMARK_SECONDS: '0' } });
    for (const limit of [100, 1000]) {
      const scan = await scanFeed(server, limit);
      rows.push({ backend, name: `feed scan, limit=${limit} (target ≥ 50000)`, value: Math.round(scan.items / scan.seconds), unit: 'items/s', note: `${scan.items} items in ${scan.seconds.toFixed(1)} s${scan.items === FEED_TENDERS + LIFECYCLE_TENDERS ? '' : ` — EXPECTED ${FEED_TENDERS + LIFECYCLE_TENDERS}`}` });
    }
    rows.push({ backend, name: `server RSS after a feed scan of ${FEED_TENDERS}`, value: rssMiB(server.pid), unit: 'MiB' });
  } finally {
    await server.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
  return rows;
}

/** `BENCH_BACKENDS=sqlite,postgres` (default both; PostgreSQL needs DATABASE_URL, which bench.sh provides). */
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'sqlite,postgres').split(',').map((b) => b.trim());
const rows: Row[] = [];
if (BACKENDS.includes('sqlite')) rows.push(...(await benchBackend('sqlite', undefined)));
if (BACKENDS.includes('postgres') && process.env.DATABASE_URL) rows.push(...(await benchBackend('postgres', process.env.DATABASE_URL)));
process.stdout.write(`\nbench: ${DURATION} s per load, ${CONNECTIONS} connections, node ${process.version}\n`);
printTable(rows);
