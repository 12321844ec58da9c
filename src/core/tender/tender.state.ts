// Tender status transitions that an owner PATCH can request (below-threshold.md §2.2). The core
// table holds `draft` only; a procedure adds its publication edge (`publishEdge`) to its first
// published status, which runs the procedure's activation checks.
import { dataError } from '../http/errors.ts';
import { TransitionTable, type Edge } from '../state/machine.ts';
import type { RuleContext } from './procedure.ts';

export interface TenderTransitionCtx {
  rc: RuleContext;
  nowIso: string;
}

export const coreTenderOwnerTransitions = new TransitionTable<TenderTransitionCtx>(['draft'], []);

export interface PublishOptions {
  /** Publication stamps `noticePublicationDate` (procedures with a published notice). */
  stampsNotice: boolean;
}

/** Publication `draft → to`: the procedure's activation checks, in order; the first failure is reported. */
export function publishEdge(to: string, opts: PublishOptions): Edge<TenderTransitionCtx> {
  return {
    from: 'draft',
    to,
    guard: ({ rc }) => {
      for (const check of rc.procedure.activationChecks) check(rc);
    },
    effect: opts.stampsNotice
      ? ({ rc, nowIso }) => {
          rc.tender.noticePublicationDate = nowIso;
        }
      : undefined,
  };
}

/** Moves the draft tender to `to`, or throws the reference's error. */
export function applyTenderTransition(rc: RuleContext, to: string): void {
  const from = rc.tender.status;
  if (to === from) return;
  if (to === 'draft') throw dataError('status', "Can't change status to draft");
  const edge = rc.procedure.transitions.tenderOwner.find(from, to);
  if (!edge) throw dataError('status', `Can't change status to ${to}`);
  const c: TenderTransitionCtx = { rc, nowIso: rc.nowIso };
  edge.guard?.(c);
  rc.tender.status = to;
  rc.tender.date = rc.nowIso;
  edge.effect?.(c);
}
