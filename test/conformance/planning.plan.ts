// What the harness does for the planning tutorial (shared/conformance/planning) beyond ORDER: the
// steps its OUT-OF-BAND.md lists — a database edit that removed the plan's budget breakdown, a
// PATCH to `scheduled`, and two plans created by requests the recording kept no copy of.
import type { SetPlan } from './sets.ts';

const PLAN = /\/plans\/([0-9a-f]{32})/;

export const PLANNING_PLAN: SetPlan = {
  async beforeFile(file, ex, api) {
    const recPlan = PLAN.exec(ex.request.path)?.[1];
    if (recPlan === undefined) return [];
    if (file === 'tender-from-plan-breakdown.http') {
      const edited = await api.editStoredPlan(recPlan, (plan) => {
        delete (plan.budget as Record<string, unknown>).breakdown;
      });
      return [edited ? 'budget.breakdown removed from the stored plan (db:mongodb.plans.save)' : 'could not edit the stored plan'];
    }
    if (file === 'tender-from-plan-funder-program-missing.http') {
      const r = await api.asOwner(recPlan, 'PATCH', `/api/2.5/plans/${api.ours(recPlan) ?? recPlan}`, { status: 'scheduled' });
      return [`PATCH status scheduled (app.patch_json) → ${r?.status}`];
    }
    if (file === 'complete-plan-manually.http' || file === 'plan-cancellation.http') {
      if (api.ours(recPlan) !== undefined) return [];
      // The recording's test data still said `draft` (plans.md §5.1 steps 28, 30).
      const status = await api.createStandIn(recPlan, 'create-plan.http');
      const out = [`POST plan (app.post_json) → ${status}`];
      if (file === 'plan-cancellation.http') {
        const r = await api.asOwner(recPlan, 'PATCH', `/api/2.5/plans/${api.ours(recPlan) ?? recPlan}`, { status: 'scheduled' });
        out.push(`PATCH status scheduled → ${r?.status}`);
      }
      return out;
    }
    return [];
  },
};
