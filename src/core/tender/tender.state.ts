// Tender status transitions that an owner PATCH can request (below-threshold.md §2.2):
// publication `draft → <published status>` with the procedure's activation checks.
// Time-driven transitions (chronograph) join this table in a later issue.
import { dataError } from '../http/errors.ts';
import { TransitionTable } from '../state/machine.ts';
import type { Procedure } from './procedure.ts';
import type { RuleContext } from './tender.rules.ts';

export interface TenderTransitionCtx {
  rc: RuleContext;
  procedure: Procedure;
  nowIso: string;
}

/** The core owner-driven edges; `publish` is parameterised by the procedure's published status. */
export function tenderOwnerTransitions(procedure: Procedure): TransitionTable<TenderTransitionCtx> {
  return new TransitionTable<TenderTransitionCtx>(
    ['draft', procedure.publishedStatus],
    [
      {
        from: 'draft',
        to: procedure.publishedStatus,
        guard: ({ rc, procedure: p }) => {
          for (const check of p.activationChecks) check(rc);
        },
        effect: ({ rc, procedure: p, nowIso }) => {
          if (p.stampsNoticePublicationDate !== false) rc.tender.noticePublicationDate = nowIso;
        },
      },
    ],
  );
}

const tables = new WeakMap<Procedure, TransitionTable<TenderTransitionCtx>>();

/** Moves the draft tender to `to`, or throws the reference's error. */
export function applyTenderTransition(procedure: Procedure, rc: RuleContext, to: string, nowIso: string): void {
  const from = rc.tender.status;
  if (to === from) return;
  if (to === 'draft') throw dataError('status', "Can't change status to draft");
  let table = tables.get(procedure);
  if (!table) {
    table = tenderOwnerTransitions(procedure);
    tables.set(procedure, table);
  }
  const edge = table.find(from, to);
  if (!edge) throw dataError('status', `Can't change status to ${to}`);
  const c: TenderTransitionCtx = { rc, procedure, nowIso };
  edge.guard?.(c);
  rc.tender.status = to;
  rc.tender.date = nowIso;
  edge.effect?.(c);
}
