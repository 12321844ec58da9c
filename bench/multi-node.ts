// `npm run bench:multi-node`: one PostgreSQL, one server process against two (or BENCH_NODES),
// autocannon driving every node at once as a load balancer would. Prints req/s for one node and
// for the group, their ratio, and a contended run: PATCHes of one tender through every node at
// once, where every 200 must have written exactly one revision (0 lost updates) and every refusal
// must be the 409 a client retries.
//
//   bash scripts/bench.sh bench/multi-node.ts          (a throwaway PostgreSQL, durable settings)
//   BENCH_DURATION=10 BENCH_CONNECTIONS=16 BENCH_NODES=3 …
//
// On one machine the nodes share its cores with PostgreSQL and autocannon: the ratio says what a
// second process buys on this box; on separate machines each node brings its own cores.
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresStore } from '../src/storage/postgres/postgres-store.ts';
import { call, freshPostgresDatabase } from '../scripts/lib/server-process.ts';
import { BROKER_AUTH, CLOCK, tenderBody } from './fixtures.ts';
import { startCdb, type RunningServer } from './processes.ts';
import { printTable, type Row } from './report.ts';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const NODES = Number(process.env.BENCH_NODES ?? 2);

interface Load {
  perSecond: number;
  p99: number;
  byStatus: Map<number, number>;
}

/** The same request against every server at once, the connections split between them; summed. */
async function loadAll(servers: RunningServer[], request: { path: string; method?: 'GET' | 'POST' | 'PATCH'; body?: string | (() => string); headers?: Record<string, string> }): Promise<Load> {
  const results = await Promise.all(
    servers.map((s) =>
      autocannon({
        url: s.url,
        requests: [
          {
            method: request.method ?? 'GET',
            path: request.path,
            headers: request.headers,
            setupRequest: (spec) => (request.body === undefined ? spec : { ...spec, body: typeof request.body === 'string' ? request.body : request.body() }),
          },
        ],
        connections: Math.max(1, Math.round(CONNECTIONS / servers.length)),
        duration: DURATION,
      }),
    ),
  );
  const byStatus = new Map<number, number>();
  for (const r of results) {
    if (r.errors + r.timeouts > 0) throw new Error(`${request.method ?? 'GET'} ${request.path}: ${r.errors} errors, ${r.timeouts} timeouts`);
    for (const [code, stat] of Object.entries(r.statusCodeStats ?? {})) byStatus.set(Number(code), (byStatus.get(Number(code)) ?? 0) + (stat as { count: number }).count);
  }
  return {
    perSecond: results.reduce((k, r) => k + r.requests.average, 0),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    byStatus,
  };
}

const json = (auth: string) => ({ authorization: auth, 'content-type': 'application/json' });

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is required (scripts/bench.sh starts a throwaway PostgreSQL)');
  const database = await freshPostgresDatabase(serverUrl);
  const dirs: string[] = [];
  const servers: RunningServer[] = [];
  const store = new PostgresStore({ connectionString: database.url, max: 2 });
  try {
    for (let i = 0; i < NODES; i++) {
      const dir = mkdtempSync(join(tmpdir(), `cdb-bench-node${i}-`));
      dirs.push(dir);
      // Only the first node runs the chronograph and the auction: the benchmark measures the API.
      servers.push(await startCdb({ dataDir: dir, databaseUrl: database.url, env: i === 0 ? {} : { CHRONOGRAPH: '0', AUCTION: '0' } }));
    }
    await store.init();
    const clock = await call(servers[0]!.url, 'PUT', '/api/2.5/sandbox/clock', { data: { now: CLOCK, frozen: true } }, 'administrator');
    if (clock?.status !== 200) throw new Error(`sandbox clock: ${JSON.stringify(clock)}`);
    const created = await call(servers[0]!.url, 'POST', '/api/2.5/tenders', tenderBody(0, 1));
    if (created?.status !== 201) throw new Error(`create tender: ${JSON.stringify(created)}`);
    const id = String((created.json.data as { id: string }).id);
    const token = String((created.json.access as { token: string }).token);

    const rows: Row[] = [];
    const compare = async (name: string, request: Parameters<typeof loadAll>[1]): Promise<void> => {
      const one = await loadAll(servers.slice(0, 1), request);
      const all = await loadAll(servers, request);
      rows.push({ backend: 'postgres', name: `${name}, 1 node`, value: Math.round(one.perSecond), unit: 'req/s', note: `p99 ${one.p99} ms` });
      rows.push({ backend: 'postgres', name: `${name}, ${NODES} nodes`, value: Math.round(all.perSecond), unit: 'req/s', note: `p99 ${all.p99} ms` });
      rows.push({ backend: 'postgres', name: `${name}, ${NODES} nodes / 1 node`, value: Number((all.perSecond / one.perSecond).toFixed(2)), unit: '×' });
    };
    await compare('GET /tenders/{id}', { path: `/api/2.5/tenders/${id}` });
    await compare('POST /tenders', { path: '/api/2.5/tenders', method: 'POST', body: JSON.stringify(tenderBody(0, 1)), headers: json(BROKER_AUTH) });
    await compare('GET /tenders (feed page of 100)', { path: '/api/2.5/tenders?limit=100' });

    // Contention: every node PATCHes the same tender. Each 200 must be one stored revision.
    const revisionsBefore = (await store.revisions('tenders', id)).length;
    let patches = 0;
    const contended = await loadAll(servers, {
      path: `/api/2.5/tenders/${id}?acc_token=${token}`,
      method: 'PATCH',
      // A new value per request: a PATCH that changes nothing stores no revision.
      body: () => JSON.stringify({ data: { description: `contended write ${++patches}` } }),
      headers: json(BROKER_AUTH),
    });
    const ok = contended.byStatus.get(200) ?? 0;
    const conflicts = contended.byStatus.get(409) ?? 0;
    const other = [...contended.byStatus].filter(([code]) => code !== 200 && code !== 409);
    const stored = (await store.revisions('tenders', id)).length - revisionsBefore;
    rows.push({ backend: 'postgres', name: `PATCH one tender through ${NODES} nodes: acknowledged`, value: Math.round(ok / DURATION), unit: 'req/s', note: `${ok} × 200, ${conflicts} × 409` });
    // autocannon stops with requests in flight: those may be stored without their 200 being counted.
    const lost = Math.max(0, ok - stored);
    const unanswered = stored - ok;
    rows.push({ backend: 'postgres', name: 'lost updates (200s without a stored revision)', value: lost, unit: 'writes', note: `${stored} revisions stored, ${Math.max(0, unanswered)} of them in flight at the stop${other.length ? `; OTHER STATUSES ${JSON.stringify(other)}` : ''}` });
    printTable(rows);
    if (lost > 0 || unanswered > CONNECTIONS || other.length > 0) process.exitCode = 1;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await store.close();
    await database.drop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
