// Stored document URLs are API-relative download paths (`/tenders/<id>/documents/<doc>?download=<uuid>`,
// platform.md §6.4); readers get a permanent signed document-service URL (§6.5).
import type { AppDeps } from '../context.ts';
import { renderPublicDocumentUrl } from './url-signature.ts';
import type { DocumentRecord } from './document.types.ts';

export function downloadKeyOf(storedUrl: string | undefined): string | undefined {
  if (!storedUrl) return undefined;
  const i = storedUrl.indexOf('download=');
  return i < 0 ? undefined : storedUrl.slice(i + 'download='.length).split('&')[0];
}

/** Output URL of a document: signed DS link for public ones; buyerOnly ones are not shown publicly. */
export function renderDocumentUrl(deps: Pick<AppDeps, 'config' | 'dsKeyring'>, _tenderId: string, doc: DocumentRecord): string | undefined {
  if (doc.confidentiality === 'buyerOnly') return undefined;
  const uuid = downloadKeyOf(doc.url);
  if (!uuid) return doc.url;
  return renderPublicDocumentUrl({ dsBaseUrl: deps.config.dsUrl, uuid, keyring: deps.dsKeyring });
}
