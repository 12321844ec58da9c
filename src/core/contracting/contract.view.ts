// What readers see of a contract (contracting.md §2.3): access entries, tokens and config never.
import { compact } from '../http/compact.ts';
import { renderDocuments, type DocumentUrlRenderer } from '../documents/document.view.ts';
import type { DocumentRecord } from '../documents/document.types.ts';
import type { Contract } from './contract.types.ts';
import { publicEnvelope } from '../http/envelope.ts';

const PRIVATE_CONTRACT_FIELDS = new Set(['access', 'transfer_token', 'owner_token', 'tender_token', 'bid_owner', 'bid_token', 'revisions', 'public_ts', 'is_public', 'is_test', 'config', 'public_modified']);

export function contractPublicView(contract: Contract, renderUrl: DocumentUrlRenderer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(contract)) {
    if (PRIVATE_CONTRACT_FIELDS.has(k)) continue;
    out[k] = k === 'documents' ? renderDocuments(v as DocumentRecord[], renderUrl) : v;
  }
  return compact(out) as Record<string, unknown>;
}

/** `opt_fields` allowed in the contracts feed (contracting.md §2.2). */
export const CONTRACT_FEED_FIELDS: readonly string[] = ['dateCreated', 'contractID', 'status', 'public_modified', 'public_ts'];

/** What follows `data` in a contract's envelope: its `config`. */
export function contractEnvelopeExtra(contract: Contract): string {
  return `"config":${JSON.stringify({ restricted: contract.config?.restricted === true })}`;
}

/** `{"data": ..., "config": {"restricted": ...}}` (+ more top-level keys such as `access`). */
export function contractEnvelope(publicText: string, contract: Contract, extra = ''): string {
  return publicEnvelope(publicText, contractEnvelopeExtra(contract), extra);
}
