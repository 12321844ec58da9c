// Bid documents: /tenders/{tender_id}/bids/{bid_id}/{documents|financial_documents|
// eligibility_documents|qualification_documents} (below-threshold.md §3.4). The routes are the shared
// document routes; this module says where each list lives and who writes and reads it when.
import { TENDER_DOCUMENT_AGGREGATE } from '../tender-documents.ts';
import type { FastifyInstance } from 'fastify';
import type { AppDeps, RequestCtx } from '../../context.ts';
import { forbidden, permissionDenied } from '../../http/errors.ts';
import { isOwner } from '../../auth/owner-token.ts';
import type { ContainerRef, DocumentContainer } from '../../documents/document-container.ts';
import { registerDocumentRoutes } from '../../documents/document.routes.ts';
import { assertBidDocumentDeletable, assertBidDocumentWritable } from '../bid.rules.ts';
import { findBid, isBidOwner } from '../bid.service.ts';
import { procedureOf, procedureWith } from '../procedure-of.ts';
import { BID_DOCUMENT_LISTS } from '../schemas/bid.schema.ts';
import type { Bid, DocumentRecord, Tender } from '../tender.types.ts';


const bidOf = (ref: ContainerRef): Bid => ref.holder as unknown as Bid;
/** Bid document lists others read only once awarding starts. */
const PRIVATE_UNTIL_AWARDING: ReadonlySet<string> = new Set(['financialDocuments', 'qualificationDocuments']);
const LOST_BID_STATUSES: ReadonlySet<string> = new Set(['invalid', 'invalid.pre-qualification', 'unsuccessful']);
const bidsSealed = (ctx: RequestCtx, tender: Tender): boolean => procedureOf(ctx.deps.procedures, tender).views.sealedStatuses.includes(tender.status);

export function bidDocumentContainer(segment: string, key: string): DocumentContainer<Tender> {
  return {
    route: `/tenders/:tender_id/bids/:bid_id/${segment}`,
    aggregate: TENDER_DOCUMENT_AGGREGATE,
    item: 'bid',
    stampsAuthor: false,
    locate(ctx, tender, params) {
      procedureWith(ctx.deps.procedures, tender, 'bids');
      const bid = findBid(tender, String(params.bid_id));
      return { holder: bid as unknown as Record<string, unknown>, key, collectionPath: `/tenders/${tender.id}/bids/${bid.id}/${segment}` };
    },
    writerRole(ctx, _tender, ref) {
      if (!isBidOwner(ctx, bidOf(ref))) throw permissionDenied();
      return 'bid_owner';
    },
    assertWritable: (ctx, tender, ref, _role, op) => assertBidDocumentWritable(tender, bidOf(ref), op, ctx.now),
    assertDeletable: (_ctx, _tender, ref) => assertBidDocumentDeletable(bidOf(ref)),
    validateDocument(_ctx, tender, ref, doc) {
      // What bidders keep from the buyer is decided while tendering (open-procedures.md §1.5).
      const previous = ((ref.holder[key] as DocumentRecord[] | undefined) ?? []).filter((d) => d.id === doc.id).at(-1);
      if (previous && (previous.confidentiality ?? 'public') !== (doc.confidentiality ?? 'public') && tender.status !== 'active.tendering') {
        throw forbidden(`Can't update document confidentiality in current (${tender.status}) tender status`);
      }
    },
    assertReadable(ctx, tender, ref) {
      if (isBidOwner(ctx, bidOf(ref))) return;
      // Prices and qualifications stay private until awarding, and for good where the bid lost (open-procedures.md §1.5).
      const privateList = PRIVATE_UNTIL_AWARDING.has(key) && (procedureOf(ctx.deps.procedures, tender).stages.beforeAwarding.includes(tender.status) || LOST_BID_STATUSES.has(bidOf(ref).status));
      if (bidsSealed(ctx, tender) || privateList) throw forbidden(`Can't view bid documents in current (${tender.status}) tender status`);
    },
    afterWrite(_ctx, tender, ref) {
      // A submitted bid that its owner changes must be submitted again (below-threshold.md §3.4).
      const bid = bidOf(ref);
      if (tender.status === 'active.tendering' && bid.status === 'pending') bid.status = 'invalid';
    },
    mayReadConfidential: (ctx, tender, ref) => isBidOwner(ctx, bidOf(ref)) || (!bidsSealed(ctx, tender) && isOwner(ctx, tender)),
    // Sealed bids do not move the tender in the feed (platform.md §4.4).
    modifiesTender: (ctx, tender) => !bidsSealed(ctx, tender),
  };
}

export function registerBidDocumentRoutes(app: FastifyInstance, deps: AppDeps): void {
  for (const [segment, key] of Object.entries(BID_DOCUMENT_LISTS)) registerDocumentRoutes(app, deps, bidDocumentContainer(segment, key));
}
