// Every environment variable the server reads, typed and validated once at start.
// A bad value stops the server with the full list of problems (architecture.md §3.5).
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Config {
  port: number;
  host: string;
  /** Unset → SQLite under dataDir; postgres://… → PostgreSQL. */
  databaseUrl: string | undefined;
  dataDir: string;
  authFile: string;
  /** Base for absolute URLs (Location, page links); unset → from the request's Host. */
  publicUrl: string | undefined;
  sandbox: boolean;
  /** Classifier/calendar data directory (layout of ProzorroUKR/standards); unset → format checks only. */
  standardsDir: string | undefined;
  /** Extra trusted document-service Ed25519 public keys (hex). */
  dsPublicKeys: string[];
  /** Document service base URL used to render document URLs (and accepted on input). */
  dsUrl: string;
  /** Path the built-in document service is mounted under on this server (extensions.md §3); null = not served. */
  dsMountPath: string | null;
  /** Largest file accepted by the document service and by direct (multipart) upload, bytes. */
  maxUploadBytes: number;
  /**
   * Bytes one API key may upload per UTC day (document service and direct uploads together);
   * 0 = no quota.
   */
  uploadQuotaBytesPerDay: number;
  /** Feed watermark: objects modified less than this many seconds ago are held back. */
  feedWatermarkSeconds: number;
  /** Largest accepted request body, bytes. */
  bodyLimit: number;
  logLevel: string;
  /**
   * Tenders whose owners may still edit them during tendering (the reference's per-deployment
   * funders list, `BELOWTHRESHOLD_FUNDERS_IDS`); empty by default.
   */
  fundersTenderIds: readonly string[];
  /** Run the built-in chronograph in this process (extensions.md §4). */
  chronograph: boolean;
  /** How often the built-in chronograph looks for due tenders, ms. */
  chronographIntervalMs: number;
  /**
   * Run the built-in auction (extensions.md §5): runs, urls and bidder pages; off when external
   * auction workers use the auction API instead.
   */
  auction: boolean;
  /** How often the built-in auction looks for ended runs to post, ms. */
  auctionIntervalMs: number;
  /** Push feed: a comment line this often keeps idle streams (and proxies) open (STREAM_HEARTBEAT_MS). */
  streamHeartbeatMs: number;
  /** Push feed: how often the feed is read without a wake-up (writes of processes that cannot tell this one) (STREAM_POLL_MS). */
  streamPollMs: number;
  /**
   * Live streams (SSE) one auction's page serves to read-only watchers at once; more → 503. Bidders'
   * own streams do not count against it.
   */
  auctionPageStreamsPerRun: number;
  /** Requests per client (API key user, else address) per minute; 0 = no limit (the default). */
  rateLimitPerMinute: number;
  /**
   * SQLite durability: FULL (default) fsyncs every commit, so acknowledged writes survive a power
   * cut; NORMAL (WAL) survives process crashes but may lose the last commits on power loss, for
   * several times the write throughput.
   */
  sqliteSynchronous: 'FULL' | 'NORMAL';
  /** PostgreSQL connections this node's pool opens at most (plus one listening for other nodes' writes). */
  databasePoolSize: number;
  /** A client must send all request headers within this many ms (slow-header clients are cut off). */
  headersTimeoutMs: number;
  /** A client must send the whole request (headers and body) within this many ms; responses are not limited. */
  requestTimeoutMs: number;
  /** A connection with no traffic either way for this many ms is closed (also the keep-alive wait). */
  idleTimeoutMs: number;
  /** Most simultaneous client connections; further ones are closed on accept. */
  maxConnections: number;
  /**
   * Peers whose `X-Forwarded-Proto`/`X-Forwarded-Host`/`X-Forwarded-For` are believed (IPs or CIDRs);
   * empty (the default): forwarded headers are ignored.
   */
  trustedProxies: readonly string[];
  /**
   * The National Bank's daily exchange-rate service (bank.gov.ua's JSON API; `date=YYYYMMDD&json`
   * is appended), read when a complaint fee is computed from a value in another currency.
   */
  exchangeRatesUrl: string;
  /** The OCDS ocid prefix registered for this publisher (`?opt_schema=ocds`). */
  ocidPrefix: string;
  /** The publisher named in OCDS packages (`OCDS_PUBLISHER`). */
  ocdsPublisherName: string;
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_AUTH_FILE = path.join(repoRoot, 'config', 'auth.ini');

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off', '']);

/** proxy-addr's named ranges, accepted in TRUSTED_PROXIES beside addresses and CIDRs. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** `10.0.0.1`, `::1`, `10.0.0.0/8`, `fd00::/8`, `loopback`. */
function isIpOrCidr(text: string): boolean {
  if (NAMED_RANGES.has(text)) return true;
  const [addr, bits, ...rest] = text.split('/');
  const family = net.isIP(addr ?? '');
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** Reads and validates the configuration from an environment map (process.env in main.ts). */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const problems: string[] = [];

  const int = (name: string, def: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return def;
    if (!/^\d+$/.test(raw)) {
      problems.push(`${name} must be an integer, got ${JSON.stringify(raw)}`);
      return def;
    }
    const n = Number(raw);
    if (n < min || n > max) problems.push(`${name} must be between ${min} and ${max}, got ${n}`);
    return n;
  };
  const num = (name: string, def: number, min: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return def;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min) {
      problems.push(`${name} must be a number ≥ ${min}, got ${JSON.stringify(raw)}`);
      return def;
    }
    return n;
  };
  const bool = (name: string, def: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined) return def;
    const v = raw.trim().toLowerCase();
    if (TRUE.has(v)) return true;
    if (FALSE.has(v)) return false;
    problems.push(`${name} must be 1/0 (true/false), got ${JSON.stringify(raw)}`);
    return def;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], def: T): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return def;
    const v = raw.trim().toUpperCase();
    if ((allowed as readonly string[]).includes(v)) return v as T;
    problems.push(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}`);
    return def;
  };
  const url = (name: string): string | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    try {
      const u = new URL(raw);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
      return raw.replace(/\/+$/, '');
    } catch {
      problems.push(`${name} must be an absolute http(s) URL, got ${JSON.stringify(raw)}`);
      return undefined;
    }
  };

  const port = int('PORT', 8000, 0, 65535);
  const host = env.HOST && env.HOST !== '' ? env.HOST : '127.0.0.1';

  let databaseUrl = env.DATABASE_URL && env.DATABASE_URL !== '' ? env.DATABASE_URL : undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push(`DATABASE_URL must start with postgres:// or postgresql://, got ${JSON.stringify(databaseUrl)}`);
    databaseUrl = undefined;
  }

  const publicUrl = url('PUBLIC_URL');
  const trustedProxies = (env.TRUSTED_PROXIES ?? '').split(/[\s,]+/).filter((p) => p !== '');
  for (const p of trustedProxies) {
    if (!isIpOrCidr(p)) problems.push(`TRUSTED_PROXIES entries must be IP addresses or CIDR ranges, got ${JSON.stringify(p)}`);
  }
  const dsPublicKeys = (env.DS_PUBLIC_KEYS ?? '')
    .split(/[\s,]+/)
    .filter((k) => k !== '');
  for (const k of dsPublicKeys) {
    if (!/^[0-9a-fA-F]{64}$/.test(k)) problems.push(`DS_PUBLIC_KEYS entries must be 64 hex chars (Ed25519 public keys), got ${JSON.stringify(k)}`);
  }

  const dsMountRaw = env.DS_MOUNT_PATH === undefined ? '/ds' : env.DS_MOUNT_PATH.trim();
  let dsMountPath: string | null = null;
  if (dsMountRaw !== '' && dsMountRaw !== 'off') {
    if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(dsMountRaw)) problems.push(`DS_MOUNT_PATH must be a path like /ds (or "off"), got ${JSON.stringify(dsMountRaw)}`);
    else dsMountPath = dsMountRaw;
  }

  const dsUrl = url('DS_URL') ?? `${publicUrl ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`}${dsMountPath ?? '/ds'}`;

  const config: Config = {
    port,
    host,
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR && env.DATA_DIR !== '' ? env.DATA_DIR : './data'),
    authFile: env.AUTH_FILE && env.AUTH_FILE !== '' ? path.resolve(env.AUTH_FILE) : DEFAULT_AUTH_FILE,
    publicUrl,
    sandbox: bool('SANDBOX', false),
    standardsDir: env.STANDARDS_DIR && env.STANDARDS_DIR !== '' ? path.resolve(env.STANDARDS_DIR) : undefined,
    dsPublicKeys: dsPublicKeys.map((k) => k.toLowerCase()),
    dsUrl,
    dsMountPath,
    maxUploadBytes: int('MAX_UPLOAD_BYTES', 50 * 1024 * 1024, 1, 4 * 1024 * 1024 * 1024),
    uploadQuotaBytesPerDay: int('UPLOAD_QUOTA_BYTES_PER_DAY', 10 * 1024 * 1024 * 1024, 0, Number.MAX_SAFE_INTEGER),
    feedWatermarkSeconds: num('FEED_WATERMARK_SECONDS', 1, 0),
    bodyLimit: int('BODY_LIMIT', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    logLevel: env.LOG_LEVEL && env.LOG_LEVEL !== '' ? env.LOG_LEVEL : 'info',
    fundersTenderIds: Object.freeze((env.BELOWTHRESHOLD_FUNDERS_IDS ?? '').split(/[\s,]+/).filter((id) => id !== '')),
    chronograph: bool('CHRONOGRAPH', true),
    chronographIntervalMs: int('CHRONOGRAPH_INTERVAL_MS', 1000, 10, 600_000),
    auction: bool('AUCTION', true),
    auctionIntervalMs: int('AUCTION_INTERVAL_MS', 1000, 10, 600_000),
    streamHeartbeatMs: int('STREAM_HEARTBEAT_MS', 15_000, 10, 600_000),
    streamPollMs: int('STREAM_POLL_MS', 1000, 10, 600_000),
    auctionPageStreamsPerRun: int('AUCTION_PAGE_STREAMS_PER_RUN', 200, 1, 100_000),
    rateLimitPerMinute: int('RATE_LIMIT_PER_MINUTE', 0, 0, 1_000_000_000),
    databasePoolSize: int('DATABASE_POOL_SIZE', 10, 1, 1000),
    sqliteSynchronous: oneOf('SQLITE_SYNCHRONOUS', ['FULL', 'NORMAL'] as const, 'FULL'),
    headersTimeoutMs: int('HEADERS_TIMEOUT_MS', 20_000, 100, 600_000),
    requestTimeoutMs: int('REQUEST_TIMEOUT_MS', 120_000, 100, 3_600_000),
    idleTimeoutMs: int('IDLE_TIMEOUT_MS', 65_000, 100, 3_600_000),
    maxConnections: int('MAX_CONNECTIONS', 2048, 1, 1_000_000),
    trustedProxies: Object.freeze(trustedProxies),
    exchangeRatesUrl: url('EXCHANGE_RATES_URL') ?? 'https://bank.gov.ua/NBUStatService/v1/statdirectory/exchange',
    ocidPrefix: env.OCID_PREFIX && env.OCID_PREFIX.trim() !== '' ? env.OCID_PREFIX.trim() : 'ocds-be6bcu',
    ocdsPublisherName: env.OCDS_PUBLISHER && env.OCDS_PUBLISHER.trim() !== '' ? env.OCDS_PUBLISHER.trim() : 'OpenProcurement CDB',
  };
  // Node checks the header deadline against the whole-request one; a longer header wait would never apply.
  if (config.headersTimeoutMs > config.requestTimeoutMs) {
    problems.push(`HEADERS_TIMEOUT_MS (${config.headersTimeoutMs}) must not exceed REQUEST_TIMEOUT_MS (${config.requestTimeoutMs})`);
  }
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(config.logLevel)) {
    problems.push(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got ${JSON.stringify(config.logLevel)}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/** Where this server is reached: PUBLIC_URL, else its own address (for links made without a request). */
export function serverUrl(config: Pick<Config, 'publicUrl' | 'host' | 'port'>): string {
  return config.publicUrl ?? `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
}
