// The contracting API's writes (contracting.md §2.4–2.5, §2.8, §3.3): classic PATCH, credentials and
// changes. A write on a contract that was `pending` syncs the tender's mirror and re-evaluates the
// tender (lot/tender completion); both documents are saved in one transaction.
import type { RequestCtx } from '../context.ts';
import { forbidden, notFound, permissionDenied, dataError } from '../http/errors.ts';
import { isOwner, issueAccess } from '../auth/owner-token.ts';
import { compareIso } from '../time/iso.ts';
import { validateOrThrow } from '../validation/request-model.ts';
import { SignerInfo, awardsOf, tenderMirrorSync, tenderOfContract } from './tender-port.ts';
import { contractUpdate, type LoadedContract } from './contract.repository.ts';
import { checkContractPatch, EDITABLE_CONTRACT_STATUSES, normaliseItemUnitValues } from './contract.rules.ts';
import type { ModelSchema } from '../validation/model-validator.ts';
import { ActiveContractPatch, AdminContractPatch, ChangeCreateInput, ChangePatchInput, PendingContractPatch, TransactionInput } from './contract.schema.ts';
import type { Contract, ContractAccess, ContractChange } from './contract.types.ts';
import { newId } from '../ids.ts';

const isAdmin = (ctx: RequestCtx): boolean => ctx.principal.role === 'Administrator' || ctx.principal.role === 'admins';

/** The last access entry of a role (contracting.md §1.6: when several share a role the last counts). */
const accessOf = (contract: Contract, role: ContractAccess['role']): ContractAccess | undefined => contract.access.filter((a) => a.role === role).at(-1);

function holdsRole(ctx: RequestCtx, contract: Contract, roles: readonly ContractAccess['role'][]): boolean {
  return roles.some((role) => {
    const entry = accessOf(contract, role);
    return entry !== undefined && isOwner(ctx, { ...entry }, 'token');
  });
}

/** The buyer side: the tender owner's token or the contract token from `/credentials`. */
export function isContractOwner(ctx: RequestCtx, contract: Contract): boolean {
  return holdsRole(ctx, contract, ['tender', 'contract']);
}

export function assertContractOwner(ctx: RequestCtx, contract: Contract): void {
  if (isAdmin(ctx)) return;
  if (!isContractOwner(ctx, contract)) throw permissionDenied();
}

/** Saves a changed contract; one that was `pending` brings its tender along, in the same transaction. */
async function saveContract(ctx: RequestCtx, loaded: LoadedContract, after: Contract): Promise<Contract> {
  const write = contractUpdate(ctx, loaded, after);
  if (!write) return loaded.contract;
  const tenderWrite = loaded.contract.status === 'pending' ? await tenderMirrorSync(ctx, after) : null;
  const [rev] = await ctx.deps.store.writeAll(tenderWrite ? [write, tenderWrite] : [write]);
  ctx.log.info({ contractId: after.id, rev: `${loaded.rev}→${rev}`, status: after.status, tenderSaved: tenderWrite !== null }, 'contract saved');
  return after;
}

export async function patchContract(ctx: RequestCtx, loaded: LoadedContract, data: Record<string, unknown>): Promise<Contract> {
  const before = loaded.contract;
  assertContractOwner(ctx, before);
  const model = isAdmin(ctx) ? AdminContractPatch : before.status === 'active' ? ActiveContractPatch : PendingContractPatch;
  const patch = validateOrThrow<Record<string, unknown>>(model, data, ctx, false);
  const after: Contract = { ...structuredClone(before), ...patch } as Contract;
  if (!isAdmin(ctx) && !EDITABLE_CONTRACT_STATUSES.has(before.status)) throw forbidden(`Can't update contract in current (${before.status}) status`);
  const tender = await tenderOfContract(ctx, before);
  const award = awardsOf(tender).find((a) => a.id === before.awardID);
  checkContractPatch({ before, after, sent: new Set(Object.keys(patch)), tender, award, nowIso: ctx.nowIso });
  if ('value' in patch) normaliseItemUnitValues(after);
  if (before.status !== after.status) {
    after.date = ctx.nowIso;
    if (after.status === 'active' && !after.dateSigned) after.dateSigned = ctx.nowIso;
  }
  return saveContract(ctx, loaded, after);
}

export interface IssuedCredentials {
  contract: Contract;
  access: { token: string; transfer: string };
}

/** `PATCH /contracts/{id}/credentials` by the tender owner: a contract token and a transfer key. */
export async function issueContractCredentials(ctx: RequestCtx, loaded: LoadedContract): Promise<IssuedCredentials> {
  const before = loaded.contract;
  if (!holdsRole(ctx, before, ['tender'])) throw permissionDenied();
  if (!EDITABLE_CONTRACT_STATUSES.has(before.status)) throw forbidden(`Can't generate credentials in current (${before.status}) contract status`);
  const { stored, access } = issueAccess(ctx.deps.tokens);
  const after = structuredClone(before);
  after.access = [...after.access.filter((a) => a.role !== 'contract'), { role: 'contract', owner: ctx.principal.name ?? undefined, token: stored.owner_token }];
  after.transfer_token = stored.transfer_token;
  const saved = await saveContract(ctx, loaded, after);
  return { contract: saved, access };
}

export type SignerSide = 'buyer' | 'suppliers';

/**
 * `PUT /contracts/{id}/buyer|suppliers/signer_info` (contracting.md §2.6): the buyer side signs for the
 * buyer, the winning bidder (bid token) for the supplier; only while the contract is pending.
 */
export async function putSignerInfo(ctx: RequestCtx, loaded: LoadedContract, side: SignerSide, data: Record<string, unknown>): Promise<Record<string, unknown>> {
  const before = loaded.contract;
  if (!isAdmin(ctx) && !holdsRole(ctx, before, side === 'buyer' ? ['tender', 'contract'] : ['bid'])) throw permissionDenied();
  const signerInfo = validateOrThrow<Record<string, unknown>>(SignerInfo as unknown as ModelSchema, data, ctx, false);
  if (before.status !== 'pending') throw forbidden(`Operation forbidden in current (${before.status}) status`);
  const after = structuredClone(before);
  if (side === 'buyer') after.buyer = { ...(after.buyer ?? {}), signerInfo };
  else after.suppliers = (after.suppliers ?? []).map((s, i) => (i === 0 ? { ...s, signerInfo } : s));
  await saveContract(ctx, loaded, after);
  return signerInfo;
}

/** The bank's status codes as the reference stores them. */
const TRANSACTION_STATUSES: Readonly<Record<string, string>> = { '0': 'successful', '-1': 'canceled' };

type Transaction = Record<string, unknown> & { id: string };

const transactionsOf = (contract: Contract): Transaction[] =>
  ((contract.implementation as { transactions?: Transaction[] } | undefined)?.transactions ?? []);

export function findTransaction(contract: Contract, transactionId: string): Transaction {
  const tx = transactionsOf(contract).find((x) => x.id === transactionId);
  if (!tx) throw notFound('transaction_id');
  return tx;
}

/**
 * `PUT /contracts/{id}/transactions/{tid}` (contracting.md §2.13), by the buyer side or `bots`: the
 * first PUT records the transaction, later ones only its status. No contract-status gate.
 */
export async function putTransaction(ctx: RequestCtx, loaded: LoadedContract, transactionId: string, data: Record<string, unknown>): Promise<Contract> {
  if (ctx.principal.role !== 'bots') assertContractOwner(ctx, loaded.contract);
  const input = validateOrThrow<Record<string, unknown>>(TransactionInput, data, ctx, false);
  const status = TRANSACTION_STATUSES[String(input.status)] ?? String(input.status);
  const after = structuredClone(loaded.contract);
  const implementation = (after.implementation ?? {}) as { transactions?: Transaction[] };
  const existing = (implementation.transactions ?? []).find((x) => x.id === transactionId);
  if (existing) existing.status = status;
  else implementation.transactions = [...(implementation.transactions ?? []), { ...input, status, id: transactionId }];
  after.implementation = implementation;
  return saveContract(ctx, loaded, after);
}

export function findChange(contract: Contract, changeId: string): ContractChange {
  const change = (contract.changes ?? []).find((c) => c.id === changeId);
  if (!change) throw notFound('change_id');
  return change;
}

/** Each change's signature date follows the previous one's (or the contract's for the first). */
function assertChangeDateSigned(contract: Contract, change: ContractChange): void {
  if (!change.dateSigned) return;
  const previous = (contract.changes ?? []).filter((c) => c.id !== change.id && c.status === 'active').at(-1);
  const [label, last] = previous ? ['last active change', previous.dateSigned ?? previous.date] : ['contract', contract.dateSigned];
  if (last && compareIso(change.dateSigned, last) < 0) {
    throw forbidden(`Change dateSigned (${change.dateSigned}) can't be earlier than ${label} dateSigned (${last})`);
  }
}

function assertRationaleTypes(contract: Contract, types: unknown): void {
  const allowed = Object.keys((contract.contractChangeRationaleTypes as Record<string, unknown> | undefined) ?? {});
  if (!Array.isArray(types)) return;
  if (types.some((t) => !allowed.includes(String(t)))) {
    throw dataError('rationaleTypes', [`Value must be one of (${allowed.map((k) => `'${k}'`).join(', ')}).`]);
  }
}

function assertDateSignedNotFuture(ctx: RequestCtx, dateSigned: unknown): void {
  if (typeof dateSigned === 'string' && compareIso(dateSigned, ctx.nowIso) > 0) throw dataError('dateSigned', ["Contract signature date can't be in the future"]);
}

export async function createChange(ctx: RequestCtx, loaded: LoadedContract, data: Record<string, unknown>): Promise<ContractChange> {
  const contract = loaded.contract;
  assertContractOwner(ctx, contract);
  const input = validateOrThrow<Record<string, unknown>>(ChangeCreateInput, data, ctx, true);
  assertRationaleTypes(contract, input.rationaleTypes);
  assertDateSignedNotFuture(ctx, input.dateSigned);
  if (contract.status !== 'active') throw forbidden(`Can't add contract change in current (${contract.status}) contract status`);
  if ((contract.changes ?? []).at(-1)?.status === 'pending') throw forbidden("Can't create new contract change while any (pending) change exists");
  const change = { ...input, id: newId(), status: 'pending', date: ctx.nowIso } as ContractChange;
  assertChangeDateSigned(contract, change);
  const after = structuredClone(contract);
  after.changes = [...(after.changes ?? []), change];
  await saveContract(ctx, loaded, after);
  return change;
}

export async function patchChange(ctx: RequestCtx, loaded: LoadedContract, changeId: string, data: Record<string, unknown>): Promise<ContractChange> {
  const contract = loaded.contract;
  findChange(contract, changeId);
  assertContractOwner(ctx, contract);
  const input = validateOrThrow<Record<string, unknown>>(ChangePatchInput, data, ctx, false);
  assertRationaleTypes(contract, input.rationaleTypes);
  assertDateSignedNotFuture(ctx, input.dateSigned);
  if (contract.status !== 'active') throw forbidden(`Can't update contract change in current (${contract.status}) contract status`);
  const after = structuredClone(contract);
  const change = findChange(after, changeId);
  if (change.status !== 'pending') throw forbidden(`Can't update contract change in current (${change.status}) status`);
  const activating = input.status === 'active';
  if (activating && input.dateSigned === undefined) throw forbidden("Can't update contract change status. 'dateSigned' is required.");
  Object.assign(change, input);
  assertChangeDateSigned(after, change);
  if (activating) change.date = ctx.nowIso;
  await saveContract(ctx, loaded, after);
  return change;
}
