// What readers see of a bid (below-threshold.md §3.4 "Visibility"). Tokens and `owner` are never
// shown. The owner sees everything else; once bids are public, others don't see
// `participationUrl`, and an invalid bid shows only its id, status and lot references.
import { compact } from '../http/compact.ts';
import { renderDocuments, type DocumentUrlRenderer } from '../documents/document.view.ts';
import type { Bid, DocumentRecord, LotValue } from './tender.types.ts';
import type { ResponsesView } from './criteria/response.view.ts';

const PRIVATE_BID_FIELDS = new Set(['owner', 'owner_token', 'transfer_token']);
const DOCUMENT_CONTAINERS = new Set(['documents', 'financialDocuments', 'eligibilityDocuments', 'qualificationDocuments']);

function withoutPrivate(bid: Bid, renderUrl: DocumentUrlRenderer, hidden: ReadonlySet<string>, responses: ResponsesView): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(bid)) {
    if (PRIVATE_BID_FIELDS.has(k) || hidden.has(k)) continue;
    out[k] = DOCUMENT_CONTAINERS.has(k) ? renderDocuments(v as DocumentRecord[], renderUrl) : k === 'requirementResponses' ? responses(v) : v;
  }
  return out;
}

const asStored: ResponsesView = (v) => v;

/** The bid as its owner reads it (`responses`: how its requirement responses read, from the tender's criteria). */
export function ownerBidView(bid: Bid, renderUrl: DocumentUrlRenderer, responses: ResponsesView = asStored): Record<string, unknown> {
  return compact(withoutPrivate(bid, renderUrl, new Set(), responses)) as Record<string, unknown>;
}

const lotRefOnly = (lv: LotValue): Record<string, unknown> => ({ relatedLot: lv.relatedLot, status: lv.status });

/**
 * Which fields of a bid others read, by the bid's status and the tender's stage, where a procedure
 * decides it (prequalification); null: the default view below.
 */
export type BidFieldsRule = (bid: Bid, tenderStatus: string) => { status: string; fields: readonly string[]; lotValues: 'reference' | 'unpriced' | 'full' } | null;

/** The bid as everyone else reads it once bids are no longer sealed. */
export function publicBidView(bid: Bid, renderUrl: DocumentUrlRenderer, responses: ResponsesView = asStored, rule?: { fields: BidFieldsRule; tenderStatus: string }): Record<string, unknown> {
  const chosen = rule?.fields(bid, rule.tenderStatus);
  if (chosen) {
    const all = withoutPrivate(bid, renderUrl, new Set(['participationUrl']), responses);
    const out: Record<string, unknown> = Object.fromEntries(chosen.fields.filter((k) => k in all).map((k) => [k, all[k]]));
    out.status = chosen.status;
    if (bid.lotValues && chosen.fields.includes('lotValues')) {
      out.lotValues = bid.lotValues.map((lv) => {
        const { participationUrl: _p, value: _v, initialValue: _i, weightedValue: _w, ...unpriced } = lv;
        return chosen.lotValues === 'reference' ? lotRefOnly(lv) : chosen.lotValues === 'unpriced' ? unpriced : { ...lv, participationUrl: undefined };
      });
    }
    return compact(out) as Record<string, unknown>;
  }
  const lostBid = bid.status === 'invalid' || bid.status === 'unsuccessful';
  const lotValues = (bid.lotValues ?? []).map((lv) => {
    if (lostBid || lv.status === 'unsuccessful') return lotRefOnly(lv);
    const { participationUrl: _p, ...rest } = lv;
    return rest;
  });
  if (bid.status === 'invalid') return compact({ id: bid.id, status: bid.status, lotValues }) as Record<string, unknown>;
  const out = withoutPrivate(bid, renderUrl, new Set(['participationUrl']), responses);
  if (bid.lotValues) out.lotValues = lotValues;
  return compact(out) as Record<string, unknown>;
}
