// Award decisions (below-threshold.md §3.6 "Decision transitions") as a listable transition table.
// Guards throw the reference's messages; effects set the stand-still, create or cancel contracts
// and run the next awarding step. Pure: contracts to write are handed back in the move.
import { TransitionTable, type Edge } from '../state/machine.ts';
import { assertSignatureDocument } from '../documents/signature-document.ts';
import { dataError, forbidden } from '../http/errors.ts';
import { formatIso } from '../time/iso.ts';
import { createContracts, type CreatedContract } from './contracting-port.ts';
import { addDuration, daysOf } from './durations.ts';
import type { TenderCtx } from './procedure.ts';
import { setObjectStatus } from '../state/object-status.ts';
import { moveTenderStatus } from './tender.status.ts';
import { awardsOf, contractMirrorsOf, type Award, type Tender } from './tender.types.ts';

export const AWARD_STATUSES = ['pending', 'active', 'unsuccessful', 'cancelled'] as const;

export interface AwardMove {
  tender: Tender;
  award: Award;
  tc: TenderCtx;
  /** Contracts the move created (to insert with the tender). */
  created: CreatedContract[];
  /** Mirror ids the move cancelled (their contracting objects follow). */
  cancelledContracts: string[];
}

/** Claim statuses that survive an award's cancellation. */
const SETTLED_CLAIM_STATUSES: ReadonlySet<string> = new Set(['invalid', 'resolved', 'declined']);
/** Claims that let the owner reopen an unsuccessful award. */
const CONSIDERED_CLAIM_STATUSES: ReadonlySet<string> = new Set(['claim', 'answered', 'pending', 'resolved']);

const claimsOf = (award: Award): Array<Record<string, unknown>> => (Array.isArray(award.complaints) ? award.complaints : []);

/** The award stand-still (`durations.awardComplaint`); none when it is 0 days. */
export function setComplaintPeriod({ award, tc }: AwardMove): void {
  const standStill = tc.procedure.durations.awardComplaint;
  if (daysOf(tc, standStill) <= 0) return;
  award.complaintPeriod = { startDate: tc.nowIso, endDate: formatIso(addDuration(tc, tc.now, standStill)) };
}

const nextAwardingStep = (m: AwardMove): void => m.tc.procedure.awarding.next(m.tender, m.tc);

function cancelClaims(award: Award, nowIso: string): void {
  for (const claim of claimsOf(award)) {
    // Review-body complaints stay with the review body.
    if (claim.type === 'complaint' || SETTLED_CLAIM_STATUSES.has(String(claim.status))) continue;
    setObjectStatus(claim, 'cancelled', nowIso);
    claim.cancellationReason = 'cancelled';
    claim.dateCanceled = nowIso;
  }
}

/** Cancels an award: claims, the running stand-still, its not yet signed contracts (a signed one blocks). */
export function cancelAward(m: AwardMove, award: Award): void {
  cancelClaims(award, m.tc.nowIso);
  const period = award.complaintPeriod;
  if (period && (!period.endDate || period.endDate > m.tc.nowIso)) period.endDate = m.tc.nowIso;
  setObjectStatus(award, 'cancelled', m.tc.nowIso);
  for (const contract of contractMirrorsOf(m.tender)) {
    if (contract.awardID !== award.id) continue;
    if (contract.status === 'active') throw forbidden("Can't cancel award contract in active status");
    if (contract.status !== 'cancelled') {
      setObjectStatus(contract, 'cancelled', m.tc.nowIso);
      m.cancelledContracts.push(contract.id);
    }
  }
}

export const assertNoticeSigned = ({ award }: AwardMove): void => assertSignatureDocument(award.documents, 'notice');

/** unsuccessful → cancelled: the tender is back in qualification; this award and the lot's later ones start over. */
export function reopenUnsuccessful(m: AwardMove): void {
  if (m.tender.status === 'active.awarded') {
    if (m.tender.awardPeriod) delete m.tender.awardPeriod.endDate;
    moveTenderStatus(m.tender, 'active.qualification', m.tc);
  }
  // This award and every later one of the same lot start over (sequential awarding).
  const awards = awardsOf(m.tender);
  const from = awards.indexOf(m.award);
  for (const later of awards.slice(from + 1)) if (later.lotID === m.award.lotID && later.status !== 'cancelled') cancelAward(m, later);
  cancelAward(m, m.award);
  nextAwardingStep(m);
}

/**
 * active → cancelled where review-body complaints are filed: a satisfied complaint on the award
 * cancels every live award of its lot, else only this one; `thenNext` runs the next awarding step.
 */
export function cancelledOverComplaints(thenNext: boolean): Edge<AwardMove> {
  return {
    from: 'active',
    to: 'cancelled',
    effect(m) {
      const satisfied = claimsOf(m.award).some((c) => c.status === 'satisfied');
      const awards = satisfied ? awardsOf(m.tender).filter((a) => a === m.award || (a.lotID === m.award.lotID && a.status !== 'cancelled')) : [m.award];
      for (const award of awards) cancelAward(m, award);
      if (thenNext) nextAwardingStep(m);
    },
  };
}

/** The core award table (ranked awarding with signed decisions and a stand-still). */
export const coreAwardTransitions = new TransitionTable<AwardMove>(AWARD_STATUSES, [
  {
    from: 'pending',
    to: 'active',
    guard: assertNoticeSigned,
    effect(m) {
      setComplaintPeriod(m);
      m.created.push(...createContracts(m.tender, m.award, m.tc.nowIso));
      nextAwardingStep(m);
    },
  },
  {
    from: 'pending',
    to: 'unsuccessful',
    guard: assertNoticeSigned,
    effect(m) {
      setComplaintPeriod(m);
      nextAwardingStep(m);
    },
  },
  {
    from: 'active',
    to: 'cancelled',
    effect(m) {
      cancelAward(m, m.award);
      nextAwardingStep(m);
    },
  },
  {
    from: 'unsuccessful',
    to: 'cancelled',
    guard({ award }) {
      if (!claimsOf(award).some((c) => c.type !== 'complaint' && CONSIDERED_CLAIM_STATUSES.has(String(c.status)))) throw forbidden("Can't update award in current (unsuccessful) status");
    },
    effect: reopenUnsuccessful,
  },
]);

/**
 * The model-level rule on `qualified` (and, where the owner states it, `eligible`): 422 on the
 * merged award, before any status gate.
 */
export function assertQualifiedForStatus(award: Award, statesEligibility: boolean): void {
  if (award.status === 'active') {
    if (award.qualified !== true) throw dataError('qualified', ["Can't update award to active status with not qualified"]);
    if (statesEligibility && award.eligible !== true) throw dataError('eligible', ["Can't update award to active status with not eligible"]);
  }
  // A refusal states both judgements, and at least one of them is negative.
  const undecided = award.qualified === undefined || (statesEligibility && award.eligible === undefined);
  const bothPositive = award.qualified === true && (!statesEligibility || award.eligible === true);
  if (award.status === 'unsuccessful' && (undecided || bothPositive)) {
    throw dataError('qualified', ["Can't update award to unsuccessful status when qualified/eligible isn't set to False"]);
  }
}

/** Applies a status change of `m.award` from `before`; throws the reference's refusal for any other move. */
export function applyAwardDecision(before: Award, m: AwardMove): void {
  const to = m.award.status;
  if (before.status === to) {
    if (to !== 'pending') throw forbidden(`Can't update award in current (${before.status}) status`);
    return;
  }
  if (to === 'cancelled' && before.qualified !== m.award.qualified) {
    throw dataError('data', "Can't update qualified/eligible fields in award in (cancelled) status");
  }
  const edge = m.tc.procedure.transitions.award.find(before.status, to);
  if (!edge) throw forbidden(`Can't update award in current (${before.status}) status`);
  edge.guard?.(m);
  // The reference's own status setter: `date` moves with every status change.
  m.award.date = m.tc.nowIso;
  edge.effect?.(m);
}
