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
import { planReleaseOf, replacedView, revisionNumberOf } from '../ocds/release-writer.ts';
import type { Plan } from './plan.types.ts';

export interface LoadedPlan {
  plan: Plan;
  rev: string;
  /** The public text stored with `rev` (absent: rendered again when a write needs it). */
  publicText?: string;
}

export async function findPlan(ctx: OperationCtx, id: string): Promise<LoadedPlan | null> {
  const stored = await ctx.deps.store.get('plans', id);
  return stored ? { plan: stored.doc as unknown as Plan, rev: stored.rev, publicText: stored.publicText } : null;
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

/**
 * The write of a plan: its texts, feed meta, revision, and the OCDS release when the public view
 * changed. `tenderID`: the tenderID of the plan's tender, when it has one (the plan's releases then
 * join that process; the first one there plans it).
 */
function planDocumentWrite(ctx: OperationCtx, loaded: LoadedPlan | null, after: Plan, tenderID?: string): DocumentWrite {
  const before = loaded?.plan ?? null;
  const view = planPublicView(after, planApiBase(ctx.deps));
  const publicText = JSON.stringify(view);
  const replaced = loaded ? replacedView(loaded.publicText, () => publicPlanText(ctx, loaded.plan), publicText, view) : null;
  const previous = replaced === 'unchanged' || replaced === null || replaced.status === 'draft' || (tenderID !== undefined && !before?.tender_id) ? null : replaced;
  const release = replaced === 'unchanged' ? undefined : planReleaseOf(ctx.deps, { before: previous, after: view, revision: revisionNumberOf(loaded?.rev ?? null) + 1, date: ctx.nowIso }, tenderID);
  return {
    ...(release ? { release } : {}),
    doc: after as unknown as Record<string, unknown>,
    publicText,
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

/** The tenderID of the tender a plan is linked to (its releases join that process), if it exists. */
export async function linkedTenderID(ctx: OperationCtx, plan: Plan): Promise<string | undefined> {
  if (!plan.tender_id) return undefined;
  const stored = await ctx.deps.store.getPublic('tenders', plan.tender_id);
  const tenderID = stored ? (JSON.parse(stored.publicText) as { tenderID?: unknown }).tenderID : undefined;
  return typeof tenderID === 'string' ? tenderID : undefined;
}

export function planInsert(ctx: OperationCtx, plan: Plan, tenderID?: string): BatchWrite {
  return { kind: 'insert', collection: 'plans', id: plan.id, write: planDocumentWrite(ctx, null, plan, tenderID) };
}

/** The conditional update of a changed plan (dateModified moved), or null when nothing changed. */
export function planUpdate(ctx: OperationCtx, loaded: LoadedPlan, after: Plan, tenderID?: string): BatchWrite | null {
  if (jsonEqual(loaded.plan, after)) return null;
  after.dateModified = ctx.nowIso;
  const write = planDocumentWrite(ctx, loaded, after, tenderID);
  write.revision.rev = loaded.rev;
  return { kind: 'update', collection: 'plans', id: after.id, expectedRev: loaded.rev, write };
}

/** Saves a changed plan; returns what is stored. */
export async function savePlan(ctx: OperationCtx, loaded: LoadedPlan, after: Plan): Promise<Plan> {
  const write = planUpdate(ctx, loaded, after, await linkedTenderID(ctx, after));
  if (write) await ctx.deps.store.writeAll([write]);
  return write ? after : loaded.plan;
}
