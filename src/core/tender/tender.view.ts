// Serialization of the tender for readers (architecture.md §3.3 step 7): private fields never
// appear, nulls and empty lists are dropped, document URLs are rendered as signed
// document-service links (platform.md §2.4, §6.5).
import type { Claim, Tender, DocumentRecord } from './tender.types.ts';
import type { ProcedureViews } from './procedure.ts';
import { compact } from '../http/compact.ts';
import { renderDocuments, type DocumentUrlRenderer } from '../documents/document.view.ts';
import { questionView } from './question.view.ts';
import { publicBidView } from './bid.view.ts';
import { responsesViewOf } from './criteria/response.view.ts';
import { claimView } from './claim.view.ts';

/** Fields that are stored but never shown. */
const PRIVATE_TENDER_FIELDS = new Set(['owner_token', 'transfer_token', 'config', 'revisions', 'numberOfBids', 'public_modified', 'public_ts', 'is_public', 'is_test', 'doc_type', 'dialogue_token', '_rev', 'rev']);

/** Document lists live under `documents` or `<kind>Documents` keys, at any depth (bids, awards, …). */
const isDocumentListKey = (key: string): boolean => key === 'documents' || key.endsWith('Documents');

/** Renders the urls of every document list nested in `value`. */
function renderNestedDocuments(value: unknown, renderUrl: DocumentUrlRenderer): unknown {
  if (Array.isArray(value)) return value.map((v) => renderNestedDocuments(v, renderUrl));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = isDocumentListKey(k) && Array.isArray(v) ? renderDocuments(v as DocumentRecord[], renderUrl) : renderNestedDocuments(v, renderUrl);
  }
  return out;
}

/** The public view of a tender: what anonymous readers and the feed see. */
/** `opt_fields` allowed in the tender feed (platform.md §4.2). */
export const TENDER_FEED_FIELDS: readonly string[] = [
  'dateCreated', 'dateModified', 'tenderPeriod', 'qualificationPeriod', 'auctionPeriod', 'awardPeriod', 'status', 'tenderID',
  'lots', 'contracts', 'agreements', 'procuringEntity', 'procurementMethodType', 'procurementMethod', 'next_check', 'mode',
  'stage2TenderID', 'public_modified', 'public_ts',
];

/** What follows `data` in a tender's envelope: its `config`. */
export function tenderEnvelopeExtra(tender: Tender): string {
  return `"config":${JSON.stringify(tender.config ?? {})}`;
}

export function tenderPublicView(tender: Tender, views: ProcedureViews, renderUrl: DocumentUrlRenderer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(tender)) {
    if (PRIVATE_TENDER_FIELDS.has(k)) continue;
    if (k === 'questions') out[k] = tender.questions?.map((q) => questionView(q, tender));
    else if (k === 'complaints') out[k] = tender.complaints?.map((c) => claimView(c, renderUrl));
    else if (k === 'awards' && Array.isArray(v)) out[k] = v.map((a: Record<string, unknown>) => withResponsesShown(withPublicComplaints(a, renderUrl), tender));
    else if (k === 'cancellations' && Array.isArray(v)) out[k] = v.map((a: Record<string, unknown>) => withPublicComplaints(a, renderUrl));
    else if (k === 'bids') {
      // Sealed bids are left out whole, not even their count shows (below-threshold.md §3.4).
      if (!views.sealedStatuses.includes(tender.status)) {
        const responses = responsesViewOf(tender);
        const fields = views.bidFields?.(tender);
        out[k] = tender.bids?.map((b) => publicBidView(b, renderUrl, responses, fields && { fields, tenderStatus: tender.status }));
      }
    } else out[k] = isDocumentListKey(k) && Array.isArray(v) ? renderDocuments(v as DocumentRecord[], renderUrl) : renderNestedDocuments(v, renderUrl);
  }
  return compact(out) as Record<string, unknown>;
}

/** An award or a cancellation as embedded in the tender: its claims and complaints without their owners' tokens. */
export function withPublicComplaints(holder: Record<string, unknown>, renderUrl: DocumentUrlRenderer): unknown {
  const rendered = renderNestedDocuments({ ...holder, complaints: undefined }, renderUrl) as Record<string, unknown>;
  if (Array.isArray(holder.complaints)) rendered.complaints = (holder.complaints as Claim[]).map((c) => claimView(c, renderUrl));
  return rendered;
}

/** An award (or qualification) as read: its requirement responses named by the tender's criteria. */
export function withResponsesShown(holder: unknown, tender: Tender): unknown {
  const h = holder as Record<string, unknown>;
  if (!Array.isArray(h.requirementResponses)) return holder;
  return { ...h, requirementResponses: responsesViewOf(tender)(h.requirementResponses) };
}
