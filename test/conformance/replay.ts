// Replay recorded exchanges against one app instance.
//
// For each file, in order:
//  1. emulations (see below) of what the recording did outside HTTP;
//  2. sandbox clock: moved (frozen) to the latest "now-like" date of the
//     recorded response (dateModified, date, dateCreated, datePublished, ...)
//     when that is later than the current clock;
//  3. the request, with recorded ids/tokens replaced by ours (IdMap), and the
//     recorded headers (Host included, so absolute URLs can be compared);
//  4. comparison (compare.ts), then the id mapping is learned from the pair
//     of responses (when both are 2xx).
// The replay stops (the rest reported as skipped) after the first 5xx, after a refusal showing the
// server does not know the procedure or route at all (a 422 on procurementMethodType, a 404 for an
// unserved route, where the recording succeeded), and when its time budget runs out.
//
// Emulations. Some recorded steps show state that the recording created outside the recorded
// exchanges (the set's OUT-OF-BAND.md lists those steps: unrecorded document POSTs, direct database
// edits, clock ticks). Each is reproduced through the API and the sandbox clock, from what the
// recordings show, never from knowledge of a particular file; each is reported in the result.
// Before sending a request that targets a tender, when THIS step's recorded response (for an error
// step: the next successful response about the same tender) shows, for that tender:
//  - lots our tender lacks → POST /lots with the recorded client fields, then
//    PATCH the items' `relatedLot` as the recorded items show;
//  - documents our tender lacks (matched by mapped id, else documentType and
//    title) → POST /documents with the recorded title, documentType, format,
//    hash, description... and a url for the recorded doc-service key signed by
//    the replay's own document-service key (the recorded response urls are
//    signed by the reference API, not by its DS, so they cannot be reused);
//  - top-level fields our tender lacks, that the request does not set and that some recorded
//    request of the set sends (so a client may set them) → PATCH them;
//  - a status that some recorded request PATCHes a tender to, while ours is still a draft → PATCH it;
//  - a later status (a recorded read, or an error naming the current status) → the clock moved to
//    our tender's next_check until it shows that status (the chronograph runs on the clock PUT);
//  - a chronograph check OUT-OF-BAND.md lists before the file → the clock PUT at its instant;
// using the tender owner's token (learned when the tender was created) and the recorded
// Authorization. A request on a single tender document the replay has never seen, whose recorded
// response shows it, POSTs that document first; a feed page listing a tender never seen gets a
// stand-in tender; an id first seen in a request path is resolved from our collection.

import { generateKeyPairSync, randomUUID, sign as edSign, type KeyObject } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { START } from '../helpers/recorded-tender.ts';
import { readHttpExchange, type HttpExchange } from './http-file.ts';
import { HEX32, IdMap, isPlainObject, learnFromUrl, learnMapping, pairArray } from './id-map.ts';
import { compareResponse, type CompareResult } from './compare.ts';
import type { OutOfBand } from './out-of-band.ts';

/** Response keys whose values are "the server's now" at some point. */
export const CLOCK_KEYS: ReadonlySet<string> = new Set([
  'dateModified',
  'date',
  'dateCreated',
  'datePublished',
  'dateAnswered',
  'dateSubmitted',
  'dateDecision',
  'dateSigned',
  'noticePublicationDate',
  'submissionDate',
]);
/** Header marking the replay's own requests (emulations), for server logs and test doubles. */
export const EMULATION_HEADER = 'x-conformance-emulation';
/** The out-of-band step that runs the chronograph's due checks. */
const CHRONOGRAPH_CHECK = 'check_chronograph';
/** Tender fields an emulation never PATCHes as plain fields (other emulations handle them). */
const NOT_PLAIN_FIELDS: ReadonlySet<string> = new Set(['id', 'status', 'lots', 'documents', 'items']);
/** Lot/document keys that the server sets (not sent when re-creating them). */
const SERVER_KEYS: ReadonlySet<string> = new Set([
  'id',
  'date',
  'dateModified',
  'datePublished',
  'status',
  'auctionPeriod',
  'author',
  'url',
]);

/**
 * The shared conformance directory: `$CONFORMANCE_DIR`, else the first `shared/conformance` beside
 * the repo root or one of its parents (a worktree may sit deeper than the main checkout).
 * undefined when there is none.
 */
export function conformanceDir(): string | undefined {
  if (process.env.CONFORMANCE_DIR !== undefined) return existsSync(process.env.CONFORMANCE_DIR) ? process.env.CONFORMANCE_DIR : undefined;
  for (let dir = resolve(import.meta.dirname, '..', '..', '..'); ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'conformance');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

export interface DsSigner {
  publicKeyHex: string;
  keyId: string;
  /** `<base>/get/<uuid>?Signature=...&KeyID=...` for message `<uuid>\0<md5 hex>`. */
  signUrl(base: string, uuid: string, hash: string): string;
}

/** A fresh Ed25519 document-service key for emulated documents (add its public key to trustedDsKeys). */
export function createDsSigner(): DsSigner {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  const publicKeyHex = Buffer.from(String(jwk.x), 'base64url').toString('hex');
  const keyId = publicKeyHex.slice(0, 8);
  const key: KeyObject = privateKey;
  return {
    publicKeyHex,
    keyId,
    signUrl(base: string, uuid: string, hash: string): string {
      const msg = `${uuid}\0${hash.replace(/^md5:/, '')}`;
      const sig = edSign(null, Buffer.from(msg, 'utf8'), key).toString('base64');
      return `${base}/get/${uuid}?Signature=${encodeURIComponent(sig)}&KeyID=${keyId}`;
    },
  };
}

export interface FileResult extends CompareResult {
  file: string;
  method: string;
  recordedStatus: number;
  /** null when the step was skipped or the request threw. */
  actualStatus: number | null;
  /** What the replay did to stand in for work the recording did outside HTTP before this step. */
  emulations: string[];
  /** The out-of-band steps the set's OUT-OF-BAND.md lists before this file. */
  outOfBand: readonly string[];
  skipped?: string;
}

export interface ReplayOptions {
  app: FastifyInstance;
  /** Directory holding the .http files. */
  dir: string;
  signer: DsSigner;
  /** Stop after the first 5xx (default true). */
  stopOn5xx?: boolean;
  clockStart?: string;
  /** Share the mapping/clock state with an earlier replay on the same app. */
  state?: ReplayState;
  /** The set's out-of-band steps per file (reported with each result). */
  outOfBand?: OutOfBand;
  /** `Date.now()` after which the remaining files are skipped (the replay's time budget). */
  deadlineMs?: number;
  /** The set's own emulations of out-of-band steps, run before a file (see SetPlan.beforeFile). */
  beforeFile?: BeforeFile;
  /** Direct storage edits for database-edit emulations (absent: those emulations report they cannot run). */
  editStored?: StoredTenderEditor;
  /** The same for plans (a modifying save: dateModified and the feed position move). */
  editStoredPlan?: StoredTenderEditor;
}

/** What a set's emulation may do: send requests as the recording's tender owner, and map recorded ids. */
export interface EmulationApi {
  /** Our id of a recorded one, if known. */
  ours(recordedId: string): string | undefined;
  learn(recordedId: string, ourId: string): void;
  /** Recorded ids of the tenders the replay created so far, oldest first. */
  createdTenders(): string[];
  /** A request as the owner of the recorded tender (its acc_token appended); undefined when we do not know the tender. */
  asOwner(recTenderId: string, method: 'GET' | 'POST' | 'PATCH', path: string, body?: object): Promise<{ status: number; json: unknown; bodyText: string } | undefined>;
  /**
   * Creates a tender standing for `recTenderId` with the create request recorded in `createFile`
   * (a tender the recording created in an exchange it kept no copy of) and maps the recorded
   * tender's owner token, found in the set's requests, to ours. Returns the create's status.
   */
  createStandIn(recTenderId: string, createFile: string): Promise<number>;
  /** The replay's clock (ms). */
  nowMs(): number;
  /** Moves the sandbox clock forward (due chronograph checks run); a note, or undefined when nothing moved. */
  setClock(iso: string): Promise<string | undefined>;
  /** A request as another user of the recording (e.g. `Bearer auction`), without an owner token. */
  as(authorization: string, method: 'GET' | 'POST' | 'PATCH', path: string, body?: object): Promise<{ status: number; json: unknown; bodyText: string }>;
  /**
   * Edits our stored tender directly, as the recording's database edits did; false when the replay
   * runs without storage access or does not know the tender.
   */
  editStored(recTenderId: string, mutate: (tender: Record<string, unknown>) => void): Promise<boolean>;
  /** Edits our stored plan directly (a modifying save); false when not possible. */
  editStoredPlan(recPlanId: string, mutate: (plan: Record<string, unknown>) => void): Promise<boolean>;
}

/** Direct storage edits of one of our tenders (the test app's store), for database-edit emulations. */
export type StoredTenderEditor = (ourTenderId: string, mutate: (tender: Record<string, unknown>) => void) => Promise<void>;

export type BeforeFile = (file: string, ex: HttpExchange, api: EmulationApi) => Promise<string[]>;

export interface ReplayState {
  map: IdMap;
  clockMs: number;
  clockSet: boolean;
  /** recorded tender id → recorded owner token and Authorization used to create it */
  owners: Map<string, { token: string; authorization?: string; host?: string; createBody: string; plan?: boolean }>;
  /** The last recorded successful activation (PATCH status active.*) of a tender: for stand-ins. */
  lastActivation?: { recTenderId: string; bodyText: string; documents: unknown[]; lots: unknown[]; items: unknown[] };
  /** Bids we created (our ids and tokens), per our tender id: a status emulation submits the drafts. */
  bids: Map<string, Array<{ id: string; token: string; authorization?: string }>>;
  aborted?: string;
}

export function newReplayState(): ReplayState {
  return { map: new IdMap(), clockMs: Number.NEGATIVE_INFINITY, clockSet: false, owners: new Map(), bids: new Map() };
}

interface InjectResult {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  bodyText: string;
  json?: unknown;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function normIso(s: string): string {
  // Date.parse copes with microseconds, but keep what we send tidy: ms precision.
  return s.replace(/(\.\d{3})\d+/, '$1');
}

/** Latest "now-like" instant in a recorded body, or undefined. */
export function latestNow(body: unknown): { ms: number; iso: string } | undefined {
  let best: { ms: number; iso: string } | undefined;
  const walk = (v: unknown, key?: string): void => {
    if (typeof v === 'string') {
      if (key !== undefined && CLOCK_KEYS.has(key)) {
        const ms = Date.parse(v);
        if (Number.isFinite(ms) && (best === undefined || ms > best.ms)) best = { ms, iso: normIso(v) };
      }
    } else if (Array.isArray(v)) {
      for (const x of v) walk(x, key);
    } else if (isPlainObject(v)) {
      for (const [k, x] of Object.entries(v)) walk(x, k);
    }
  };
  walk(body);
  return best;
}

/** The status of a successful recorded read of the tender itself (`GET /tenders/{id}`), if any. */
export function recordedTenderStatus(ex: HttpExchange): string | undefined {
  if (ex.request.method !== 'GET' || !TENDER_ONLY_PATH.test(ex.request.path)) return undefined;
  const body = ex.response.json;
  const data = isPlainObject(body) ? body.data : undefined;
  return isPlainObject(data) && typeof data.status === 'string' ? data.status : undefined;
}

/**
 * The tender status a request path implies: awards exist only once the auction has reported, so a
 * request about an award needs the tender out of `active.auction` (the recording's auction ran
 * outside the recorded exchanges; ours runs when the clock passes its start).
 */
export function statusImpliedByPath(path: string): string | undefined {
  return /\/tenders\/[0-9a-f]{32}\/awards(\/|\?|$)/.test(path) ? 'active.qualification' : undefined;
}

/** The tender status a recorded error message names (`... in current (<status>) [tender ]status`), if any. */
export function recordedStatusInError(body: unknown): string | undefined {
  const errors = isPlainObject(body) && Array.isArray(body.errors) ? body.errors : [];
  for (const e of errors) {
    const d = isPlainObject(e) ? e.description : undefined;
    const m = typeof d === 'string' ? /current \(([a-z.]+)\) (?:tender )?status/.exec(d) : null;
    if (m) return m[1];
  }
  return undefined;
}

const FEED_PATH = /^\/api\/[^/]+\/tenders\/?(?:\?.*)?$/;
const DOCUMENT_PATH = /^\/api\/[^/]+\/tenders\/([0-9a-f]{32})\/documents\/([0-9a-f]{32})\/?(?:\?.*)?$/;
const TENDER_PATH = /^\/api\/[^/]+\/tenders\/([0-9a-f]{32})(\/documents)?\/?(?:\?.*)?$/;
/** Document-service base of the replay's own documents (any host: the signature is what counts). */
const REPLAY_DS_BASE = 'http://public-docs-sandbox.prozorro.gov.ua';
const BIDS_PATH = /^\/api\/[^/]+\/tenders\/([0-9a-f]{32})\/bids\/?(?:\?.*)?$/;
/** A bid's document lists: field → URL segment. */
const BID_DOCUMENT_SEGMENTS: Readonly<Record<string, string>> = {
  documents: 'documents',
  financialDocuments: 'financial_documents',
  eligibilityDocuments: 'eligibility_documents',
  qualificationDocuments: 'qualification_documents',
};
const BID_PATH = /^\/api\/[^/]+\/tenders\/([0-9a-f]{32})\/bids\/([0-9a-f]{32})\/?(?:\?.*)?$/;
const TENDER_ONLY_PATH = /^\/api\/[^/]+\/tenders\/([0-9a-f]{32})\/?(?:\?.*)?$/;

/**
 * Answers to a tender's criteria as a bidder's tooling would give them: the first group of every
 * criterion bidders answer, each active requirement met by its expected or minimal value.
 */
function generatedResponses(criteria: unknown): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const c of Array.isArray(criteria) ? criteria.filter(isPlainObject) : []) {
    if (!['tenderer', 'winner', undefined].includes(c.source as string | undefined)) continue;
    const group = Array.isArray(c.requirementGroups) ? c.requirementGroups.find(isPlainObject) : undefined;
    const requirements = isPlainObject(group) && Array.isArray(group.requirements) ? group.requirements.filter(isPlainObject).filter((r) => r.status !== 'cancelled') : [];
    for (const r of requirements) {
      const answer: Record<string, unknown> = { requirement: { id: r.id } };
      if (Array.isArray(r.expectedValues)) answer.values = r.expectedValues.slice(0, typeof r.expectedMinItems === 'number' ? r.expectedMinItems : 1);
      else answer.value = r.expectedValue ?? r.minValue ?? (r.dataType === 'boolean' || r.dataType === undefined ? true : r.maxValue ?? 'так');
      out.push(answer);
    }
  }
  return out;
}

function headerOf(h: Record<string, string>, name: string): string | undefined {
  return h[name.toLowerCase()];
}

export class Replayer {
  readonly app: FastifyInstance;
  readonly dir: string;
  readonly signer: DsSigner;
  readonly stopOn5xx: boolean;
  readonly clockStart: string;
  readonly state: ReplayState;
  readonly outOfBand: OutOfBand;
  readonly deadlineMs: number;
  /** What the set's successful recorded requests write to a tender: its client fields and statuses. */
  readonly recordedWrites: RecordedWrites;
  readonly beforeFile: BeforeFile | undefined;
  readonly editStored: StoredTenderEditor | undefined;
  readonly editStoredPlan: StoredTenderEditor | undefined;

  constructor(opts: ReplayOptions) {
    this.beforeFile = opts.beforeFile;
    this.editStored = opts.editStored;
    this.editStoredPlan = opts.editStoredPlan;
    this.app = opts.app;
    this.dir = opts.dir;
    this.signer = opts.signer;
    this.stopOn5xx = opts.stopOn5xx ?? true;
    this.clockStart = opts.clockStart ?? START;
    this.state = opts.state ?? newReplayState();
    this.outOfBand = opts.outOfBand ?? { before: new Map(), notes: [] };
    this.deadlineMs = opts.deadlineMs ?? Number.POSITIVE_INFINITY;
    this.recordedWrites = recordedWrites(opts.dir);
  }

  get map(): IdMap {
    return this.state.map;
  }

  private async inject(method: string, url: string, headers: Record<string, string>, payload?: string | object): Promise<InjectResult> {
    const res = await this.app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(payload === undefined ? {} : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
    });
    return { status: res.statusCode, headers: res.headers, bodyText: res.body, json: parseJson(res.body) };
  }

  /** Move the sandbox clock (frozen) to `iso`; returns a problem string or undefined. */
  async setClock(iso: string): Promise<string | undefined> {
    const res = await this.inject(
      'PUT',
      '/api/2.5/sandbox/clock',
      { authorization: 'Bearer administrator', 'content-type': 'application/json' },
      { data: { now: iso, frozen: true } },
    );
    if (res.status !== 200) return `clock PUT ${iso} → ${res.status} ${res.bodyText.slice(0, 200)}`;
    this.state.clockMs = Date.parse(iso);
    this.state.clockSet = true;
    return undefined;
  }

  async runFiles(files: readonly string[]): Promise<FileResult[]> {
    const out: FileResult[] = [];
    for (let i = 0; i < files.length; i++) out.push(await this.runFile(files[i]!, files.slice(i + 1)));
    return out;
  }

  /**
   * An error step shows no state, yet the recording may have changed the tender outside HTTP just
   * before it (e.g. a contractProforma document before `notice-document-required.http`). Look ahead
   * to the next successful response for the same tender and bring over what it shows, except the
   * documents that the steps in between create themselves.
   */
  private lookaheadSource(ex: HttpExchange, later: readonly string[]): HttpExchange | undefined {
    if (ex.response.status < 400) return undefined;
    const m = TENDER_PATH.exec(ex.request.path);
    if (!m || m[2] !== undefined) return undefined;
    const createdBetween = new Set<string>();
    for (const f of later) {
      const next = readHttpExchange(join(this.dir, f));
      const data = isPlainObject(next.response.json) ? next.response.json.data : undefined;
      if (next.request.method === 'POST' && /\/documents(\?|$)/.test(next.request.path) && isPlainObject(data) && typeof data.id === 'string') {
        createdBetween.add(data.id);
        continue;
      }
      if (next.response.status >= 200 && next.response.status < 300 && isPlainObject(data) && data.id === m[1]) {
        const docs = Array.isArray(data.documents) ? data.documents.filter((d) => !(isPlainObject(d) && createdBetween.has(String(d.id)))) : [];
        const json = { ...(next.response.json as Record<string, unknown>), data: { ...data, documents: docs } };
        return { request: { ...ex.request, bodyText: '' }, response: { ...next.response, json } } as HttpExchange;
      }
    }
    return undefined;
  }

  async runFile(file: string, later: readonly string[] = []): Promise<FileResult> {
    const ex = readHttpExchange(join(this.dir, file));
    const base = {
      file,
      method: ex.request.method,
      recordedStatus: ex.response.status,
      emulations: [] as string[],
      outOfBand: this.outOfBand.before.get(file) ?? [],
    };
    if (this.state.aborted === undefined && Date.now() > this.deadlineMs) this.state.aborted = 'the replay\'s time budget ran out';
    if (this.state.aborted !== undefined) {
      return {
        ...base,
        actualStatus: null,
        statusOk: false,
        shapeOk: false,
        valuesOk: false,
        problems: [`skipped: ${this.state.aborted}`],
        notes: [],
        skipped: this.state.aborted,
      };
    }
    const emulations = base.emulations;
    const notes: string[] = [];

    if (!this.state.clockSet) {
      const p = await this.setClock(this.clockStart);
      if (p) notes.push(p);
    }
    try {
      await this.emulateShownState(this.lookaheadSource(ex, later) ?? ex, emulations);
    } catch (e) {
      emulations.push(`emulation error: ${(e as Error).message}`);
    }
    const now = latestNow(ex.response.json);
    if (now !== undefined && now.ms > this.state.clockMs) {
      const p = await this.setClock(now.iso);
      if (p) notes.push(p);
    }
    // The set's own emulations come first: what they do (e.g. an auction's results) may be what the
    // status emulation would otherwise reach by time.
    try {
      if (this.beforeFile) emulations.push(...(await this.beforeFile(file, ex, this.emulationApi(ex))));
    } catch (e) {
      emulations.push(`set emulation error: ${(e as Error).message}`);
    }
    try {
      await this.emulateStatus(ex, emulations);
      await this.emulateChronographCheck(file, emulations);
    } catch (e) {
      emulations.push(`status emulation error: ${(e as Error).message}`);
    }
    try {
      await this.resolvePathIds(ex, emulations);
    } catch (e) {
      emulations.push(`path id resolution error: ${(e as Error).message}`);
    }
    const url = this.map.rewritePath(ex.request.path);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(ex.request.headers)) {
      if (k === 'content-length') continue;
      headers[k] = v;
    }
    const payload = ex.request.bodyText === '' ? undefined : this.map.rewriteBody(ex.request.bodyText);

    let actual: InjectResult;
    try {
      actual = await this.inject(ex.request.method, url, headers, payload);
    } catch (e) {
      this.state.aborted = `${file}: request threw ${(e as Error).message}`;
      return {
        ...base,
        actualStatus: null,
        statusOk: false,
        shapeOk: false,
        valuesOk: false,
        problems: [`request threw: ${(e as Error).message}`],
        notes,
      };
    }

    const cmp = compareResponse(ex.response, actual, this.map);
    this.learn(ex, actual);
    if (this.stopOn5xx && actual.status >= 500) {
      this.state.aborted = `after ${file} answered ${actual.status}`;
    }
    const unknown = notServed(ex, actual);
    if (unknown !== undefined) this.state.aborted = `${NOT_IMPLEMENTED}: ${file} → ${actual.status} ${unknown}`;
    return { ...base, actualStatus: actual.status, ...cmp, notes: [...notes, ...cmp.notes] };
  }

  private learn(ex: HttpExchange, actual: InjectResult): void {
    const rs = ex.response.status;
    if (rs < 200 || rs >= 300 || actual.status < 200 || actual.status >= 300) return;
    learnMapping(ex.response.json, actual.json, this.map);
    const recLoc = ex.response.headers['location'];
    const actLoc = actual.headers['location'];
    if (recLoc !== undefined && typeof actLoc === 'string') learnFromUrl(recLoc, actLoc, this.map);
    // Remember who owns a created tender or plan (for emulations).
    const rec = ex.response.json;
    if (ex.request.method === 'POST' && /^\/api\/[^/]+\/(?:tenders|plans)\/?(?:\?.*)?$/.test(ex.request.path) && isPlainObject(rec)) {
      const data = rec.data;
      const access = rec.access;
      if (isPlainObject(data) && typeof data.id === 'string' && isPlainObject(access) && typeof access.token === 'string') {
        this.state.owners.set(data.id, {
          token: access.token,
          authorization: headerOf(ex.request.headers, 'authorization'),
          host: headerOf(ex.request.headers, 'host'),
          createBody: ex.request.bodyText,
          ...(ex.request.path.includes('/plans') ? { plan: true } : {}),
        });
      }
    }
    // Remember our bids and their tokens (a status emulation submits drafts before tendering ends).
    const bm = BIDS_PATH.exec(ex.request.path);
    const ours = actual.json;
    if (ex.request.method === 'POST' && bm && isPlainObject(ours) && isPlainObject(ours.data) && isPlainObject(ours.access)) {
      const tenderId = this.map.get(bm[1]!);
      if (tenderId !== undefined && typeof ours.data.id === 'string' && typeof ours.access.token === 'string') {
        const list = this.state.bids.get(tenderId) ?? [];
        list.push({ id: ours.data.id, token: ours.access.token, authorization: headerOf(ex.request.headers, 'authorization') });
        this.state.bids.set(tenderId, list);
      }
    }
    // Remember the last activation (what it took to bring a tender out of draft).
    const tm = TENDER_PATH.exec(ex.request.path);
    const reqData = isPlainObject(ex.request.json) ? ex.request.json.data : undefined;
    if (ex.request.method === 'PATCH' && tm && tm[2] === undefined && isPlainObject(reqData) && typeof reqData.status === 'string' && reqData.status.startsWith('active') && isPlainObject(rec) && isPlainObject(rec.data)) {
      this.state.lastActivation = {
        recTenderId: tm[1],
        bodyText: ex.request.bodyText,
        documents: Array.isArray(rec.data.documents) ? rec.data.documents : [],
        lots: Array.isArray(rec.data.lots) ? rec.data.lots : [],
        items: Array.isArray(rec.data.items) ? rec.data.items : [],
      };
    }
  }

  // ---------------------------------------------------------------- emulations

  private emulationApi(ex: HttpExchange): EmulationApi {
    return {
      ours: (id) => this.map.get(id),
      learn: (id, ourId) => this.map.set(id, ourId),
      createdTenders: () => [...this.state.owners].filter(([, o]) => o.plan !== true).map(([id]) => id),
      asOwner: async (recTenderId, method, path, body) => {
        const owner = this.state.owners.get(recTenderId);
        const token = owner ? this.map.get(owner.token) : undefined;
        if (!owner || token === undefined) return undefined;
        const headers: Record<string, string> = { [EMULATION_HEADER]: '1' };
        if (body !== undefined) headers['content-type'] = 'application/json';
        const authorization = owner.authorization ?? headerOf(ex.request.headers, 'authorization');
        if (authorization) headers.authorization = authorization;
        const sep = path.includes('?') ? '&' : '?';
        const r = await this.inject(method, `${path}${sep}acc_token=${token}`, headers, body === undefined ? undefined : { data: body });
        return { status: r.status, json: r.json, bodyText: r.bodyText };
      },
      createStandIn: (recTenderId, createFile) => this.createStandIn(recTenderId, createFile),
      nowMs: () => this.state.clockMs,
      setClock: async (iso) => (Date.parse(iso) > this.state.clockMs ? ((await this.setClock(iso)) ?? `clock → ${iso}`) : undefined),
      as: async (authorization, method, path, body) => {
        const headers: Record<string, string> = { [EMULATION_HEADER]: '1', authorization };
        if (body !== undefined) headers['content-type'] = 'application/json';
        const r = await this.inject(method, path, headers, body === undefined ? undefined : { data: body });
        return { status: r.status, json: r.json, bodyText: r.bodyText };
      },
      editStored: async (recTenderId, mutate) => {
        const ours = this.map.get(recTenderId);
        if (ours === undefined || this.editStored === undefined) return false;
        await this.editStored(ours, mutate);
        return true;
      },
      editStoredPlan: async (recPlanId, mutate) => {
        const ours = this.map.get(recPlanId);
        if (ours === undefined || this.editStoredPlan === undefined) return false;
        await this.editStoredPlan(ours, mutate);
        return true;
      },
    };
  }

  private async createStandIn(recTenderId: string, createFile: string): Promise<number> {
    const create = readHttpExchange(join(this.dir, createFile));
    const tokenPattern = new RegExp(`/(?:tenders|plans)/${recTenderId}\\?(?:[^\\s]*&)?acc_token=([0-9a-f]{32})`);
    const recToken = readdirSync(this.dir)
      .filter((f) => f.endsWith('.http'))
      .map((f) => tokenPattern.exec(readFileSync(join(this.dir, f), 'utf8'))?.[1])
      .find((t) => t !== undefined);
    const headers: Record<string, string> = { [EMULATION_HEADER]: '1', 'content-type': 'application/json' };
    const authorization = headerOf(create.request.headers, 'authorization');
    if (authorization) headers.authorization = authorization;
    const r = await this.inject('POST', create.request.path, headers, create.request.bodyText);
    const ours = isPlainObject(r.json) ? r.json : undefined;
    if (r.status === 201 && isPlainObject(ours?.data) && isPlainObject(ours.access) && typeof ours.data.id === 'string' && typeof ours.access.token === 'string') {
      this.map.set(recTenderId, ours.data.id);
      if (recToken !== undefined) {
        this.map.set(recToken, ours.access.token);
        this.state.owners.set(recTenderId, { token: recToken, authorization, host: headerOf(create.request.headers, 'host'), createBody: create.request.bodyText });
      }
    }
    return r.status;
  }

  /**
   * A recorded error naming the tender's status ("... in current (active.tendering) status"), or a
   * recorded read of the tender in another status, shows a state the recording reached by moving
   * time outside HTTP. Move the sandbox clock to our tender's `next_check` (the chronograph runs on
   * the clock PUT) until it shows that status. Before the clock ends tendering, our draft bids are
   * submitted: the recording's tooling kept drafts that the real tendering end would drop.
   */
  private async emulateStatus(ex: HttpExchange, emulations: string[]): Promise<void> {
    const m = /^\/api\/[^/]+\/tenders\/([0-9a-f]{32})/.exec(ex.request.path);
    const failed = ex.response.status >= 400;
    const recorded = failed ? recordedStatusInError(ex.response.json) : recordedTenderStatus(ex);
    const wanted = recorded ?? statusImpliedByPath(ex.request.path);
    // A status implied by a successful request's path is a minimum: a tender past it stays put.
    const minimumOnly = !failed && recorded === undefined;
    const tenderId = m ? this.map.get(m[1]!) : undefined;
    if (tenderId === undefined || wanted === undefined) return;
    for (let step = 0; step < 5; step++) {
      const r = await this.inject('GET', `/api/2.5/tenders/${tenderId}`, { [EMULATION_HEADER]: '1' });
      const d = isPlainObject(r.json) ? r.json.data : undefined;
      if (!isPlainObject(d) || d.status === wanted || typeof d.next_check !== 'string') return;
      if (minimumOnly && d.status !== 'active.auction') return;
      const at = Date.parse(d.next_check);
      if (!Number.isFinite(at) || at <= this.state.clockMs) return;
      if (d.status === 'active.tendering') await this.submitDraftBids(tenderId, emulations);
      const p = await this.setClock(normIso(d.next_check));
      emulations.push(`clock → ${d.next_check} (tender ${String(d.status)}; the recording shows ${wanted})`);
      if (p) {
        emulations.push(p);
        return;
      }
    }
  }

  /**
   * OUT-OF-BAND.md says the recording ran the chronograph before this file: PUT the clock at its
   * current instant, which runs the checks that are due (the time itself does not move).
   */
  private async emulateChronographCheck(file: string, emulations: string[]): Promise<void> {
    if (!(this.outOfBand.before.get(file) ?? []).includes(CHRONOGRAPH_CHECK) || !Number.isFinite(this.state.clockMs)) return;
    const iso = new Date(this.state.clockMs).toISOString();
    const p = await this.setClock(iso);
    emulations.push(p ?? `clock PUT at ${iso} (${CHRONOGRAPH_CHECK}: due chronograph checks run)`);
  }

  private async submitDraftBids(tenderId: string, emulations: string[]): Promise<void> {
    for (const bid of this.state.bids.get(tenderId) ?? []) {
      const url = `/api/2.5/tenders/${tenderId}/bids/${bid.id}?acc_token=${bid.token}`;
      const headers: Record<string, string> = { [EMULATION_HEADER]: '1', 'content-type': 'application/json' };
      if (bid.authorization) headers.authorization = bid.authorization;
      const current = await this.inject('GET', url, headers);
      const data = isPlainObject(current.json) ? current.json.data : undefined;
      if (!isPlainObject(data) || (data.status !== 'draft' && data.status !== 'invalid')) continue;
      const hasProposal = Array.isArray(data.documents) && data.documents.some((doc) => isPlainObject(doc) && doc.documentType === 'proposal');
      if (data.status === 'invalid' || !hasProposal) {
        // (Re-)submission needs a proposal signature newer than the last submission (the clock is frozen).
        const p = await this.setClock(new Date(this.state.clockMs + 1000).toISOString());
        if (p) emulations.push(p);
        const uuid = randomUUID().replace(/-/g, '');
        const hash = `md5:${'0'.repeat(32)}`;
        const proposal = { title: 'sign.p7s', format: 'application/pkcs7-signature', documentType: 'proposal', hash, url: this.signer.signUrl(REPLAY_DS_BASE, uuid, hash) };
        // A new version of its proposal signature, as the recording shows (same id, title sign.p7s).
        const docs = Array.isArray(data.documents) ? data.documents : [];
        const signed = docs.find((doc) => isPlainObject(doc) && doc.documentType === 'proposal');
        const docsUrl = `/api/2.5/tenders/${tenderId}/bids/${bid.id}/documents`;
        const d = isPlainObject(signed)
          ? await this.inject('PUT', `${docsUrl}/${String(signed.id)}?acc_token=${bid.token}`, headers, { data: proposal })
          : await this.inject('POST', `${docsUrl}?acc_token=${bid.token}`, headers, { data: proposal });
        emulations.push(`${isPlainObject(signed) ? 'PUT new version of' : 'POST'} proposal signature of ${String(data.status)} bid ${bid.id} → ${d.status}`);
      }
      const submission: Record<string, unknown> = { status: 'pending' };
      // The recording's tooling answered the tender's criteria for other bidders (its `set_responses`).
      if (!Array.isArray(data.requirementResponses)) {
        const tender = await this.inject('GET', `/api/2.5/tenders/${tenderId}`, { [EMULATION_HEADER]: '1' });
        const responses = generatedResponses(isPlainObject(tender.json) && isPlainObject(tender.json.data) ? tender.json.data.criteria : undefined);
        if (responses.length > 0) submission.requirementResponses = responses;
      }
      const r = await this.inject('PATCH', url, headers, { data: submission });
      emulations.push(`submit ${String(data.status)} bid ${bid.id}${submission.requirementResponses ? ' with generated requirement responses' : ''} → ${r.status}${r.status === 200 ? '' : ` ${r.bodyText.slice(0, 200)}`}`);
    }
  }

  private async emulateShownState(ex: HttpExchange, emulations: string[]): Promise<void> {
    if (ex.response.status < 200 || ex.response.status >= 300) return;
    if (ex.request.method === 'GET' && FEED_PATH.test(ex.request.path)) {
      await this.standIns(ex, emulations);
      return;
    }
    const dm = DOCUMENT_PATH.exec(ex.request.path);
    if (dm) {
      await this.documentStandIn(ex, dm[1]!, dm[2]!, emulations);
      return;
    }
    const bm = BID_PATH.exec(ex.request.path);
    if (bm) {
      await this.bidDocuments(ex, bm[1]!, bm[2]!, emulations);
      return;
    }
    const m = TENDER_PATH.exec(ex.request.path);
    if (!m) return;
    const recTenderId = m[1];
    const isDocList = m[2] !== undefined;
    const data = isPlainObject(ex.response.json) ? ex.response.json.data : undefined;
    let recDocs: unknown[] = [];
    let recLots: unknown[] = [];
    let recTender: Record<string, unknown> | undefined;
    if (isDocList) {
      if (ex.request.method !== 'GET' || !Array.isArray(data)) return;
      recDocs = data;
    } else {
      if (!isPlainObject(data) || data.id !== recTenderId) return;
      recTender = data;
      recDocs = Array.isArray(data.documents) ? data.documents : [];
      recLots = Array.isArray(data.lots) ? data.lots : [];
    }
    const tenderId = this.map.get(recTenderId);
    const owner = this.state.owners.get(recTenderId);
    if (tenderId === undefined || owner === undefined) return;
    const ownerToken = this.map.get(owner.token);
    if (ownerToken === undefined) return;

    const headers: Record<string, string> = { 'content-type': 'application/json', [EMULATION_HEADER]: '1' };
    const authorization = owner.authorization ?? headerOf(ex.request.headers, 'authorization');
    if (authorization) headers.authorization = authorization;
    const host = headerOf(ex.request.headers, 'host') ?? owner.host;
    if (host) headers.host = host;
    const tenderUrl = `/api/2.5/tenders/${tenderId}`;
    const acc = `?acc_token=${ownerToken}`;
    const reqText = ex.request.bodyText;

    const current = async (): Promise<Record<string, unknown> | undefined> => {
      const { 'content-type': _ct, ...getHeaders } = headers;
      const r = await this.inject('GET', tenderUrl, getHeaders);
      const d = isPlainObject(r.json) ? r.json.data : undefined;
      return r.status === 200 && isPlainObject(d) ? d : undefined;
    };
    let cur = await current();
    if (cur === undefined) return;

    // --- lots
    const createdLots: string[] = [];
    for (const recLot of recLots) {
      if (!isPlainObject(recLot) || typeof recLot.id !== 'string') continue;
      const curLots = Array.isArray(cur.lots) ? cur.lots.filter(isPlainObject) : [];
      if (this.findExisting(recLot, curLots, ['title'])) continue;
      // The request itself creates it (a lot POST naming its id); a reference to it (an item's relatedLot) needs it first.
      if (/\/lots\/?(?:\?|$)/.test(ex.request.path) && reqText.includes(recLot.id)) continue;
      const body = clientFields(recLot, this.map);
      const r = await this.inject('POST', `${tenderUrl}/lots${acc}`, headers, { data: body });
      const d = isPlainObject(r.json) ? r.json.data : undefined;
      if (r.status === 201 && isPlainObject(d) && typeof d.id === 'string') {
        this.map.set(recLot.id, d.id);
        createdLots.push(recLot.id);
        emulations.push(`POST lot "${String(recLot.title)}" → ${d.id}`);
      } else {
        emulations.push(`POST lot "${String(recLot.title)}" failed: ${r.status} ${r.bodyText.slice(0, 200)}`);
      }
    }
    if (createdLots.length > 0 && recTender && Array.isArray(recTender.items)) {
      cur = (await current()) ?? cur;
      const curItems = Array.isArray(cur.items) ? cur.items : [];
      const pairs = pairArray(recTender.items, curItems, this.map);
      let changed = false;
      const items = curItems.map((it) => (isPlainObject(it) ? { ...it } : it));
      pairs.forEach((j, i) => {
        const ri = (recTender.items as unknown[])[i];
        if (j < 0 || !isPlainObject(ri) || typeof ri.relatedLot !== 'string') return;
        if (!createdLots.includes(ri.relatedLot)) return;
        const target = items[j];
        const lotId = this.map.get(ri.relatedLot);
        if (isPlainObject(target) && lotId !== undefined && target.relatedLot !== lotId) {
          target.relatedLot = lotId;
          changed = true;
        }
      });
      if (changed) {
        const r = await this.inject('PATCH', `${tenderUrl}${acc}`, headers, { data: { items } });
        emulations.push(`PATCH items relatedLot → ${r.status}${r.status === 200 ? '' : ` ${r.bodyText.slice(0, 200)}`}`);
      }
      cur = (await current()) ?? cur;
    }

    // --- documents (one per recorded id; versions share the id)
    const seen = new Set<string>();
    for (const recDoc of recDocs) {
      if (!isPlainObject(recDoc) || typeof recDoc.id !== 'string' || seen.has(recDoc.id)) continue;
      seen.add(recDoc.id);
      const curDocs = Array.isArray(cur.documents) ? cur.documents.filter(isPlainObject) : [];
      if (this.findExisting(recDoc, curDocs, ['documentType', 'title'])) continue;
      if (reqText.includes(recDoc.id)) continue;
      const body = this.documentBody(recDoc);
      if (!body) {
        emulations.push(`document "${String(recDoc.title)}": recorded url is not a doc-service url, not created`);
        continue;
      }
      const r = await this.inject('POST', `${tenderUrl}/documents${acc}`, headers, { data: body });
      const d = isPlainObject(r.json) ? r.json.data : undefined;
      const label = `${String(recDoc.documentType ?? '')} "${String(recDoc.title)}"`;
      if (r.status === 201 && isPlainObject(d) && typeof d.id === 'string') {
        this.map.set(recDoc.id, d.id);
        emulations.push(`POST document ${label} → ${d.id}`);
      } else {
        emulations.push(`POST document ${label} failed: ${r.status} ${r.bodyText.slice(0, 200)}`);
      }
    }

    // --- plain client-settable fields
    if (recTender) {
      const reqData = isPlainObject(ex.request.json) ? ex.request.json.data : undefined;
      const patch: Record<string, unknown> = {};
      for (const f of this.recordedWrites.fields) {
        if (!(f in recTender)) continue;
        if (isPlainObject(reqData) && f in reqData) continue;
        if (cur[f] !== undefined) continue;
        patch[f] = JSON.parse(this.map.rewriteBody(JSON.stringify(recTender[f])));
      }
      if (Object.keys(patch).length > 0) {
        const r = await this.inject('PATCH', `${tenderUrl}${acc}`, headers, { data: patch });
        emulations.push(`PATCH ${Object.keys(patch).join(', ')} → ${r.status}${r.status === 200 ? '' : ` ${r.bodyText.slice(0, 200)}`}`);
      }
      // --- publication: the recording published the tender outside the recorded exchanges
      const shown = recTender.status;
      if (typeof shown === 'string' && this.recordedWrites.statuses.has(shown) && cur.status === 'draft' && !(isPlainObject(reqData) && 'status' in reqData)) {
        const r = await this.inject('PATCH', `${tenderUrl}${acc}`, headers, { data: { status: shown } });
        emulations.push(`PATCH status ${shown} → ${r.status}${r.status === 200 ? '' : ` ${r.bodyText.slice(0, 200)}`}`);
      }
    }
  }

  /**
   * Feed pages: a recorded item whose id the replay has never seen is a tender
   * the recording created outside the recorded exchanges. Create a stand-in
   * the way the recording made its own tender public: the creation body of the
   * last activated tender, its recorded documents, then the same activation
   * PATCH. The stand-in is mapped to the recorded id.
   */
  private async standIns(ex: HttpExchange, emulations: string[]): Promise<void> {
    const data = isPlainObject(ex.response.json) ? ex.response.json.data : undefined;
    if (!Array.isArray(data) || ex.response.status !== 200) return;
    const act = this.state.lastActivation;
    for (const item of data) {
      if (!isPlainObject(item) || typeof item.id !== 'string' || this.map.has(item.id)) continue;
      const recId = item.id;
      const origin = act ? this.state.owners.get(act.recTenderId) : undefined;
      if (!act || !origin) {
        emulations.push(`feed item ${recId} never seen and no recorded activation to imitate: no stand-in`);
        continue;
      }
      const headers: Record<string, string> = { 'content-type': 'application/json', [EMULATION_HEADER]: '1' };
      if (origin.authorization) headers.authorization = origin.authorization;
      const host = origin.host ?? headerOf(ex.request.headers, 'host');
      if (host) headers.host = host;
      const created = await this.inject('POST', '/api/2.5/tenders', headers, this.map.rewriteBody(origin.createBody));
      const cj = isPlainObject(created.json) ? created.json : {};
      const cd = isPlainObject(cj.data) ? cj.data : undefined;
      const ca = isPlainObject(cj.access) ? cj.access : undefined;
      if (created.status !== 201 || typeof cd?.id !== 'string' || typeof ca?.token !== 'string') {
        emulations.push(`stand-in for feed item ${recId}: POST tender → ${created.status} ${created.bodyText.slice(0, 200)}`);
        continue;
      }
      const id = cd.id;
      const acc = `?acc_token=${ca.token}`;
      const steps: string[] = [`POST tender → ${id}`];
      // Lots (ids local to the stand-in), then the items' relatedLot.
      const localLots = new Map<string, string>();
      for (const lot of act.lots) {
        if (!isPlainObject(lot) || typeof lot.id !== 'string') continue;
        const r = await this.inject('POST', `/api/2.5/tenders/${id}/lots${acc}`, headers, { data: clientFields(lot, new IdMap()) });
        const d = isPlainObject(r.json) ? r.json.data : undefined;
        if (isPlainObject(d) && typeof d.id === 'string') localLots.set(lot.id, d.id);
        steps.push(`lot → ${r.status}`);
      }
      if (localLots.size > 0) {
        const { 'content-type': _ct, ...getHeaders } = headers;
        const g = await this.inject('GET', `/api/2.5/tenders/${id}`, getHeaders);
        const gd = isPlainObject(g.json) && isPlainObject(g.json.data) ? g.json.data : {};
        const curItems = Array.isArray(gd.items) ? gd.items : [];
        const items = curItems.map((it, j) => {
          const ri = act.items[j];
          const lotId = isPlainObject(ri) && typeof ri.relatedLot === 'string' ? localLots.get(ri.relatedLot) : undefined;
          return isPlainObject(it) && lotId !== undefined ? { ...it, relatedLot: lotId } : it;
        });
        const r = await this.inject('PATCH', `/api/2.5/tenders/${id}${acc}`, headers, { data: { items } });
        steps.push(`items relatedLot → ${r.status}`);
      }
      const seen = new Set<string>();
      for (const doc of act.documents) {
        if (!isPlainObject(doc) || typeof doc.id !== 'string' || seen.has(doc.id)) continue;
        seen.add(doc.id);
        const body = this.documentBody(doc);
        if (!body) continue;
        const r = await this.inject('POST', `/api/2.5/tenders/${id}/documents${acc}`, headers, { data: body });
        steps.push(`document ${String(doc.documentType ?? doc.title)} → ${r.status}`);
      }
      const r = await this.inject('PATCH', `/api/2.5/tenders/${id}${acc}`, headers, this.map.rewriteBody(act.bodyText));
      steps.push(`PATCH ${act.bodyText.replace(/\s+/g, ' ').slice(0, 60)} → ${r.status}`);
      this.map.set(recId, id);
      emulations.push(`stand-in for feed item ${recId}: ${steps.join('; ')}${r.status === 200 ? '' : ` ${r.bodyText.slice(0, 200)}`}`);
    }
  }

  /**
   * A request on one tender document the recording created outside the recorded exchanges (e.g.
   * the draft-tender document that delete-tender-doc.http deletes): the recorded response shows
   * it, so POST it (as the tender owner) and map its id.
   */
  private async documentStandIn(ex: HttpExchange, recTenderId: string, recDocId: string, emulations: string[]): Promise<void> {
    const data = isPlainObject(ex.response.json) ? ex.response.json.data : undefined;
    if (this.map.has(recDocId) || !isPlainObject(data) || data.id !== recDocId) return;
    const tenderId = this.map.get(recTenderId);
    const owner = this.state.owners.get(recTenderId);
    const ownerToken = owner ? this.map.get(owner.token) : undefined;
    if (tenderId === undefined || owner === undefined || ownerToken === undefined) return;
    const body = this.documentBody(data);
    if (!body) {
      emulations.push(`document "${String(data.title)}": recorded url is not a doc-service url, not created`);
      return;
    }
    const headers: Record<string, string> = { 'content-type': 'application/json', [EMULATION_HEADER]: '1' };
    const authorization = owner.authorization ?? headerOf(ex.request.headers, 'authorization');
    if (authorization) headers.authorization = authorization;
    const host = headerOf(ex.request.headers, 'host') ?? owner.host;
    if (host) headers.host = host;
    const r = await this.inject('POST', `/api/2.5/tenders/${tenderId}/documents?acc_token=${ownerToken}`, headers, { data: body });
    const d = isPlainObject(r.json) ? r.json.data : undefined;
    if (r.status === 201 && isPlainObject(d) && typeof d.id === 'string') {
      this.map.set(recDocId, d.id);
      emulations.push(`POST document "${String(data.title)}" → ${d.id}`);
    } else {
      emulations.push(`POST document "${String(data.title)}" failed: ${r.status} ${r.bodyText.slice(0, 200)}`);
    }
  }

  /**
   * A bid request whose recorded response shows bid documents ours lacks (signatures the recording
   * posted outside the recorded exchanges): POST them as the bid's owner and map their ids.
   */
  private async bidDocuments(ex: HttpExchange, recTenderId: string, recBidId: string, emulations: string[]): Promise<void> {
    const data = isPlainObject(ex.response.json) ? ex.response.json.data : undefined;
    const tenderId = this.map.get(recTenderId);
    const bidId = this.map.get(recBidId);
    if (!isPlainObject(data) || tenderId === undefined || bidId === undefined) return;
    const bid = (this.state.bids.get(tenderId) ?? []).find((b) => b.id === bidId);
    if (!bid) return;
    const headers: Record<string, string> = { 'content-type': 'application/json', [EMULATION_HEADER]: '1' };
    const authorization = bid.authorization ?? headerOf(ex.request.headers, 'authorization');
    if (authorization) headers.authorization = authorization;
    const url = `/api/2.5/tenders/${tenderId}/bids/${bidId}`;
    const ours = await this.inject('GET', `${url}?acc_token=${bid.token}`, headers);
    const ourBid = isPlainObject(ours.json) && isPlainObject(ours.json.data) ? ours.json.data : {};
    // Each of the bid's document lists: `documents`, `financialDocuments`, ... (URL segment by field).
    for (const [field, segment] of Object.entries(BID_DOCUMENT_SEGMENTS)) {
      if (!Array.isArray(data[field])) continue;
      const cur = Array.isArray(ourBid[field]) ? (ourBid[field] as unknown[]).filter(isPlainObject) : [];
      const recDocs = (data[field] as unknown[]).filter(isPlainObject);
      const seen = new Set<string>();
      for (const recDoc of recDocs) {
        if (typeof recDoc.id !== 'string' || seen.has(recDoc.id)) continue;
        seen.add(recDoc.id);
        const ourId = this.map.get(recDoc.id);
        // Versions share their id: the recording may have put new versions of a document we have.
        const recVersions = recDocs.filter((d) => d.id === recDoc.id);
        const ourVersions = ourId === undefined ? 0 : cur.filter((d) => d.id === ourId).length;
        if (ourId !== undefined && ourVersions >= recVersions.length) continue;
        if (ourId === undefined && (ex.request.bodyText.includes(recDoc.id) || this.findExisting(recDoc, cur, ['documentType', 'title']))) continue;
        const latest = recVersions.at(-1)!;
        const body = this.documentBody(latest);
        if (!body) continue;
        const r = ourId === undefined
          ? await this.inject('POST', `${url}/${segment}?acc_token=${bid.token}`, headers, { data: body })
          : await this.inject('PUT', `${url}/${segment}/${ourId}?acc_token=${bid.token}`, headers, { data: body });
        const d = isPlainObject(r.json) ? r.json.data : undefined;
        const label = `${String(latest.documentType ?? '')} "${String(latest.title)}"`;
        if ((r.status === 201 || r.status === 200) && isPlainObject(d) && typeof d.id === 'string') {
          this.map.set(recDoc.id, d.id);
          emulations.push(`${ourId === undefined ? 'POST' : 'PUT new version of'} bid ${segment} ${label} → ${d.id}`);
        } else {
          emulations.push(`bid ${segment} ${label} failed: ${r.status} ${r.bodyText.slice(0, 200)}`);
        }
      }
    }
    // Requirement responses the recording set outside HTTP (its `set_responses`), when the request does not send its own.
    const reqData = isPlainObject(ex.request.json) ? ex.request.json.data : undefined;
    const oursHasResponses = Array.isArray(ourBid.requirementResponses);
    if (Array.isArray(data.requirementResponses) && !oursHasResponses && !(isPlainObject(reqData) && 'requirementResponses' in reqData)) {
      const responses = data.requirementResponses.filter(isPlainObject).map((rr) => {
        const { id: _id, classification: _c, unit: _u, dataSchema: _d, requirement, ...rest } = rr;
        return JSON.parse(this.map.rewriteBody(JSON.stringify({ ...rest, requirement: { id: isPlainObject(requirement) ? requirement.id : undefined } })));
      });
      // The recording wrote them into storage: with storage access so do we (no bid rule runs on a
      // stored edit, as none ran there); else through the API.
      if (this.editStored) {
        await this.editStored(tenderId, (t) => {
          const stored = (Array.isArray(t.bids) ? t.bids.filter(isPlainObject) : []).find((b) => b.id === bidId);
          if (stored) stored.requirementResponses = responses.map((rr: Record<string, unknown>) => ({ ...rr, id: randomUUID().replace(/-/g, '') }));
        });
        emulations.push('set_responses: bid requirementResponses written to storage');
      } else {
        const r = await this.inject('PATCH', `${url}?acc_token=${bid.token}`, headers, { data: { requirementResponses: responses } });
        emulations.push(`PATCH bid requirementResponses (set_responses) → ${r.status}${r.status === 200 ? '' : ` ${r.bodyText.slice(0, 200)}`}`);
      }
    }
  }

  /** A document body re-creating a recorded document (url re-signed by the replay's DS key). */
  private documentBody(recDoc: Record<string, unknown>): Record<string, unknown> | undefined {
    const body = clientFields(recDoc, this.map);
    const hash = typeof recDoc.hash === 'string' ? recDoc.hash : 'md5:00000000000000000000000000000000';
    body.hash = hash;
    const um = /^(https?:\/\/[^/]+)\/get\/([0-9a-f]{32})/.exec(typeof recDoc.url === 'string' ? recDoc.url : '');
    if (!um) return undefined;
    body.url = this.signer.signUrl(um[1], um[2], hash);
    return body;
  }

  /**
   * Ids that first appear in a request path (objects the reference created
   * outside the recorded exchanges, e.g. awards made by its auction module)
   * cannot be learned from a response. For such a nested `/<collection>/<id>`
   * segment whose parent is already mapped, GET the collection on our server
   * and take the first element not yet mapped to another recorded object.
   */
  private async resolvePathIds(ex: HttpExchange, emulations: string[]): Promise<void> {
    const [pathPart] = ex.request.path.split('?');
    const segs = pathPart.split('/');
    // Below /tenders/{id} (the tender is always learnt); a contract's id is first seen in its own
    // URL, and the contracts feed lists the one our server created.
    for (let i = segs[3] === 'contracts' ? 4 : 5; i < segs.length; i++) {
      const rec = segs[i];
      if (!HEX32.test(rec) || this.map.has(rec)) continue;
      const parent = segs.slice(0, i);
      if (!parent.every((p) => !HEX32.test(p) || this.map.has(p))) return;
      const collection = this.map.rewritePath(parent.join('/'));
      const headers: Record<string, string> = { [EMULATION_HEADER]: '1' };
      const host = headerOf(ex.request.headers, 'host');
      if (host) headers.host = host;
      const auth = headerOf(ex.request.headers, 'authorization');
      if (auth) headers.authorization = auth;
      const r = await this.inject('GET', collection, headers);
      const list = isPlainObject(r.json) && Array.isArray(r.json.data) ? r.json.data : undefined;
      const hit = list?.find((x) => isPlainObject(x) && typeof x.id === 'string' && !this.map.isActual(x.id));
      if (isPlainObject(hit) && typeof hit.id === 'string') {
        this.map.set(rec, hit.id);
        emulations.push(`resolved ${segs[i - 1]} id ${rec} → ${hit.id} (first unmapped in GET ${collection})`);
      } else {
        emulations.push(`unknown ${segs[i - 1]} id ${rec}: GET ${collection} → ${r.status}, no unmapped element`);
        return;
      }
    }
  }

  /**
   * Does our state already hold this recorded object? By mapped id, else by an
   * identical id, else by equal `keys` on an object not yet mapped to another
   * recorded one (then the mapping is learned).
   */
  private findExisting(rec: Record<string, unknown>, cur: Record<string, unknown>[], keys: readonly string[]): boolean {
    const rid = rec.id as string;
    const mapped = this.map.get(rid);
    if (mapped !== undefined) return cur.some((c) => c.id === mapped);
    if (cur.some((c) => c.id === rid)) return true;
    const hit = cur.find(
      (c) => typeof c.id === 'string' && !this.map.isActual(c.id) && keys.every((k) => c[k] === rec[k]),
    );
    if (hit) {
      this.map.set(rid, hit.id as string);
      return true;
    }
    return false;
  }
}

/** Recorded object minus server-set keys, ids rewritten through the mapping. */
function clientFields(rec: Record<string, unknown>, map: IdMap): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rec)) {
    if (SERVER_KEYS.has(k)) continue;
    out[k] = typeof v === 'string' && HEX32.test(v) ? (map.get(v) ?? v) : v;
  }
  return out;
}

/** The prefix of an abort reason that means the server does not serve the set's procedure or API. */
export const NOT_IMPLEMENTED = 'not implemented';

/**
 * Why a refusal shows that the server does not know the procedure or route at all, where the
 * recording succeeded: a 422 on `procurementMethodType` (an unknown procedure), a 404 for a path
 * no route serves. undefined for any other answer.
 */
export function notServed(ex: HttpExchange, actual: { status: number; json?: unknown }): string | undefined {
  if (ex.response.status >= 400) return undefined;
  const errors = isPlainObject(actual.json) && Array.isArray(actual.json.errors) ? actual.json.errors.filter(isPlainObject) : [];
  const procedure = errors.find((e) => e.name === 'procurementMethodType');
  if (actual.status === 422 && procedure) return `procurementMethodType: ${JSON.stringify(procedure.description)}`;
  if (actual.status === 404 && errors.some((e) => e.location === 'url' && e.name === 'not_found')) return `no route serves ${ex.request.method} ${ex.request.path.split('?')[0]}`;
  return undefined;
}

export interface RecordedWrites {
  /** Top-level tender fields some successful recorded request sends (so a client may set them). */
  fields: ReadonlySet<string>;
  /** Statuses some successful recorded PATCH moves a tender to. */
  statuses: ReadonlySet<string>;
}

/** What the successful recorded tender creations and PATCHes of a set's files write. */
export function recordedWrites(dir: string): RecordedWrites {
  const fields = new Set<string>();
  const statuses = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.http'))) {
    const ex = readHttpExchange(join(dir, file));
    const { method, path } = ex.request;
    const data = isPlainObject(ex.request.json) ? ex.request.json.data : undefined;
    if (ex.response.status >= 300 || !isPlainObject(data)) continue;
    const creation = method === 'POST' && /^\/api\/[^/]+\/tenders\/?(?:\?.*)?$/.test(path);
    const patch = method === 'PATCH' && TENDER_ONLY_PATH.test(path);
    if (!creation && !patch) continue;
    for (const key of Object.keys(data)) if (!NOT_PLAIN_FIELDS.has(key)) fields.add(key);
    if (patch && typeof data.status === 'string') statuses.add(data.status);
  }
  return { fields, statuses };
}

/** The files listed in `<dir>/ORDER`, in order. */
export function readOrder(dir: string): string[] {
  return readFileSync(join(dir, 'ORDER'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** Replay a list of files on one app; convenience wrapper. */
export async function replayFiles(opts: ReplayOptions, files: readonly string[]): Promise<FileResult[]> {
  return new Replayer(opts).runFiles(files);
}
