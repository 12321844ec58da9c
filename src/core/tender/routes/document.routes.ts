// Tender documents: /tenders/{tender_id}/documents[/{document_id}] (below-threshold.md §3.1).
// The routes are the shared document routes; this module says who writes tender documents when.
import { TENDER_DOCUMENT_AGGREGATE } from '../tender-documents.ts';
import type { FastifyInstance } from 'fastify';
import type { AppDeps, RequestCtx } from '../../context.ts';
import { dataError, forbidden, notFound, permissionDenied } from '../../http/errors.ts';
import { isOwner } from '../../auth/owner-token.ts';
import type { DocumentContainer, DocumentOperation } from '../../documents/document-container.ts';
import { registerDocumentRoutes } from '../../documents/document.routes.ts';
import { assertNotUnderReview } from '../review-request.rules.ts';
import { invalidateBidsOnTenderChange } from '../bid.state.ts';
import { PREQUALIFICATION } from '../prequalification/prequalification.ts';
import type { DocumentRecord, Tender } from '../tender.types.ts';

/** Roles that write tender documents without the owner's token (auction protocols, bots). */
const OWNER_EXEMPT_ROLES = new Set(['auction', 'bots']);
/** Statuses in which the auction posts its protocols. */
const AUCTION_DOCUMENT_STATUSES = new Set(['active.auction', 'active.qualification']);


/** Where a procedure with prequalification takes the evaluation report (its decisions stage). */
function reportStatuses(ctx: RequestCtx, tender: Tender): readonly string[] {
  return ctx.deps.procedures.get(String(tender.procurementMethodType))?.prequalification ? [PREQUALIFICATION] : [];
}

function editableStatuses(ctx: RequestCtx, tender: Tender): readonly string[] {
  const procedure = ctx.deps.procedures.get(String(tender.procurementMethodType));
  if (!procedure) throw notFound('tender_id');
  return procedure.editableStatuses;
}

export function tenderDocumentContainer(): DocumentContainer<Tender> {
  return {
    route: '/tenders/:tender_id/documents',
    aggregate: TENDER_DOCUMENT_AGGREGATE,
    item: 'tender',
    stampsAuthor: true,
    locate: (_ctx, tender) => ({ holder: tender as Record<string, unknown>, key: 'documents', collectionPath: `/tenders/${tender.id}/documents` }),
    writerRole(ctx, tender, _ref, forDelete) {
      const role = ctx.principal.role;
      if (!forDelete && OWNER_EXEMPT_ROLES.has(role)) return role;
      if (!isOwner(ctx, tender)) throw permissionDenied();
      return 'tender_owner';
    },
    assertWritable(ctx, tender, _ref, role: string, op: DocumentOperation) {
      const allowed = role === 'auction' ? AUCTION_DOCUMENT_STATUSES : role === 'bots' ? null : new Set([...editableStatuses(ctx, tender), ...reportStatuses(ctx, tender)]);
      if (allowed !== null && !allowed.has(tender.status)) throw forbidden(`Can't ${op} document in current (${tender.status}) tender status`);
    },
    assertDeletable(_ctx, tender) {
      if (tender.status !== 'draft') throw forbidden(`Can't delete document when tender in current (${tender.status}) status`);
    },
    validateDocument(ctx, tender, _ref, doc: DocumentRecord) {
      // In the decisions of prequalification the owner publishes its evaluation report only.
      if (reportStatuses(ctx, tender).includes(tender.status) && doc.documentType !== 'evaluationReports') {
        throw forbidden(`Can't ${ctx.req.method === 'POST' ? 'add' : 'update'} document in current (${tender.status}) tender status`);
      }
      // While the inspector reviews the tender only the notice signature may change (§8.1).
      if (doc.documentType !== 'notice') {
        assertNotUnderReview(tender);
        return;
      }
      // One tender notice (signature of the announcement); its own new versions are fine.
      if ((tender.documents ?? []).some((d) => d.documentType === 'notice' && d.id !== doc.id)) {
        throw dataError('documents', 'Notice document already exists in tender');
      }
    },
    // An owner's document during tendering changes the terms bids were priced on (open-procedures.md §1.2).
    afterWrite(ctx, tender) {
      if (!OWNER_EXEMPT_ROLES.has(ctx.principal.role)) invalidateBidsOnTenderChange(tender, ctx.nowIso);
    },
    mayReadConfidential: (ctx, tender) => isOwner(ctx, tender) || ['aboveThresholdReviewers', 'sas'].includes(ctx.principal.role),
  };
}

export function registerTenderDocumentRoutes(app: FastifyInstance, deps: AppDeps): void {
  registerDocumentRoutes(app, deps, tenderDocumentContainer());
}
