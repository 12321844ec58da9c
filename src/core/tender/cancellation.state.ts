// Cancellation status moves (below-threshold.md §3.8 "Transitions"), as a listable table. Without
// cancellation complaints a cancellation that leaves `draft` for `pending` or `active` is executed
// at once. Pure: mutates the tender draft and records the effects for the caller.
import { dataError, forbidden } from '../http/errors.ts';
import { TransitionTable, type Edge } from '../state/machine.ts';
import { assertSignatureDocument } from '../documents/typed-documents.ts';
import { executeCancellation, type CancellingEffects } from './cancelling.ts';
import type { TenderCtx } from './procedure.ts';
import { addDuration, daysOf } from './durations.ts';
import { formatIso } from '../time/iso.ts';
import type { Cancellation, Tender } from './tender.types.ts';

export const CANCELLATION_STATUSES = ['draft', 'pending', 'active', 'unsuccessful'] as const;

export interface CancellationMove {
  tender: Tender;
  cancellation: Cancellation;
  cc: TenderCtx;
  /** Whether a signed `cancellationReport` must be attached before execution. */
  reportRequired: boolean;
  /** Filled by the executing edges. */
  effects?: CancellingEffects;
}

/** Reason and signed report, checked before a cancellation may take effect (422s). */
const readyToExecute =
  (target: string) =>
  ({ cancellation, reportRequired }: CancellationMove): void => {
    if (!cancellation.reason) throw dataError('data', `Field reason must be filled for switch cancellation to ${target} status`);
    if (reportRequired) assertSignatureDocument(cancellation.documents ?? [], 'cancellationReport');
  };

const execute = (m: CancellationMove): void => {
  m.cancellation.status = 'active';
  m.effects = executeCancellation(m.tender, m.cancellation, m.cc);
};

/**
 * Whether this cancellation waits out a complaint period: the tender's cancellation complaints are
 * on with a non-zero period and the procedure applies it here (open-procedures.md §1.9, §6.4).
 */
export function waitsForComplaints(m: Pick<CancellationMove, 'tender' | 'cancellation' | 'cc'>): boolean {
  return (
    m.cc.config.hasCancellationComplaints === true &&
    daysOf(m.cc, m.cc.procedure.durations.cancellationComplaint) > 0 &&
    m.cc.procedure.cancellations.complaintPeriodApplies(m.tender, m.cancellation)
  );
}

/** The owner activates directly only where no complaint period applies; otherwise the chronograph does. */
const directActivation = (from: string) => (m: CancellationMove): void => {
  if (waitsForComplaints(m)) throw forbidden(`Can't switch cancellation status from ${from} to active`);
  readyToExecute('active')(m);
};

/** Pending: either the complaint period opens, or (no complaints here) the cancellation runs at once. */
const openComplaintPeriodOrExecute = (m: CancellationMove): void => {
  if (!waitsForComplaints(m)) return execute(m);
  m.cancellation.complaintPeriod = { startDate: m.cc.nowIso, endDate: formatIso(addDuration(m.cc, m.cc.now, m.cc.procedure.durations.cancellationComplaint)) };
};

/** A cancellation whose complaint the review body satisfied is given up by its owner. */
const afterSatisfiedComplaint = (m: CancellationMove): void => {
  if (!(m.cancellation.complaints ?? []).some((c) => c.status === 'satisfied')) throw forbidden(`Can't switch cancellation status from pending to unsuccessful`);
};

const edges: Edge<CancellationMove>[] = [
  { from: 'draft', to: 'active', guard: directActivation('draft'), effect: execute },
  { from: 'pending', to: 'active', guard: directActivation('pending'), effect: execute },
  { from: 'draft', to: 'pending', guard: readyToExecute('pending'), effect: openComplaintPeriodOrExecute },
  { from: 'draft', to: 'unsuccessful' },
  { from: 'pending', to: 'unsuccessful', guard: afterSatisfiedComplaint },
];

/** The chronograph's move: a pending cancellation whose complaint period passed without a complaint upheld. */
export const serverCancellationTransitions = new TransitionTable<unknown>(CANCELLATION_STATUSES, [{ from: 'pending', to: 'active' }]);

export const coreCancellationTransitions = new TransitionTable<CancellationMove>(CANCELLATION_STATUSES, edges);

/** Moves the cancellation to `to` along the procedure's table, or throws the reference's refusal. */
export function moveCancellation(m: CancellationMove, to: string): void {
  const from = m.cancellation.status;
  if (from === to) return;
  const edge = m.cc.procedure.transitions.cancellation.find(from, to);
  if (!edge) throw forbidden(`Can't switch cancellation status from ${from} to ${to}`);
  edge.guard?.(m);
  m.cancellation.status = to;
  edge.effect?.(m);
}
