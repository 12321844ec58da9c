// Requirement responses of bids, awards and qualifications (criteria.md §5.2, §6):
// /tenders/{t}/{bids|awards|qualifications}/{id}/requirement_responses[/{rr}[/evidences[/{e}]]].
// Procedures without criteria have no such routes (404).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../context.ts';
import { requestCtx } from '../../context.ts';
import { requireDataObject, requireDataObjectOrList, sendJsonText } from '../../http/envelope.ts';
import { compact } from '../../http/compact.ts';
import { API_PREFIX } from '../../http/api-prefix.ts';
import { loadTender } from '../tender.repository.ts';
import { criteriaScope } from '../criteria/criteria.service.ts';
import { responsesViewOf } from '../criteria/response.view.ts';
import { responsesOf } from '../criteria/requirement-responses.ts';
import {
  AWARD_RESPONSES, BID_RESPONSES, createResponseEvidence, createResponses, deleteResponse, deleteResponseEvidence, findResponse, findResponseEvidence,
  patchResponse, patchResponseEvidence, QUALIFICATION_RESPONSES, readableHolder, type ResponseContainer,
} from '../criteria/response.service.ts';

type P = { Params: Record<string, string> };

const data = (v: unknown): string => JSON.stringify({ data: compact(v) });

function registerContainer(app: FastifyInstance, deps: AppDeps, parentPath: string, c: ResponseContainer): void {
  const base = `${API_PREFIX}/tenders/:tender_id/${parentPath}/requirement_responses`;
  const one = `${base}/:requirement_response_id`;
  const evidences = `${one}/evidences`;
  const evidence = `${evidences}/:evidence_id`;

  async function load(req: FastifyRequest<P>) {
    const ctx = requestCtx(deps, req);
    const loaded = await loadTender(ctx, req.params.tender_id!);
    criteriaScope(ctx, loaded.tender);
    return { ctx, loaded, tender: loaded.tender, view: responsesViewOf(loaded.tender) };
  }

  app.get<P>(base, async (req, reply) => {
    const { tender, view } = await load(req);
    return sendJsonText(reply, 200, data(view(responsesOf(readableHolder(c, tender, req.params)))));
  });
  app.post<P>(base, async (req, reply) => {
    const { ctx, loaded } = await load(req);
    const created = await createResponses(ctx, c, loaded, req.params, requireDataObjectOrList(req));
    return sendJsonText(reply, 201, data(responsesViewOf(loaded.tender)(created)));
  });
  app.get<P>(one, async (req, reply) => {
    const { tender, view } = await load(req);
    const rr = findResponse(readableHolder(c, tender, req.params), req.params.requirement_response_id!);
    return sendJsonText(reply, 200, data((view([rr]) as unknown[])[0]));
  });
  app.patch<P>(one, async (req, reply) => {
    const { ctx, loaded, view } = await load(req);
    const rr = await patchResponse(ctx, c, loaded, req.params, requireDataObject(req));
    return sendJsonText(reply, 200, data((view([rr]) as unknown[])[0]));
  });
  app.delete<P>(one, async (req, reply) => {
    const { ctx, loaded, view } = await load(req);
    const rr = await deleteResponse(ctx, c, loaded, req.params);
    return sendJsonText(reply, 200, data((view([rr]) as unknown[])[0]));
  });
  app.get<P>(evidences, async (req, reply) => {
    const { tender } = await load(req);
    return sendJsonText(reply, 200, data(findResponse(readableHolder(c, tender, req.params), req.params.requirement_response_id!).evidences ?? []));
  });
  app.post<P>(evidences, async (req, reply) => {
    const { ctx, loaded } = await load(req);
    return sendJsonText(reply, 201, data(await createResponseEvidence(ctx, c, loaded, req.params, requireDataObject(req))));
  });
  app.get<P>(evidence, async (req, reply) => {
    const { tender } = await load(req);
    const rr = findResponse(readableHolder(c, tender, req.params), req.params.requirement_response_id!);
    return sendJsonText(reply, 200, data(findResponseEvidence(rr, req.params.evidence_id!)));
  });
  app.patch<P>(evidence, async (req, reply) => {
    const { ctx, loaded } = await load(req);
    return sendJsonText(reply, 200, data(await patchResponseEvidence(ctx, c, loaded, req.params, requireDataObject(req))));
  });
  app.delete<P>(evidence, async (req, reply) => {
    const { ctx, loaded } = await load(req);
    return sendJsonText(reply, 200, data(await deleteResponseEvidence(ctx, c, loaded, req.params)));
  });
}

export function registerRequirementResponseRoutes(app: FastifyInstance, deps: AppDeps): void {
  registerContainer(app, deps, 'bids/:bid_id', BID_RESPONSES);
  registerContainer(app, deps, 'awards/:award_id', AWARD_RESPONSES);
  registerContainer(app, deps, 'qualifications/:qualification_id', QUALIFICATION_RESPONSES);
}
