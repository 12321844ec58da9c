// Documents of a container (tender now; bids, awards, … reuse it): validation of posted
// documents, the document-service URL check, and the stored record (platform.md §6).
import { randomUUID } from 'node:crypto';
import type { RequestCtx } from '../context.ts';
import { ApiError, dataError } from '../http/errors.ts';
import { validateModel, toWireErrors, type ModelSchema } from '../validation/model-validator.ts';
import { DocumentInput } from '../tender/schemas/common.schema.ts';
import type { DocumentRecord, Tender } from '../tender/tender.types.ts';
import { checkDocumentUrl } from './url-signature.ts';
import { storedDocumentUrl } from './document-urls.ts';

const hex = (): string => randomUUID().replace(/-/g, '');

/** documentOf/relatedItem must point at an existing lot or item of the tender. */
function assertRelatedItem(doc: Record<string, unknown>, tender: Tender): void {
  const of = doc.documentOf;
  if (of !== 'lot' && of !== 'item') return;
  if (doc.relatedItem === undefined) throw dataError('relatedItem', ['This field is required.']);
  const ids = of === 'lot' ? (tender.lots ?? []).map((l) => l.id) : (tender.items ?? []).map((i) => String(i.id));
  if (!ids.includes(String(doc.relatedItem))) throw dataError('relatedItem', [`relatedItem should be one of ${of === 'lot' ? 'lots' : 'items'}`]);
}

function assertConfidentiality(doc: Record<string, unknown>): void {
  if (doc.confidentiality !== 'buyerOnly') return;
  const rationale = doc.confidentialityRationale;
  if (typeof rationale !== 'string' || rationale === '') throw dataError('confidentialityRationale', ['confidentialityRationale is required']);
  if (rationale.length < 30) throw dataError('confidentialityRationale', ['confidentialityRationale should contain at least 30 characters']);
}

/**
 * Validates documents posted to `containerPath` (e.g. `/tenders/<id>`) and returns the records to
 * store: server dates, author, and the API-relative download URL.
 */
export function prepareNewDocuments(
  ctx: RequestCtx,
  containerPath: string,
  inputs: Record<string, unknown>[],
  author: string | undefined,
  tender: Tender,
  schema: ModelSchema = DocumentInput as unknown as ModelSchema,
): DocumentRecord[] {
  return inputs.map((input) => {
    const r = validateModel<Record<string, unknown>>(schema, input, { applyDefaults: true, coerceStrings: ctx.req.formEncoded === true });
    if (r.errors) throw new ApiError(422, toWireErrors(r.errors));
    const doc = r.value;
    const { uuid } = checkDocumentUrl({
      url: String(doc.url),
      hash: doc.hash as string | undefined,
      dsBaseUrls: [ctx.deps.config.dsUrl],
      keyring: ctx.deps.dsKeyring,
      // The signature by a trusted key is the proof of origin; the host may differ per deployment.
      acceptAnyHost: true,
    });
    assertRelatedItem(doc, tender);
    assertConfidentiality(doc);
    const id = typeof doc.id === 'string' ? doc.id : hex();
    const record: DocumentRecord = {
      ...doc,
      id,
      url: storedDocumentUrl(containerPath, id, uuid),
      datePublished: ctx.nowIso,
      dateModified: ctx.nowIso,
    };
    if (author !== undefined) record.author = author;
    return record;
  });
}

/** Latest version of each document id, in order of first appearance (platform.md §6.2). */
export function latestVersions(docs: readonly DocumentRecord[]): DocumentRecord[] {
  const latest = new Map<string, DocumentRecord>();
  for (const d of docs) latest.set(d.id, d);
  return [...latest.values()].sort((a, b) => String(a.dateModified).localeCompare(String(b.dateModified)));
}
