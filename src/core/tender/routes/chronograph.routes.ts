// /tenders/{tender_id}/chronograph (below-threshold.md §5): the chronograph user reads the
// time-relevant subset of a tender and triggers its due events. The legacy form,
// `PATCH /tenders/{tender_id}` by the chronograph user, is handled in tender.routes.ts.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../context.ts';
import { requestCtx } from '../../context.ts';
import { requireDataObject, sendJsonText } from '../../http/envelope.ts';
import { notFound, permissionDenied } from '../../http/errors.ts';
import { isChronograph } from '../../auth/principal.ts';
import { readChronographPatch, runChronograph } from '../chronograph.service.ts';
import { loadTenderFor } from '../tender.repository.ts';
import { withPublicComplaints } from '../tender.view.ts';
import { compact } from '../../http/compact.ts';
import { claimView } from '../claim.view.ts';
import type { DocumentRecord, Tender } from '../tender.types.ts';
import { procedureOf } from '../procedure-of.ts';
import { API_PREFIX } from '../../http/api-prefix.ts';

/** The fields the reference's chronograph serializer shows. */
const CHRONOGRAPH_FIELDS: ReadonlySet<string> = new Set([
  'id', 'status', 'enquiryPeriod', 'tenderPeriod', 'auctionPeriod', 'awardPeriod', 'awards', 'lots', 'submissionMethodDetails',
  'mode', 'date', 'complaints', 'contracts', 'next_check', 'numberOfBids', 'qualifications', 'doc_id',
]);

/** Stored document urls are shown as stored: the chronograph never downloads. */
const storedUrlOf = (d: DocumentRecord): string | undefined => d.url;

export function chronographView(tender: Tender): string {
  const data = Object.fromEntries(Object.entries(tender).filter(([k]) => CHRONOGRAPH_FIELDS.has(k)));
  // Claim owners and tokens are never shown, not even to the chronograph.
  if (tender.complaints) data.complaints = tender.complaints.map((c) => claimView(c, storedUrlOf));
  if (Array.isArray(tender.awards)) data.awards = (tender.awards as Array<Record<string, unknown>>).map((a) => withPublicComplaints(a, storedUrlOf));
  return JSON.stringify({ data: compact(data), config: tender.config ?? {} });
}

type P = { Params: { tender_id: string } };

export function registerChronographRoutes(app: FastifyInstance, deps: AppDeps): void {
  const path = `${API_PREFIX}/tenders/:tender_id/chronograph`;
  app.get<P>(path, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    if (!isChronograph(ctx.principal)) throw permissionDenied();
    const { tender } = await loadTenderFor(ctx, req.params.tender_id, 'chronograph');
    return sendJsonText(reply, 200, chronographView(tender));
  });
  app.patch<P>(path, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    if (!isChronograph(ctx.principal)) throw permissionDenied();
    const loaded = await loadTenderFor(ctx, req.params.tender_id, 'chronograph');
    const procedure = procedureOf(deps.procedures, loaded.tender);
    // The reference validates the body first (`validate_input_data`): JSON with a `data` object.
    const saved = await runChronograph(ctx, procedure, loaded, readChronographPatch(requireDataObject(req), loaded.tender));
    return sendJsonText(reply, 200, chronographView(saved));
  });
}
