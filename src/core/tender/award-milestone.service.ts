// `POST /tenders/{t}/awards/{a}/milestones` (below-threshold.md §3.6, open-procedures.md §1.7): the
// tender owner gives the awarded bidder 24 hours to fix its bid, or extends the decision window.
import { Type } from 'typebox';
import type { RequestCtx } from '../context.ts';
import { ApiError, forbidden, notFound } from '../http/errors.ts';
import { genericError } from '../http/error-handler.ts';
import type { ModelSchema } from '../validation/model-validator.ts';
import { validateOrThrow } from '../validation/request-model.ts';
import { Enum, OptDateTime, OptStr } from '../validation/schema-primitives.ts';
import { findAward } from './award-ref.ts';
import { addAwardMilestone, type Milestone, type MilestoneInput } from './award-milestones.ts';
import { isAwardLotActive } from './awarding.ts';
import { procedureOf } from './procedure-of.ts';
import { assertTenderOwner, chronographCtx, tenderCtx } from './tender.service.ts';
import { saveTender, type LoadedTender } from './tender.repository.ts';
import { updateNextCheck } from './chronograph.events.ts';
import type { Award, Tender } from './tender.types.ts';

/** The codes a milestone POST names; which of them a procedure takes is its awarding's. */
const MilestoneInputModel = Type.Object(
  { code: Enum(['24h', 'extensionPeriod'] as const), description: OptStr(), dueDate: OptDateTime() },
  { additionalProperties: false, 'x-model': 'PostAwardMilestone' },
) as unknown as ModelSchema;

export function awardMilestonesOf(award: Award): Milestone[] {
  return (award.milestones as Milestone[] | undefined) ?? [];
}

export function findAwardMilestone(award: Award, id: string): Milestone {
  const m = awardMilestonesOf(award).find((x) => x.id === id);
  if (!m) throw notFound('milestone_id');
  return m;
}

/** Procedures whose awards take no owner milestones have no such route. */
export function assertMilestonesServed(ctx: RequestCtx, tender: Tender): void {
  if (procedureOf(ctx.deps.procedures, tender).awarding.milestoneCodes.length === 0) throw new ApiError(404, [genericError(404)]);
}

export async function createAwardMilestone(ctx: RequestCtx, loaded: LoadedTender, awardId: string, data: Record<string, unknown>): Promise<{ tender: Tender; milestone: Milestone }> {
  const procedure = procedureOf(ctx.deps.procedures, loaded.tender);
  findAward(loaded.tender, awardId);
  assertTenderOwner(ctx, loaded.tender);
  const input = validateOrThrow<MilestoneInput>(MilestoneInputModel, data, ctx, true);
  if (input.code === 'extensionPeriod' && input.description === undefined) throw new ApiError(422, [{ location: 'body', name: 'description', description: ['This field is required.'] }]);
  const after: Tender = structuredClone(loaded.tender);
  const award = findAward(after, awardId) as Award;
  if (!procedure.stages.awardDecisions.includes(after.status)) throw forbidden(`Can't update award in current (${after.status}) tender status`);
  if (!isAwardLotActive(after, award)) throw forbidden('Can update award only in active lot status');
  const milestone = addAwardMilestone(award, input, tenderCtx(ctx, after, procedure), procedure.awarding.milestoneCodes);
  updateNextCheck(after, chronographCtx(ctx, after, procedure));
  const saved = await saveTender(ctx, loaded, after);
  return { tender: saved, milestone };
}
