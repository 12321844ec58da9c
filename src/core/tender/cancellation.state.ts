// Cancellation status moves (below-threshold.md §3.8 "Transitions"), as a listable table. Without
// cancellation complaints a cancellation that leaves `draft` for `pending` or `active` is executed
// at once. Pure: mutates the tender draft and records the effects for the caller.
import { dataError, forbidden } from '../http/errors.ts';
import { TransitionTable, type Edge } from '../state/machine.ts';
import { assertSignatureDocument } from '../documents/typed-documents.ts';
import { executeCancellation, type CancellingEffects } from './cancelling.ts';
import type { TenderCtx } from './procedure.ts';
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

const edges: Edge<CancellationMove>[] = [
  { from: 'draft', to: 'active', guard: readyToExecute('active'), effect: execute },
  { from: 'pending', to: 'active', guard: readyToExecute('active'), effect: execute },
  // No complaint period here: pending is passed through straight to active.
  { from: 'draft', to: 'pending', guard: readyToExecute('pending'), effect: execute },
  { from: 'draft', to: 'unsuccessful' },
];

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
