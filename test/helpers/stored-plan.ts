// Direct edits of a stored plan for tests and conformance emulations (a database edit the API
// cannot make), saved through the plan repository: revision check, public text, feed position.
import { operationCtx } from '../../src/core/context.ts';
import type { Principal } from '../../src/core/auth/principal.ts';
import { loadPlan, savePlan } from '../../src/core/planning/plan.repository.ts';
import type { Plan } from '../../src/core/planning/plan.types.ts';
import type { TestApp } from './app.ts';

const TEST_WRITER: Principal = Object.freeze({ role: 'Administrator', name: 'test-setup', levels: new Set<string>(), permissions: new Set<string>() });

/** Loads, mutates and saves the stored plan as a modification (dateModified moves). */
export async function updateStoredPlan(t: TestApp, id: string, mutate: (plan: Record<string, unknown>) => void): Promise<Plan> {
  const ctx = operationCtx(t.deps, TEST_WRITER, t.app.log);
  const loaded = await loadPlan(ctx, id);
  const after = structuredClone(loaded.plan);
  mutate(after as unknown as Record<string, unknown>);
  return savePlan(ctx, loaded, after);
}
