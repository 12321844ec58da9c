// What readers see of a document: the stored record with its `url` rendered for output (a signed
// document-service link or the API download path, platform.md §2.4, §6.5), nulls dropped.
import { compact } from '../http/compact.ts';
import type { DocumentRecord } from './document.types.ts';

/** Renders a stored document `url` (API download path) for output. */
export type DocumentUrlRenderer = (doc: DocumentRecord) => string | undefined;

export function renderDocuments(docs: DocumentRecord[], renderUrl: DocumentUrlRenderer): DocumentRecord[] {
  return docs.map((d) => {
    const { url: _stored, ...rest } = d;
    const url = renderUrl(d);
    return url === undefined ? rest : { ...rest, url };
  });
}

export function documentView(doc: DocumentRecord, renderUrl: DocumentUrlRenderer): Record<string, unknown> {
  return compact(renderDocuments([doc], renderUrl)[0]) as Record<string, unknown>;
}
