// What readers see of a plan (plans.md §1.1, §1.10): tokens, milestone tokens and storage fields
// never; embedded documents with their absolute API download URL.
import { compact } from '../http/compact.ts';
import { renderDocuments } from '../documents/document.view.ts';
import type { DocumentRecord } from '../documents/document.types.ts';
import type { Plan } from './plan.types.ts';

const PRIVATE_PLAN_FIELDS = new Set(['owner_token', 'transfer_token', 'revisions', '_rev', 'doc_type', 'public_ts', 'is_public', 'is_test', 'public_modified']);

/** `opt_fields` the plans feed allows (plans.md §3.2). */
export const PLAN_FEED_FIELDS: readonly string[] = ['dateCreated', 'status', 'planID', 'procuringEntity', 'procurementMethodType', 'mode', 'public_modified', 'public_ts'];

/** An embedded document's URL: the API download path under `apiBase` (`{scheme}://{host}/api/2.5`). */
function embeddedUrl(apiBase: string): (doc: DocumentRecord) => string | undefined {
  return (doc) => (doc.url && doc.url.startsWith('/') ? `${apiBase}${doc.url}` : doc.url);
}

export function milestoneView(milestone: NonNullable<Plan['milestones']>[number], apiBase: string): Record<string, unknown> {
  const { owner_token: _token, ...rest } = milestone;
  return compact(rest.documents ? { ...rest, documents: renderDocuments(rest.documents, embeddedUrl(apiBase)) } : rest) as Record<string, unknown>;
}

export function planPublicView(plan: Plan, apiBase: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(plan)) {
    if (PRIVATE_PLAN_FIELDS.has(k)) continue;
    if (k === 'documents') out[k] = renderDocuments(v as DocumentRecord[], embeddedUrl(apiBase));
    else if (k === 'milestones') out[k] = (v as NonNullable<Plan['milestones']>).map((m) => milestoneView(m, apiBase));
    else out[k] = v;
  }
  return compact(out) as Record<string, unknown>;
}
