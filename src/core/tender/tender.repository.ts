// Load and save of the tender aggregate (architecture.md §3.3 steps 4 and 6): one document,
// one revision check. An unchanged draft is not written; a changed one gets dateModified,
// a reverse-patch revision and its pre-rendered public text, conditional on the loaded rev.
import type { OperationCtx } from '../context.ts';
import { notFound } from '../http/errors.ts';
import { diffReverse } from '../storage/revisions.ts';
import type { DocumentWrite } from '../storage/store.ts';
import { renderDocumentUrl } from '../documents/document-urls.ts';
import { jsonEqual } from './tender.merge.ts';
import { tenderPublicView } from './tender.view.ts';
import type { Tender } from './tender.types.ts';

export interface LoadedTender {
  tender: Tender;
  rev: string;
}

export async function loadTender(ctx: OperationCtx, id: string): Promise<LoadedTender> {
  const stored = await ctx.deps.store.get('tenders', id);
  if (!stored) throw notFound('tender_id');
  return { tender: stored.doc as unknown as Tender, rev: stored.rev };
}

export function publicTenderText(ctx: OperationCtx, tender: Tender): string {
  return JSON.stringify(tenderPublicView(tender, (doc) => renderDocumentUrl(ctx.deps, tender.id, doc)));
}

function documentWrite(ctx: OperationCtx, before: Tender | null, after: Tender, touchFeed: boolean): DocumentWrite {
  return {
    doc: after as unknown as Record<string, unknown>,
    publicText: publicTenderText(ctx, after),
    meta: {
      isPublic: after.status !== 'draft' && after.status !== 'deleted',
      isTest: after.mode === 'test',
      nextCheck: after.next_check ?? null,
      touchPublicModified: touchFeed,
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

export interface SaveOptions {
  /** Whether the write counts as a modification (moves dateModified and the feed position). */
  modified?: boolean;
}

/** Saves `after` if it differs from the loaded tender; returns the tender as stored. */
export async function saveTender(ctx: OperationCtx, loaded: LoadedTender, after: Tender, opts: SaveOptions = {}): Promise<Tender> {
  if (jsonEqual(loaded.tender, after)) return loaded.tender;
  const modified = opts.modified !== false;
  if (modified) after.dateModified = ctx.nowIso;
  const write = documentWrite(ctx, loaded.tender, after, modified);
  write.revision.rev = loaded.rev;
  const newRev = await ctx.deps.store.update('tenders', after.id, loaded.rev, write);
  ctx.log.info({ tenderId: after.id, rev: `${loaded.rev}→${newRev}`, status: after.status }, 'tender saved');
  return after;
}
