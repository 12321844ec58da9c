// Awarding strategies. `ranked` (below-threshold.md §3.6 "Award generation"): per active lot (or
// once for a non-lot tender) the best remaining bid gets a `pending` award; the tender is in
// `active.qualification` while some lot waits for a decision, else `active.awarded`. Its step runs
// after tendering end (auction skipped), auction results, every award decision and the
// chronograph's contract step. `owner`: the tender owner POSTs awards (limited procedures), so
// nothing is generated. Pure: mutates the tender draft it is given.
import { forbidden } from '../http/errors.ts';
import type { ModelSchema } from '../validation/model-validator.ts';
import { formatIso } from '../time/iso.ts';
import { addDuration } from './durations.ts';
import type { Duration, TenderCtx } from './procedure.ts';
import { bidsOf, bidStatus, lotValueStatus, COUNTED_BID_STATUSES, type StoredBid } from './bid-counting.ts';
import { weightedValueOf } from './bid-weighting.ts';
import { moveTenderStatus } from './tender.status.ts';
import { awardsOf, type Award, type MoneyValue, type Tender } from './tender.types.ts';
import { newId } from '../ids.ts';

/** Who creates awards, and what follows tendering end, auction results and award decisions. */
export interface AwardingStrategy {
  /** `ranked`: the system awards the best remaining bids; `owner`: the tender owner POSTs awards. */
  readonly kind: 'ranked' | 'owner';
  /** The next awarding step (a new pending award, the tender's awarding status). */
  next(tender: Tender, tc: TenderCtx): void;
  /** Throws the reference's refusal when the caller (`role`) may not write the award's documents now. */
  assertDocumentWritable(tender: Tender, award: Award, role: string, op: 'add' | 'update'): void;
  /** `owner`: how the tender owner posts an award. */
  readonly posting?: AwardPosting;
  /** Milestone codes the tender owner may put on a pending award (`/awards/{id}/milestones`); none: no such route. */
  readonly milestoneCodes: readonly string[];
}

/** The award POST of the owner strategy. */
export interface AwardPosting {
  readonly model: ModelSchema;
  /** Throws when no new award may be created now (e.g. another one is still live); `input` is the validated POST. */
  assertAllowed(tender: Tender, input: Record<string, unknown>): void;
  /** Throws when the owner's PATCH may not change the award so (e.g. onto a busy lot). */
  assertChange?(tender: Tender, before: Award, after: Award): void;
  /** The stored award built from the validated input. */
  build(tender: Tender, input: Record<string, unknown>, id: string, nowIso: string): Award;
  /** The award value as stored from an owner's POST or PATCH (defaults the owner may leave out filled in). */
  valueOf(tender: Tender, value: MoneyValue): MoneyValue;
}

/** Award statuses that keep a lot's chain waiting or decided (no new award then). */
const OPEN_AWARD_STATUSES: ReadonlySet<string> = new Set(['pending', 'active']);
/** A bid whose award for the lot has one of these statuses is no longer a candidate. */
const DECIDED_AWARD_STATUSES: ReadonlySet<string> = new Set(['active', 'unsuccessful']);

interface Candidate {
  bid: StoredBid;
  value: MoneyValue | undefined;
  weightedValue: (MoneyValue & { denominator?: number }) | undefined;
  date: string;
}

const moneyOnly = (v: MoneyValue | undefined): MoneyValue | undefined =>
  v === undefined ? undefined : { amount: v.amount, currency: v.currency, valueAddedTaxIncluded: v.valueAddedTaxIncluded };

/** Active bids with a proposal for the lot (every active bid without lots), in their own terms. */
function proposals(t: Tender, lotId: string | undefined): Candidate[] {
  const out: Candidate[] = [];
  for (const bid of bidsOf(t)) {
    if (bidStatus(bid) !== 'active') continue;
    if (lotId === undefined) {
      const weighted = (bid.weightedValue as Candidate['weightedValue']) ?? weightedValueOf(t, bid, bid.value);
      out.push({ bid, value: bid.value, weightedValue: weighted, date: bid.date ?? '' });
      continue;
    }
    const lv = (bid.lotValues ?? []).find((v) => v.relatedLot === lotId && COUNTED_BID_STATUSES.has(lotValueStatus(v, bid)));
    if (!lv) continue;
    const weighted = (lv.weightedValue as Candidate['weightedValue']) ?? weightedValueOf(t, bid, lv.value, lotId);
    out.push({ bid, value: lv.value, weightedValue: weighted, date: lv.date ?? bid.date ?? '' });
  }
  return out;
}

/** Cheapest first: by weighted amount when every candidate has one, else by amount; ties by date. */
export function rankCandidates<C extends { value: MoneyValue | undefined; weightedValue: MoneyValue | undefined; date: string }>(candidates: C[]): C[] {
  const weighted = candidates.length > 0 && candidates.every((c) => c.weightedValue?.amount !== undefined);
  const amount = (c: C): number => (weighted ? c.weightedValue!.amount! : (c.value?.amount ?? Number.POSITIVE_INFINITY));
  return [...candidates].sort((a, b) => amount(a) - amount(b) || (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** What a procedure adds to each award the system creates (e.g. an abnormally-low-price milestone). */
export type NewAwardHook = (award: Award, winner: RankedProposal, others: readonly RankedProposal[], tc: TenderCtx) => void;

/** A ranked proposal as hooks see it: its post-auction value and its pre-auction one. */
export interface RankedProposal {
  readonly bidId: string;
  readonly value: MoneyValue | undefined;
  readonly initialValue: MoneyValue | undefined;
}

interface AwardingOptions {
  readonly decisionPeriod: Duration;
  readonly onNewAward?: NewAwardHook;
}

const ranked = (c: Candidate, lotId: string | undefined): RankedProposal => {
  const lv = lotId === undefined ? undefined : (c.bid.lotValues ?? []).find((v) => v.relatedLot === lotId);
  return { bidId: c.bid.id, value: c.value, initialValue: ((lv ?? c.bid) as { initialValue?: MoneyValue }).initialValue };
};

function newAward(t: Tender, c: Candidate, lotId: string | undefined, ac: TenderCtx, opts: AwardingOptions, rivals: readonly Candidate[]): Award {
  const decisionPeriod = opts.decisionPeriod;
  const award: Award = {
    id: newId(),
    status: 'pending',
    date: ac.nowIso,
    value: moneyOnly(c.value),
    suppliers: structuredClone((c.bid.tenderers as Array<Record<string, unknown>> | undefined) ?? []),
    bid_id: c.bid.id,
    period: {
      startDate: ac.nowIso,
      endDate: formatIso(addDuration(ac, ac.now, decisionPeriod)),
    },
  };
  if (c.weightedValue) award.weightedValue = structuredClone(c.weightedValue);
  if (lotId !== undefined) award.lotID = lotId;
  if (award.value === undefined) delete award.value;
  opts.onNewAward?.(award, ranked(c, lotId), rivals.filter((r) => r !== c).map((r) => ranked(r, lotId)), ac);
  t.awards = [...awardsOf(t), award];
  return award;
}

/**
 * One awarding step for a chain (lot or whole tender): `pending`/`active` when the chain waits or is
 * decided, `unsuccessful` when nobody is left, or `no-bids` when the lot never had a proposal.
 */
function awardChain(t: Tender, lotId: string | undefined, ac: TenderCtx, opts: AwardingOptions): 'pending' | 'active' | 'unsuccessful' | 'no-bids' {
  const chain = awardsOf(t).filter((a) => a.lotID === lotId);
  const last = chain.at(-1);
  if (last && OPEN_AWARD_STATUSES.has(last.status)) return last.status as 'pending' | 'active';
  const all = proposals(t, lotId);
  if (all.length === 0) return 'no-bids';
  const decided = new Set(chain.filter((a) => DECIDED_AWARD_STATUSES.has(a.status)).map((a) => a.bid_id));
  const remaining = rankCandidates(all.filter((c) => !decided.has(c.bid.id)));
  const best = remaining[0];
  if (!best) return 'unsuccessful';
  newAward(t, best, lotId, ac, opts, rankCandidates(all));
  return 'pending';
}

function addNextAward(tender: Tender, ac: TenderCtx, opts: AwardingOptions): void {
  if (!tender.awardPeriod?.startDate) tender.awardPeriod = { ...(tender.awardPeriod ?? {}), startDate: ac.nowIso };
  const outcomes: string[] = [];
  const lots = tender.lots ?? [];
  if (lots.length > 0) {
    for (const lot of lots) {
      if (lot.status !== 'active') continue;
      const outcome = awardChain(tender, lot.id, ac, opts);
      if (outcome === 'no-bids') {
        lot.status = 'unsuccessful';
        lot.date = ac.nowIso;
      }
      outcomes.push(outcome);
    }
  } else {
    outcomes.push(awardChain(tender, undefined, ac, opts));
  }
  if (outcomes.includes('pending')) {
    if (tender.awardPeriod) delete tender.awardPeriod.endDate;
    moveTenderStatus(tender, 'active.qualification', ac);
  } else {
    tender.awardPeriod = { ...(tender.awardPeriod ?? {}), endDate: ac.nowIso };
    moveTenderStatus(tender, 'active.awarded', ac);
  }
}

/** Tender statuses in which award documents are written by the owner (bots also once awarded). */
const RANKED_AWARD_DOCUMENT_STATUSES: ReadonlySet<string> = new Set(['active.qualification']);
const RANKED_BOTS_AWARD_DOCUMENT_STATUSES: ReadonlySet<string> = new Set(['active.qualification', 'active.awarded']);

/** The lot of an award must still be active (`Can <op> ... only in active lot status`). */
export function isAwardLotActive(tender: Tender, award: Award): boolean {
  return !(tender.lots ?? []).some((l) => l.id === award.lotID && (l.status ?? 'active') !== 'active');
}

/** The system creates awards from the ranked bids; each gets `period` = now → `decisionPeriod` for the owner's decision. */
export function rankedAwarding(decisionPeriod: Duration, opts: { onNewAward?: NewAwardHook; milestoneCodes?: readonly string[] } = {}): AwardingStrategy {
  const { onNewAward, milestoneCodes = ['24h'] } = opts;
  return {
    kind: 'ranked',
    milestoneCodes,
    next: (tender, tc) => addNextAward(tender, tc, { decisionPeriod, onNewAward }),
    assertDocumentWritable(tender, award, role, op) {
      const allowed = role === 'bots' ? RANKED_BOTS_AWARD_DOCUMENT_STATUSES : RANKED_AWARD_DOCUMENT_STATUSES;
      if (!allowed.has(tender.status)) throw forbidden(`Can't ${op} document in current (${tender.status}) tender status`);
      if (!isAwardLotActive(tender, award)) throw forbidden(`Can ${op} document only in active lot status`);
    },
  };
}

/** What an owner-awarded procedure states: its award documents and the POST (the statuses are its stages'). */
export interface OwnerAwardingSpec {
  readonly posting: AwardPosting;
  assertDocumentWritable: AwardingStrategy['assertDocumentWritable'];
}

/** The tender owner creates awards (one at a time); no step follows a decision. */
export function ownerAwarding(spec: OwnerAwardingSpec): AwardingStrategy {
  return {
    kind: 'owner',
    next: () => {},
    assertDocumentWritable: spec.assertDocumentWritable,
    posting: spec.posting,
    milestoneCodes: [],
  };
}
