// `GET/PATCH /tenders/{t}/qualifications[/{q}]` (open-procedures.md §4.3): anyone reads; the tender
// owner decides while the tender is in `active.pre-qualification`.
import { Type } from 'typebox';
import type { RequestCtx } from '../../context.ts';
import { forbidden, notFound } from '../../http/errors.ts';
import type { ModelSchema } from '../../validation/model-validator.ts';
import { validateOrThrow } from '../../validation/request-model.ts';
import { Enum, i18n } from '../../validation/schema-primitives.ts';
import { assertTenderOwner, chronographCtx } from '../tender.service.ts';
import { saveTender, type LoadedTender } from '../tender.repository.ts';
import { updateNextCheck } from '../chronograph.events.ts';
import { procedureOf } from '../procedure-of.ts';
import type { Tender } from '../tender.types.ts';
import { assertHolderResponses } from '../criteria/requirement-responses.ts';
import { AWARD_RESPONSES_FIELD } from '../criteria/criterion.schema.ts';
import { coreQualificationTransitions, QUALIFICATION_STATUSES, type QualificationMove } from './qualification.state.ts';
import { qualificationsOf, type Qualification } from './qualification.types.ts';
import { PREQUALIFICATION } from './prequalification.ts';

const QualificationFields = Type.Object(
  { status: Type.Optional(Enum(QUALIFICATION_STATUSES)), qualified: Type.Optional(Type.Boolean()), eligible: Type.Optional(Type.Boolean()), ...i18n('title'), ...i18n('description') },
  { additionalProperties: false, 'x-model': 'Qualification' },
) as unknown as ModelSchema;

/** The owner's PATCH: the decision, its judgements and texts, the procuring entity's responses. */
export const QualificationPatchInput: ModelSchema = { ...QualificationFields, properties: { ...QualificationFields.properties, ...AWARD_RESPONSES_FIELD } };

export function findQualification(tender: Tender, id: string): Qualification {
  const q = qualificationsOf(tender).find((x) => x.id === id);
  if (!q) throw notFound('qualification_id');
  return q;
}

export async function patchQualification(
  ctx: RequestCtx,
  loaded: LoadedTender,
  qualificationId: string,
  data: Record<string, unknown>,
): Promise<{ tender: Tender; qualification: Qualification; appended?: Qualification }> {
  const before = findQualification(loaded.tender, qualificationId);
  assertTenderOwner(ctx, loaded.tender);
  const patch = validateOrThrow<Record<string, unknown>>(QualificationPatchInput, data, ctx, false);
  const tender = loaded.tender;
  if (tender.status !== PREQUALIFICATION) throw forbidden(`Can't update qualification in current (${tender.status}) tender status`);
  if (before.status === 'cancelled') throw forbidden("Can't update qualification in current cancelled qualification status");
  if ((tender.lots ?? []).some((l) => l.id === before.lotID && l.status !== 'active')) throw forbidden('Can update qualification only in active lot status');
  if ((tender.cancellations ?? []).some((c) => c.status === 'pending')) throw forbidden("Can't perform action due to a pending cancellation");
  const procedure = procedureOf(ctx.deps.procedures, tender);
  const after: Tender = structuredClone(tender);
  const qualification = findQualification(after, qualificationId);
  for (const [k, v] of Object.entries(patch)) if (v === null) delete qualification[k];
  else qualification[k] = v;
  if ('requirementResponses' in patch) assertHolderResponses(after, qualification, 'qualification');
  const move: QualificationMove = { tender: after, qualification, tc: chronographCtx(ctx, after, procedure) };
  if (qualification.status !== before.status) {
    const edge = coreQualificationTransitions.find(before.status, qualification.status);
    if (!edge) throw forbidden("Can't update qualification status");
    edge.guard?.(move);
    qualification.date = ctx.nowIso;
    edge.effect?.(move);
  }
  updateNextCheck(after, chronographCtx(ctx, after, procedure));
  const saved = await saveTender(ctx, loaded, after);
  return { tender: saved, qualification: findQualification(saved, qualificationId), appended: move.appended ? findQualification(saved, move.appended.id) : undefined };
}
