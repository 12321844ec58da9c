// Child processes of a benchmark run: our server (src/main.ts) and a bare Fastify baseline.
// Each runs in its own process so that autocannon (in this process) does not share its event loop.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface RunningServer {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${stderr()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server at ${url} did not become ready: ${stderr()}`);
}

function startChild(args: string[], env: Record<string, string>, readyPath: string, port: number): Promise<RunningServer> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (b: Buffer) => {
    err = (err + b.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return waitReady(url + readyPath, child, () => err).then(() => ({ url, pid: child.pid!, stop }));
}

/** Our server on the given storage; sandbox mode so the clock can be pinned. */
export async function startCdb(opts: { dataDir: string; databaseUrl?: string; env?: Record<string, string> }): Promise<RunningServer> {
  const port = await freePort();
  const env: Record<string, string> = { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: opts.dataDir, SANDBOX: '1', LOG_LEVEL: 'warn', ...opts.env };
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  else env.DATABASE_URL = '';
  return startChild(['src/main.ts'], env, '/api/2.5/health', port);
}

/** A bare Fastify route answering with the given file's bytes as application/json. */
export async function startBare(bodyFile: string): Promise<RunningServer> {
  const port = await freePort();
  return startChild(['bench/bare-server.ts'], { PORT: String(port), BODY_FILE: bodyFile }, '/bare', port);
}

/** Resident set size of a process in MiB (Linux /proc). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}
