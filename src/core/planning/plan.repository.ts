// Load and writes of plans (`plans` collection), revision-checked like tenders and contracts.
// Writes are BatchWrites so a plan can share a transaction with the tender created from it.
import { serverUrl } from '../../config.ts';
import type { AppDeps, OperationCtx } from '../context.ts';
import { API_PREFIX } from '../http/api-prefix.ts';
import { notFound } from '../http/errors.ts';
import { diffReverse } from '../storage/revisions.ts';
import type { BatchWrite, DocumentWrite } from '../storage/store.ts';
import { jsonEqual } from '../state/json-equal.ts';
import { feedTextOf } from '../storage/feed-page.ts';
import { PLAN_FEED_FIELDS, planPublicView } from './plan.view.ts';
import type { Plan } from './plan.types.ts';

export interface LoadedPlan {
  plan: Plan;
  rev: string;
}

export async function findPlan(ctx: OperationCtx, id: string): Promise<LoadedPlan | null> {
  const stored = await ctx.deps.store.get('plans', id);
  return stored ? { plan: stored.doc as unknown as Plan, rev: stored.rev } : null;
}

export async function loadPlan(ctx: OperationCtx, id: string): Promise<LoadedPlan> {
  const loaded = await findPlan(ctx, id);
  if (!loaded) throw notFound('plan_id');
  return loaded;
}

/** `{scheme}://{host}/api/2.5`: embedded document URLs are absolute API download links. */
export function planApiBase(deps: Pick<AppDeps, 'config'>): string {
  return `${serverUrl(deps.config)}${API_PREFIX}`;
}

export function publicPlanText(ctx: OperationCtx, plan: Plan): string {
  return JSON.stringify(planPublicView(plan, planApiBase(ctx.deps)));
}

function planDocumentWrite(ctx: OperationCtx, before: Plan | null, after: Plan): DocumentWrite {
  const view = planPublicView(after, planApiBase(ctx.deps));
  return {
    doc: after as unknown as Record<string, unknown>,
    publicText: JSON.stringify(view),
    feedText: feedTextOf(view, PLAN_FEED_FIELDS),
    // Drafts are readable by id but stay out of the feed (plans.md §3.2); every saving write moves the plan.
    meta: { isPublic: after.status !== 'draft', isTest: after.mode === 'test', nextCheck: null, touchPublicModified: true },
    revision: {
      author: ctx.principal.name ?? 'anonymous',
      changes: diffReverse(after as unknown as Record<string, unknown>, (before ?? {}) as unknown as Record<string, unknown>),
      date: ctx.nowIso,
    },
  };
}

export function planInsert(ctx: OperationCtx, plan: Plan): BatchWrite {
  return { kind: 'insert', collection: 'plans', id: plan.id, write: planDocumentWrite(ctx, null, plan) };
}

/** The conditional update of a changed plan (dateModified moved), or null when nothing changed. */
export function planUpdate(ctx: OperationCtx, loaded: LoadedPlan, after: Plan): BatchWrite | null {
  if (jsonEqual(loaded.plan, after)) return null;
  after.dateModified = ctx.nowIso;
  const write = planDocumentWrite(ctx, loaded.plan, after);
  write.revision.rev = loaded.rev;
  return { kind: 'update', collection: 'plans', id: after.id, expectedRev: loaded.rev, write };
}

/** Saves a changed plan; returns what is stored. */
export async function savePlan(ctx: OperationCtx, loaded: LoadedPlan, after: Plan): Promise<Plan> {
  const write = planUpdate(ctx, loaded, after);
  if (write) await ctx.deps.store.writeAll([write]);
  return write ? after : loaded.plan;
}
