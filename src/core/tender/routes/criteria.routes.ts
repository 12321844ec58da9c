// /tenders/{tender_id}/criteria[/{criterion_id}[/requirement_groups[/{rg}[/requirements[/{r}[/evidences[/{e}]]]]]]]
// (criteria.md §3.1). Reads are public; writes need the tender owner's token.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../context.ts';
import { requestCtx } from '../../context.ts';
import { baseUrl, requireDataObject, requireDataObjectOrList, sendJsonText } from '../../http/envelope.ts';
import { compact } from '../../http/compact.ts';
import { API_PREFIX } from '../../http/api-prefix.ts';
import { loadTender } from '../tender.repository.ts';
import {
  createCriteria, createEvidence, createGroup, createRequirement, criteriaScope, deleteCriterion, deleteEvidence, findCriterion, findEvidence, findGroup,
  findRequirement, patchCriterion, patchEvidence, patchGroup, patchRequirement, putRequirement,
} from '../criteria/criteria.service.ts';
import { criteriaOf } from '../criteria/criterion.types.ts';
import type { Tender } from '../tender.types.ts';

type Params = { tender_id: string; criterion_id: string; requirement_group_id: string; requirement_id: string; evidence_id: string };
type P = { Params: Params };

const data = (v: unknown): string => JSON.stringify({ data: compact(v) });
/** A PATCH that changes nothing answers `null` and writes nothing. */
const dataOrNull = (v: unknown): string => (v === null ? 'null' : data(v));

export function registerCriteriaRoutes(app: FastifyInstance, deps: AppDeps): void {
  const criteria = `${API_PREFIX}/tenders/:tender_id/criteria`;
  const criterion = `${criteria}/:criterion_id`;
  const groups = `${criterion}/requirement_groups`;
  const group = `${groups}/:requirement_group_id`;
  const requirements = `${group}/requirements`;
  const requirement = `${requirements}/:requirement_id`;
  const evidences = `${requirement}/evidences`;
  const evidence = `${evidences}/:evidence_id`;

  /** The tender (its procedure must have criteria) and the request context. */
  async function load(req: FastifyRequest<P>) {
    const ctx = requestCtx(deps, req);
    const loaded = await loadTender(ctx, req.params.tender_id);
    criteriaScope(ctx, loaded.tender);
    return { ctx, loaded, tender: loaded.tender };
  }
  const at = (p: Params) => ({ criterionId: p.criterion_id, groupId: p.requirement_group_id });
  const atEvidence = (p: Params) => ({ ...at(p), requirementId: p.requirement_id });
  const location = (req: FastifyRequest, reply: FastifyReply, path: string): void => {
    reply.header('Location', `${baseUrl(req, deps.config.publicUrl)}${path}`);
  };

  app.get<P>(criteria, async (req, reply) => sendJsonText(reply, 200, data(criteriaOf((await load(req)).tender))));
  app.post<P>(criteria, async (req, reply) => {
    const { ctx, loaded } = await load(req);
    return sendJsonText(reply, 201, data(await createCriteria(ctx, loaded, requireDataObjectOrList(req))));
  });
  app.get<P>(criterion, async (req, reply) => sendJsonText(reply, 200, data(findCriterion((await load(req)).tender, req.params.criterion_id))));
  app.patch<P>(criterion, async (req, reply) => {
    const { ctx, loaded } = await load(req);
    return sendJsonText(reply, 200, dataOrNull(await patchCriterion(ctx, loaded, req.params.criterion_id, requireDataObject(req))));
  });
  app.delete<P>(criterion, async (req, reply) => {
    const { ctx, loaded } = await load(req);
    return sendJsonText(reply, 200, data(await deleteCriterion(ctx, loaded, req.params.criterion_id)));
  });

  app.get<P>(groups, async (req, reply) => sendJsonText(reply, 200, data(findCriterion((await load(req)).tender, req.params.criterion_id).requirementGroups)));
  app.post<P>(groups, async (req, reply) => {
    const { ctx, loaded } = await load(req);
    return sendJsonText(reply, 201, data(await createGroup(ctx, loaded, req.params.criterion_id, requireDataObject(req))));
  });
  app.get<P>(group, async (req, reply) => {
    const { tender } = await load(req);
    return sendJsonText(reply, 200, data(findGroup(findCriterion(tender, req.params.criterion_id), req.params.requirement_group_id)));
  });
  app.patch<P>(group, async (req, reply) => {
    const { ctx, loaded } = await load(req);
    return sendJsonText(reply, 200, dataOrNull(await patchGroup(ctx, loaded, req.params.criterion_id, req.params.requirement_group_id, requireDataObject(req))));
  });

  app.get<P>(requirements, async (req, reply) => {
    const { tender } = await load(req);
    return sendJsonText(reply, 200, data(findGroup(findCriterion(tender, req.params.criterion_id), req.params.requirement_group_id).requirements ?? []));
  });
  app.post<P>(requirements, async (req, reply) => {
    const { ctx, loaded } = await load(req);
    const r = await createRequirement(ctx, loaded, at(req.params), requireDataObject(req));
    const p = req.params;
    location(req, reply, `${API_PREFIX}/tenders/${p.tender_id}/criteria/${p.criterion_id}/requirement_groups/${p.requirement_group_id}/requirements/${r.id}`);
    return sendJsonText(reply, 201, data(r));
  });
  app.get<P>(requirement, async (req, reply) => {
    const { tender } = await load(req);
    return sendJsonText(reply, 200, data(findRequirement(findGroup(findCriterion(tender, req.params.criterion_id), req.params.requirement_group_id), req.params.requirement_id)));
  });
  app.patch<P>(requirement, async (req, reply) => {
    const { ctx, loaded } = await load(req);
    return sendJsonText(reply, 200, dataOrNull(await patchRequirement(ctx, loaded, at(req.params), req.params.requirement_id, requireDataObject(req))));
  });
  app.put<P>(requirement, async (req, reply) => {
    const { ctx, loaded } = await load(req);
    return sendJsonText(reply, 200, data(await putRequirement(ctx, loaded, at(req.params), req.params.requirement_id, requireDataObject(req))));
  });

  const requirementOf = (tender: Tender, p: Params) => findRequirement(findGroup(findCriterion(tender, p.criterion_id), p.requirement_group_id), p.requirement_id);
  app.get<P>(evidences, async (req, reply) => sendJsonText(reply, 200, data(requirementOf((await load(req)).tender, req.params).eligibleEvidences ?? [])));
  app.post<P>(evidences, async (req, reply) => {
    const { ctx, loaded } = await load(req);
    const e = await createEvidence(ctx, loaded, atEvidence(req.params), requireDataObject(req));
    const p = req.params;
    location(req, reply, `${API_PREFIX}/tenders/${p.tender_id}/criteria/${p.criterion_id}/requirement_groups/${p.requirement_group_id}/requirements/${p.requirement_id}/evidences/${e.id}`);
    return sendJsonText(reply, 201, data(e));
  });
  app.get<P>(evidence, async (req, reply) => sendJsonText(reply, 200, data(findEvidence(requirementOf((await load(req)).tender, req.params), req.params.evidence_id))));
  app.patch<P>(evidence, async (req, reply) => {
    const { ctx, loaded } = await load(req);
    return sendJsonText(reply, 200, data(await patchEvidence(ctx, loaded, atEvidence(req.params), req.params.evidence_id, requireDataObject(req))));
  });
  app.delete<P>(evidence, async (req, reply) => {
    const { ctx, loaded } = await load(req);
    return sendJsonText(reply, 200, data(await deleteEvidence(ctx, loaded, atEvidence(req.params), req.params.evidence_id)));
  });
}
