// The enquiry stage of belowThreshold (below-threshold.md §2.2, §5): the published tender waits in
// `active.enquiries` until tenderPeriod.startDate, then the chronograph opens tendering. While an
// inspector is assigned, leaving enquiries needs an approved review request (§8.1).
import { inStatus, waitsForInspectorIn } from '../../core/tender/chronograph.events.ts';
import { moveTenderStatus, toCancelled } from '../../core/tender/tender.status.ts';
import type { TransitionDeltas } from '../../core/tender/procedure-transitions.ts';
import { publishEdge } from '../../core/tender/tender.state.ts';

export const ENQUIRIES = 'active.enquiries';

/** Publication leads into enquiries; time leads on to tendering; a cancellation may end it. */
export const enquiryStageTransitions: Pick<TransitionDeltas, 'tenderOwner' | 'tenderTime'> = {
  tenderOwner: { states: [ENQUIRIES], add: [publishEdge(ENQUIRIES, { stampsNotice: true })] },
  tenderTime: {
    states: [ENQUIRIES],
    add: [{ from: ENQUIRIES, to: 'active.tendering' }, toCancelled(ENQUIRIES)],
  },
};

/** At tenderPeriod.startDate (or the enquiry end): `active.tendering`. */
export const enquiriesEndEvents = inStatus(ENQUIRIES, (t) => {
  const at = t.tenderPeriod?.startDate ?? t.enquiryPeriod?.endDate;
  return at ? [{ at, name: 'enquiries end → active.tendering', run: (d, c) => moveTenderStatus(d, 'active.tendering', c) }] : [];
});

export const waitsForInspector = waitsForInspectorIn(ENQUIRIES);
