// A "document container": one place in the tender aggregate holding a list of documents (the
// tender's `documents`, a bid's `financialDocuments`, an award's `documents`, ...). The routes in
// document.routes.ts serve every container the same way (platform.md §6.2); a container only says
// where its list lives, which aggregate holds it and who may do what. Adding one is a descriptor
// plus a registration call; this module knows no aggregate (tender, contract) itself.
import type { RequestCtx } from '../context.ts';
import type { ModelSchema } from '../validation/model-validator.ts';
import type { DocumentRecord } from './document.types.ts';

/**
 * The stored document a container lives in: the tender (default), or another root document such
 * as a contract of the contracting API. Loads it for the URL params and saves a changed draft with
 * the revision check.
 */
export interface DocumentAggregate<A> {
  load(ctx: RequestCtx, params: Readonly<Record<string, string>>): Promise<{ doc: A; rev: string }>;
  save(ctx: RequestCtx, loaded: { doc: A; rev: string }, after: A, modified: boolean): Promise<void>;
  /** Ids a `relatedItem` may name for a `documentOf` value; undefined: not checked. */
  relatedIds(doc: A, documentOf: string): string[] | undefined;
}

/** Where a container's list is, inside a (draft copy of the) tender, for one request's URL params. */
export interface ContainerRef {
  /** The object holding the list (the tender itself, a bid, an award, ...). */
  holder: Record<string, unknown>;
  /** Key of the list in `holder` (`documents`, `financialDocuments`, ...). */
  key: string;
  /** API path of the collection without the prefix (`/tenders/<id>/documents`): stored urls start with it. */
  collectionPath: string;
}

export interface DocumentSchemas {
  input: ModelSchema;
  patch: ModelSchema;
  stored: ModelSchema;
}

export type DocumentOperation = 'add' | 'update';

export interface DocumentContainer<A extends { id: string }> {
  /** Fastify route of the collection, under the API prefix (`/tenders/:tender_id/documents`). */
  readonly route: string;
  /** The holder's name in messages (`tender`, `bid`, `award`, ...). */
  readonly item: string;
  /** Whether documents record their `author` (tender, award, complaint documents do; bid and cancellation ones do not). */
  readonly stampsAuthor: boolean;
  /** The stored document the container lives in (the tender, a contract, ...): the port to its owner's storage. */
  readonly aggregate: DocumentAggregate<A>;
  /** Models of a posted document, a metadata PATCH and a stored one; absent → the tender document models. */
  readonly schemas?: DocumentSchemas;
  /** Finds the holder for the URL params; throws 404 when it (or the module holding it) does not exist. */
  locate(ctx: RequestCtx, tender: A, params: Readonly<Record<string, string>>): ContainerRef;
  /**
   * The caller's role towards this container (the `author` value: `tender_owner`, `bots`, ...)
   * when it may write at all; throws 403 otherwise. `forDelete` admits the holder's owner only.
   */
  writerRole(ctx: RequestCtx, tender: A, ref: ContainerRef, forDelete: boolean): string;
  /** Throws when documents cannot be added/updated now (tender or holder status). */
  assertWritable(ctx: RequestCtx, tender: A, ref: ContainerRef, role: string, op: DocumentOperation): void;
  /** Throws when documents cannot be deleted now; absent → deleting is forbidden for this container. */
  assertDeletable?(ctx: RequestCtx, tender: A, ref: ContainerRef): void;
  /**
   * False when the container has no DELETE at all (the reference defines no such view: the
   * framework's 405), as opposed to a DELETE that is refused (no `assertDeletable`: 403). Default true.
   */
  readonly servesDelete?: boolean;
  /** Rules on a new or patched document beyond its model (e.g. one `notice` per tender). */
  validateDocument?(ctx: RequestCtx, tender: A, ref: ContainerRef, doc: DocumentRecord, batch: readonly DocumentRecord[]): void | Promise<void>;
  /** Throws when the caller may not read this container's documents now (sealed bids). */
  assertReadable?(ctx: RequestCtx, tender: A, ref: ContainerRef): void;
  /** Effects of a document write on the holder (a changed pending bid must be submitted again). */
  afterWrite?(ctx: RequestCtx, tender: A, ref: ContainerRef): void;
  /** Whether the caller may download `buyerOnly` documents of this container. */
  mayReadConfidential(ctx: RequestCtx, tender: A, ref: ContainerRef): boolean;
  /** Whether a write moves the tender's dateModified and feed position (bid documents during tendering do not). */
  modifiesTender?(ctx: RequestCtx, tender: A): boolean;
}

/** The list of a container (empty when absent). */
export function containerDocuments(ref: ContainerRef): DocumentRecord[] {
  const list = ref.holder[ref.key];
  return Array.isArray(list) ? (list as DocumentRecord[]) : [];
}
