// Claim status moves (below-threshold.md §3.3 table), one listable table per actor. Each edge
// names the body model of its action: the reference picks the action from (role, current status,
// requested status) first and only then reads the body with that action's model. `guard` runs
// before the body is read (it sees the raw request data), `effect` after it was merged.
import { dataError, forbidden } from '../http/errors.ts';
import { TransitionTable, type Edge } from '../state/machine.ts';
import type { ModelSchema } from '../validation/model-validator.ts';
import { isoToMs } from '../time/iso.ts';
import { ClaimAnswerPatch, ClaimCancellationPatch, ClaimDraftPatch, ClaimSatisfactionPatch } from './schemas/claim.schema.ts';
import type { Procedure } from './procedure.ts';
import type { Claim, Tender } from './tender.types.ts';

export const CLAIM_STATUSES = ['draft', 'claim', 'answered', 'pending', 'invalid', 'resolved', 'declined', 'cancelled', 'ignored'] as const;

/** Claim statuses in which a claim may still change. */
export const EDITABLE_CLAIM_STATUSES: readonly string[] = ['draft', 'claim', 'answered'];

/** Shortest answer the tender owner may give. */
const MIN_RESOLUTION_LENGTH = 20;

export type ClaimActor = 'complaint_owner' | 'tender_owner';

export interface ClaimMove {
  procedure: Procedure;
  tender: Tender;
  claim: Claim;
  /** The request's `data` as sent. */
  raw: Record<string, unknown>;
  nowIso: string;
  now: number;
  /** Award claims are not bound to the enquiry clarification deadline. */
  isAwardClaim: boolean;
  /** Tender statuses in which the author may edit a draft. */
  authorEditStatuses: readonly string[];
}

export interface ClaimEdge extends Edge<ClaimMove> {
  /** The body model of this action. */
  model: ModelSchema;
}

const refusal = (m: ClaimMove, to: string) => forbidden(`Can't update complaint from ${m.claim.status} to ${to} status`);

const authorMayEditDraft = (to: string) => (m: ClaimMove) => {
  if (!m.authorEditStatuses.includes(m.tender.status)) throw refusal(m, to);
};

/** Tender-level claims are answered no later than the clarification deadline. */
const beforeClarificationsUntil = (m: ClaimMove): void => {
  if (m.isAwardClaim) return;
  const until = m.tender.enquiryPeriod?.clarificationsUntil;
  if (until && m.now > isoToMs(until)) throw forbidden('Can update complaint only before enquiryPeriod.clarificationsUntil');
};

const cancelByAuthor = (from: string): ClaimEdge => ({
  from,
  to: 'cancelled',
  model: ClaimCancellationPatch,
  effect: (m) => {
    m.claim.dateCanceled = m.nowIso;
  },
});

const AUTHOR_EDGES: ClaimEdge[] = [
  cancelByAuthor('draft'),
  cancelByAuthor('claim'),
  cancelByAuthor('answered'),
  { from: 'draft', to: 'draft', model: ClaimDraftPatch, guard: authorMayEditDraft('draft') },
  {
    from: 'draft',
    to: 'claim',
    model: ClaimDraftPatch,
    guard: authorMayEditDraft('claim'),
    effect: (m) => {
      m.claim.dateSubmitted = m.nowIso;
    },
  },
  { from: 'answered', to: 'answered', model: ClaimSatisfactionPatch },
  {
    from: 'answered',
    to: 'resolved',
    model: ClaimSatisfactionPatch,
    // Satisfied or not, the author closes the claim by saying so.
    guard: (m) => {
      const satisfied = 'satisfied' in m.raw ? m.raw.satisfied : m.claim.satisfied;
      if (typeof satisfied !== 'boolean') throw refusal(m, 'resolved');
    },
  },
];

const OWNER_EDGES: ClaimEdge[] = [
  { from: 'claim', to: 'claim', model: ClaimAnswerPatch, effect: beforeClarificationsUntil },
  {
    from: 'claim',
    to: 'answered',
    model: ClaimAnswerPatch,
    effect: (m) => {
      beforeClarificationsUntil(m);
      if (!m.claim.resolutionType) throw dataError('resolutionType', ['This field is required.']);
      if ((m.claim.resolution ?? '').length < MIN_RESOLUTION_LENGTH) throw forbidden("Can't update complaint: resolution too short");
      m.claim.dateAnswered = m.nowIso;
    },
  },
];

export type ClaimTables = Readonly<Record<ClaimActor, TransitionTable<ClaimMove>>>;

export const coreClaimTransitions: ClaimTables = {
  complaint_owner: new TransitionTable<ClaimMove>(CLAIM_STATUSES, AUTHOR_EDGES),
  tender_owner: new TransitionTable<ClaimMove>(CLAIM_STATUSES, OWNER_EDGES),
};

const byServer = (from: string, ...to: string[]): Edge<unknown>[] => to.map((t) => ({ from, to: t }));

/**
 * Moves the server makes on its own (listed for the boot check): an answered claim resolves itself
 * (chronograph), unanswered claims of a finished tender or lot are ignored, claims of a cancelled
 * award are cancelled, and stored legacy `pending` claims are settled.
 */
export const serverClaimTransitions = new TransitionTable<unknown>(CLAIM_STATUSES, [
  ...byServer('answered', 'resolved', 'invalid', 'declined', 'cancelled'),
  ...byServer('claim', 'ignored', 'cancelled'),
  ...byServer('draft', 'cancelled'),
  ...byServer('pending', 'resolved', 'invalid', 'declined', 'ignored', 'cancelled'),
]);

/** Claim statuses a claim starts in: filed as a draft or a claim, or stored as a legacy pending one. */
export const CLAIM_INITIAL_STATUSES: readonly string[] = ['draft', 'claim', 'pending'];

/** The action of `actor` moving the claim to `to` along the procedure's table, or the reference's refusal. */
export function claimAction(actor: ClaimActor, m: ClaimMove, to: string): ClaimEdge {
  const edge = m.procedure.transitions.claim[actor].find(m.claim.status, to) as ClaimEdge | undefined;
  if (!edge) throw refusal(m, to);
  edge.guard?.(m);
  return edge;
}
