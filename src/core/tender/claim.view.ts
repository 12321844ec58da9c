// What readers see of a claim (below-threshold.md §1.11): the owner's login and tokens never;
// the tender-level claim endpoints also hide the author (reference quirk), award-claim endpoints
// and the lists embedded in the tender show it.
import { compact } from '../http/compact.ts';
import { renderDocuments, type DocumentUrlRenderer } from '../documents/document.view.ts';
import type { Claim } from './tender.types.ts';

const PRIVATE_CLAIM_FIELDS = new Set(['owner', 'owner_token', 'transfer_token']);

export function claimView(claim: Claim, renderUrl: DocumentUrlRenderer, opts: { hideAuthor?: boolean } = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(claim)) {
    if (PRIVATE_CLAIM_FIELDS.has(k) || (opts.hideAuthor && k === 'author')) continue;
    out[k] = k === 'documents' && Array.isArray(v) ? renderDocuments(v, renderUrl) : v;
  }
  return compact(out) as Record<string, unknown>;
}
