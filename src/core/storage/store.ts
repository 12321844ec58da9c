// The one storage interface. Both backends (src/storage/sqlite, src/storage/postgres)
// implement it with identical semantics; the contract suite in test/storage runs on both.

/** A root collection of aggregate documents (tenders now; contracts, plans later). */
export type CollectionName = 'tenders' | 'contracts' | 'plans' | 'transfers';

/** Who claims due checks, and until when (epoch ms of the machines' clocks, not the sandbox's). */
export interface CheckClaim {
  claimant: string;
  nowMs: number;
  untilMs: number;
}

/** One reverse-patch revision entry, as the reference keeps them (platform.md §7.6). */
export interface RevisionEntry {
  author: string;
  /** RFC 6902 patch turning the NEW state back into the PREVIOUS one. */
  changes: JsonPatchOp[];
  /** `_rev` of the document before this write (absent for the creating write). */
  rev?: string;
  /** Request time (ISO string with Kyiv offset). */
  date: string;
}

export interface JsonPatchOp {
  op: 'add' | 'remove' | 'replace';
  path: string;
  value?: unknown;
}

/** What the feed and the chronograph need to know about a stored document. */
export interface DocumentMeta {
  /** Listed in feeds (status not `draft`/`deleted`). */
  isPublic: boolean;
  /** `mode == "test"`. */
  isTest: boolean;
  /** ISO date-time of the next chronograph wake-up, or null. */
  nextCheck: string | null;
  /**
   * Whether this write moves the document in the feed (sets a new `public_modified`).
   * Bid writes during tendering do not (platform.md §4.4).
   */
  touchPublicModified: boolean;
  /** The values the feed filters on (§ filtered feeds); absent: the document matches no filter. */
  filters?: FeedFilterValues;
}

/**
 * What a filtered feed can select a document by, extracted by the core at write time (the storage
 * never looks into documents). Dates are epoch seconds; null where the document has no such value.
 */
export interface FeedFilterValues {
  status: string | null;
  procurementMethodType: string | null;
  procuringEntityId: string | null;
  /** Classification codes of the items (and of the document itself), prefix-searchable. */
  classifications: readonly string[];
  valueAmount: number | null;
  dateModified: number | null;
  tenderPeriodStart: number | null;
  tenderPeriodEnd: number | null;
}

/** A closed range; either end may be absent. */
export interface FeedRange {
  min?: number;
  max?: number;
}

/** The feed filters of a query; every one present must match (AND); a list matches any of its values. */
export interface FeedFilters {
  statuses?: readonly string[];
  procurementMethodTypes?: readonly string[];
  procuringEntityId?: string;
  /** Digits and `-` only (checked by the caller): matches a code starting with it. */
  classificationPrefix?: string;
  valueAmount?: FeedRange;
  dateModified?: FeedRange;
  tenderPeriodStart?: FeedRange;
  tenderPeriodEnd?: FeedRange;
}

/**
 * An OCDS release written with a document (issue 16): kept as sent and listed in the release feed
 * in commit order, like documents in theirs.
 */
export interface ReleaseWrite {
  /** Stable release id (unique). */
  id: string;
  ocid: string;
  /** The release JSON text. */
  text: string;
}

/** A write: the full document plus its pre-rendered public JSON text. */
export interface DocumentWrite {
  /** The full internal document (private fields included). */
  doc: Record<string, unknown>;
  /** JSON text served to anonymous readers as `data` (no private fields), kept as sent. */
  publicText: string;
  /**
   * Members that follow `data` in the GET envelope, as JSON text (`"config":{...}`), so a read
   * serves stored text without loading the document; '' or absent for none.
   */
  envelopeExtra?: string;
  /** JSON text of the fields the feed may show (defaults and opt_fields); absent: the feed reads publicText. */
  feedText?: string;
  meta: DocumentMeta;
  /** The OCDS release this write publishes, when it changed public data. */
  release?: ReleaseWrite;
  revision: RevisionEntry;
}

export interface StoredDocument {
  id: string;
  /** Opaque revision `"<n>-<uuid hex>"`; updates are conditional on it. */
  rev: string;
  doc: Record<string, unknown>;
  publicText: string;
  /** Epoch seconds with millisecond precision (float), from the database clock. */
  publicModified: number | null;
}

export interface FeedQuery {
  /** Only rows with public_modified > after (ascending) or < after (descending); inclusive when `inclusive`. */
  after?: number;
  inclusive?: boolean;
  descending: boolean;
  limit: number;
  /** `test` → only test docs; `_all_` → all; otherwise only non-test. */
  mode: 'test' | '_all_' | 'real';
  /** Exclude rows with public_modified > dbNow − watermarkSeconds (null = no watermark). */
  watermarkSeconds: number | null;
  filters?: FeedFilters;
}

export interface FeedRow {
  id: string;
  publicModified: number;
  /** The stored feed JSON text of the document (its public text when none was written); callers pick fields from it. */
  feedText: string;
  /** `mode == "test"` (the push feed serves one mode from rows read for all); both stores set it. */
  isTest?: boolean;
}

/** What a read by id serves: the stored texts, no document parsing. */
export interface PublicDocument {
  publicText: string;
  /** See DocumentWrite.envelopeExtra ('' when the write gave none). */
  envelopeExtra: string;
  publicModified: number | null;
}

/** Blob keys: `<namespace>/<name>`, lower-case letters, digits, `-` and `_` (safe as file paths). */
export const BLOB_KEY = /^[a-z][a-z0-9_-]*\/[a-z0-9_-]{1,128}$/;

export class RevisionConflictError extends Error {
  constructor() {
    super('Conflict while updating document. Please, retry');
    this.name = 'RevisionConflictError';
  }
}

/** A feed query the store cannot page with: an unreadable `offset` or `limit` (the message is the reference's). */
export class FeedQueryError extends Error {
  readonly param: 'offset' | 'limit';
  constructor(param: 'offset' | 'limit', description: string) {
    super(description);
    this.name = 'FeedQueryError';
    this.param = param;
  }
}

export class DuplicateIdError extends Error {
  constructor() {
    super('Document already exists');
    this.name = 'DuplicateIdError';
  }
}

/**
 * A small record updated by compare-and-swap on its revision (the built-in auction's runs): of two
 * writers saving over the same revision exactly one wins, on every node sharing the store.
 */
export interface CasRecord {
  key: string;
  /** JSON text, kept as given. */
  body: string;
  /** When someone must look at it next (epoch ms); null: never again. */
  dueAtMs: number | null;
  /** 1 on insert, +1 per successful save. */
  revision: number;
}
/**
 * A one-off rewrite of what is stored (an upgrade of an older database, run on open): every
 * document of every collection and every revision entry is offered; a callback returns the
 * rewritten value, or null to leave it as it is. Callbacks must be idempotent (an interrupted run
 * starts over) and must not change what the API serves: the rev, public texts and feed position
 * stay as they are.
 */
export interface StoredUpgrade {
  document(collection: CollectionName, doc: Record<string, unknown>): Record<string, unknown> | null;
  revision(collection: CollectionName, entry: RevisionEntry): RevisionEntry | null;
  /** Only revision entries whose stored JSON text contains this are offered (a cheap filter done by the database). */
  revisionsContaining: string;
  /** The feed filter values of a stored document (databases written before filtered feeds get them here). */
  filters?(collection: CollectionName, doc: Record<string, unknown>): FeedFilterValues | null;
  /**
   * The releases of a public stored document, given its revision entries (oldest first), for
   * databases written before the release feed; written in the order returned (oldest first), so
   * their feed positions follow the document's history.
   */
  releases?(collection: CollectionName, doc: Record<string, unknown>, publicText: string, rev: string, revisions: readonly RevisionEntry[]): ReleaseWrite[];
}

/** What an upgrade rewrote. */
export interface UpgradeCounts {
  documents: number;
  revisions: number;
}

/** One write of a multi-document transaction (`Store.writeAll`). */
export type BatchWrite =
  | { kind: 'insert'; collection: CollectionName; id: string; write: DocumentWrite }
  | { kind: 'update'; collection: CollectionName; id: string; expectedRev: string; write: DocumentWrite };

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Create tables if needed. Idempotent. */
  init(): Promise<void>;
  get(collection: CollectionName, id: string): Promise<StoredDocument | null>;
  /** The stored public texts of a document (the fast path of GET by id). */
  getPublic(collection: CollectionName, id: string): Promise<PublicDocument | null>;
  /** Insert a new document; DuplicateIdError if the id exists. Returns the new rev. */
  insert(collection: CollectionName, id: string, write: DocumentWrite): Promise<string>;
  /**
   * Replace the document if its current rev equals expectedRev, appending the revision entry,
   * atomically. RevisionConflictError otherwise. Returns the new rev.
   */
  update(collection: CollectionName, id: string, expectedRev: string, write: DocumentWrite): Promise<string>;
  /**
   * Several inserts/updates in one transaction (an award decision writes the tender and new
   * contracts; a contract activation writes the contract and the tender). Each update is
   * conditional on its rev; a conflict (RevisionConflictError) or duplicate id (DuplicateIdError)
   * on any of them leaves nothing written. Returns the new revs in the order of `writes`.
   */
  writeAll(writes: readonly BatchWrite[]): Promise<string[]>;
  /** All revision entries of a document, oldest first. */
  revisions(collection: CollectionName, id: string): Promise<RevisionEntry[]>;
  /** Feed page rows ordered by public_modified (ties in storage order). Fetches at most `limit` rows. */
  feed(collection: CollectionName, query: FeedQuery): Promise<FeedRow[]>;
  /** Release feed rows (feedText = the release text), paged like `feed`; filters do not apply. */
  releaseFeed(query: FeedQuery): Promise<FeedRow[]>;
  /** Release texts of one contracting process, in feed order; empty when the ocid is unknown. */
  releasesOf(ocid: string): Promise<string[]>;
  /**
   * Calls `listener` with the collection name (or `releases`) after writes that may have moved a
   * feed: at once for this process's writes, and for other processes' writes where the backend
   * can tell (PostgreSQL LISTEN/NOTIFY; an SQLite file only tells its own process). A wake-up
   * hint only: listeners read the feed to learn what changed. Returns the unsubscribe function.
   */
  watch(listener: (collection: string) => void): () => void;
  /** Ids whose next_check ≤ the given ISO instant (compared as instants), soonest first. */
  dueForCheck(collection: CollectionName, untilEpochMs: number, limit: number): Promise<string[]>;
  /**
   * Like dueForCheck, but each id returned is claimed for `claim.claimant` until `claim.untilMs`
   * (machine time): ids another claimant holds an unexpired claim on are left out, so that of
   * several nodes polling the same store one checks a due document (extensions.md §1). A claimant
   * gets its own claimed ids again (and the claim renewed).
   */
  claimDueForCheck(collection: CollectionName, untilEpochMs: number, limit: number, claim: CheckClaim): Promise<string[]>;
  /** Gives up `claimant`'s claim on a document's check (done with it); no-op when it holds none. */
  releaseCheck(collection: CollectionName, id: string, claimant: string): Promise<void>;
  /** Atomically increments and returns a named counter starting at 1 (e.g. `tender_2027-01-01`). */
  nextSequence(name: string): Promise<number>;
  /** Database clock, epoch seconds with millisecond precision. */
  dbNow(): Promise<number>;
  /**
   * Opaque bytes by key (the built-in document service keeps file contents and upload records here),
   * visible to every node sharing the store. Replaces an existing value, or with `ifAbsent` keeps
   * it (first writer wins, e.g. the signing key several nodes may create at once); the write is
   * atomic. Returns whether `data` was written. Keys match BLOB_KEY.
   */
  putBlob(key: string, data: Buffer, opts?: { ifAbsent?: boolean }): Promise<boolean>;
  /** The bytes stored under `key`, or null. */
  getBlob(key: string): Promise<Buffer | null>;
  /**
   * Adds `amount` to the usage counter `key` (starting at 0) when the sum stays within `limit`,
   * atomically on every node sharing the store; false, and nothing added, when it would not
   * (the document service's per-key upload quota). A negative `amount` gives back an earlier charge.
   */
  chargeUsage(key: string, amount: number, limit: number): Promise<boolean>;
  /**
   * Runs `upgrade` over the whole database once: in one transaction, which also records `name` as
   * done, so several nodes opening the same database run it once between them. Null when `name`
   * had already run.
   */
  upgradeOnce(name: string, upgrade: StoredUpgrade): Promise<UpgradeCounts | null>;
  /** Adds a run record (revision 1); false when the key exists. */
  insertRun(record: Omit<CasRecord, 'revision'>): Promise<boolean>;
  getRun(key: string): Promise<CasRecord | null>;
  /** Replaces the record when its revision is still `expectedRevision`; the new revision, or null. */
  updateRun(record: Omit<CasRecord, 'revision'>, expectedRevision: number): Promise<number | null>;
  /** Records with dueAtMs ≤ nowMs, soonest first. */
  dueRuns(nowMs: number, limit: number): Promise<CasRecord[]>;
  close(): Promise<void>;
}
