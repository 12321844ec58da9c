// Load and writes of contracting objects (`contracts` collection), with the same revision check
// as tenders. Writes are BatchWrites so they can share a transaction with the tender.
import type { AppDeps, OperationCtx } from '../context.ts';
import { notFound } from '../http/errors.ts';
import { diffReverse } from '../storage/revisions.ts';
import type { BatchWrite, DocumentWrite } from '../storage/store.ts';
import { renderDocumentUrl } from '../documents/document-urls.ts';
import { jsonEqual } from '../state/json-equal.ts';
import { feedTextOf } from '../storage/feed-page.ts';
import { feedFilterValuesOf } from '../storage/feed-filters.ts';
import { contractReleaseOf, replacedView, revisionNumberOf } from '../ocds/release-writer.ts';
import { CONTRACT_FEED_FIELDS, contractEnvelopeExtra, contractPublicView } from './contract.view.ts';
import type { Contract } from './contract.types.ts';

export interface LoadedContract {
  contract: Contract;
  rev: string;
  /** The public text stored with `rev` (absent: rendered again when a write needs it). */
  publicText?: string;
}

export async function findContract(ctx: OperationCtx, id: string): Promise<LoadedContract | null> {
  const stored = await ctx.deps.store.get('contracts', id);
  return stored ? { contract: stored.doc as unknown as Contract, rev: stored.rev, publicText: stored.publicText } : null;
}

export async function loadContract(ctx: OperationCtx, id: string): Promise<LoadedContract> {
  const loaded = await findContract(ctx, id);
  if (!loaded) throw notFound('contract_id');
  return loaded;
}

/** The public view a write stores for a contract (also what the release upgrade replays history with). */
export function publicContractView(deps: Pick<AppDeps, 'config' | 'dsKeyring'>, contract: Contract): Record<string, unknown> {
  return contractPublicView(contract, (doc) => renderDocumentUrl(deps, contract.tender_id, doc));
}

export function publicContractText(ctx: OperationCtx, contract: Contract): string {
  return JSON.stringify(publicContractView(ctx.deps, contract));
}

function contractDocumentWrite(ctx: OperationCtx, loaded: LoadedContract | null, after: Contract): DocumentWrite {
  const before = loaded?.contract ?? null;
  const view = publicContractView(ctx.deps, after);
  const publicText = JSON.stringify(view);
  const replaced = loaded ? replacedView(loaded.publicText, () => publicContractText(ctx, loaded.contract), publicText, view) : null;
  const release = replaced === 'unchanged' ? undefined : contractReleaseOf(ctx.deps, { before: replaced, after: view, revision: revisionNumberOf(loaded?.rev ?? null) + 1, date: ctx.nowIso });
  return {
    ...(release ? { release } : {}),
    doc: after as unknown as Record<string, unknown>,
    publicText,
    envelopeExtra: contractEnvelopeExtra(after),
    feedText: feedTextOf(view, CONTRACT_FEED_FIELDS),
    // Contracts are always public and every write moves them in the feed (contracting.md §2.2).
    meta: { isPublic: true, isTest: after.mode === 'test', nextCheck: null, touchPublicModified: true, filters: feedFilterValuesOf(view) },
    revision: {
      author: ctx.principal.name ?? 'anonymous',
      changes: diffReverse(after as unknown as Record<string, unknown>, (before ?? {}) as unknown as Record<string, unknown>),
      date: ctx.nowIso,
    },
  };
}

export function contractInsert(ctx: OperationCtx, contract: Contract): BatchWrite {
  return { kind: 'insert', collection: 'contracts', id: contract.id, write: contractDocumentWrite(ctx, null, contract) };
}

/** The conditional update of a changed contract (dateModified moved), or null when nothing changed. */
export function contractUpdate(ctx: OperationCtx, loaded: LoadedContract, after: Contract): BatchWrite | null {
  if (jsonEqual(loaded.contract, after)) return null;
  after.dateModified = ctx.nowIso;
  const write = contractDocumentWrite(ctx, loaded, after);
  write.revision.rev = loaded.rev;
  return { kind: 'update', collection: 'contracts', id: after.id, expectedRev: loaded.rev, write };
}
