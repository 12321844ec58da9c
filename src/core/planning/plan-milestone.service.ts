// Approval milestones of a central purchasing body (plans.md §1.9, §3.7): any broker posts one for
// the plan's procuring entity and owns it with its own token; only that owner changes it. The
// plan's dateModified follows the milestone's.
import type { RequestCtx } from '../context.ts';
import { dataError, forbidden, notFound, permissionDenied } from '../http/errors.ts';
import { isOwner, issueAccess } from '../auth/owner-token.ts';
import { isBroker } from '../auth/principal.ts';
import { validateOrThrow } from '../validation/request-model.ts';
import { jsonEqual } from '../state/json-equal.ts';
import { prepareNewDocuments } from '../documents/document.service.ts';
import { PlanDocumentInput, PlanMilestoneCreateInput, PlanMilestonePatchInput } from './plan.schema.ts';
import { assertTerminalUnchanged } from './plan.rules.ts';
import { MILESTONE_STATUS_TRANSITIONS, isActiveMilestone } from './plan-milestone.rules.ts';
import { savePlan, type LoadedPlan } from './plan.repository.ts';
import { planRelatedIds } from './plan.service.ts';
import type { Plan, PlanIdentifier, PlanMilestone } from './plan.types.ts';
import { newId } from '../ids.ts';

export function findMilestone(plan: Plan, milestoneId: string): PlanMilestone {
  const milestone = (plan.milestones ?? []).find((m) => m.id === milestoneId);
  if (!milestone) throw notFound('milestone_id');
  return milestone;
}

export function isMilestoneOwner(ctx: RequestCtx, milestone: PlanMilestone): boolean {
  return isOwner(ctx, milestone as unknown as Record<string, unknown>);
}

/** Milestone writes: its owner with the milestone's token; the plan's token does not count (plans.md §3.7). */
export function assertMilestoneOwner(ctx: RequestCtx, milestone: PlanMilestone): void {
  if (!isMilestoneOwner(ctx, milestone)) throw permissionDenied();
}

const sameIdentifier = (a: PlanIdentifier | undefined, b: PlanIdentifier | undefined): boolean => a?.scheme === b?.scheme && a?.id === b?.id;

/** The reference's create checks, in its order: author is the plan's procuring entity, once while active; created scheduled. */
function assertMilestoneMayBeCreated(plan: Plan, milestone: PlanMilestone): void {
  if (!sameIdentifier(milestone.author.identifier, plan.procuringEntity?.identifier)) throw dataError('author', 'Should match plan.procuringEntity');
  if ((plan.milestones ?? []).some((m) => isActiveMilestone(m) && sameIdentifier(m.author?.identifier, milestone.author.identifier))) {
    throw dataError('author', 'An active milestone already exists for this author');
  }
  if (milestone.status !== 'scheduled') throw dataError('status', `Cannot create milestone with status: ${milestone.status}`);
}

export interface CreatedMilestone {
  milestone: PlanMilestone;
  access: { token: string };
}

export async function createMilestone(ctx: RequestCtx, loaded: LoadedPlan, readData: () => Record<string, unknown>): Promise<CreatedMilestone> {
  if (!isBroker(ctx.principal)) throw permissionDenied();
  const input = validateOrThrow<Record<string, unknown>>(PlanMilestoneCreateInput, readData(), ctx, true);
  // A client's id and dateModified are ignored (plans.md §3.7): both are the server's.
  const { id: _id, dateModified: _dm, documents, ...fields } = input;
  const plan = structuredClone(loaded.plan);
  const id = newId();
  const milestone = { id, ...fields } as unknown as PlanMilestone;
  if (Array.isArray(documents) && documents.length > 0) {
    milestone.documents = prepareNewDocuments(ctx, `/plans/${plan.id}/milestones/${id}/documents`, documents as Record<string, unknown>[], undefined, planRelatedIds(plan), PlanDocumentInput);
  }
  // Milestones have an owner token only: no transfer secret, their ownership never moves.
  const { stored, access } = issueAccess(ctx.deps.tokens);
  milestone.owner = ctx.principal.name ?? undefined;
  milestone.owner_token = stored.owner_token;
  milestone.dateModified = ctx.nowIso;
  assertMilestoneMayBeCreated(plan, milestone);
  assertTerminalUnchanged(plan, ['milestones']);
  plan.milestones = [...(plan.milestones ?? []), milestone];
  await savePlan(ctx, loaded, plan);
  ctx.log.info({ planId: plan.id, milestoneId: id }, 'plan milestone created');
  return { milestone, access: { token: access.token } };
}

/** The PATCH rules on the stored milestone's status (plans.md §3.7), in the reference's order. */
function assertMilestoneChange(before: PlanMilestone, after: PlanMilestone): void {
  if (after.dueDate !== before.dueDate && before.status !== 'scheduled') throw forbidden(`Can't update dueDate at '${before.status}' milestone status`);
  if (after.description !== before.description && before.status !== 'scheduled' && before.status !== 'met') {
    throw forbidden(`Can't update description at '${before.status}' milestone status`);
  }
  if (after.status !== before.status && !MILESTONE_STATUS_TRANSITIONS[before.status].includes(after.status)) {
    throw forbidden(`Can't update milestone status from '${before.status}' to '${after.status}'`);
  }
}

/** PATCH of `status`, `dueDate`, `description`; allowed whatever the plan status. Returns the milestone as stored. */
export async function patchMilestone(ctx: RequestCtx, loaded: LoadedPlan, milestoneId: string, readData: () => Record<string, unknown>): Promise<PlanMilestone> {
  if (!isBroker(ctx.principal)) throw permissionDenied();
  const before = findMilestone(loaded.plan, milestoneId);
  assertMilestoneOwner(ctx, before);
  const patch = validateOrThrow<Partial<Pick<PlanMilestone, 'status' | 'dueDate' | 'description'>>>(PlanMilestonePatchInput, readData(), ctx, false);
  const stored = before as unknown as Record<string, unknown>;
  if (Object.entries(patch).every(([k, v]) => jsonEqual(stored[k], v))) return before;

  // The merge needs no second model check: the stored milestone passed it and the patch is checked field by field.
  const after: PlanMilestone = { ...before, ...patch, dateModified: ctx.nowIso };
  assertMilestoneChange(before, after);
  if (after.status === 'met' && before.status !== 'met') after.dateMet = ctx.nowIso;
  const plan = structuredClone(loaded.plan);
  plan.milestones = (plan.milestones ?? []).map((m) => (m.id === milestoneId ? after : m));
  await savePlan(ctx, loaded, plan);
  return after;
}
