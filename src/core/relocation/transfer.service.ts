// `POST /transfers` (any broker) and `GET /transfers/{id}` (brokers): platform.md §3.6.
import type { RequestCtx } from '../context.ts';
import { isBroker } from '../auth/principal.ts';
import { issueAccess } from '../auth/owner-token.ts';
import { ApiError, permissionDenied } from '../http/errors.ts';
import { newId } from '../ids.ts';
import { insertTransfer, loadTransfer, transferView } from './transfer.repository.ts';

/** Members a create body may carry: the reference reads an `id` (or `doc_id`) and makes its own. */
const ACCEPTED_FIELDS = new Set(['id', 'doc_id']);

export async function createTransfer(ctx: RequestCtx, readData: () => Record<string, unknown>): Promise<{ view: Record<string, unknown>; access: { token: string; transfer: string } }> {
  if (!isBroker(ctx.principal)) throw permissionDenied();
  const data = readData();
  const rogue = Object.keys(data).filter((k) => !ACCEPTED_FIELDS.has(k));
  if (rogue.length > 0) throw new ApiError(422, rogue.map((name) => ({ location: 'body', name, description: 'Rogue field' })));
  const { stored, access } = issueAccess(ctx.deps.tokens);
  const transfer = { id: newId(), date: ctx.nowIso, owner: ctx.principal.name!, access_token: stored.owner_token, transfer_token: stored.transfer_token };
  await insertTransfer(ctx, transfer);
  ctx.log.info({ transferId: transfer.id }, 'transfer created');
  return { view: transferView(transfer), access };
}

export async function readTransfer(ctx: RequestCtx, id: string): Promise<Record<string, unknown>> {
  // The transfer is looked up before the caller, as the reference's resource does: 404 first.
  const { transfer } = await loadTransfer(ctx, id);
  if (!isBroker(ctx.principal)) throw permissionDenied();
  return transferView(transfer);
}
