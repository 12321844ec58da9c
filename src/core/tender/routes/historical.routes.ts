// GET /api/2.5/tenders/{tender_id}/historical (platform.md §7.6): a tender as it was, for brokers
// with historical access (`h`) and the Administrator, in the normal GET's envelope; the version
// served in `X-Revision-N`, `X-Revision-Hash`, `X-Previous-Hash`.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../context.ts';
import { isAdministrator, isBroker } from '../../auth/principal.ts';
import { API_PREFIX } from '../../http/api-prefix.ts';
import { sendJsonText } from '../../http/envelope.ts';
import { ApiError, notFound, permissionDenied } from '../../http/errors.ts';
import { historicalVersion, revisionRequest } from '../historical.ts';
import { publicTenderView } from '../tender.repository.ts';
import type { Tender } from '../tender.types.ts';
import { tenderEnvelope } from './tender.routes.ts';

const HISTORICAL_ACCESS = 'h';

export function registerHistoricalRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Params: { tender_id: string } }>(`${API_PREFIX}/tenders/:tender_id/historical`, async (req, reply) => {
    const principal = req.principal;
    const admin = isAdministrator(principal);
    if (!admin && !isBroker(principal)) throw permissionDenied();
    if (!admin && !principal.permissions.has(HISTORICAL_ACCESS)) {
      throw new ApiError(403, [{ location: 'url', name: 'accreditation', description: 'Broker Accreditation level does not permit viewing tender historical info' }]);
    }
    const request = revisionRequest(req.headers);
    const stored = await deps.store.get('tenders', req.params.tender_id);
    if (!stored) throw notFound('tender_id');
    const revisions = await deps.store.revisions('tenders', req.params.tender_id);
    const version = historicalVersion(stored.doc, stored.rev, revisions, request);
    const tender = version.doc as unknown as Tender;
    reply.header('X-Revision-N', version.version).header('X-Revision-Hash', version.hash).header('X-Previous-Hash', version.previousHash);
    return sendJsonText(reply, 200, tenderEnvelope(JSON.stringify(publicTenderView(deps, tender)), tender));
  });
}
