// Tender questions (below-threshold.md §3.2): any accredited broker asks during the enquiry
// period; the tender owner answers. Questions are part of the tender aggregate.
import type { RequestCtx } from '../context.ts';
import { accreditationDenied, dataError, notFound, permissionDenied } from '../http/errors.ts';
import { hasLevel, isBroker } from '../auth/principal.ts';
import type { Procedure } from './procedure.ts';
import { assertTenderOwner } from './tender.service.ts';
import { validateOrThrow } from '../validation/request-model.ts';
import { saveTender, type LoadedTender } from './tender.repository.ts';
import { organizationErrors } from './tender.rules.ts';
import {
  assertQuestionAnswerAllowed, assertQuestionInEnquiryPeriod, assertQuestionLotActive, assertQuestionRelatedItem,
} from './question.rules.ts';
import type { Question, Tender } from './tender.types.ts';
import { newId } from '../ids.ts';

export function findQuestion(tender: Tender, questionId: string): Question {
  const q = (tender.questions ?? []).find((x) => x.id === questionId);
  if (!q) throw notFound('question_id');
  return q;
}

/**
 * Accreditation of an object created inside a tender (questions, bids): a level from `levels`,
 * and a test-only broker only inside a test tender (below-threshold.md §0.1).
 */
export function assertCreateAccreditation(ctx: RequestCtx, tender: Tender, levels: readonly string[], item: string): void {
  if (!hasLevel(ctx.principal, ...levels)) throw accreditationDenied(item, 'creation');
  if (ctx.principal.permissions.has('t') && tender.mode !== 'test') throw accreditationDenied(item, 'creation', 'mode');
}

export async function createQuestion(ctx: RequestCtx, procedure: Procedure, loaded: LoadedTender, readData: () => Record<string, unknown>): Promise<{ tender: Tender; question: Question }> {
  if (!isBroker(ctx.principal)) throw permissionDenied();
  const tender = loaded.tender;
  // Reference order: body model first, then accreditation, then the period and lot checks.
  const input = validateOrThrow<Omit<Question, 'id' | 'date'>>(procedure.models.questionCreate, readData(), ctx, true);
  const authorErrors = organizationErrors(input.author as Parameters<typeof organizationErrors>[0], ctx.deps.standards);
  if (authorErrors) throw dataError('author', authorErrors);
  assertQuestionRelatedItem(tender, input);
  assertCreateAccreditation(ctx, tender, procedure.questionCreateLevels, 'question');
  assertQuestionInEnquiryPeriod(tender, ctx.now);
  assertQuestionLotActive(tender, input);

  const question: Question = { ...input, id: newId(), date: ctx.nowIso };
  const after: Tender = structuredClone(tender);
  after.questions = [...(after.questions ?? []), question];
  const saved = await saveTender(ctx, loaded, after);
  return { tender: saved, question: findQuestion(saved, question.id) };
}

export async function answerQuestion(ctx: RequestCtx, procedure: Procedure, loaded: LoadedTender, questionId: string, readData: () => Record<string, unknown>): Promise<{ tender: Tender; question: Question }> {
  findQuestion(loaded.tender, questionId);
  assertTenderOwner(ctx, loaded.tender);
  const input = validateOrThrow<{ answer: string }>(procedure.models.questionAnswer, readData(), ctx, false);
  assertQuestionAnswerAllowed(loaded.tender, ctx.now, procedure.questionAnswerStatuses);
  const after: Tender = structuredClone(loaded.tender);
  const question = findQuestion(after, questionId);
  assertQuestionLotActive(after, question);
  question.answer = input.answer;
  question.dateAnswered = ctx.nowIso;
  const saved = await saveTender(ctx, loaded, after);
  return { tender: saved, question: findQuestion(saved, questionId) };
}
