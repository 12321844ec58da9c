// Ownership change ("relocation", platform.md §3.6), the same for every owned object: the checks in
// the reference's order, then the object's new owner and tokens and the transfer's `usedFor` in one
// transaction. What differs per object (where it lives, who may take it over, in which statuses, and
// which of its fields carry the ownership) is an OwnedObject.
import type { RequestCtx } from '../context.ts';
import { hasLevel, isBroker } from '../auth/principal.ts';
import { hashTransfer } from '../auth/owner-token.ts';
import { ApiError, accreditationDenied, forbidden, permissionDenied } from '../http/errors.ts';
import type { BatchWrite } from '../storage/store.ts';
import { loadTransfer, transferUpdate, type Transfer } from './transfer.repository.ts';

/** The fields every owned object carries for its ownership. */
export interface OwnedDoc {
  id: string;
  status: string;
  owner?: string;
  mode?: string;
  transfer_token?: string;
}

export interface OwnedObject {
  /** `tender`, `plan`, `contract`: the last word of the status refusal; its plural names the collection. */
  noun: 'tender' | 'plan' | 'contract';
  doc: OwnedDoc;
  /** Accreditation levels a broker needs to take it over (any one). */
  levels: readonly string[];
  /** Further levels needed for a central procuring entity's object; none when not central. */
  centralLevels?: readonly string[];
  /** Statuses in which it may change hands. */
  transferable: (status: string) => boolean;
  /** Its update with the transfer's owner and tokens applied (null: nothing changed). */
  takeOver: (transfer: Transfer) => BatchWrite | null;
}

const ownerDenied = (): ApiError =>
  new ApiError(403, [{ location: 'url', name: 'accreditation', description: 'Owner Accreditation level does not permit ownership change' }]);

/** `POST /{objects}/{id}/ownership`: `{"data": {"id": <transfer id>, "transfer": <the object's transfer secret>}}`. */
export async function changeOwnership(ctx: RequestCtx, target: OwnedObject, readData: () => Record<string, unknown>): Promise<{ owner: string; id: string }> {
  const principal = ctx.principal;
  const { doc } = target;
  if (!isBroker(principal)) throw permissionDenied();
  if (!hasLevel(principal, ...target.levels)) throw accreditationDenied('ownership', 'change');
  if (principal.permissions.has('t') && doc.mode !== 'test') throw accreditationDenied('ownership', 'change', 'mode');
  if (target.centralLevels && !hasLevel(principal, ...target.centralLevels)) throw accreditationDenied('ownership', 'change');
  // The current owner must have left (exited flag) or be gone from the key file.
  const owner = doc.owner === undefined ? undefined : ctx.deps.keyRing.findByName(doc.owner);
  if (owner && !owner.permissions.has('x')) throw ownerDenied();

  const data = readData();
  const missing = ['id', 'transfer'].filter((field) => !data[field]);
  if (missing.length > 0) throw new ApiError(422, missing.map((name) => ({ location: 'body', name, description: 'This field is required.' })));
  if (!target.transferable(doc.status)) throw forbidden(`Can't update credentials in current (${doc.status}) ${target.noun} status`);
  if (typeof data.transfer !== 'string' || doc.transfer_token !== hashTransfer(data.transfer)) throw forbidden('Invalid transfer', 'transfer');

  // What a used transfer names: the object's path under the API.
  const location = `/${target.noun}s/${doc.id}`;
  const loaded = await loadTransfer(ctx, data.id);
  const { transfer } = loaded;
  if (transfer.usedFor !== undefined && transfer.usedFor !== location) throw forbidden('Transfer already used', 'transfer');
  const used: Transfer = { ...transfer, usedFor: location, date: ctx.nowIso };
  const objectWrite = target.takeOver(transfer);
  await ctx.deps.store.writeAll(objectWrite ? [objectWrite, transferUpdate(ctx, loaded, used)] : [transferUpdate(ctx, loaded, used)]);
  ctx.log.info({ transferId: transfer.id, object: location, owner: transfer.owner }, 'ownership changed');
  // Members in the reference's order.
  return { owner: transfer.owner, id: doc.id };
}
