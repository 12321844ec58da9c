// Several API processes on one PostgreSQL (issue 18 §1): starts N server processes (src/main.ts,
// chronograph and built-in auction on in every one, each with its own DATA_DIR) on one fresh
// database and drives them at once:
//   1. a tender created through one node is read and changed through another at once;
//   2. owners PATCH one tender through all nodes at once: every acknowledged change stored, every
//      refusal the exact 409, one revision per acknowledged write;
//   3. tenders reach their auctions while every node's chronograph and auction runner poll: each
//      transition, each auction's urls and each auction's results are written exactly once;
//   4. writers load all nodes while a crawler follows the feed page by page through alternating
//      nodes; one node is killed (SIGKILL) mid-load and started again: every acknowledged write is
//      readable through every node, the crawler's feed covers every tender's latest version, and
//      the first node's push feed (SSE) delivered every tender's latest version, whichever node
//      wrote it.
//
//   DATABASE_URL=postgres://… ./node_modules/.bin/node scripts/multi-node.ts [nodes]
//
// test/reliability/multi-node.test.ts runs it (PostgreSQL only: an SQLite file belongs to one process).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { CollectionName, JsonPatchOp } from '../src/core/storage/store.ts';
import { PostgresStore } from '../src/storage/postgres/postgres-store.ts';
import { runKey } from '../src/services/auction/auction-run-store.ts';
import { formatIso, isoToMs } from '../src/core/time/iso.ts';
import { setClock, type Json } from '../test/helpers/api.ts';
import { burstChanges, burstProblems, storedVersions, untilSettled } from '../test/helpers/patch-burst.ts';
import { START, tenderBody } from '../test/helpers/recorded-tender.ts';
import { remoteApp } from '../test/helpers/remote-app.ts';
import { dataEvents, openSse, type SseEvent } from '../test/helpers/sse-client.ts';
import { AFTER_TENDERING, publishLotTender, submittedBid } from '../test/procedures/below-threshold/awarding.ts';
import { createPublishedTender, postBid, TENDERING_NOW } from '../test/procedures/below-threshold/tendering.ts';
import { Ledger, checkAcknowledged, checkFeedCovers, writer } from './crash-safety.ts';
import { freePort } from '../bench/processes.ts';
import { FeedCrawler, call, freshPostgresDatabase, kill, startServer, stop, type ServerProcess } from './lib/server-process.ts';

export interface MultiNodeOptions {
  /** PostgreSQL server URL: a fresh database is created there (and dropped). */
  postgresUrl: string;
  nodes?: number;
  /** Owners in the PATCH burst. */
  burstClients?: number;
  /** Tenders taken through their auctions at once. */
  auctionTenders?: number;
  /** Writers per node in the load. */
  writersPerNode?: number;
}

export interface MultiNodeReport {
  nodes: number;
  readAcross: number;
  burst: { clients: number; acknowledged: number; conflicts: number };
  auctions: { tenders: number; resultsPosted: number };
  load: { acknowledgedWrites: number; inFlightAtKill: number; tenders: number; feedItems: number };
  /** Every violated guarantee; empty when the run passed. */
  problems: string[];
}

/** An accelerated auction: its 25 minutes pass in half a second of the running sandbox clock. */
const ACCELERATED = 'quick, accelerator=3000';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Revision entries of a document whose reverse patch has an operation matching `match`. */
async function writesMatching(store: PostgresStore, collection: CollectionName, id: string, match: (op: JsonPatchOp) => boolean): Promise<string[]> {
  return (await store.revisions(collection, id)).filter((r) => r.changes.some(match)).map((r) => r.author);
}

class Cluster {
  readonly nodes: ServerProcess[] = [];
  private readonly dirs: string[] = [];
  private readonly env: Record<string, string>;
  /** What the load balancer would be: every node's PUBLIC_URL (auction page links), node 0's address. */
  private publicUrl: string | null = null;

  constructor(databaseUrl: string) {
    // The chronograph and the auction runner poll often, so that the nodes really race each other.
    this.env = { DATABASE_URL: databaseUrl, CHRONOGRAPH_INTERVAL_MS: '50', AUCTION_INTERVAL_MS: '50' };
  }

  /** Starts node `i` (again, after a kill): its own DATA_DIR, the same PUBLIC_URL as every node. */
  async start(i: number): Promise<ServerProcess> {
    const dir = (this.dirs[i] ??= mkdtempSync(join(tmpdir(), `cdb-node${i}-`)));
    const port = i === 0 ? await freePort() : 0;
    this.publicUrl ??= `http://127.0.0.1:${port}`;
    const node = await startServer({ ...this.env, PORT: String(port), PUBLIC_URL: this.publicUrl, DATA_DIR: dir });
    this.nodes[i] = node;
    return node;
  }

  app(i: number): FastifyInstance {
    return remoteApp(this.nodes[i % this.nodes.length]!.url);
  }

  async close(): Promise<void> {
    await Promise.all(this.nodes.map((n) => kill(n)));
    for (const dir of this.dirs) rmSync(dir, { recursive: true, force: true });
  }
}

/** 1. Created on one node, read and changed through the next one at once. */
async function readAcross(cluster: Cluster, problems: string[]): Promise<number> {
  await setClock(cluster.app(0), START, false);
  const n = cluster.nodes.length;
  let checked = 0;
  for (let i = 0; i < 10 * n; i++) {
    const [a, b] = [cluster.nodes[i % n]!.url, cluster.nodes[(i + 1) % n]!.url];
    const created = await call(a, 'POST', '/api/2.5/tenders', tenderBody({ title: `read-across ${i}` }));
    if (created?.status !== 201) {
      problems.push(`read-across: create answered ${created?.status}`);
      continue;
    }
    const data = created.json.data as Json;
    const token = String((created.json.access as Json).token);
    const got = await call(b, 'GET', `/api/2.5/tenders/${String(data.id)}?acc_token=${token}`);
    if (got?.status !== 200 || (got.json.data as Json).dateModified !== data.dateModified) {
      problems.push(`read-across: tender created on node ${i % n} read on node ${(i + 1) % n}: ${got?.status}`);
      continue;
    }
    const patched = await call(b, 'PATCH', `/api/2.5/tenders/${String(data.id)}?acc_token=${token}`, { data: { title: `read-across ${i} changed` } });
    const back = await call(a, 'GET', `/api/2.5/tenders/${String(data.id)}`, undefined, null);
    if (patched?.status !== 200 || (back?.json.data as Json | undefined)?.title !== `read-across ${i} changed`) {
      problems.push(`read-across: change through node ${(i + 1) % n} not served by node ${i % n}`);
      continue;
    }
    checked++;
  }
  return checked;
}

/** 2. One tender PATCHed by `clients` owners through all nodes at once. */
async function patchBurst(cluster: Cluster, store: PostgresStore, clients: number, problems: string[]): Promise<MultiNodeReport['burst']> {
  const { tender } = await createPublishedTender(cluster.app(0));
  const before = await store.get('tenders', tender.id);
  const revisionsBefore = (await store.revisions('tenders', tender.id)).length;
  const changes = burstChanges(clients);
  const n = cluster.nodes.length;
  const outcomes = await Promise.all(
    changes.map(({ field, value }, i) =>
      untilSettled(async () => {
        const answer = await call(cluster.nodes[i % n]!.url, 'PATCH', `/api/2.5/tenders/${tender.id}?acc_token=${tender.token}`, { data: { [field]: value } });
        return answer ?? { status: 0, json: null, body: 'no answer' };
      }, 200),
    ),
  );
  for (const u of outcomes.flatMap((o) => o.unexpected)) problems.push(`burst: unexpected answer ${u}`);
  const acknowledged = outcomes.filter((o) => o.acknowledged).length;
  if (acknowledged !== clients) problems.push(`burst: ${acknowledged} of ${clients} changes acknowledged`);
  const history = await storedVersions(store, 'tenders', tender.id);
  if (history.length - 1 - revisionsBefore !== acknowledged) problems.push(`burst: ${history.length - 1 - revisionsBefore} revisions for ${acknowledged} acknowledged writes`);
  for (const p of burstProblems(history, before!.doc as Json, changes)) problems.push(`burst: ${p}`);
  return { clients, acknowledged, conflicts: outcomes.reduce((k, o) => k + o.conflicts, 0) };
}

/** 3. Tenders through tendering end and their auctions while every node's chronograph and runner poll. */
async function auctionsOnEveryNode(cluster: Cluster, store: PostgresStore, count: number, problems: string[]): Promise<MultiNodeReport['auctions']> {
  const tenders: Array<{ id: string; lotId: string }> = [];
  for (let k = 0; k < count; k++) {
    const lt = await publishLotTender(cluster.app(k), 1, { procurementMethodDetails: ACCELERATED });
    tenders.push({ id: lt.tender.id, lotId: lt.lotIds[0]! });
  }
  await setClock(cluster.app(1), TENDERING_NOW);
  for (const [k, t] of tenders.entries()) {
    for (let b = 0; b < 2; b++) {
      await setClock(cluster.app(k + b), `2027-01-09T1${b}:00:00+02:00`);
      await postBid(cluster.app(k + b), { id: t.id, token: '' }, submittedBid([t.lotId], [500 - 10 * b], `Учасник ${b + 1}`));
    }
  }
  // Tendering ends through one node; every node's chronograph is polling the same tenders meanwhile.
  await setClock(cluster.app(1), AFTER_TENDERING);
  const starts: number[] = [];
  for (const t of tenders) {
    const got = await call(cluster.nodes[0]!.url, 'GET', `/api/2.5/tenders/${t.id}`, undefined, null);
    const data = got?.json.data as { status?: string; lots?: Array<{ auctionPeriod?: { startDate?: string } }> } | undefined;
    const start = data?.lots?.[0]?.auctionPeriod?.startDate;
    if (data?.status !== 'active.auction' || !start) {
      problems.push(`auctions: tender ${t.id} is ${data?.status} after tendering end (start ${start})`);
      return { tenders: count, resultsPosted: 0 };
    }
    starts.push(isoToMs(start));
  }
  // The sandbox clock runs from just before each start in turn: the runs end in real time and
  // whichever node's runner sees one first posts its results.
  for (const startMs of [...new Set(starts)].sort((x, y) => x - y)) {
    await setClock(cluster.app(0), formatIso(startMs - 200), false);
    const due = tenders.filter((_, k) => starts[k] === startMs);
    for (let wait = 0; wait < 300; wait++) {
      const statuses = await Promise.all(due.map(async (t) => (await call(cluster.nodes[wait % cluster.nodes.length]!.url, 'GET', `/api/2.5/tenders/${t.id}`, undefined, null))?.json.data as Json | undefined));
      if (statuses.every((d) => d?.status !== 'active.auction')) break;
      await sleep(100);
    }
  }
  // Let every poller have another go at the same tenders before counting.
  await sleep(500);
  let resultsPosted = 0;
  for (const t of tenders) {
    const stored = (await store.get('tenders', t.id))?.doc as { status?: string; awards?: unknown[] } | undefined;
    if (stored?.status !== 'active.qualification' || stored.awards?.length !== 1) {
      problems.push(`auctions: tender ${t.id} ended in ${stored?.status} with ${stored?.awards?.length ?? 0} awards`);
    }
    const checks: Array<[string, (op: JsonPatchOp) => boolean]> = [
      ['enquiries → tendering', (op) => op.path === '/status' && op.value === 'active.enquiries'],
      ['tendering → auction', (op) => op.path === '/status' && op.value === 'active.tendering'],
      ['auction urls', (op) => op.path === '/lots/0/auctionUrl'],
      ['auction results', (op) => op.path === '/lots/0/auctionPeriod/endDate'],
    ];
    for (const [what, match] of checks) {
      const writes = await writesMatching(store, 'tenders', t.id, match);
      if (writes.length !== 1) problems.push(`auctions: tender ${t.id}: ${what} written ${writes.length} times (${writes.join(', ')})`);
      else if (what === 'auction results') resultsPosted++;
    }
    const run = await store.getRun(runKey(t.id, t.lotId));
    if (!run || (JSON.parse(run.body) as { status?: string }).status !== 'posted') problems.push(`auctions: run ${runKey(t.id, t.lotId)} not marked posted`);
  }
  return { tenders: count, resultsPosted };
}

/** 4. Writers on every node, a crawler alternating nodes, the last node killed mid-load and restarted. */
async function loadWithKill(cluster: Cluster, writersPerNode: number, problems: string[]): Promise<MultiNodeReport['load']> {
  await setClock(cluster.app(0), START, false);
  const n = cluster.nodes.length;
  const victim = n - 1;
  const ledgers = cluster.nodes.map(() => new Ledger());
  const acknowledged = () => ledgers.reduce((k, l) => k + l.acknowledged, 0);
  const writing = cluster.nodes.flatMap((node, i) => Array.from({ length: writersPerNode }, (_, w) => writer(node.url, `${i}.${w}`, ledgers[i]!)));
  const crawler = new FeedCrawler();
  // The push feed of the first node: the other nodes' writes reach it by NOTIFY.
  const push = await openSse(`${cluster.nodes[0]!.url}/api/2.5/tenders/stream`);
  let crawling = true;
  const crawl = (async () => {
    for (let page = 0; crawling; page++) {
      const i = page % n;
      if (i === victim && ledgers[victim]!.killed) continue;
      if ((await crawler.page(cluster.nodes[i]!.url)) !== 'items') await sleep(20);
    }
  })();
  const killAt = 60 * n;
  while (acknowledged() < killAt && ledgers.every((l) => l.problems.length === 0)) await sleep(5);
  ledgers[victim]!.killed = true;
  await kill(cluster.nodes[victim]!);
  // The others go on a while without it, then stop after their current tender.
  const resumeAt = acknowledged() + 40 * (n - 1);
  while (acknowledged() < resumeAt && ledgers.every((l) => l.problems.length === 0)) await sleep(5);
  for (const l of ledgers) l.stopped = true;
  await Promise.all(writing);
  crawling = false;
  await crawl;

  const restarted = await cluster.start(victim);
  const health = await call(restarted.url, 'GET', '/api/2.5/health', undefined, null);
  if (health?.status !== 200) problems.push(`load: restarted node unhealthy: ${health?.status}`);
  for (const node of cluster.nodes) for (const ledger of ledgers) await checkAcknowledged(node.url, ledger);
  // The crawler finishes through alternating nodes: an offset one node gave is good on the others.
  for (let page = 0, empty = 0; empty < n && page < 10_000; page++) {
    const got = await crawler.page(cluster.nodes[page % n]!.url);
    if (got === 'no-answer') problems.push(`load: feed page through node ${page % n} not answered`);
    empty = got === 'empty' ? empty + 1 : 0;
  }
  for (const ledger of ledgers) await checkFeedCovers(cluster.nodes[0]!.url, ledger, crawler);
  const latest = new Map([...crawler.seen].filter(([id]) => ledgers.some((l) => l.tenders.some((t) => t.id === id))));
  const pushed = (events: SseEvent[]): Map<string, string> => new Map(dataEvents(events).map(({ item }) => [String(item.id), String(item.dateModified)]));
  try {
    await push.until((events) => {
      const got = pushed(events);
      return [...latest].every(([id, modified]) => got.get(id) === modified);
    }, 15_000);
  } catch {
    const got = pushed(push.events);
    const behind = [...latest].filter(([id, modified]) => got.get(id) !== modified).map(([id]) => id);
    problems.push(`load: the push feed of node 0 missed the latest version of ${behind.length} tenders (${behind.slice(0, 3).join(', ')}…)`);
  } finally {
    push.close();
  }
  for (const ledger of ledgers) problems.push(...ledger.problems.map((p) => `load: ${p}`));
  return {
    acknowledgedWrites: acknowledged(),
    inFlightAtKill: ledgers.reduce((k, l) => k + l.inFlightAtKill, 0),
    tenders: ledgers.reduce((k, l) => k + l.tenders.length, 0),
    feedItems: crawler.items,
  };
}

export async function runMultiNode(opts: MultiNodeOptions): Promise<MultiNodeReport> {
  const count = opts.nodes ?? 2;
  const database = await freshPostgresDatabase(opts.postgresUrl);
  const cluster = new Cluster(database.url);
  let store: PostgresStore | null = null;
  const problems: string[] = [];
  try {
    await cluster.start(0);
    // The others start together: they race to open (and upgrade) the same database.
    await Promise.all(Array.from({ length: count - 1 }, (_, i) => cluster.start(i + 1)));
    store = new PostgresStore({ connectionString: database.url, max: 2 });
    await store.init();
    const readAcrossCount = await readAcross(cluster, problems);
    const burst = await patchBurst(cluster, store, opts.burstClients ?? 40, problems);
    const auctions = await auctionsOnEveryNode(cluster, store, opts.auctionTenders ?? 3, problems);
    const load = await loadWithKill(cluster, opts.writersPerNode ?? 3, problems);
    for (const [i, node] of cluster.nodes.entries()) {
      const exit = await stop(node);
      if (exit !== 0) problems.push(`node ${i} did not shut down cleanly (exit ${exit}): ${node.stderr()}`);
    }
    return { nodes: count, readAcross: readAcrossCount, burst, auctions, load, problems };
  } finally {
    await cluster.close();
    await store?.close();
    await database.drop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const postgresUrl = process.env.DATABASE_URL;
  if (!postgresUrl) {
    process.stderr.write('DATABASE_URL (a PostgreSQL server) is required\n');
    process.exit(2);
  }
  const report = await runMultiNode({ postgresUrl, nodes: Number(process.argv[2] ?? 2) });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.exitCode = report.problems.length === 0 ? 0 : 1;
}
