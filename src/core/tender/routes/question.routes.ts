// /tenders/{tender_id}/questions[/{question_id}]
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../context.ts';
import { requestCtx } from '../../context.ts';
import { baseUrl, requireDataObject, sendJsonText } from '../../http/envelope.ts';
import { compact } from '../../http/compact.ts';
import { loadTenderFor } from '../tender.repository.ts';
import { answerQuestion, createQuestion, findQuestion } from '../question.service.ts';
import { questionView } from '../question.view.ts';
import { API_PREFIX } from '../../http/api-prefix.ts';
import { procedureOf } from '../procedure-of.ts';

type P = { Params: { tender_id: string; question_id: string } };
const data = (v: unknown): string => JSON.stringify({ data: compact(v) });

export function registerQuestionRoutes(app: FastifyInstance, deps: AppDeps): void {
  const base = `${API_PREFIX}/tenders/:tender_id/questions`;

  app.get<P>(base, async (req, reply) => {
    const { tender } = await loadTenderFor(requestCtx(deps, req), req.params.tender_id, 'questions');
    return sendJsonText(reply, 200, data((tender.questions ?? []).map((q) => questionView(q, tender))));
  });
  app.post<P>(base, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const loaded = await loadTenderFor(ctx, req.params.tender_id, 'questions');
    const { tender, question } = await createQuestion(ctx, procedureOf(deps.procedures, loaded.tender), loaded, () => requireDataObject(req));
    reply.header('Location', `${baseUrl(req, deps.config.publicUrl)}${API_PREFIX}/tenders/${tender.id}/questions/${question.id}`);
    return sendJsonText(reply, 201, data(questionView(question, tender)));
  });
  app.get<P>(`${base}/:question_id`, async (req, reply) => {
    const { tender } = await loadTenderFor(requestCtx(deps, req), req.params.tender_id, 'questions');
    return sendJsonText(reply, 200, data(questionView(findQuestion(tender, req.params.question_id), tender)));
  });
  app.patch<P>(`${base}/:question_id`, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const loaded = await loadTenderFor(ctx, req.params.tender_id, 'questions');
    const { tender, question } = await answerQuestion(ctx, procedureOf(deps.procedures, loaded.tender), loaded, req.params.question_id, () => requireDataObject(req));
    return sendJsonText(reply, 200, data(questionView(question, tender)));
  });
}
