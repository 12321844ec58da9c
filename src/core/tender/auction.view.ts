// What the auction user reads (`GET /tenders/{id}/auction`, and the answer to its PATCH/POST):
// the reference's auction serializer, a whitelist of tender and bid fields. Bidders' names and
// the awards appear only once the auction is over.
import type { ProcedureViews } from './procedure.ts';
import { compact } from '../http/compact.ts';
import type { Tender } from './tender.types.ts';

const AUCTION_TENDER_FIELDS: readonly string[] = [
  'tenderID', 'dateModified', 'bids', 'items', 'auctionPeriod', 'minimalStep', 'auctionUrl', 'features', 'lots', 'criteria',
  'id', 'status', 'title', 'title_en', 'description', 'description_en', 'procurementMethodType',
];
const AUCTION_BID_FIELDS: readonly string[] = [
  'id', 'value', 'weightedValue', 'lotValues', 'date', 'participationUrl', 'parameters', 'status', 'requirementResponses',
];

function pick(source: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => source[f] !== undefined).map((f) => [f, source[f]]));
}

export function auctionView(tender: Tender, views: ProcedureViews): Record<string, unknown> {
  const sealed = views.sealedStatuses.includes(tender.status);
  const data = pick(tender, sealed ? AUCTION_TENDER_FIELDS : [...AUCTION_TENDER_FIELDS, 'awards']);
  if (Array.isArray(tender.bids)) {
    const bidFields = sealed ? AUCTION_BID_FIELDS : [...AUCTION_BID_FIELDS, 'tenderers'];
    data.bids = tender.bids.map((bid) => pick(bid, bidFields));
  }
  return compact(data) as Record<string, unknown>;
}

/** The `{data, config}` body of every auction endpoint. */
export function auctionBodyText(tender: Tender, views: ProcedureViews): string {
  return JSON.stringify({ data: auctionView(tender, views), config: tender.config ?? {} });
}
