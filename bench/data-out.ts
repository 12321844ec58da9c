// `npm run bench:data-out`: the data-out figures of issue 16 against a real server, per backend.
//
//   BENCH_FILTER_TENDERS=1000000  tenders under the filtered-page figures (seeded by SQL)
//   BENCH_RELEASES=20000          releases under the release-feed scan (seeded through the Store)
//   BENCH_STREAM_CLIENTS=1000     connected push-feed clients for the latency figure
//   BENCH_DURATION=5              seconds per autocannon load
//
// Figures: filtered feed pages (req/s, p99, ratio to an unfiltered page at the same depth), the
// release feed scan (items/s), the record of a tender with 100 revisions (build time), and the
// push feed's write → event latency with many clients connected.
import autocannon from 'autocannon';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import { startCdb, type RunningServer } from './processes.ts';
import { printTable, type Row } from './report.ts';
import { ADMIN_AUTH, BROKER_AUTH, CLOCK, tenderBody } from './fixtures.ts';
import { openStore } from '../src/storage/open-store.ts';
import type { BatchWrite, Store } from '../src/core/storage/store.ts';
import { tenderRelease } from '../src/core/ocds/process-release.ts';
import { feedFilterValuesOf } from '../src/core/storage/feed-filters.ts';

const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const FILTER_TENDERS = Number(process.env.BENCH_FILTER_TENDERS ?? 1_000_000);
const RELEASES = Number(process.env.BENCH_RELEASES ?? 20_000);
const STREAM_CLIENTS = Number(process.env.BENCH_STREAM_CLIENTS ?? 1000);


type Json = Record<string, unknown>;

async function call(base: string, method: string, path: string, auth: string | null, data?: unknown): Promise<{ status: number; body: Json }> {
  const res = await fetch(base + path, {
    method,
    headers: { ...(auth ? { authorization: auth } : {}), ...(data === undefined ? {} : { 'content-type': 'application/json' }) },
    body: data === undefined ? undefined : JSON.stringify(data),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

function ok(r: { status: number; body: Json }, status: number, what: string): Json {
  if (r.status !== status) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`);
  return r.body;
}

async function load(url: string): Promise<autocannon.Result> {
  const result = await autocannon({ url, connections: 8, duration: DURATION });
  if (result.non2xx + result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result;
}

// --- filtered pages over many tenders -------------------------------------------------------------

const STATUSES = ['active.enquiries', 'active.tendering', 'active.auction', 'active.qualification', 'complete', 'cancelled'];
const TYPES = ['belowThreshold', 'aboveThreshold', 'aboveThresholdUA'];
/** 2026-01-01T00:00:00Z: the seed's first dateModified. */
const MODIFIED_BASE = 1_767_225_600;
const CPVS = ['44617100-9', '45000000-7', '45210000-2', '45211000-9', '09310000-5', '30190000-7', '33600000-6', '15800000-6'];

/**
 * Synthetic public tenders written by SQL (the Store would take minutes for a million on
 * PostgreSQL): the columns and classification rows a write through the API would leave.
 */
async function seedFiltered(backend: string, dataDir: string, databaseUrl: string | undefined, count: number): Promise<number> {
  const started = performance.now();
  const base = 1_800_000_000;
  if (backend === 'sqlite') {
    const db = new Database(join(dataDir, 'cdb.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const insert = db.prepare(`INSERT INTO tenders (id, rev, doc, public_text, envelope_extra, feed_text, public_modified, is_public, is_test, next_check_ms,
      f_status, f_method, f_entity, f_amount, f_modified, f_period_start, f_period_end) VALUES (?, '1-x', '{}', ?, '', ?, ?, 1, 0, NULL, ?, ?, ?, ?, ?, ?, ?)`);
    const cls = db.prepare(`INSERT INTO feed_classifications (collection, code, id) VALUES ('tenders', ?, ?)`);
    const batch = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const r = synthetic(i, base);
        insert.run(r.id, r.text, r.feed, r.pm, r.status, r.type, r.entity, r.amount, r.modified, r.modified + 86400, r.modified + 30 * 86400);
        cls.run(r.cpv, r.id);
      }
    });
    for (let i = 0; i < count; i += 10_000) batch(i, Math.min(count, i + 10_000));
    db.exec('ANALYZE');
    db.close();
  } else {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(`
        INSERT INTO tenders (id, rev, doc, public_text, envelope_extra, feed_text, public_modified, is_public, is_test, next_check_ms,
          f_status, f_method, f_entity, f_amount, f_modified, f_period_start, f_period_end)
        SELECT md5('t' || i), '1-x', '{}', '{"id":"' || md5('t' || i) || '"}', '',
          '{"dateModified":"2027-01-01T00:00:00+02:00","status":"' || ($2::text[])[1 + i % 6] || '"}',
          $1::float8 + i * 0.001, true, false, NULL,
          ($2::text[])[1 + i % 6], ($3::text[])[1 + i % 3], lpad((i % 1000)::text, 8, '0'), (i::bigint * 7919 % 1000000)::float8,
          $5::float8 + i * 30, $5::float8 + i * 30 + 86400, $5::float8 + i * 30 + 30 * 86400
        FROM generate_series(0, $4::int - 1) AS i`, [base, STATUSES, TYPES, count, MODIFIED_BASE]);
      await client.query(`INSERT INTO feed_classifications (collection, code, id) SELECT 'tenders', ($1::text[])[1 + i % 8], md5('t' || i) FROM generate_series(0, $2::int - 1) AS i`, [CPVS, count]);
      await client.query(`UPDATE feed_clock SET last = $1 WHERE collection = 'tenders'`, [base + count * 0.001]);
      // A live database's steady state: statistics, and the visibility map index-only scans rely on.
      await client.query('VACUUM ANALYZE');
    } finally {
      await client.end();
    }
  }
  return count / ((performance.now() - started) / 1000);
}

function synthetic(i: number, base: number) {
  const id = randomUUID().replace(/-/g, '');
  const status = STATUSES[i % 6]!;
  return {
    id,
    text: `{"id":"${id}"}`,
    feed: `{"dateModified":"2027-01-01T00:00:00+02:00","status":"${status}"}`,
    pm: Math.round((base + i * 0.001) * 1000) / 1000,
    status,
    type: TYPES[i % 3]!,
    entity: String(i % 1000).padStart(8, '0'),
    amount: (i * 7919) % 1_000_000,
    // Business dates a year wide (a write every 30 s), unlike the seed's dense feed positions.
    modified: MODIFIED_BASE + i * 30,
    cpv: CPVS[i % 8]!,
  };
}

/** A range of the seed's business dates starting at row `row`, `seconds` wide. */
function dateRange(row: number, seconds: number, field = 'dateModified'): string {
  const from = MODIFIED_BASE + row * 30 + (field === 'dateModified' ? 0 : 30 * 86400);
  const iso = (s: number) => encodeURIComponent(new Date(s * 1000).toISOString());
  return `${field}.gte=${iso(from)}&${field}.lte=${iso(from + seconds)}`;
}

async function benchFilters(server: RunningServer, backend: string, count: number): Promise<Row[]> {
  const rows: Row[] = [];
  const middle = 1_800_000_000 + (count / 2) * 0.001;
  const at = `offset=${middle}`;
  const cases: [string, string][] = [
    ['unfiltered page, middle of the feed', `limit=100&${at}`],
    ['status (1 in 6)', `limit=100&${at}&status=complete`],
    ['procurementMethodType + status', `limit=100&${at}&procurementMethodType=aboveThreshold&status=active.tendering`],
    ['procuringEntity.identifier.id (1 in 1000)', `limit=100&${at}&procuringEntity.identifier.id=00000042`],
    ['classification prefix 4521 (2 in 8)', `limit=100&${at}&classification=4521`],
    ['value.amount.gte (top 1 %)', `limit=100&${at}&value.amount.gte=990000`],
    ['dateModified, one hour (120 rows)', `limit=100&${dateRange(count / 2, 3600)}`],
    ['dateModified, one month from the middle (86,400 rows)', `limit=100&${dateRange(count / 2, 30 * 86400)}`],
    ['dateModified, one month, a page inside it', `limit=100&${dateRange(count / 2, 30 * 86400)}&offset=${1_800_000_000 + (count / 2 + 40_000) * 0.001}`],
    ['tenderPeriod.endDate, one day (2,880 rows)', `limit=100&${dateRange(count / 4, 86400, 'tenderPeriod.endDate')}`],
  ];
  let baseline = 0;
  for (const [label, query] of cases) {
    const url = `${server.url}/api/2.5/tenders?${query}`;
    const probe = await fetch(url);
    const items = ((await probe.json()) as { data: unknown[] }).data.length;
    const r = await load(url);
    if (baseline === 0) baseline = r.requests.average;
    rows.push({ backend, name: `filtered page over ${count}: ${label}`, value: Math.round(r.requests.average), unit: 'req/s', note: `p99 ${r.latency.p99} ms, ${items} items, ×${(r.requests.average / baseline).toFixed(2)} of unfiltered` });
  }
  return rows;
}

// --- releases and records -------------------------------------------------------------------------

async function templateTender(server: RunningServer): Promise<{ id: string; view: Json }> {
  const created = ok(await call(server.url, 'POST', '/api/2.5/tenders', BROKER_AUTH, tenderBody(2, 2)), 201, 'create');
  const id = String((created.data as Json).id);
  const view = ok(await call(server.url, 'GET', `/api/2.5/tenders/${id}`, null), 200, 'get').data as Json;
  return { id, view: { ...view, status: 'active.tendering' } };
}

const OCDS = { ocidPrefix: 'ocds-be6bcu', apiBase: 'http://127.0.0.1/api/2.5', tenderUrl: 'http://127.0.0.1/api/2.5/tenders/x' };

function writeOf(view: Json, id: string, revision: number, tag: string): BatchWrite['write'] {
  const v = { ...view, id, tenderID: `UA-BENCH-${id}`, title: `title ${revision}` };
  const release = tenderRelease(v, OCDS, { ocid: `ocds-be6bcu-UA-BENCH-${id}`, id: `${id}-${revision}`, date: new Date(1_800_000_000_000 + revision * 1000).toISOString(), tag: [tag as 'tender'] });
  const text = JSON.stringify(v);
  return {
    doc: v,
    publicText: text,
    meta: { isPublic: true, isTest: false, nextCheck: null, touchPublicModified: true, filters: feedFilterValuesOf(v) },
    revision: { author: 'bench', changes: [], date: CLOCK },
    release: { id: String(release.id), ocid: String(release.ocid), text: JSON.stringify(release) },
  };
}

async function seedReleases(store: Store, view: Json, count: number): Promise<number> {
  const started = performance.now();
  for (let done = 0; done < count; done += 500) {
    const writes: BatchWrite[] = [];
    for (let i = done; i < Math.min(count, done + 500); i++) {
      const id = randomUUID().replace(/-/g, '');
      writes.push({ kind: 'insert', collection: 'tenders', id, write: writeOf(view, id, 1, 'tender') });
    }
    await store.writeAll(writes);
  }
  return count / ((performance.now() - started) / 1000);
}

/** One tender written 100 times, each write a release: its record is what the figure builds. */
async function seedHistory(store: Store, view: Json): Promise<string> {
  const id = randomUUID().replace(/-/g, '');
  let rev = await store.insert('tenders', id, writeOf(view, id, 1, 'tender'));
  for (let n = 2; n <= 100; n++) rev = await store.update('tenders', id, rev, writeOf(view, id, n, 'tenderAmendment'));
  return `ocds-be6bcu-UA-BENCH-${id}`;
}

async function scanReleases(server: RunningServer): Promise<{ items: number; seconds: number }> {
  let url = `${server.url}/api/2.5/releases?limit=1000`;
  let items = 0;
  const started = performance.now();
  for (;;) {
    const page = (await (await fetch(url)).json()) as { releases: unknown[]; next_page: { path: string } };
    if (page.releases.length === 0) break;
    items += page.releases.length;
    url = server.url + page.next_page.path;
  }
  return { items, seconds: (performance.now() - started) / 1000 };
}

// --- push feed latency --------------------------------------------------------------------------

async function publishedTender(server: RunningServer): Promise<{ id: string; token: string }> {
  const form = new FormData();
  form.append('file', new Blob(['signed'], { type: 'application/pkcs7-signature' }), 'sign.p7s');
  const upload = (await (await fetch(`${server.url}/ds/upload`, { method: 'POST', headers: { authorization: BROKER_AUTH }, body: form })).json()) as { data: Json };
  const file = { url: upload.data.url, hash: upload.data.hash, format: 'application/pkcs7-signature' };
  const created = ok(await call(server.url, 'POST', '/api/2.5/tenders', BROKER_AUTH, tenderBody(1, 1)), 201, 'create');
  const id = String((created.data as Json).id);
  const token = String((created.access as Json).token);
  ok(await call(server.url, 'POST', `/api/2.5/tenders/${id}/documents?acc_token=${token}`, BROKER_AUTH, { data: [
    { ...file, title: 'contract.p7s', documentType: 'contractProforma' },
    { ...file, title: 'notice.p7s', documentType: 'notice' },
  ] }), 201, 'documents');
  ok(await call(server.url, 'PATCH', `/api/2.5/tenders/${id}?acc_token=${token}`, BROKER_AUTH, { data: { status: 'active.enquiries' } }), 200, 'publish');
  return { id, token };
}

async function benchStream(server: RunningServer, backend: string, clients: number, writes: number): Promise<Row[]> {
  const tender = await publishedTender(server);
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const received: number[][] = [];
  const sockets: http.ClientRequest[] = [];
  await Promise.all(
    Array.from({ length: clients }, (_, c) => new Promise<void>((resolve, reject) => {
      received[c] = [];
      const req = http.get(`${server.url}/api/2.5/tenders/stream`, { agent, headers: { accept: 'text/event-stream' } }, (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          const at = performance.now();
          for (const _ of chunk.matchAll(/^data: /gm)) received[c]!.push(at);
        });
        resolve();
      });
      req.on('error', reject);
      sockets.push(req);
    })),
  );
  await new Promise((r) => setTimeout(r, 500));
  const sent: number[] = [];
  for (let w = 0; w < writes; w++) {
    sent.push(performance.now());
    ok(await call(server.url, 'PATCH', `/api/2.5/tenders/${tender.id}?acc_token=${tender.token}`, BROKER_AUTH, { data: { title: `назва ${w}` } }), 200, 'patch');
    await new Promise((r) => setTimeout(r, 200));
  }
  await new Promise((r) => setTimeout(r, 1000));
  for (const s of sockets) s.destroy();
  const latencies: number[] = [];
  let missing = 0;
  for (const times of received) {
    for (let w = 0; w < writes; w++) {
      if (times[w] === undefined) missing++;
      else latencies.push(times[w]! - sent[w]!);
    }
  }
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  return [
    { backend, name: `push feed latency, write → event, ${clients} clients (p50)`, value: Number(pct(50).toFixed(1)), unit: 'ms', note: `${writes} writes, ${latencies.length} events, ${missing} missing` },
    { backend, name: `push feed latency, ${clients} clients (p99)`, value: Number(pct(99).toFixed(1)), unit: 'ms' },
  ];
}

// --- driver ---------------------------------------------------------------------------------------

async function benchBackend(backend: string, databaseUrl: string | undefined): Promise<Row[]> {
  const dataDir = mkdtempSync(join(tmpdir(), `cdb-bench-out-${backend}-`));
  const rows: Row[] = [];
  const env = { FEED_WATERMARK_SECONDS: '0', MAX_CONNECTIONS: String(STREAM_CLIENTS + 100) };
  let server = await startCdb({ dataDir, databaseUrl, env });
  try {
    ok(await call(server.url, 'PUT', '/api/2.5/sandbox/clock', ADMIN_AUTH, { data: { now: CLOCK, frozen: true } }), 200, 'clock');
    rows.push(...(await benchStream(server, backend, STREAM_CLIENTS, 20)));
    const template = await templateTender(server);
    await server.stop();

    const store = await openStore({ databaseUrl, dataDir });
    const seeded = await seedReleases(store, template.view, RELEASES);
    const ocid = await seedHistory(store, template.view);
    await store.close();
    rows.push({ backend, name: `seed ${RELEASES} tenders with their releases (Store.writeAll)`, value: Math.round(seeded), unit: 'docs/s' });

    server = await startCdb({ dataDir, databaseUrl, env });
    const scan = await scanReleases(server);
    rows.push({ backend, name: 'release feed scan, limit=1000', value: Math.round(scan.items / scan.seconds), unit: 'releases/s', note: `${scan.items} releases in ${scan.seconds.toFixed(1)} s` });
    const builds: number[] = [];
    let size = 0;
    for (let i = 0; i < 30; i++) {
      const started = performance.now();
      const res = await fetch(`${server.url}/api/2.5/records/${ocid}`);
      size = (await res.text()).length;
      if (res.status !== 200) throw new Error(`record: ${res.status}`);
      builds.push(performance.now() - started);
    }
    builds.sort((a, b) => a - b);
    rows.push({ backend, name: 'record of a tender with 100 revisions (GET, compiled + versioned)', value: Number(builds[15]!.toFixed(1)), unit: 'ms', note: `median of 30, max ${builds.at(-1)!.toFixed(1)} ms, ${Math.round(size / 1024)} KB` });
    await server.stop();

    const perSecond = await seedFiltered(backend, dataDir, databaseUrl, FILTER_TENDERS);
    rows.push({ backend, name: `seed ${FILTER_TENDERS} tenders for the filters (SQL)`, value: Math.round(perSecond), unit: 'docs/s' });
    server = await startCdb({ dataDir, databaseUrl, env });
    rows.push(...(await benchFilters(server, backend, FILTER_TENDERS)));
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}

const BACKENDS = (process.env.BENCH_BACKENDS ?? 'sqlite,postgres').split(',').map((b) => b.trim());
// Each backend's table as soon as it is measured (a run takes minutes).
process.stdout.write(`bench data-out: ${DURATION} s per load, node ${process.version}\n`);
if (BACKENDS.includes('sqlite')) printTable(await benchBackend('sqlite', undefined));
if (BACKENDS.includes('postgres') && process.env.DATABASE_URL) printTable(await benchBackend('postgres', process.env.DATABASE_URL));
