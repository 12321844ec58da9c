// Documents of a container (tender now; bids, awards, … reuse it): validation of posted
// documents, the document-service URL check, new versions and metadata patches (platform.md §6).
import type { RequestCtx } from '../context.ts';
import { ApiError, dataError } from '../http/errors.ts';
import { validateModel, toWireErrors, type ModelSchema } from '../validation/model-validator.ts';
import { DocumentInput, DocumentPatch, StoredDocument } from './document.schema.ts';
import type { DocumentRecord } from './document.types.ts';
import { checkDocumentUrl } from './url-signature.ts';
import { newId } from '../ids.ts';

/** Ids a `relatedItem` may name, per `documentOf` (`lot` → lots, ...); undefined: no relation to check. */
export type RelatedIds = (documentOf: string) => string[] | undefined;

/** The reference's list names in `relatedItem should be one of <lots|items|changes>`. */
const RELATION_LISTS: Readonly<Record<string, string>> = { lot: 'lots', item: 'items', change: 'changes' };

/** documentOf/relatedItem must point at an existing object of the holder's aggregate. */
function assertRelatedItem(doc: Record<string, unknown>, related: RelatedIds): void {
  const of = String(doc.documentOf);
  const list = RELATION_LISTS[of];
  if (list === undefined) return;
  if (doc.relatedItem === undefined) throw dataError('relatedItem', ['This field is required.']);
  const ids = related(of);
  if (ids !== undefined && !ids.includes(String(doc.relatedItem))) throw dataError('relatedItem', [`relatedItem should be one of ${list}`]);
}

function assertConfidentiality(doc: Record<string, unknown>): void {
  if (doc.confidentiality !== 'buyerOnly') return;
  const rationale = doc.confidentialityRationale;
  if (typeof rationale !== 'string' || rationale === '') throw dataError('confidentialityRationale', ['confidentialityRationale is required']);
  if (rationale.length < 30) throw dataError('confidentialityRationale', ['confidentialityRationale should contain at least 30 characters']);
}

function validated(ctx: RequestCtx, schema: ModelSchema, input: unknown, applyDefaults: boolean): Record<string, unknown> {
  const r = validateModel<Record<string, unknown>>(schema, input, { applyDefaults, coerceStrings: ctx.req.formEncoded === true });
  if (r.errors) throw new ApiError(422, toWireErrors(r.errors));
  return r.value;
}

/** A posted document (POST item or PUT body) checked against its model, defaults applied; relations checked against its aggregate. */
export function validateDocumentInput(
  ctx: RequestCtx,
  input: Record<string, unknown>,
  related: RelatedIds,
  schema: ModelSchema = DocumentInput as unknown as ModelSchema,
): Record<string, unknown> {
  const doc = validated(ctx, schema, input, true);
  assertRelatedItem(doc, related);
  assertConfidentiality(doc);
  return doc;
}

/** The document-service key of a posted url, after the reference's checks (platform.md §6.4). */
export function acceptedDocumentKey(ctx: RequestCtx, doc: Record<string, unknown>): string {
  return checkDocumentUrl({
    url: String(doc.url),
    hash: doc.hash as string | undefined,
    dsBaseUrls: [ctx.deps.config.dsUrl],
    keyring: ctx.deps.dsKeyring,
    // The signature by a trusted key is the proof of origin; the host may differ per deployment.
    acceptAnyHost: true,
  }).uuid;
}

/** Stored form of a document url: the API-relative download link of its collection (platform.md §6.4). */
export function storedUrl(collectionPath: string, documentId: string, uuid: string): string {
  return `${collectionPath}/${documentId}?download=${uuid}`;
}

/** A validated document → the record to store: id, API-relative url, server dates, author. */
export function documentRecord(ctx: RequestCtx, collectionPath: string, doc: Record<string, unknown>, uuid: string, author: string | undefined): DocumentRecord {
  const id = typeof doc.id === 'string' ? doc.id : newId();
  const record: DocumentRecord = { ...doc, id, url: storedUrl(collectionPath, id, uuid), datePublished: ctx.nowIso, dateModified: ctx.nowIso };
  if (author !== undefined) record.author = author;
  return record;
}

/**
 * Validates documents posted to `containerPath` (e.g. `/tenders/<id>`, whose list is `documents`)
 * and returns the records to store (documents embedded in create bodies use this too).
 */
export function prepareNewDocuments(
  ctx: RequestCtx,
  collectionPath: string,
  inputs: Record<string, unknown>[],
  author: string | undefined,
  related: RelatedIds,
  schema: ModelSchema = DocumentInput as unknown as ModelSchema,
): DocumentRecord[] {
  return inputs.map((input) => {
    const doc = validateDocumentInput(ctx, input, related, schema);
    return documentRecord(ctx, collectionPath, doc, acceptedDocumentKey(ctx, doc), author);
  });
}

// PUT: which fields a new version takes from the previous one (the reference's current rule):
// these always, even when sent ...
const ALWAYS_CARRIED = new Set(['id', 'author', 'format', 'documentType']);
// ... these never (they describe the new upload), and everything else unless the request sends it.
const NEVER_CARRIED = new Set(['title', 'url', 'datePublished', 'dateModified', 'hash']);

/** The fields of a new version: the validated request, completed from the previous version. */
export function carryOverFields(previous: DocumentRecord, doc: Record<string, unknown>, sentKeys: ReadonlySet<string>): Record<string, unknown> {
  const out = { ...doc };
  for (const [key, value] of Object.entries(previous)) {
    if (ALWAYS_CARRIED.has(key) || (!NEVER_CARRIED.has(key) && !sentKeys.has(key))) out[key] = value;
  }
  return out;
}

/**
 * The latest version with a metadata PATCH applied (null removes a field), re-validated as a
 * whole; `dateModified` moves, `datePublished` stays.
 */
export function patchedDocument(
  ctx: RequestCtx,
  latest: DocumentRecord,
  patch: Record<string, unknown>,
  related: RelatedIds,
  schemas: { patch: ModelSchema; stored: ModelSchema } = { patch: DocumentPatch as unknown as ModelSchema, stored: StoredDocument as unknown as ModelSchema },
): DocumentRecord {
  const changes = validated(ctx, schemas.patch, patch, false);
  const merged: Record<string, unknown> = { ...latest, ...changes };
  for (const [key, value] of Object.entries(patch)) if (value === null) delete merged[key];
  validated(ctx, schemas.stored, merged, false);
  assertRelatedItem(merged, related);
  assertConfidentiality(merged);
  return { ...(merged as DocumentRecord), dateModified: ctx.nowIso };
}

/** Latest version of each document id, ordered by dateModified (platform.md §6.2). */
export function latestVersions(docs: readonly DocumentRecord[]): DocumentRecord[] {
  const latest = new Map<string, DocumentRecord>();
  for (const d of docs) latest.set(d.id, d);
  return [...latest.values()].sort((a, b) => String(a.dateModified).localeCompare(String(b.dateModified)));
}
