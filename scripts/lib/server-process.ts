// Real server processes for the scripts that drive them (crash safety, multi-node): src/main.ts
// started on a port, stopped or killed; a fresh PostgreSQL database per run; one HTTP call with
// "no answer" kept apart from a refusal; a feed crawler that follows the polling feed.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { REFERENCE_DS_KEY } from '../../test/helpers/reference-ds.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NODE = process.execPath;

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  stderr(): string;
}

/** Starts src/main.ts on a port the OS picks (unless `env` names one) and resolves with its URL once it logs that it listens. */
export function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(NODE, ['src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', SANDBOX: '1', FEED_WATERMARK_SECONDS: '0', DS_PUBLIC_KEYS: REFERENCE_DS_KEY, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (b: Buffer) => {
    err = (err + b.toString()).slice(-8000);
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve({ url: m[1] as string, child, stderr: () => err });
      } else if (out.length > 100_000) {
        out = out.slice(-1000);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`server exited (${code ?? signal}) before listening: ${err}`)));
  });
}

export function kill(server: ServerProcess): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return resolve();
    server.child.once('exit', () => resolve());
    server.child.kill('SIGKILL');
  });
}

export function stop(server: ServerProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null) return resolve(server.child.exitCode);
    server.child.once('exit', (code) => resolve(code));
    server.child.kill('SIGTERM');
  });
}


export type Json = Record<string, unknown>;

export interface Answer {
  status: number;
  json: Json;
}

/** One request; null when no answer arrived (connection refused or cut: the outcome is unknown). */
export async function call(base: string, method: string, path: string, body?: unknown, key: string | null = 'broker'): Promise<Answer | null> {
  const headers: Record<string, string> = {};
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  try {
    const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as Json) : {} };
  } catch {
    return null;
  }
}


/** Follows the feed: the newest dateModified seen per id, and the offset to resume from. */
export class FeedCrawler {
  readonly seen = new Map<string, string>();
  offset: string | null = null;
  items = 0;

  /** Reads one page from `base`: whether it was empty, had items, or got no answer. */
  async page(base: string): Promise<'empty' | 'items' | 'no-answer'> {
    const page = await call(base, 'GET', `/api/2.5/tenders?limit=100${this.offset ? `&offset=${encodeURIComponent(this.offset)}` : ''}`, undefined, null);
    if (page === null || page.status !== 200) return 'no-answer';
    const data = page.json.data as Array<{ id: string; dateModified: string }>;
    for (const item of data) {
      this.items++;
      const before = this.seen.get(item.id);
      if (before === undefined || Date.parse(item.dateModified) >= Date.parse(before)) this.seen.set(item.id, item.dateModified);
    }
    this.offset = String((page.json.next_page as Json).offset);
    return data.length === 0 ? 'empty' : 'items';
  }

  /** Reads pages until an empty one (or `more` says stop); returns false when the server stopped answering. */
  async drain(base: string, more: () => boolean = () => true): Promise<boolean> {
    while (more()) {
      const got = await this.page(base);
      if (got === 'no-answer') return false;
      if (got === 'empty') return true;
    }
    return true;
  }
}

export async function freshPostgresDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `cdb_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
