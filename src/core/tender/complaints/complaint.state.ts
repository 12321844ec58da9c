// Review-body complaint status moves (open-procedures.md §2.4, new rules), one listable table per
// actor. As for claims, each edge names the body model of its action: the action is picked from
// (role, current status, requested status) before the body is read. Complaints on a cancellation
// differ in the owner's and complainant's rows (§2.4, §2.6): their tables are the general ones
// merged with a small delta. `guard` runs before the body is read, `effect` after it was merged.
import { ApiError, dataError, forbidden } from '../../http/errors.ts';
import { TransitionTable, type Edge, type TableDelta } from '../../state/machine.ts';
import type { ModelSchema } from '../../validation/model-validator.ts';
import {
  ComplaintAdministratorPatch, ComplaintBotPatch, ComplaintDraftPatch, ComplaintReviewPatch, ComplaintTendererActionPatch, ComplaintTendererResolvePatch,
} from '../schemas/complaint.schema.ts';
import type { TenderCtx } from '../procedure.ts';
import type { Cancellation, Claim, Tender } from '../tender.types.ts';

export const COMPLAINT_STATUSES = ['draft', 'pending', 'accepted', 'satisfied', 'declined', 'invalid', 'stopped', 'mistaken', 'resolved'] as const;

/** Who may move a complaint: its author, the tender owner, the review body, the payment robot, the administrator. */
export const COMPLAINT_ACTORS = ['complaint_owner', 'tender_owner', 'aboveThresholdReviewers', 'bots', 'Administrator'] as const;
export type ComplaintActor = (typeof COMPLAINT_ACTORS)[number];

/** Where a complaint is filed. */
export type ComplaintContainer = 'tender' | 'award' | 'qualification' | 'cancellation';

export interface ComplaintMove {
  tender: Tender;
  complaint: Claim;
  /** The request's `data` as sent. */
  raw: Record<string, unknown>;
  tc: TenderCtx;
  container: ComplaintContainer;
  /** The cancellation a cancellation complaint belongs to. */
  cancellation?: Cancellation;
  /** Runs when the owner resolves a satisfied cancellation complaint (§2.6 period shifts). */
  onResolvedCancellationComplaint?: (m: ComplaintMove) => void;
  /** Runs when the review body satisfies a complaint (a qualification complaint reopens the decisions, §4.2). */
  onSatisfied?: (m: ComplaintMove) => void;
}

export interface ComplaintEdge extends Edge<ComplaintMove> {
  /** The body model of this action. */
  model: ModelSchema;
}

export type ComplaintTables = Readonly<Record<ComplaintActor, TransitionTable<ComplaintMove>>>;

const stamp = (field: string) => (m: ComplaintMove) => {
  m.complaint[field] = m.tc.nowIso;
};

const same = (status: string, model: ModelSchema): ComplaintEdge => ({ from: status, to: status, model });

const AUTHOR: ComplaintEdge[] = [
  same('draft', ComplaintDraftPatch),
  { from: 'draft', to: 'mistaken', model: ComplaintDraftPatch, effect: (m) => (m.complaint.rejectReason = 'cancelledByComplainant') },
];

const BOT: ComplaintEdge[] = [
  { from: 'draft', to: 'pending', model: ComplaintBotPatch, effect: stamp('dateSubmitted') },
  { from: 'draft', to: 'mistaken', model: ComplaintBotPatch, effect: (m) => (m.complaint.rejectReason = 'incorrectPayment') },
];

/** The owner closes a satisfied complaint by saying what it did. */
const resolvedByOwner: ComplaintEdge = {
  from: 'satisfied',
  to: 'resolved',
  model: ComplaintTendererResolvePatch,
  guard: (m) => {
    const action = 'tendererAction' in m.raw ? m.raw.tendererAction : m.complaint.tendererAction;
    if (!action) throw forbidden('Forbidden');
  },
  effect: stamp('tendererActionDate'),
};

const OWNER: ComplaintEdge[] = [
  same('pending', ComplaintTendererActionPatch),
  same('accepted', ComplaintTendererActionPatch),
  same('satisfied', ComplaintTendererResolvePatch),
  resolvedByOwner,
];

const decided = (m: ComplaintMove): void => {
  m.complaint.dateDecision = m.tc.nowIso;
};

const REVIEWER: ComplaintEdge[] = [
  same('pending', ComplaintReviewPatch),
  same('accepted', ComplaintReviewPatch),
  {
    from: 'pending',
    to: 'invalid',
    model: ComplaintReviewPatch,
    effect: (m) => {
      decided(m);
      m.complaint.acceptance = false;
    },
  },
  {
    from: 'pending',
    to: 'accepted',
    model: ComplaintReviewPatch,
    effect: (m) => {
      m.complaint.dateAccepted = m.tc.nowIso;
      m.complaint.acceptance = true;
    },
  },
  { from: 'accepted', to: 'declined', model: ComplaintReviewPatch, effect: decided },
  {
    from: 'accepted',
    to: 'satisfied',
    model: ComplaintReviewPatch,
    effect: (m) => {
      decided(m);
      m.onSatisfied?.(m);
    },
  },
  {
    from: 'accepted',
    to: 'stopped',
    model: ComplaintReviewPatch,
    effect: (m) => {
      decided(m);
      m.complaint.dateCanceled ??= m.tc.nowIso;
    },
  },
];

/** The administrator may only correct the fee, in any status. */
const ADMINISTRATOR: ComplaintEdge[] = COMPLAINT_STATUSES.map((s) => same(s, ComplaintAdministratorPatch));

export const coreComplaintTransitions: ComplaintTables = {
  complaint_owner: new TransitionTable<ComplaintMove>(COMPLAINT_STATUSES, AUTHOR),
  tender_owner: new TransitionTable<ComplaintMove>(COMPLAINT_STATUSES, OWNER),
  aboveThresholdReviewers: new TransitionTable<ComplaintMove>(COMPLAINT_STATUSES, REVIEWER),
  bots: new TransitionTable<ComplaintMove>(COMPLAINT_STATUSES, BOT),
  Administrator: new TransitionTable<ComplaintMove>(COMPLAINT_STATUSES, ADMINISTRATOR),
};

/**
 * Cancellation complaints (§2.4, §2.6): the owner answers only a satisfied complaint, once, and
 * only after the cancellation was made unsuccessful; that first `tendererAction` resolves it.
 */
const OWNER_ON_CANCELLATION: TableDelta<ComplaintMove> = {
  remove: ['pending→pending', 'accepted→accepted'],
  add: [
    {
      from: 'satisfied',
      to: 'resolved',
      model: ComplaintTendererResolvePatch,
      // Only the owner's first answer resolves it; a bare status is no answer.
      guard: (m) => {
        if (!m.raw.tendererAction || m.complaint.tendererAction) throw forbidden("Can't update complaint from satisfied to resolved status");
      },
      effect: (m) => {
        m.complaint.tendererActionDate = m.tc.nowIso;
        m.onResolvedCancellationComplaint?.(m);
      },
    } as ComplaintEdge,
  ],
};

export const coreCancellationComplaintTransitions: ComplaintTables = {
  ...coreComplaintTransitions,
  tender_owner: coreComplaintTransitions.tender_owner.merge(OWNER_ON_CANCELLATION),
};

/** Statuses a complaint starts in (created as a draft). */
export const COMPLAINT_INITIAL_STATUSES: readonly string[] = ['draft'];

/** Moves the server makes on its own: a draft left unpaid when its container's period ends. */
export const serverComplaintTransitions = new TransitionTable<unknown>(COMPLAINT_STATUSES, [{ from: 'draft', to: 'mistaken' }]);

/** The status the caller asks for: the body's, else the current one (a cancellation owner's first answer resolves). */
export function requestedComplaintStatus(actor: ComplaintActor, m: ComplaintMove): string {
  const sent = typeof m.raw.status === 'string' && m.raw.status !== '' ? m.raw.status : m.complaint.status;
  if (actor === 'Administrator') return m.complaint.status;
  if (m.container === 'cancellation' && actor === 'tender_owner' && m.complaint.status === 'satisfied' && m.raw.tendererAction && !m.complaint.tendererAction) {
    return 'resolved';
  }
  return sent;
}

function refusal(actor: ComplaintActor, m: ComplaintMove, to: string): ApiError {
  const move = `Can't update complaint from ${m.complaint.status} to ${to} status`;
  if (actor === 'tender_owner') return forbidden(m.container === 'cancellation' ? move : 'Forbidden');
  if (actor === 'complaint_owner' && m.container === 'cancellation') return forbidden(`${move} as ${actor}`);
  return forbidden(move);
}

/** The action of `actor` moving the complaint to `to` along `tables`, or the reference's refusal. */
export function complaintAction(tables: ComplaintTables, actor: ComplaintActor, m: ComplaintMove, to: string): ComplaintEdge {
  const edge = tables[actor].find(m.complaint.status, to) as ComplaintEdge | undefined;
  if (!edge) throw refusal(actor, m, to);
  edge.guard?.(m);
  return edge;
}

/** Statuses in which the review body must have set `reviewDate` (422 otherwise). */
const REVIEWED_STATUSES: ReadonlySet<string> = new Set(['declined', 'accepted', 'satisfied', 'stopped']);

export function assertReviewDate(actor: ComplaintActor, complaint: Claim): void {
  if (actor === 'aboveThresholdReviewers' && REVIEWED_STATUSES.has(complaint.status) && !complaint.reviewDate) {
    throw dataError('reviewDate', ['This field is required.']);
  }
}
