// SQLite backend (better-sqlite3, synchronous; the async Store methods just wrap it).
// One table per collection plus `revisions` and `sequences`. All writes run in IMMEDIATE
// transactions, so even several processes sharing one file serialise their writes and
// public_modified follows commit order.

import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import {
  BLOB_KEY,
  DuplicateIdError,
  RevisionConflictError,
  type BatchWrite,
  type CollectionName,
  type DocumentWrite,
  type FeedQuery,
  type FeedRow,
  type FeedFilterValues,
  type ReleaseWrite,
  type PublicDocument,
  type RevisionEntry,
  type Store,
  type StoredDocument,
  type CasRecord,
  type CheckClaim,
  type StoredUpgrade,
  type UpgradeCounts,
} from '../../core/storage/store.ts';
import {
  COLLECTIONS,
  FILTER_COLUMNS,
  feedAfter,
  ORDERED_FILTER_COLUMNS,
  RANGE_FILTER_COLUMNS,
  assertCollection,
  filterColumnTypes,
  filterColumnValues,
  filterConditions,
  callQuietly,
  type FilterColumnValues,
  makeRev,
  nextCheckToEpochMs,
  revNumber,
  roundMs,
  storedRevisionEntry,
  storedFromRow,
} from '../document-row.ts';
import { seekingPage, seekRangeOf, walkBudget, type PageShape, type SeekRange } from '../range-seek.ts';
import { SystemClock, type Clock } from '../../core/time/clock.ts';
import { BlobDirectory } from '../files/blob-directory.ts';

export interface SqliteStoreOptions {
  /** Database file, or `:memory:`. Wins over `dataDir`. */
  filename?: string;
  /** Directory for `cdb.sqlite` when `filename` is not given (default `./data`); created if missing. */
  dataDir?: string;
  /** `PRAGMA synchronous` (default FULL: a committed write survives power loss). */
  synchronous?: 'FULL' | 'NORMAL';
  /**
   * The database clock (public_modified, watermark). It is the machine's time, not the sandbox
   * clock: feed order follows real commit order, as PostgreSQL's clock_timestamp() does.
   */
  databaseClock?: Clock;
  /** Directory for blobs (document-service files); unset → a `blobs` table in the database. */
  filesDir?: string;
}

interface DocRow {
  id: string;
  rev: string;
  doc: string;
  public_text: string;
  public_modified: number | null;
}

interface FeedDbRow {
  id: string;
  public_modified: number;
  feed_text: string;
  is_test: number;
}

interface PublicRow {
  public_text: string;
  envelope_extra: string;
  public_modified: number | null;
}

interface CollectionStatements {
  get: Statement<[string], DocRow>;
  getPublic: Statement<[string], PublicRow>;
  insert: Statement<[string, string, ...RowColumns]>;
  update: Statement<[string, ...RowColumns, string, string]>;
  setFilters: Statement<[...FilterColumnValues, string]>;
  maxPublicModified: Statement<[], { m: number | null }>;
  dueForCheck: Statement<[number, number], { id: string }>;
}

interface RunRow {
  key: string;
  body: string;
  due_at_ms: number | null;
  revision: number;
}

const runRecord = (row: RunRow): CasRecord => ({ key: row.key, body: row.body, dueAtMs: row.due_at_ms, revision: row.revision });

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly filename: string;
  private readonly db: SqliteDatabase;
  private readonly synchronous: 'FULL' | 'NORMAL';
  private walMode = false;
  private stmts: Map<CollectionName, CollectionStatements> | null = null;
  private revisionInsert: Statement<[string, string, number, string]> | null = null;
  private classificationsDelete: Statement<[string, string]> | null = null;
  private classificationInsert: Statement<[string, string, string]> | null = null;
  private releaseInsert: Statement<[string, string, number, number, string]> | null = null;
  private releaseMaxPublicModified: Statement<[], { m: number | null }> | null = null;
  private releasesOfOcid: Statement<[string], { release_text: string }> | null = null;
  private revisionSelect: Statement<[string, string], { entry: string }> | null = null;
  private sequenceNext: Statement<[string], { value: number }> | null = null;
  /** Feed SQL varies only by the filters present: a handful of distinct statements. */
  private readonly feedStatements = new Map<string, Statement<unknown[], FeedDbRow>>();
  private readonly watchers = new Set<(collection: string) => void>();
  /** Last public_modified handed out by this instance (all collections). */
  private lastPublicModified = 0;

  private readonly databaseClock: Clock;
  private readonly blobDirectory: BlobDirectory | null;

  constructor(opts: SqliteStoreOptions = {}) {
    this.databaseClock = opts.databaseClock ?? new SystemClock();
    this.blobDirectory = opts.filesDir !== undefined ? new BlobDirectory(opts.filesDir) : null;
    this.filename = opts.filename ?? join(opts.dataDir ?? './data', 'cdb.sqlite');
    this.synchronous = opts.synchronous ?? 'FULL';
    if (!isMemory(this.filename)) createOwnerOnly(this.filename);
    this.db = new Database(this.filename);
  }

  async init(): Promise<void> {
    if (this.stmts) return;
    const db = this.db;
    this.walMode = !isMemory(this.filename);
    if (this.walMode) db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${this.synchronous}`);
    db.pragma('busy_timeout = 5000');
    db.transaction(() => {
      for (const c of COLLECTIONS) {
        addMissingColumns(db, c);
        db.exec(`
          CREATE TABLE IF NOT EXISTS ${c} (
            id TEXT PRIMARY KEY,
            rev TEXT NOT NULL,
            doc TEXT NOT NULL,
            public_text TEXT NOT NULL,
            envelope_extra TEXT NOT NULL DEFAULT '',
            feed_text TEXT,
            public_modified REAL,
            is_public INTEGER NOT NULL,
            is_test INTEGER NOT NULL,
            next_check_ms INTEGER,
            f_status TEXT, f_method TEXT, f_entity TEXT,
            f_amount REAL, f_modified REAL, f_period_start REAL, f_period_end REAL
          );
          CREATE INDEX IF NOT EXISTS ${c}_public_modified ON ${c} (public_modified);
          ${ORDERED_FILTER_COLUMNS.map((f) => `CREATE INDEX IF NOT EXISTS ${c}_${f} ON ${c} (${f}, public_modified);`).join('\n')}
          ${RANGE_FILTER_COLUMNS.map((f) => `DROP INDEX IF EXISTS ${c}_${f}; CREATE INDEX IF NOT EXISTS ${c}_${f}_pm ON ${c} (${f}, public_modified);`).join('\n')}

          CREATE INDEX IF NOT EXISTS ${c}_next_check_ms ON ${c} (next_check_ms) WHERE next_check_ms IS NOT NULL;
        `);
      }
      db.exec(`
        CREATE TABLE IF NOT EXISTS revisions (
          collection TEXT NOT NULL,
          id TEXT NOT NULL,
          seq INTEGER NOT NULL,
          entry TEXT NOT NULL,
          PRIMARY KEY (collection, id, seq)
        );
        CREATE TABLE IF NOT EXISTS feed_classifications (
          collection TEXT NOT NULL,
          code TEXT NOT NULL,
          id TEXT NOT NULL,
          PRIMARY KEY (collection, code, id)
        );
        CREATE INDEX IF NOT EXISTS feed_classifications_id_code ON feed_classifications (collection, id, code);
        CREATE TABLE IF NOT EXISTS releases (
          id TEXT PRIMARY KEY,
          ocid TEXT NOT NULL,
          public_modified REAL NOT NULL,
          is_test INTEGER NOT NULL,
          release_text TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS releases_public_modified ON releases (public_modified);
        CREATE INDEX IF NOT EXISTS releases_ocid ON releases (ocid, public_modified);
        CREATE TABLE IF NOT EXISTS sequences (
          name TEXT PRIMARY KEY,
          value INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS blobs (
          key TEXT PRIMARY KEY,
          data BLOB NOT NULL
        );
        CREATE TABLE IF NOT EXISTS usage_counters (
          key TEXT PRIMARY KEY,
          used INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS runs (
          key TEXT PRIMARY KEY,
          body TEXT NOT NULL,
          due_at_ms INTEGER,
          revision INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS runs_due_at_ms ON runs (due_at_ms) WHERE due_at_ms IS NOT NULL;
        CREATE TABLE IF NOT EXISTS upgrades (
          name TEXT PRIMARY KEY,
          done_at_ms INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS check_claims (
          job TEXT PRIMARY KEY,
          claimant TEXT NOT NULL,
          until_ms INTEGER NOT NULL
        );
      `);
    }).immediate();
    // Statistics for the planner (range filters choose between their index and the feed order);
    // bounded work, and only where the tables changed enough since the last analysis.
    db.pragma('analysis_limit = 1000');
    db.pragma('optimize = 0x10002');

    const stmts = new Map<CollectionName, CollectionStatements>();
    for (const c of COLLECTIONS) {
      stmts.set(c, {
        get: db.prepare(`SELECT id, rev, doc, public_text, public_modified FROM ${c} WHERE id = ?`),
        getPublic: db.prepare(`SELECT public_text, envelope_extra, public_modified FROM ${c} WHERE id = ?`),
        insert: db.prepare(
          `INSERT INTO ${c} (id, rev, doc, public_text, envelope_extra, feed_text, public_modified, is_public, is_test, next_check_ms, ${FILTER_COLUMNS.join(', ')})
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ),
        update: db.prepare(
          `UPDATE ${c} SET rev = ?, doc = ?, public_text = ?, envelope_extra = ?, feed_text = ?,
             public_modified = COALESCE(?, public_modified),
             is_public = ?, is_test = ?, next_check_ms = ?, ${FILTER_COLUMNS.map((f) => `${f} = ?`).join(', ')}
           WHERE id = ? AND rev = ?`,
        ),
        setFilters: db.prepare(`UPDATE ${c} SET ${FILTER_COLUMNS.map((f) => `${f} = ?`).join(', ')} WHERE id = ?`),
        maxPublicModified: db.prepare(`SELECT max(public_modified) AS m FROM ${c}`),
        dueForCheck: db.prepare(
          `SELECT id FROM ${c} WHERE next_check_ms IS NOT NULL AND next_check_ms <= ?
           ORDER BY next_check_ms LIMIT ?`,
        ),
      });
    }
    this.classificationsDelete = db.prepare('DELETE FROM feed_classifications WHERE collection = ? AND id = ?');
    this.classificationInsert = db.prepare('INSERT OR IGNORE INTO feed_classifications (collection, code, id) VALUES (?, ?, ?)');
    this.releaseInsert = db.prepare('INSERT INTO releases (id, ocid, public_modified, is_test, release_text) VALUES (?, ?, ?, ?, ?)');
    this.releaseMaxPublicModified = db.prepare('SELECT max(public_modified) AS m FROM releases');
    this.releasesOfOcid = db.prepare('SELECT release_text FROM releases WHERE ocid = ? ORDER BY public_modified');
    this.revisionInsert = db.prepare('INSERT INTO revisions (collection, id, seq, entry) VALUES (?, ?, ?, ?)');
    this.revisionSelect = db.prepare('SELECT entry FROM revisions WHERE collection = ? AND id = ? ORDER BY seq');
    this.sequenceNext = db.prepare(
      `INSERT INTO sequences (name, value) VALUES (?, 1)
       ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`,
    );
    this.stmts = stmts;
  }

  async get(collection: CollectionName, id: string): Promise<StoredDocument | null> {
    const row = this.statements(collection).get.get(id);
    if (!row) return null;
    return storedFromRow(row);
  }

  async getPublic(collection: CollectionName, id: string): Promise<PublicDocument | null> {
    const row = this.statements(collection).getPublic.get(id);
    return row ? { publicText: row.public_text, envelopeExtra: row.envelope_extra, publicModified: row.public_modified } : null;
  }

  async insert(collection: CollectionName, id: string, write: DocumentWrite): Promise<string> {
    return this.writeAllSync([{ kind: 'insert', collection, id, write }])[0]!;
  }

  async update(collection: CollectionName, id: string, expectedRev: string, write: DocumentWrite): Promise<string> {
    return this.writeAllSync([{ kind: 'update', collection, id, expectedRev, write }])[0]!;
  }

  async writeAll(writes: readonly BatchWrite[]): Promise<string[]> {
    return this.writeAllSync(writes);
  }

  watch(listener: (collection: string) => void): () => void {
    this.watchers.add(listener);
    return () => this.watchers.delete(listener);
  }

  private announce(writes: readonly BatchWrite[]): void {
    if (this.watchers.size === 0) return;
    const names = new Set<string>(writes.map((w) => w.collection));
    if (writes.some((w) => w.write.release)) names.add('releases');
    for (const name of names) for (const listener of this.watchers) callQuietly(listener, name);
  }

  /** Every write in one IMMEDIATE transaction: a conflict or duplicate rolls all of them back. */
  private writeAllSync(writes: readonly BatchWrite[]): string[] {
    for (const w of writes) this.statements(w.collection);
    try {
      const revs = this.db.transaction(() => writes.map((w) => (w.kind === 'insert' ? this.insertRow(w.collection, w.id, w.write) : this.updateRow(w.collection, w.id, w.expectedRev, w.write)))).immediate();
      this.announce(writes);
      return revs;
    } catch (err) {
      if (isSqliteConstraint(err)) throw new DuplicateIdError();
      throw err;
    }
  }

  private insertRow(collection: CollectionName, id: string, write: DocumentWrite): string {
    const s = this.statements(collection);
    const rev = makeRev(1);
    // An inserted document always gets a feed position, whatever touchPublicModified says.
    const publicModified = this.nextPublicModified(s.maxPublicModified);
    s.insert.run(id, rev, ...rowColumns(write, publicModified));
    this.revisionInsert!.run(collection, id, 1, JSON.stringify(storedRevisionEntry(write.revision, undefined)));
    this.writeSideRows(collection, id, write);
    return rev;
  }

  private updateRow(collection: CollectionName, id: string, expectedRev: string, write: DocumentWrite): string {
    const s = this.statements(collection);
    const n = revNumber(expectedRev);
    if (n === null) throw new RevisionConflictError();
    const rev = makeRev(n + 1);
    const publicModified = write.meta.touchPublicModified ? this.nextPublicModified(s.maxPublicModified) : null;
    const result = s.update.run(rev, ...rowColumns(write, publicModified), id, expectedRev);
    if (result.changes === 0) throw new RevisionConflictError();
    this.revisionInsert!.run(collection, id, n + 1, JSON.stringify(storedRevisionEntry(write.revision, expectedRev)));
    this.writeSideRows(collection, id, write);
    return rev;
  }

  /** The rows a document write keeps beside the document: its classification codes and its release. */
  private writeSideRows(collection: CollectionName, id: string, write: DocumentWrite): void {
    this.writeClassifications(collection, id, write.meta.filters);
    if (write.release) this.writeRelease(write.release, write.meta.isTest);
  }

  private writeClassifications(collection: CollectionName, id: string, filters: FeedFilterValues | undefined): void {
    this.classificationsDelete!.run(collection, id);
    for (const code of new Set(filters?.classifications ?? [])) this.classificationInsert!.run(collection, code, id);
  }

  private writeRelease(release: ReleaseWrite, isTest: boolean): void {
    this.releaseInsert!.run(release.id, release.ocid, this.nextPublicModified(this.releaseMaxPublicModified!), isTest ? 1 : 0, release.text);
  }

  async revisions(collection: CollectionName, id: string): Promise<RevisionEntry[]> {
    this.statements(collection);
    return this.revisionSelect!.all(collection, id).map((r) => JSON.parse(r.entry) as RevisionEntry);
  }

  async feed(collection: CollectionName, query: FeedQuery): Promise<FeedRow[]> {
    this.statements(collection);
    const base = ['is_public = 1', 'public_modified IS NOT NULL'];
    const filterParams: unknown[] = [];
    const filters = filterConditions(
      query.filters,
      (v) => {
        filterParams.push(v);
        return '?';
      },
      (from, to) => `EXISTS (SELECT 1 FROM feed_classifications fc WHERE fc.collection = '${collection}' AND fc.id = ${collection}.id AND fc.code >= ${from} AND fc.code < ${to})`,
    );
    const text = 'COALESCE(feed_text, public_text)';
    const page = (shape: PageShape) => this.pagedRows(collection, base, filters, filterParams, query, text, shape);
    const seek = seekRangeOf(query.filters);
    if (!seek) return page({ kind: 'plain' });
    return seekingPage(query.limit, {
      countInRange: async (cap) => this.onRangeIndex<{ m: number }>(collection, seek, query, (where) => `SELECT count(*) AS m FROM (SELECT 1 FROM ${collection} WHERE ${where} LIMIT ${cap})`)?.m ?? 0,
      sorted: async () => page({ kind: 'sorted' }),
      walk: async (start) => page({ kind: 'walk', budget: walkBudget(query.limit), start }),
      // `+ 0`: an aggregate the feed-order index cannot answer by walking, so the range index is read.
      firstMatch: async () =>
        this.onRangeIndex<{ m: number | null }>(collection, seek, query, (where) => `SELECT ${query.descending ? 'max' : 'min'}(public_modified + 0) AS m FROM ${collection} WHERE ${where}`)?.m ?? null,
      full: async () => page({ kind: 'plain' }),
    }, query.after !== undefined);
  }

  /** A query over the seek column's index alone: its range and the offset, as `where` of `sql`. */
  private onRangeIndex<R>(collection: CollectionName, seek: SeekRange, query: FeedQuery, sql: (where: string) => string): R | undefined {
    const where = [`${seek.column} IS NOT NULL`];
    const params: unknown[] = [];
    if (seek.range.min !== undefined) {
      where.push(`${seek.column} >= ?`);
      params.push(seek.range.min);
    }
    if (seek.range.max !== undefined) {
      where.push(`${seek.column} <= ?`);
      params.push(seek.range.max);
    }
    if (query.after !== undefined) {
      where.push(`public_modified ${feedAfter(query)} ?`);
      params.push(query.after);
    }
    return this.cachedFeedStatement<R>(sql(where.join(' AND '))).get(...params) as R | undefined;
  }

  async releaseFeed(query: FeedQuery): Promise<FeedRow[]> {
    this.requireInit();
    return this.pagedRows('releases', [], [], [], query, 'release_text', { kind: 'plain' });
  }

  async releasesOf(ocid: string): Promise<string[]> {
    this.requireInit();
    return this.releasesOfOcid!.all(ocid).map((r) => r.release_text);
  }

  /**
   * One feed page of a table ordered by public_modified: `base` conditions, mode, offset and
   * watermark, then the filter conditions, then the limit, read in the given shape (range-seek.ts).
   */
  private pagedRows(table: string, base: string[], filters: string[], filterParams: unknown[], query: FeedQuery, textColumn: string, shape: PageShape): FeedRow[] {
    const where = [...base];
    const params: unknown[] = [];
    if (query.mode === 'test') where.push('is_test = 1');
    else if (query.mode !== '_all_') where.push('is_test = 0');
    if (query.after !== undefined) {
      where.push(`public_modified ${feedAfter(query)} ?`);
      params.push(query.after);
    }
    if (query.watermarkSeconds !== null) {
      where.push('public_modified <= ?');
      params.push(this.realNow() - query.watermarkSeconds);
    }
    const direction = query.descending ? 'DESC' : 'ASC';
    const order = `ORDER BY public_modified ${direction}`;
    const columns = `id, public_modified, ${textColumn} AS feed_text, is_test`;
    let sql: string;
    if (shape.kind === 'walk') {
      if (shape.start !== undefined) {
        where.push(`public_modified ${query.descending ? '<=' : '>='} ?`);
        params.push(shape.start);
      }
      params.push(shape.budget);
      const stretch = `SELECT ${columns}, ${FILTER_COLUMNS.join(', ')} FROM ${table} WHERE ${where.join(' AND ')} ${order} LIMIT ?`;
      sql = `SELECT id, public_modified, feed_text, is_test FROM (${stretch}) AS ${table} WHERE ${filters.length > 0 ? filters.join(' AND ') : '1'} ${order} LIMIT ?`;
    } else {
      where.push(...filters);
      // `+ 0` keeps the feed-order index out: the rows come through the filters' indexes, then are sorted.
      const sortBy = shape.kind === 'sorted' ? `ORDER BY public_modified + 0 ${direction}` : order;
      sql = `SELECT ${columns} FROM ${table} WHERE ${where.length > 0 ? where.join(' AND ') : '1'} ${sortBy} LIMIT ?`;
    }
    params.push(...filterParams, Math.max(0, Math.floor(query.limit)));
    const rows = this.cachedFeedStatement<FeedDbRow>(sql).all(...params) as FeedDbRow[];
    return rows.map((r) => ({ id: r.id, publicModified: r.public_modified, feedText: r.feed_text, isTest: r.is_test === 1 }));
  }

  /** Feed queries differ by their conditions only: prepared once per text. */
  private cachedFeedStatement<R>(sql: string): Statement<unknown[], R> {
    let stmt = this.feedStatements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare<unknown[], FeedDbRow>(sql);
      this.feedStatements.set(sql, stmt);
    }
    return stmt as unknown as Statement<unknown[], R>;
  }

  async dueForCheck(collection: CollectionName, untilEpochMs: number, limit: number): Promise<string[]> {
    return this.statements(collection)
      .dueForCheck.all(Math.floor(untilEpochMs), Math.max(0, Math.floor(limit)))
      .map((r) => r.id);
  }

  async claimDueForCheck(collection: CollectionName, untilEpochMs: number, limit: number, claim: CheckClaim): Promise<string[]> {
    assertCollection(collection);
    this.requireInit();
    const db = this.db;
    // One transaction: the due ids nobody else holds, claimed (a claim of ours, or an expired one, is overwritten).
    return db
      .transaction(() => {
        const ids = (
          db
            .prepare(
              `SELECT d.id FROM ${collection} d LEFT JOIN check_claims c ON c.job = ? || d.id
               WHERE d.next_check_ms IS NOT NULL AND d.next_check_ms <= ?
                 AND (c.job IS NULL OR c.claimant = ? OR c.until_ms < ?)
               ORDER BY d.next_check_ms LIMIT ?`,
            )
            .all(`${collection}/`, Math.floor(untilEpochMs), claim.claimant, claim.nowMs, Math.max(0, Math.floor(limit))) as Array<{ id: string }>
        ).map((r) => r.id);
        const upsert = db.prepare(
          `INSERT INTO check_claims (job, claimant, until_ms) VALUES (?, ?, ?)
           ON CONFLICT (job) DO UPDATE SET claimant = excluded.claimant, until_ms = excluded.until_ms`,
        );
        for (const id of ids) upsert.run(`${collection}/${id}`, claim.claimant, claim.untilMs);
        return ids;
      })
      .immediate();
  }

  async releaseCheck(collection: CollectionName, id: string, claimant: string): Promise<void> {
    assertCollection(collection);
    this.requireInit();
    this.db.prepare('DELETE FROM check_claims WHERE job = ? AND claimant = ?').run(`${collection}/${id}`, claimant);
  }

  async nextSequence(name: string): Promise<number> {
    this.requireInit();
    if (this.synchronous === 'NORMAL' || !this.walMode) return this.sequenceNext!.get(name)!.value;
    // A counter step needs no fsync of its own: WAL frames are durable in order, so the next FULL
    // commit (the insert that uses the number) makes it durable too, and a step lost to a power
    // cut was never used by a durable document. Saves one fsync per created tender.
    this.db.pragma('synchronous = NORMAL');
    try {
      return this.sequenceNext!.get(name)!.value;
    } finally {
      this.db.pragma(`synchronous = ${this.synchronous}`);
    }
  }

  async dbNow(): Promise<number> {
    return this.realNow();
  }

  async putBlob(key: string, data: Buffer, opts: { ifAbsent?: boolean } = {}): Promise<boolean> {
    if (!BLOB_KEY.test(key)) throw new TypeError(`invalid blob key: ${key}`);
    if (this.blobDirectory) return this.blobDirectory.put(key, data, opts.ifAbsent === true);
    const onConflict = opts.ifAbsent ? 'DO NOTHING' : 'DO UPDATE SET data = excluded.data';
    return this.db.prepare(`INSERT INTO blobs (key, data) VALUES (?, ?) ON CONFLICT (key) ${onConflict}`).run(key, data).changes > 0;
  }

  async chargeUsage(key: string, amount: number, limit: number): Promise<boolean> {
    if (amount > limit) return false;
    const r = this.db
      .prepare('INSERT INTO usage_counters (key, used) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET used = used + excluded.used WHERE used + excluded.used <= ?')
      .run(key, amount, limit);
    return r.changes > 0;
  }

  async insertRun(record: Omit<CasRecord, 'revision'>): Promise<boolean> {
    const r = this.db
      .prepare('INSERT INTO runs (key, body, due_at_ms, revision) VALUES (?, ?, ?, 1) ON CONFLICT (key) DO NOTHING')
      .run(record.key, record.body, record.dueAtMs);
    return r.changes > 0;
  }

  async getRun(key: string): Promise<CasRecord | null> {
    const row = this.db.prepare('SELECT key, body, due_at_ms, revision FROM runs WHERE key = ?').get(key) as RunRow | undefined;
    return row ? runRecord(row) : null;
  }

  async updateRun(record: Omit<CasRecord, 'revision'>, expectedRevision: number): Promise<number | null> {
    const r = this.db
      .prepare('UPDATE runs SET body = ?, due_at_ms = ?, revision = revision + 1 WHERE key = ? AND revision = ?')
      .run(record.body, record.dueAtMs, record.key, expectedRevision);
    return r.changes > 0 ? expectedRevision + 1 : null;
  }

  async dueRuns(nowMs: number, limit: number): Promise<CasRecord[]> {
    const rows = this.db
      .prepare('SELECT key, body, due_at_ms, revision FROM runs WHERE due_at_ms IS NOT NULL AND due_at_ms <= ? ORDER BY due_at_ms LIMIT ?')
      .all(nowMs, limit) as RunRow[];
    return rows.map(runRecord);
  }

  async upgradeOnce(name: string, upgrade: StoredUpgrade): Promise<UpgradeCounts | null> {
    this.requireInit();
    const db = this.db;
    const run = db.transaction((): UpgradeCounts | null => {
      if (db.prepare('SELECT 1 FROM upgrades WHERE name = ?').get(name)) return null;
      const counts: UpgradeCounts = { documents: 0, revisions: 0 };
      for (const c of COLLECTIONS) {
        const page = db.prepare<[string, number], { id: string; rev: string; doc: string; public_text: string; is_public: number; is_test: number }>(
          `SELECT id, rev, doc, public_text, is_public, is_test FROM ${c} WHERE id > ? ORDER BY id LIMIT ?`,
        );
        const rewrite = db.prepare(`UPDATE ${c} SET doc = ? WHERE id = ?`);
        for (let rows = page.all('', UPGRADE_BATCH); rows.length > 0; rows = page.all(rows.at(-1)!.id, UPGRADE_BATCH)) {
          for (const row of rows) {
            const stored = JSON.parse(row.doc) as Record<string, unknown>;
            const filters = upgrade.filters?.(c, stored);
            if (filters) {
              this.statements(c).setFilters.run(...filterColumnValues(filters), row.id);
              this.writeClassifications(c, row.id, filters);
            }
            if (row.is_public === 1 && upgrade.releases) {
              const revisions = this.revisionSelect!.all(c, row.id).map((r) => JSON.parse(r.entry) as RevisionEntry);
              for (const release of upgrade.releases(c, stored, row.public_text, row.rev, revisions)) this.writeRelease(release, row.is_test === 1);
            }
            const doc = upgrade.document(c, stored);
            if (!doc) continue;
            rewrite.run(JSON.stringify(doc), row.id);
            counts.documents++;
          }
        }
      }
      const page = db.prepare<[number, string, number], { rowid: number; collection: CollectionName; entry: string }>(
        `SELECT rowid, collection, entry FROM revisions WHERE rowid > ? AND instr(entry, ?) > 0 ORDER BY rowid LIMIT ?`,
      );
      const rewrite = db.prepare('UPDATE revisions SET entry = ? WHERE rowid = ?');
      for (let rows = page.all(0, upgrade.revisionsContaining, UPGRADE_BATCH); rows.length > 0; rows = page.all(rows.at(-1)!.rowid, upgrade.revisionsContaining, UPGRADE_BATCH)) {
        for (const row of rows) {
          const entry = upgrade.revision(row.collection, JSON.parse(row.entry) as RevisionEntry);
          if (!entry) continue;
          rewrite.run(JSON.stringify(entry), row.rowid);
          counts.revisions++;
        }
      }
      db.prepare('INSERT INTO upgrades (name, done_at_ms) VALUES (?, ?)').run(name, this.databaseClock.now());
      return counts;
    });
    // What an upgrade replaces is usually what it exists to get rid of: freed pages are zeroed,
    // and the WAL (which still holds the old page images) is emptied once they are in the file.
    const secureDelete = db.pragma('secure_delete', { simple: true }) as number;
    db.pragma('secure_delete = ON');
    let counts: UpgradeCounts | null;
    try {
      counts = run.immediate();
    } finally {
      db.pragma(`secure_delete = ${secureDelete}`);
    }
    if (counts && this.walMode && counts.documents + counts.revisions > 0) db.pragma('wal_checkpoint(TRUNCATE)');
    return counts;
  }

  async getBlob(key: string): Promise<Buffer | null> {
    if (!BLOB_KEY.test(key)) throw new TypeError(`invalid blob key: ${key}`);
    if (this.blobDirectory) return this.blobDirectory.get(key);
    const row = this.db.prepare('SELECT data FROM blobs WHERE key = ?').get(key) as { data: Buffer } | undefined;
    return row ? row.data : null;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /**
   * max(now, last + 1 ms), where "last" covers this instance and what other writers to the same
   * file committed (we are inside an IMMEDIATE transaction, so no one else is writing).
   */
  private nextPublicModified(maxOfTable: Statement<[], { m: number | null }>): number {
    const stored = maxOfTable.get()?.m ?? 0;
    const last = Math.max(this.lastPublicModified, stored);
    const value = Math.max(this.realNow(), roundMs(last + 0.001));
    this.lastPublicModified = value;
    return value;
  }

  /** The "database clock" of an embedded database is this process's real time (never the sandbox clock). */
  private realNow(): number {
    return roundMs(this.databaseClock.now() / 1000);
  }

  private statements(collection: CollectionName): CollectionStatements {
    assertCollection(collection);
    this.requireInit();
    return this.stmts!.get(collection)!;
  }

  private requireInit(): void {
    if (!this.stmts) throw new Error('SqliteStore used before init()');
  }
}

/** doc, public_text, envelope_extra, feed_text, public_modified, is_public, is_test, next_check_ms and the filter columns: what every write sets. */
type RowColumns = [string, string, string, string | null, number | null, number, number, number | null, ...FilterColumnValues];

function rowColumns(write: DocumentWrite, publicModified: number | null): RowColumns {
  const m = write.meta;
  return [
    JSON.stringify(write.doc),
    write.publicText,
    write.envelopeExtra ?? '',
    write.feedText ?? null,
    publicModified,
    m.isPublic ? 1 : 0,
    m.isTest ? 1 : 0,
    nextCheckToEpochMs(m.nextCheck),
    ...filterColumnValues(m.filters),
  ];
}

/** Columns added after the first release: databases created before get them on open. */
function addMissingColumns(db: SqliteDatabase, table: string): void {
  const columns = db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`).all().map((r) => r.name);
  if (columns.length === 0) return;
  if (!columns.includes('envelope_extra')) db.exec(`ALTER TABLE ${table} ADD COLUMN envelope_extra TEXT NOT NULL DEFAULT ''`);
  if (!columns.includes('feed_text')) db.exec(`ALTER TABLE ${table} ADD COLUMN feed_text TEXT`);
  for (const [column, type] of filterColumnTypes('REAL')) if (!columns.includes(column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
}

/** Rows read per step of an upgrade (memory stays bounded whatever the database size). */
const UPGRADE_BATCH = 500;

/**
 * A new database file (and its directory, when missing) readable by this user only: SQLite gives
 * the -wal and -shm files it creates later the mode of the database file.
 */
function createOwnerOnly(filename: string): void {
  mkdirSync(dirname(filename), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(filename, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

function isMemory(filename: string): boolean {
  return filename === ':memory:' || filename === '';
}

function isSqliteConstraint(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
