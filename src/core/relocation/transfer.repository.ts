// Transfers (platform.md §3.6): a broker takes over an object by creating a transfer (its own new
// owner token and transfer secret) and presenting it with the object's transfer secret. Stored in
// their own collection, never in a feed; `usedFor` remembers the object a transfer was spent on.
import type { OperationCtx } from '../context.ts';
import { notFound } from '../http/errors.ts';
import type { BatchWrite, DocumentWrite } from '../storage/store.ts';
import { diffReverse } from '../storage/revisions.ts';

export interface Transfer {
  id: string;
  date: string;
  /** The broker that created it: the new owner of whatever it is used for. */
  owner: string;
  /** Sealed owner token handed to the object taken over. */
  access_token: string;
  /** sha512 of the new transfer secret, handed to the object taken over. */
  transfer_token: string;
  /** `/tenders/{id}` (or plans, contracts) once used. */
  usedFor?: string;
}

export interface LoadedTransfer {
  transfer: Transfer;
  rev: string;
}

/** What `GET /transfers/{id}` and the create response show (members in the reference's order). */
export function transferView(transfer: Transfer): Record<string, unknown> {
  return { date: transfer.date, ...(transfer.usedFor !== undefined ? { usedFor: transfer.usedFor } : {}), id: transfer.id };
}

function transferWrite(ctx: OperationCtx, before: Transfer | null, after: Transfer): DocumentWrite {
  return {
    doc: after as unknown as Record<string, unknown>,
    publicText: JSON.stringify(transferView(after)),
    meta: { isPublic: false, isTest: false, nextCheck: null, touchPublicModified: false },
    revision: {
      author: ctx.principal.name ?? 'anonymous',
      changes: diffReverse(after as unknown as Record<string, unknown>, (before ?? {}) as unknown as Record<string, unknown>),
      date: ctx.nowIso,
    },
  };
}

export async function insertTransfer(ctx: OperationCtx, transfer: Transfer): Promise<void> {
  await ctx.deps.store.insert('transfers', transfer.id, transferWrite(ctx, null, transfer));
}

/** 404 `url`/`transfer_id` when there is no such transfer. */
export async function loadTransfer(ctx: OperationCtx, id: unknown): Promise<LoadedTransfer> {
  const stored = typeof id === 'string' && id !== '' ? await ctx.deps.store.get('transfers', id) : null;
  if (!stored) throw notFound('transfer_id');
  return { transfer: stored.doc as unknown as Transfer, rev: stored.rev };
}

/** The conditional update of a transfer, for the same transaction as the object it moves. */
export function transferUpdate(ctx: OperationCtx, loaded: LoadedTransfer, after: Transfer): BatchWrite {
  const write = transferWrite(ctx, loaded.transfer, after);
  write.revision.rev = loaded.rev;
  return { kind: 'update', collection: 'transfers', id: after.id, expectedRev: loaded.rev, write };
}
