// A test-only procedure with review-body complaints on the tender itself: belowThreshold's value
// (same wire type, so its builders work) with the complaints module, `hasTenderComplaints` on and
// the tender complaints' hold on the tendering end. No served procedure has tender complaints yet
// (the open procedures do, issue 14); this one lets the core's machinery be tested on its own.
import { belowThreshold } from '../../src/procedures/below-threshold/index.ts';
import { reporting } from '../../src/procedures/reporting/index.ts';
import { buildRegistry } from '../../src/procedures/registry.ts';
import { tenderComplaintsHoldTendering } from '../../src/core/tender/chronograph.events.ts';
import type { Procedure, ProcedureRegistry } from '../../src/core/tender/procedure.ts';

export const tenderComplaintsProcedure: Procedure = {
  ...belowThreshold,
  modules: new Set([...belowThreshold.modules, 'complaints']),
  // Either value: a tender created with `false` shows the configuration refusal.
  config: { ...belowThreshold.config, hasTenderComplaints: { type: 'boolean', enum: [true, false], default: true } },
  complaints: {
    tenderStatuses: ['active.tendering'],
    awardStatuses: [],
    qualificationStatuses: [],
    documentStatuses: ['active.enquiries', 'active.tendering', 'active.auction', 'active.qualification', 'active.awarded'],
    complainantsAreBidders: true,
  },
  chronograph: { ...belowThreshold.chronograph, holds: [...belowThreshold.chronograph.holds, tenderComplaintsHoldTendering] },
};

/** The app's procedures with belowThreshold replaced by the test procedure above. */
export function tenderComplaintsRegistry(): ProcedureRegistry {
  return buildRegistry([tenderComplaintsProcedure, reporting]);
}

/** The config a tender of that procedure is created with. */
export const TENDER_COMPLAINTS_CONFIG = { hasTenderComplaints: true };
