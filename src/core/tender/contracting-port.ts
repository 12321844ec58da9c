// The tender core's one door into contracting (contracting.md §1.2–1.8): contracts created when an
// award becomes active, inserted with the tender, and the contracting objects that follow a
// cancelled mirror. No other tender module imports contracting code; contracting reaches the
// tender through its own port (src/core/contracting/tender-port.ts).
import type { OperationCtx } from '../context.ts';
import { setObjectStatus } from '../state/object-status.ts';
import type { BatchWrite } from '../storage/store.ts';
import { contractUpdate, findContract } from '../contracting/contract.repository.ts';

export { createContracts, type CreatedContract } from '../contracting/contract-creation.ts';
export { contractInsert } from '../contracting/contract.repository.ts';

/** Writes that bring the contracting objects of cancelled mirrors to `cancelled` (contracting.md §1.8). */
export async function contractCancellations(ctx: OperationCtx, contractIds: readonly string[]): Promise<BatchWrite[]> {
  const writes: BatchWrite[] = [];
  for (const id of contractIds) {
    const loaded = await findContract(ctx, id);
    if (!loaded) continue;
    const after = structuredClone(loaded.contract);
    setObjectStatus(after, 'cancelled', ctx.nowIso);
    const write = contractUpdate(ctx, loaded, after);
    if (write) writes.push(write);
  }
  return writes;
}
