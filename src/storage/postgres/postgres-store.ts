// PostgreSQL backend (pg Pool). Same tables and semantics as the SQLite store.
//
// Documents are kept as TEXT, exactly as written, so reads return byte-identical JSON.
//
// public_modified (platform.md §4.4) comes from the database clock and must follow COMMIT order,
// or a crawler behind the watermark could skip a row that committed late with a smaller value.
// Each collection has one row in `feed_clock`; every feed-moving write updates that row in the
// same statement that writes the document. The row lock is held until commit, so a concurrent
// writer waits, then re-reads the committed value and goes strictly above it.
//
// Every write is a single statement (data-modifying CTEs), hence its own transaction: the
// conditional update, the clock and the revision append commit or fail together, with one round
// trip. Lock order is always clock row, then document row, so writers cannot deadlock.

import pg from 'pg';
import type { Pool as PgPool, PoolClient, QueryResultRow } from 'pg';
import {
  BLOB_KEY,
  DuplicateIdError,
  RevisionConflictError,
  type BatchWrite,
  type CollectionName,
  type DocumentWrite,
  type FeedQuery,
  type FeedRow,
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
  ORDERED_FILTER_COLUMNS,
  RANGE_FILTER_COLUMNS,
  assertCollection,
  filterColumnTypes,
  filterColumnValues,
  filterConditions,
  feedAfter,
  callQuietly,
  makeRev,
  nextCheckToEpochMs,
  revNumber,
  storedRevisionEntry,
  storedFromRow,
} from '../document-row.ts';
import { seekingPage, seekRangeOf, walkBudget, type PageShape, type SeekRange } from '../range-seek.ts';

/** The feed clock rows: one per collection and one for the release feed. */
const CLOCKS: readonly string[] = [...COLLECTIONS, 'releases'];

export interface PostgresStoreOptions {
  connectionString: string;
  /**
   * Schema holding the tables; created by init() when missing, and set as every connection's
   * search_path. Lowercase identifier (`[a-z_][a-z0-9_]*`). Default: the server's search_path.
   */
  schema?: string;
  /** Pool size (default 10). */
  max?: number;
  /** Errors of idle pooled connections (the pool drops the connection either way). */
  onIdleError?: (err: Error) => void;
}

const NOW_EPOCH_MS3 = 'round(extract(epoch from clock_timestamp())::numeric, 3)';

/** The pool, or one connection inside a transaction. */
type Queryable = Pick<PgPool, 'query'> | PoolClient;

interface DocRow extends QueryResultRow {
  id: string;
  rev: string;
  doc: string;
  public_text: string;
  public_modified: number | null;
}

interface RunRow {
  key: string;
  body: string;
  /** BIGINT comes back as a string. */
  due_at_ms: string | number | null;
  revision: number;
}

const runRecord = (row: RunRow): CasRecord => ({
  key: row.key,
  body: row.body,
  dueAtMs: row.due_at_ms === null ? null : Number(row.due_at_ms),
  revision: row.revision,
});
/**
 * PostgreSQL TEXT cannot hold NUL, and a query with one fails; no stored id contains one, so such an
 * id (from a URL like `/tenders/%00`) is simply not found.
 */
const isStorableText = (value: string): boolean => !value.includes('\u0000');

export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  readonly schema: string | undefined;
  private readonly pool: PgPool;
  private readonly connectionString: string;
  private closed = false;
  private readonly watchers = new Set<(collection: string) => void>();
  /** The connection LISTENing for other nodes' writes, while anyone watches. */
  private listener: pg.Client | null = null;
  private listenRetry: ReturnType<typeof setTimeout> | null = null;
  /** Collections written since the last NOTIFY; one NOTIFY per collection per NOTIFY_COALESCE_MS. */
  private readonly unannounced = new Set<string>();
  private notifyTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(opts: PostgresStoreOptions) {
    if (opts.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(opts.schema)) {
      throw new TypeError(`invalid schema name: ${opts.schema}`);
    }
    this.schema = opts.schema;
    this.connectionString = opts.connectionString;
    this.pool = new pg.Pool({
      connectionString: opts.connectionString,
      max: opts.max ?? 10,
      ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
    });
    this.pool.on('error', (err) => opts.onIdleError?.(err));
  }

  async init(): Promise<void> {
    await this.inTransaction(async (client) => {
      // Several app instances may init the same schema at once; CREATE ... IF NOT EXISTS alone races.
      await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`cdb-storage-init:${this.schema ?? ''}`]);
      if (this.schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.q(this.schema)}`);
      for (const c of COLLECTIONS) {
        await client.query(`
          CREATE TABLE IF NOT EXISTS ${this.t(c)} (
            id TEXT PRIMARY KEY,
            rev TEXT NOT NULL,
            doc TEXT NOT NULL,
            public_text TEXT NOT NULL,
            envelope_extra TEXT NOT NULL DEFAULT '',
            feed_text TEXT,
            public_modified DOUBLE PRECISION,
            is_public BOOLEAN NOT NULL,
            is_test BOOLEAN NOT NULL,
            next_check_ms BIGINT
          )`);
        // Columns added after the first release (databases created before get them here).
        await client.query(`ALTER TABLE ${this.t(c)} ADD COLUMN IF NOT EXISTS envelope_extra TEXT NOT NULL DEFAULT ''`);
        await client.query(`ALTER TABLE ${this.t(c)} ADD COLUMN IF NOT EXISTS feed_text TEXT`);
        for (const [column, type] of filterColumnTypes('DOUBLE PRECISION')) await client.query(`ALTER TABLE ${this.t(c)} ADD COLUMN IF NOT EXISTS ${column} ${type}`);
        for (const f of ORDERED_FILTER_COLUMNS) await client.query(`CREATE INDEX IF NOT EXISTS ${c}_${f} ON ${this.t(c)} (${f}, public_modified)`);
        for (const f of RANGE_FILTER_COLUMNS) {
          // Range columns are indexed with the feed order: a filtered page seeks its first match there (range-seek.ts).
          await client.query(`DROP INDEX IF EXISTS ${this.schema ? `${this.q(this.schema)}.` : ''}${c}_${f}`);
          await client.query(`CREATE INDEX IF NOT EXISTS ${c}_${f}_pm ON ${this.t(c)} (${f}, public_modified)`);
        }
        await client.query(`CREATE INDEX IF NOT EXISTS ${c}_public_modified ON ${this.t(c)} (public_modified)`);
        await client.query(
          `CREATE INDEX IF NOT EXISTS ${c}_next_check_ms ON ${this.t(c)} (next_check_ms) WHERE next_check_ms IS NOT NULL`,
        );
      }
      await client.query(`
        CREATE TABLE IF NOT EXISTS ${this.t('revisions')} (
          collection TEXT NOT NULL,
          id TEXT NOT NULL,
          seq INTEGER NOT NULL,
          entry TEXT NOT NULL,
          PRIMARY KEY (collection, id, seq)
        )`);
      await client.query(`
        CREATE TABLE IF NOT EXISTS ${this.t('feed_classifications')} (
          collection TEXT NOT NULL,
          code TEXT COLLATE "C" NOT NULL,
          id TEXT NOT NULL,
          PRIMARY KEY (collection, code, id)
        )`);
      await client.query(`CREATE INDEX IF NOT EXISTS feed_classifications_id_code ON ${this.t('feed_classifications')} (collection, id, code)`);
      await client.query(`
        CREATE TABLE IF NOT EXISTS ${this.t('releases')} (
          id TEXT PRIMARY KEY,
          ocid TEXT NOT NULL,
          public_modified DOUBLE PRECISION NOT NULL,
          is_test BOOLEAN NOT NULL,
          release_text TEXT NOT NULL
        )`);
      await client.query(`CREATE INDEX IF NOT EXISTS releases_public_modified ON ${this.t('releases')} (public_modified)`);
      await client.query(`CREATE INDEX IF NOT EXISTS releases_ocid ON ${this.t('releases')} (ocid, public_modified)`);
      await client.query(`
        CREATE TABLE IF NOT EXISTS ${this.t('sequences')} (
          name TEXT PRIMARY KEY,
          value BIGINT NOT NULL
        )`);
      // Document-service files live in the database so that every API node can serve them.
      await client.query(`
        CREATE TABLE IF NOT EXISTS ${this.t('blobs')} (
          key TEXT PRIMARY KEY,
          data BYTEA NOT NULL
        )`);
      // Per-key upload quota of the document service, shared by every node.
      await client.query(`
        CREATE TABLE IF NOT EXISTS ${this.t('usage_counters')} (
          key TEXT PRIMARY KEY,
          used BIGINT NOT NULL
        )`);
      // Built-in auction runs: several nodes race for them through the revision.
      await client.query(`
        CREATE TABLE IF NOT EXISTS ${this.t('runs')} (
          key TEXT PRIMARY KEY,
          body TEXT NOT NULL,
          due_at_ms BIGINT,
          revision INTEGER NOT NULL
        )`);
      await client.query(`CREATE INDEX IF NOT EXISTS runs_due_at_ms ON ${this.t('runs')} (due_at_ms) WHERE due_at_ms IS NOT NULL`);
      await client.query(`
        CREATE TABLE IF NOT EXISTS ${this.t('upgrades')} (
          name TEXT PRIMARY KEY,
          done_at TIMESTAMPTZ NOT NULL
        )`);
      // Due chronograph checks claimed by a node (claimDueForCheck), so that one node runs each.
      await client.query(`
        CREATE TABLE IF NOT EXISTS ${this.t('check_claims')} (
          job TEXT PRIMARY KEY,
          claimant TEXT NOT NULL,
          until_ms BIGINT NOT NULL
        )`);
      await client.query(`
        CREATE TABLE IF NOT EXISTS ${this.t('feed_clock')} (
          collection TEXT PRIMARY KEY,
          last DOUBLE PRECISION NOT NULL
        )`);
      await client.query(
        `INSERT INTO ${this.t('feed_clock')} (collection, last) SELECT unnest($1::text[]), 0 ON CONFLICT DO NOTHING`,
        [CLOCKS],
      );
    });
  }

  async get(collection: CollectionName, id: string): Promise<StoredDocument | null> {
    assertCollection(collection);
    if (!isStorableText(id)) return null;
    const { rows } = await this.pool.query<DocRow>({
      name: `get_${collection}`,
      text: `SELECT id, rev, doc, public_text, public_modified FROM ${this.t(collection)} WHERE id = $1`,
      values: [id],
    });
    const row = rows[0];
    if (!row) return null;
    return storedFromRow(row);
  }

  async getPublic(collection: CollectionName, id: string): Promise<PublicDocument | null> {
    assertCollection(collection);
    if (!isStorableText(id)) return null;
    const { rows } = await this.pool.query<{ public_text: string; envelope_extra: string; public_modified: number | null }>({
      name: `get_public_${collection}`,
      text: `SELECT public_text, envelope_extra, public_modified FROM ${this.t(collection)} WHERE id = $1`,
      values: [id],
    });
    const row = rows[0];
    return row ? { publicText: row.public_text, envelopeExtra: row.envelope_extra, publicModified: row.public_modified } : null;
  }

  async insert(collection: CollectionName, id: string, write: DocumentWrite): Promise<string> {
    if (write.release) return (await this.writeAll([{ kind: 'insert', collection, id, write }]))[0]!;
    const rev = await this.insertOn(this.pool, collection, id, write);
    this.announce([collection]);
    return rev;
  }

  async update(collection: CollectionName, id: string, expectedRev: string, write: DocumentWrite): Promise<string> {
    if (write.release) return (await this.writeAll([{ kind: 'update', collection, id, expectedRev, write }]))[0]!;
    const rev = await this.updateOn(this.pool, collection, id, expectedRev, write);
    this.announce([collection]);
    return rev;
  }

  watch(listener: (collection: string) => void): () => void {
    this.watchers.add(listener);
    this.listen();
    return () => {
      this.watchers.delete(listener);
      if (this.watchers.size === 0) this.stopListening();
    };
  }

  /** The NOTIFY channel of this schema (several schemas on one server do not wake each other). */
  private get channel(): string {
    return `cdb_feed_${this.schema ?? 'default'}`;
  }

  /** Tells this process's watchers at once and the other nodes by NOTIFY (coalesced). */
  private announce(names: readonly string[]): void {
    for (const name of names) {
      for (const listener of this.watchers) callQuietly(listener, name);
      this.unannounced.add(name);
    }
    if (this.notifyTimer || this.closed) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = null;
      const pending = [...this.unannounced];
      this.unannounced.clear();
      // A lost NOTIFY only delays the other nodes' streams until their next poll.
      for (const name of pending) this.pool.query('SELECT pg_notify($1, $2)', [this.channel, name]).catch(() => undefined);
    }, NOTIFY_COALESCE_MS);
    this.notifyTimer.unref?.();
  }

  private listen(): void {
    if (this.listener || this.closed || this.watchers.size === 0) return;
    const client = new pg.Client({ connectionString: this.connectionString });
    this.listener = client;
    const retry = (): void => {
      if (this.listener !== client) return;
      this.listener = null;
      client.end().catch(() => undefined);
      if (this.closed || this.watchers.size === 0 || this.listenRetry) return;
      this.listenRetry = setTimeout(() => {
        this.listenRetry = null;
        this.listen();
      }, 1000);
      this.listenRetry.unref?.();
    };
    client.on('error', retry);
    client.on('end', retry);
    client.on('notification', (msg) => {
      if (msg.channel !== this.channel || !msg.payload) return;
      for (const listener of this.watchers) callQuietly(listener, msg.payload);
    });
    client
      .connect()
      .then(() => client.query(`LISTEN ${this.q(this.channel)}`))
      .catch(retry);
  }

  private stopListening(): void {
    const client = this.listener;
    this.listener = null;
    if (this.listenRetry) clearTimeout(this.listenRetry);
    this.listenRetry = null;
    client?.end().catch(() => undefined);
  }

  async writeAll(writes: readonly BatchWrite[]): Promise<string[]> {
    for (const w of writes) assertCollection(w.collection);
    // Collections in a fixed order, so two batches never take feed-clock rows in opposite orders.
    const order = writes.map((w, i) => ({ w, i })).sort((a, b) => a.w.collection.localeCompare(b.w.collection) || a.i - b.i);
    const revs: string[] = new Array<string>(writes.length);
    await this.inTransaction(async (client) => {
      for (const { w, i } of order) {
        revs[i] = w.kind === 'insert' ? await this.insertOn(client, w.collection, w.id, w.write) : await this.updateOn(client, w.collection, w.id, w.expectedRev, w.write);
      }
      // The release clock is always taken last, after every document clock: no two writers wait
      // on each other's clock rows in opposite orders.
      for (const w of writes) if (w.write.release) await this.releaseOn(client, w.write.release, w.write.meta.isTest);
    });
    this.announce([...new Set(writes.map((w) => w.collection)), ...(writes.some((w) => w.write.release) ? ['releases'] : [])]);
    return revs;
  }

  private async releaseOn(db: Queryable, release: ReleaseWrite, isTest: boolean): Promise<void> {
    await db.query({
      name: 'insert_release',
      text: `WITH clk AS (${this.clockTick("'releases'")})
        INSERT INTO ${this.t('releases')} (id, ocid, public_modified, is_test, release_text)
        SELECT $1::text, $2::text, clk.last, $3::boolean, $4::text FROM clk`,
      values: [release.id, release.ocid, isTest, release.text],
    });
  }

  /**
   * CTE members keeping a written document's classification codes (`$c` collection, `$i` id,
   * `$k` the codes) once `d` (the document write) returned its row: stale codes go, new ones come.
   */
  private classificationCtes(c: string, i: string, k: string): string {
    const fc = this.t('feed_classifications');
    return `cls_gone AS (
        DELETE FROM ${fc} WHERE collection = ${c}::text AND id = ${i}::text AND NOT (code = ANY(${k}::text[])) AND EXISTS (SELECT 1 FROM d)
      ),
      cls_new AS (
        INSERT INTO ${fc} (collection, code, id) SELECT ${c}::text, unnest(${k}::text[]), ${i}::text WHERE EXISTS (SELECT 1 FROM d)
        ON CONFLICT DO NOTHING
      )`;
  }

  private async insertOn(db: Queryable, collection: CollectionName, id: string, write: DocumentWrite): Promise<string> {
    assertCollection(collection);
    const rev = makeRev(1);
    const entry = JSON.stringify(storedRevisionEntry(write.revision, undefined));
    // An inserted document always gets a feed position, whatever touchPublicModified says.
    const text = `
      WITH clk AS (${this.clockTick('$9')}),
      d AS (
        INSERT INTO ${this.t(collection)}
          (id, rev, doc, public_text, envelope_extra, feed_text, public_modified, is_public, is_test, next_check_ms, ${FILTER_COLUMNS.join(', ')})
        SELECT $1::text, $2::text, $3::text, $4::text, $10::text, $11::text, clk.last, $5::boolean, $6::boolean, $7::bigint,
          $12::text, $13::text, $14::text, $15::float8, $16::float8, $17::float8, $18::float8 FROM clk
        RETURNING id
      ),
      ${this.classificationCtes('$9', '$1', '$19')}
      INSERT INTO ${this.t('revisions')} (collection, id, seq, entry) SELECT $9::text, d.id, 1, $8::text FROM d`;
    try {
      const res = await db.query({
        name: `insert_${collection}`,
        text,
        values: [
          id,
          rev,
          JSON.stringify(write.doc),
          write.publicText,
          write.meta.isPublic,
          write.meta.isTest,
          nextCheckToEpochMs(write.meta.nextCheck),
          entry,
          collection,
          write.envelopeExtra ?? '',
          write.feedText ?? null,
          ...filterColumnValues(write.meta.filters),
          classificationCodes(write),
        ],
      });
      if (res.rowCount !== 1) throw new Error(`feed clock row missing for ${collection}; was init() run?`);
    } catch (err) {
      if ((err as { code?: unknown }).code === '23505') throw new DuplicateIdError();
      throw err;
    }
    return rev;
  }

  private async updateOn(db: Queryable, collection: CollectionName, id: string, expectedRev: string, write: DocumentWrite): Promise<string> {
    assertCollection(collection);
    const n = revNumber(expectedRev);
    if (n === null) throw new RevisionConflictError();
    const rev = makeRev(n + 1);
    const entry = JSON.stringify(storedRevisionEntry(write.revision, expectedRev));
    const touch = write.meta.touchPublicModified;
    const text = `
      WITH ${touch ? `clk AS (${this.clockTick('$9')}),` : ''}
      d AS (
        UPDATE ${this.t(collection)} SET
          rev = $3::text, doc = $4::text, public_text = $5::text, envelope_extra = $12::text, feed_text = $13::text,
          is_public = $6::boolean, is_test = $7::boolean, next_check_ms = $8::bigint,
          f_status = $14::text, f_method = $15::text, f_entity = $16::text,
          f_amount = $17::float8, f_modified = $18::float8, f_period_start = $19::float8, f_period_end = $20::float8
          ${touch ? ', public_modified = (SELECT last FROM clk)' : ''}
        WHERE id = $1::text AND rev = $2::text
        RETURNING id
      ),
      ${this.classificationCtes('$9', '$1', '$21')}
      INSERT INTO ${this.t('revisions')} (collection, id, seq, entry) SELECT $9::text, d.id, $10::integer, $11::text FROM d`;
    const res = await db.query({
      name: `update_${collection}_${touch ? 'touch' : 'keep'}`,
      text,
      values: [
        id,
        expectedRev,
        rev,
        JSON.stringify(write.doc),
        write.publicText,
        write.meta.isPublic,
        write.meta.isTest,
        nextCheckToEpochMs(write.meta.nextCheck),
        collection,
        n + 1,
        entry,
        write.envelopeExtra ?? '',
        write.feedText ?? null,
        ...filterColumnValues(write.meta.filters),
        classificationCodes(write),
      ],
    });
    if (res.rowCount !== 1) throw new RevisionConflictError();
    return rev;
  }

  async revisions(collection: CollectionName, id: string): Promise<RevisionEntry[]> {
    assertCollection(collection);
    if (!isStorableText(id)) return [];
    const { rows } = await this.pool.query<{ entry: string }>({
      name: 'revisions',
      text: `SELECT entry FROM ${this.t('revisions')} WHERE collection = $1 AND id = $2 ORDER BY seq`,
      values: [collection, id],
    });
    return rows.map((r) => JSON.parse(r.entry) as RevisionEntry);
  }

  async feed(collection: CollectionName, query: FeedQuery): Promise<FeedRow[]> {
    assertCollection(collection);
    const values: unknown[] = [];
    const param = (v: unknown): string => {
      values.push(v);
      return `$${values.length}${typeof v === 'number' ? '::float8' : '::text'}`;
    };
    // The row is named by the bare table name (also the alias of a walk's stretch of rows).
    const filters = filterConditions(
      query.filters,
      param,
      (from, to) =>
        `EXISTS (SELECT 1 FROM ${this.t('feed_classifications')} fc WHERE fc.collection = '${collection}' AND fc.id = ${this.q(collection)}.id AND fc.code >= ${from} AND fc.code < ${to})`,
    );
    const base = ['is_public', 'public_modified IS NOT NULL'];
    const text = 'COALESCE(feed_text, public_text)';
    const page = (shape: PageShape) => this.pagedRows(collection, base, filters, [...values], query, text, shape);
    const seek = seekRangeOf(query.filters);
    if (!seek) return page({ kind: 'plain' });
    const table = this.t(collection);
    return seekingPage(query.limit, {
      countInRange: async (cap) => Number((await this.onRangeIndex<{ m: string }>(seek, query, (where) => `SELECT count(*) AS m FROM (SELECT 1 FROM ${table} WHERE ${where} LIMIT ${cap}) AS r`))?.m ?? 0),
      sorted: () => page({ kind: 'sorted' }),
      walk: (start) => page({ kind: 'walk', budget: walkBudget(query.limit), start }),
      // `+ 0`: an aggregate the feed-order index cannot answer by walking, so the range index is read.
      firstMatch: async () =>
        (await this.onRangeIndex<{ m: number | null }>(seek, query, (where) => `SELECT ${query.descending ? 'max' : 'min'}(public_modified + 0) AS m FROM ${table} WHERE ${where}`))?.m ?? null,
      full: () => page({ kind: 'plain' }),
    }, query.after !== undefined);
  }

  /** A query over the seek column's index alone: its range and the offset, as `where` of `text`. */
  private async onRangeIndex<R extends QueryResultRow>(seek: SeekRange, query: FeedQuery, text: (where: string) => string): Promise<R | undefined> {
    const where = [`${seek.column} IS NOT NULL`];
    const values: unknown[] = [];
    const add = (condition: string, value: unknown): void => {
      values.push(value);
      where.push(`${condition} $${values.length}::float8`);
    };
    if (seek.range.min !== undefined) add(`${seek.column} >=`, seek.range.min);
    if (seek.range.max !== undefined) add(`${seek.column} <=`, seek.range.max);
    if (query.after !== undefined) add(`public_modified ${feedAfter(query)}`, query.after);
    const { rows } = await this.pool.query<R>(text(where.join(' AND ')), values);
    return rows[0];
  }

  async releaseFeed(query: FeedQuery): Promise<FeedRow[]> {
    return this.pagedRows('releases', ['true'], [], [], query, 'release_text', { kind: 'plain' });
  }

  async releasesOf(ocid: string): Promise<string[]> {
    if (!isStorableText(ocid)) return [];
    const { rows } = await this.pool.query<{ release_text: string }>({
      name: 'releases_of',
      text: `SELECT release_text FROM ${this.t('releases')} WHERE ocid = $1 ORDER BY public_modified`,
      values: [ocid],
    });
    return rows.map((r) => r.release_text);
  }

  /**
   * One feed page of a table ordered by public_modified: `base` conditions, mode, offset and
   * watermark, then the filter conditions (their placeholders number `values` from $1), then the
   * limit, read in the given shape (range-seek.ts).
   */
  private async pagedRows(
    table: string, base: string[], filters: string[], values: unknown[], query: FeedQuery, textColumn: string, shape: PageShape,
  ): Promise<FeedRow[]> {
    const where = [...base];
    const add = (condition: string, value: unknown): void => {
      values.push(value);
      where.push(condition.replace('?', `$${values.length}::float8`));
    };
    if (query.mode === 'test') where.push('is_test');
    else if (query.mode !== '_all_') where.push('NOT is_test');
    if (query.after !== undefined) add(`public_modified ${feedAfter(query)} ?`, query.after);
    if (query.watermarkSeconds !== null) add(`public_modified <= ${NOW_EPOCH_MS3}::float8 - ?`, query.watermarkSeconds);
    const direction = query.descending ? 'DESC' : 'ASC';
    const order = `ORDER BY public_modified ${direction}`;
    const columns = `id, public_modified, ${textColumn} AS feed_text, is_test`;
    let text: string;
    if (shape.kind === 'walk') {
      if (shape.start !== undefined) add(`public_modified ${query.descending ? '<=' : '>='} ?`, shape.start);
      values.push(shape.budget);
      const stretch = `SELECT ${columns}, ${FILTER_COLUMNS.join(', ')} FROM ${this.t(table)} WHERE ${where.join(' AND ')} ${order} LIMIT $${values.length}`;
      text = `SELECT id, public_modified, feed_text, is_test FROM (${stretch}) AS ${this.q(table)} WHERE ${filters.length > 0 ? filters.join(' AND ') : 'true'} ${order}`;
    } else {
      where.push(...filters);
      // `+ 0` keeps the feed-order index out: the rows come through the filters' indexes, then are sorted.
      const sortBy = shape.kind === 'sorted' ? `ORDER BY public_modified + 0 ${direction}` : order;
      text = `SELECT ${columns} FROM ${this.t(table)} WHERE ${where.join(' AND ')} ${sortBy}`;
    }
    values.push(Math.max(0, Math.floor(query.limit)));
    text += ` LIMIT $${values.length}`;
    const { rows } = await this.pool.query<{ id: string; public_modified: number; feed_text: string; is_test: boolean }>(text, values);
    return rows.map((r) => ({ id: r.id, publicModified: r.public_modified, feedText: r.feed_text, isTest: r.is_test }));
  }

  async dueForCheck(collection: CollectionName, untilEpochMs: number, limit: number): Promise<string[]> {
    assertCollection(collection);
    const { rows } = await this.pool.query<{ id: string }>({
      name: `due_${collection}`,
      text: `SELECT id FROM ${this.t(collection)} WHERE next_check_ms IS NOT NULL AND next_check_ms <= $1
             ORDER BY next_check_ms LIMIT $2`,
      values: [Math.floor(untilEpochMs), Math.max(0, Math.floor(limit))],
    });
    return rows.map((r) => r.id);
  }

  async claimDueForCheck(collection: CollectionName, untilEpochMs: number, limit: number, claim: CheckClaim): Promise<string[]> {
    assertCollection(collection);
    // The candidates leave out unexpired claims of others; of two nodes inserting the same claim at
    // once the second waits for the first, then finds its claim unexpired and takes nothing.
    const { rows } = await this.pool.query<{ job: string }>({
      name: `claim_due_${collection}`,
      text: `
        WITH due AS (
          SELECT d.id FROM ${this.t(collection)} d LEFT JOIN ${this.t('check_claims')} c ON c.job = $1 || d.id
          WHERE d.next_check_ms IS NOT NULL AND d.next_check_ms <= $2
            AND (c.job IS NULL OR c.claimant = $3 OR c.until_ms < $4)
          ORDER BY d.next_check_ms LIMIT $5
        )
        INSERT INTO ${this.t('check_claims')} AS c (job, claimant, until_ms) SELECT $1 || id, $3, $6 FROM due
        ON CONFLICT (job) DO UPDATE SET claimant = EXCLUDED.claimant, until_ms = EXCLUDED.until_ms
          WHERE c.claimant = EXCLUDED.claimant OR c.until_ms < $4
        RETURNING c.job`,
      values: [`${collection}/`, Math.floor(untilEpochMs), claim.claimant, Math.floor(claim.nowMs), Math.max(0, Math.floor(limit)), Math.floor(claim.untilMs)],
    });
    return rows.map((r) => r.job.slice(collection.length + 1));
  }

  async releaseCheck(collection: CollectionName, id: string, claimant: string): Promise<void> {
    assertCollection(collection);
    await this.pool.query({ name: 'release_check', text: `DELETE FROM ${this.t('check_claims')} WHERE job = $1 AND claimant = $2`, values: [`${collection}/${id}`, claimant] });
  }

  async nextSequence(name: string): Promise<number> {
    const { rows } = await this.pool.query<{ value: string }>({
      name: 'next_sequence',
      text: `INSERT INTO ${this.t('sequences')} AS s (name, value) VALUES ($1, 1)
             ON CONFLICT (name) DO UPDATE SET value = s.value + 1 RETURNING value`,
      values: [name],
    });
    return Number(rows[0]!.value);
  }

  async dbNow(): Promise<number> {
    const { rows } = await this.pool.query<{ now: number }>(`SELECT ${NOW_EPOCH_MS3}::float8 AS now`);
    return rows[0]!.now;
  }

  async putBlob(key: string, data: Buffer, opts: { ifAbsent?: boolean } = {}): Promise<boolean> {
    if (!BLOB_KEY.test(key)) throw new TypeError(`invalid blob key: ${key}`);
    const onConflict = opts.ifAbsent ? 'DO NOTHING' : 'DO UPDATE SET data = excluded.data';
    const r = await this.pool.query({ text: `INSERT INTO ${this.t('blobs')} (key, data) VALUES ($1, $2) ON CONFLICT (key) ${onConflict}`, values: [key, data] });
    return (r.rowCount ?? 0) > 0;
  }

  async chargeUsage(key: string, amount: number, limit: number): Promise<boolean> {
    if (amount > limit) return false;
    if (!isStorableText(key)) throw new TypeError(`invalid usage key: ${JSON.stringify(key)}`);
    const r = await this.pool.query({
      text: `INSERT INTO ${this.t('usage_counters')} AS u (key, used) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET used = u.used + excluded.used WHERE u.used + excluded.used <= $3`,
      values: [key, amount, limit],
    });
    return (r.rowCount ?? 0) > 0;
  }

  async insertRun(record: Omit<CasRecord, 'revision'>): Promise<boolean> {
    const r = await this.pool.query({
      text: `INSERT INTO ${this.t('runs')} (key, body, due_at_ms, revision) VALUES ($1, $2, $3, 1) ON CONFLICT (key) DO NOTHING`,
      values: [record.key, record.body, record.dueAtMs],
    });
    return (r.rowCount ?? 0) > 0;
  }

  async getRun(key: string): Promise<CasRecord | null> {
    // The key comes from the bidder page's URL (`/auctions/%00/state`).
    if (!isStorableText(key)) return null;
    const { rows } = await this.pool.query<RunRow>({ text: `SELECT key, body, due_at_ms, revision FROM ${this.t('runs')} WHERE key = $1`, values: [key] });
    return rows[0] ? runRecord(rows[0]) : null;
  }

  async updateRun(record: Omit<CasRecord, 'revision'>, expectedRevision: number): Promise<number | null> {
    const r = await this.pool.query({
      text: `UPDATE ${this.t('runs')} SET body = $1, due_at_ms = $2, revision = revision + 1 WHERE key = $3 AND revision = $4`,
      values: [record.body, record.dueAtMs, record.key, expectedRevision],
    });
    return (r.rowCount ?? 0) > 0 ? expectedRevision + 1 : null;
  }

  async dueRuns(nowMs: number, limit: number): Promise<CasRecord[]> {
    const { rows } = await this.pool.query<RunRow>({
      text: `SELECT key, body, due_at_ms, revision FROM ${this.t('runs')} WHERE due_at_ms IS NOT NULL AND due_at_ms <= $1 ORDER BY due_at_ms LIMIT $2`,
      values: [nowMs, limit],
    });
    return rows.map(runRecord);
  }

  async upgradeOnce(name: string, upgrade: StoredUpgrade): Promise<UpgradeCounts | null> {
    return this.inTransaction(async (client) => {
      // Nodes opening the database together: the first runs the upgrade, the others find it done.
      await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`cdb-upgrade:${this.schema ?? ''}:${name}`]);
      const done = await client.query(`SELECT 1 FROM ${this.t('upgrades')} WHERE name = $1`, [name]);
      if ((done.rowCount ?? 0) > 0) return null;
      const counts: UpgradeCounts = { documents: 0, revisions: 0 };
      for (const c of COLLECTIONS) {
        let after = '';
        for (;;) {
          const { rows } = await client.query<{ id: string; rev: string; doc: string; public_text: string; is_public: boolean; is_test: boolean }>(
            `SELECT id, rev, doc, public_text, is_public, is_test FROM ${this.t(c)} WHERE id > $1 ORDER BY id LIMIT $2 FOR UPDATE`,
            [after, UPGRADE_BATCH],
          );
          if (rows.length === 0) break;
          for (const row of rows) {
            const stored = JSON.parse(row.doc) as Record<string, unknown>;
            const filters = upgrade.filters?.(c, stored);
            if (filters) {
              await client.query(`UPDATE ${this.t(c)} SET ${FILTER_COLUMNS.map((f, n) => `${f} = $${n + 2}`).join(', ')} WHERE id = $1`, [row.id, ...filterColumnValues(filters)]);
              await client.query(`DELETE FROM ${this.t('feed_classifications')} WHERE collection = $1 AND id = $2`, [c, row.id]);
              await client.query(
                `INSERT INTO ${this.t('feed_classifications')} (collection, code, id) SELECT $1::text, unnest($3::text[]), $2::text ON CONFLICT DO NOTHING`,
                [c, row.id, [...new Set(filters.classifications)]],
              );
            }
            if (row.is_public && upgrade.releases) {
              const history = await client.query<{ entry: string }>(`SELECT entry FROM ${this.t('revisions')} WHERE collection = $1 AND id = $2 ORDER BY seq`, [c, row.id]);
              const revisions = history.rows.map((r) => JSON.parse(r.entry) as RevisionEntry);
              for (const release of upgrade.releases(c, stored, row.public_text, row.rev, revisions)) await this.releaseOn(client, release, row.is_test);
            }
            const doc = upgrade.document(c, stored);
            if (!doc) continue;
            await client.query(`UPDATE ${this.t(c)} SET doc = $1 WHERE id = $2`, [JSON.stringify(doc), row.id]);
            counts.documents++;
          }
          after = rows.at(-1)!.id;
        }
      }
      let key: [string, string, number] = ['', '', 0];
      for (;;) {
        const { rows } = await client.query<{ collection: CollectionName; id: string; seq: number; entry: string }>(
          `SELECT collection, id, seq, entry FROM ${this.t('revisions')}
           WHERE (collection, id, seq) > ($1, $2, $3) AND strpos(entry, $4) > 0
           ORDER BY collection, id, seq LIMIT $5`,
          [...key, upgrade.revisionsContaining, UPGRADE_BATCH],
        );
        if (rows.length === 0) break;
        for (const row of rows) {
          const entry = upgrade.revision(row.collection, JSON.parse(row.entry) as RevisionEntry);
          if (!entry) continue;
          await client.query(`UPDATE ${this.t('revisions')} SET entry = $1 WHERE collection = $2 AND id = $3 AND seq = $4`, [
            JSON.stringify(entry), row.collection, row.id, row.seq,
          ]);
          counts.revisions++;
        }
        const last = rows.at(-1)!;
        key = [last.collection, last.id, last.seq];
      }
      await client.query(`INSERT INTO ${this.t('upgrades')} (name, done_at) VALUES ($1, clock_timestamp())`, [name]);
      return counts;
    });
  }

  async getBlob(key: string): Promise<Buffer | null> {
    if (!BLOB_KEY.test(key)) throw new TypeError(`invalid blob key: ${key}`);
    const { rows } = await this.pool.query<{ data: Buffer }>({ text: `SELECT data FROM ${this.t('blobs')} WHERE key = $1`, values: [key] });
    return rows[0]?.data ?? null;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopListening();
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    await this.pool.end();
  }

  /** Runs `work` on one connection inside BEGIN … COMMIT; any error rolls it back and is rethrown. */
  private async inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await rollbackQuietly(client);
      throw err;
    } finally {
      client.release();
    }
  }

  /** max(db clock, last + 1 ms) for one collection, locking its clock row until commit. */
  private clockTick(collectionParam: string): string {
    return `UPDATE ${this.t('feed_clock')}
      SET last = greatest(${NOW_EPOCH_MS3}, round(last::numeric + 0.001, 3))::float8
      WHERE collection = ${collectionParam}::text
      RETURNING last`;
  }

  /** Schema-qualified table name (search_path is set too, but explicit names cannot drift). */
  private t(table: string): string {
    return this.schema ? `${this.q(this.schema)}.${this.q(table)}` : this.q(table);
  }

  private q(identifier: string): string {
    return `"${identifier.replace(/"/g, '""')}"`;
  }
}

/** The distinct classification codes of a write, for the classification CTEs. */
function classificationCodes(write: DocumentWrite): string[] {
  return [...new Set(write.meta.filters?.classifications ?? [])];
}

/** How long writes are gathered into one NOTIFY per collection (other nodes' streams wake this much later at most). */
const NOTIFY_COALESCE_MS = 5;

/** Rows read per step of an upgrade (memory stays bounded whatever the database size). */
const UPGRADE_BATCH = 500;

async function rollbackQuietly(client: PoolClient): Promise<void> {
  try {
    await client.query('ROLLBACK');
  } catch {
    // The original error is the one worth reporting.
  }
}
