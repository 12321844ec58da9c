// Load and save of the tender aggregate (architecture.md §3.3 steps 4 and 6): one document,
// one revision check. An unchanged draft is not written; a changed one gets dateModified,
// a reverse-patch revision and its pre-rendered public text, conditional on the loaded rev.
import type { AppDeps, OperationCtx } from '../context.ts';
import { notFound } from '../http/errors.ts';
import { diffReverse } from '../storage/revisions.ts';
import type { BatchWrite, DocumentWrite } from '../storage/store.ts';
import { renderDocumentUrl } from '../documents/document-urls.ts';
import { jsonEqual } from '../state/json-equal.ts';
import { feedTextOf } from '../storage/feed-page.ts';
import { feedFilterValuesOf } from '../storage/feed-filters.ts';
import { TENDER_FEED_FIELDS, tenderEnvelopeExtra, tenderPublicView } from './tender.view.ts';
import type { Tender } from './tender.types.ts';
import { procedureOf, procedureWith } from './procedure-of.ts';
import type { ProcedureModule } from './procedure.ts';
import { replacedView, revisionNumberOf, tenderReleaseOf } from '../ocds/release-writer.ts';

export interface LoadedTender {
  tender: Tender;
  rev: string;
  /** The public text stored with `rev` (absent: rendered again when a write needs it). */
  publicText?: string;
}

export async function loadTender(ctx: OperationCtx, id: string): Promise<LoadedTender> {
  const stored = await ctx.deps.store.get('tenders', id);
  if (!stored) throw notFound('tender_id');
  return { tender: stored.doc as unknown as Tender, rev: stored.rev, publicText: stored.publicText };
}

/** The public view a write stores for a tender (also what the release upgrade replays history with). */
export function publicTenderView(deps: Pick<AppDeps, 'config' | 'dsKeyring' | 'procedures'>, tender: Tender): Record<string, unknown> {
  return tenderPublicView(tender, procedureOf(deps.procedures, tender).views, (doc) => renderDocumentUrl(deps, tender.id, doc));
}

const publicView = (ctx: OperationCtx, tender: Tender): Record<string, unknown> => publicTenderView(ctx.deps, tender);

/**
 * The public text last written for a tender object, so the response of the write that stored it
 * is not rendered twice. Keyed by the object: a later change to it must go through a new save.
 */
const writtenPublicText = new WeakMap<Tender, string>();

export function publicTenderText(ctx: OperationCtx, tender: Tender): string {
  return writtenPublicText.get(tender) ?? JSON.stringify(publicView(ctx, tender));
}

/** Whether a tender is listed and released (a draft or a deleted draft is not). */
export const isPublicTender = (tender: Tender): boolean => tender.status !== 'draft' && tender.status !== 'deleted';

/** The release of a write whose public text changed (none for drafts or unchanged public data). */
function releaseOf(ctx: OperationCtx, loaded: LoadedTender | null, view: Record<string, unknown>, publicText: string) {
  // A draft has no public state yet: its publication is the process's first release.
  const before = loaded && isPublicTender(loaded.tender) ? replacedView(loaded.publicText, () => JSON.stringify(publicView(ctx, loaded.tender)), publicText, view) : null;
  if (before === 'unchanged') return undefined;
  return tenderReleaseOf(ctx.deps, { before, after: view, revision: revisionNumberOf(loaded?.rev ?? null) + 1, date: ctx.nowIso });
}

function documentWrite(ctx: OperationCtx, loaded: LoadedTender | null, after: Tender, touchFeed: boolean): DocumentWrite {
  const before = loaded?.tender ?? null;
  const view = publicView(ctx, after);
  const publicText = JSON.stringify(view);
  writtenPublicText.set(after, publicText);
  const release = releaseOf(ctx, loaded, view, publicText);
  return {
    ...(release ? { release } : {}),
    doc: after as unknown as Record<string, unknown>,
    publicText,
    envelopeExtra: tenderEnvelopeExtra(after),
    feedText: feedTextOf(view, TENDER_FEED_FIELDS),
    meta: {
      isPublic: isPublicTender(after),
      isTest: after.mode === 'test',
      nextCheck: after.next_check ?? null,
      touchPublicModified: touchFeed,
      filters: feedFilterValuesOf(view),
    },
    revision: {
      author: ctx.principal.name ?? 'anonymous',
      changes: diffReverse(after as unknown as Record<string, unknown>, (before ?? {}) as unknown as Record<string, unknown>),
      date: ctx.nowIso,
    },
  };
}

export async function insertTender(ctx: OperationCtx, tender: Tender): Promise<void> {
  await ctx.deps.store.insert('tenders', tender.id, documentWrite(ctx, null, tender, true));
}

/** The insert of a new tender as one write of a transaction (a tender created from a plan). */
export function tenderInsert(ctx: OperationCtx, tender: Tender): BatchWrite {
  return { kind: 'insert', collection: 'tenders', id: tender.id, write: documentWrite(ctx, null, tender, true) };
}

export interface SaveOptions {
  /** Whether the write counts as a modification (moves dateModified and the feed position). */
  modified?: boolean;
}

/**
 * The conditional update writing `after` over the loaded tender (dateModified moved when the write
 * counts as a modification), or null when nothing changed.
 */
export function tenderUpdate(ctx: OperationCtx, loaded: LoadedTender, after: Tender, opts: SaveOptions = {}): BatchWrite | null {
  if (jsonEqual(loaded.tender, after)) return null;
  const modified = opts.modified !== false;
  if (modified) after.dateModified = ctx.nowIso;
  const write = documentWrite(ctx, loaded, after, modified);
  write.revision.rev = loaded.rev;
  return { kind: 'update', collection: 'tenders', id: after.id, expectedRev: loaded.rev, write };
}

/** Saves `after` if it differs from the loaded tender; returns the tender as stored. */
export async function saveTender(ctx: OperationCtx, loaded: LoadedTender, after: Tender, opts: SaveOptions = {}): Promise<Tender> {
  return saveTenderWith(ctx, loaded, after, [], opts);
}

/**
 * Saves the tender together with other documents (contracts) in one transaction: a conflict on any
 * of them writes nothing. The tender is written only if it changed; returns it as stored.
 */
export async function saveTenderWith(ctx: OperationCtx, loaded: LoadedTender, after: Tender, others: readonly BatchWrite[], opts: SaveOptions = {}): Promise<Tender> {
  const update = tenderUpdate(ctx, loaded, after, opts);
  const writes = update ? [update, ...others] : [...others];
  if (writes.length === 0) return loaded.tender;
  const revs = await ctx.deps.store.writeAll(writes);
  if (update) ctx.log.info({ tenderId: after.id, rev: `${loaded.rev}→${revs[0]}`, status: after.status, with: others.map((w) => `${w.collection}/${w.id}`) }, 'tender saved');
  return update ? after : loaded.tender;
}

/** The tender behind a route of `module`; a tender whose procedure lacks the module answers as an unknown URL. */
export async function loadTenderFor(ctx: OperationCtx, id: string, module: ProcedureModule): Promise<LoadedTender> {
  const loaded = await loadTender(ctx, id);
  procedureWith(ctx.deps.procedures, loaded.tender, module);
  return loaded;
}
