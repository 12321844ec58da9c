// Award milestones of the open family (open-procedures.md §1.7): the system's abnormally-low-price
// (`alp`) milestone on a new award whose price is far below its rivals', and the rule that no
// decision is taken on an award before a running milestone's due date.
import { ApiError, dataError, forbidden } from '../http/errors.ts';
import { formatIso, isoToMs } from '../time/iso.ts';
import { addDuration } from './durations.ts';
import type { NewAwardHook, RankedProposal } from './awarding.ts';
import { awardsOf, type Award, type Tender } from './tender.types.ts';
import type { Duration, TenderCtx } from './procedure.ts';
import { newId } from '../ids.ts';

/** The milestone codes that hold the owner's decision until their due date. */
const HOLDING_MILESTONES: ReadonlySet<string> = new Set(['alp', '24h']);

const ALP_DESCRIPTION =
  'найбільш економічно вигідна пропозиція є меншою на 40 або більше відсотків від середньоарифметичного значення ціни/приведеної ціни тендерних пропозицій інших учасників на початковому етапі аукціону / найбільш економічно вигідна пропозиція є меншою на 30 або більше відсотків від наступної ціни/приведеної ціни тендерної пропозиції за результатами проведеного електронного аукціону';

/** ≥ 40 % below the mean of the rivals' pre-auction prices, or ≥ 30 % below the next price. */
export function isAbnormallyLowPrice(winner: RankedProposal, rivals: readonly RankedProposal[]): boolean {
  const amount = winner.value?.amount;
  if (amount === undefined || rivals.length === 0) return false;
  const initial = rivals.map((r) => r.initialValue?.amount ?? r.value?.amount).filter((a): a is number => a !== undefined);
  const mean = initial.length > 0 ? initial.reduce((s, a) => s + a, 0) / initial.length : undefined;
  const next = rivals.map((r) => r.value?.amount).filter((a): a is number => a !== undefined && a >= amount).sort((a, b) => a - b)[0];
  return (mean !== undefined && amount <= mean * 0.6) || (next !== undefined && amount <= next * 0.7);
}

export type Milestone = { id: string; code: string; date: string; dueDate: string; description?: string };

/** New awards at an abnormally low price get an `alp` milestone due one working day later. */
export const abnormallyLowPriceMilestone: NewAwardHook = (award, winner, rivals, tc) => {
  if (!isAbnormallyLowPrice(winner, rivals)) return;
  const milestone: Milestone = {
    id: newId(),
    code: 'alp',
    date: tc.nowIso,
    dueDate: formatIso(addDuration(tc, tc.now, { days: 1, working: true })),
    description: ALP_DESCRIPTION,
  };
  award.milestones = [...((award.milestones as Milestone[] | undefined) ?? []), milestone];
};

/** A running `alp`/`24h` milestone (its due date not reached). */
export function runningMilestone(award: Award, now: number, codes: ReadonlySet<string> = HOLDING_MILESTONES): Milestone | undefined {
  return ((award.milestones as Milestone[] | undefined) ?? []).find((m) => codes.has(m.code) && now < isoToMs(m.dueDate));
}

/** No status decision while such a milestone runs. */
export function assertNoRunningMilestone(before: Award, after: Award, now: number): void {
  if (before.status === after.status) return;
  const m = runningMilestone(before, now);
  if (m) throw forbidden(`Can't change status to '${after.status}' until milestone.dueDate: ${m.dueDate}`);
}

// --- milestones the tender owner sets (below-threshold.md §3.6, open-procedures.md §1.7) ---------

const HOUR = 3_600_000;
/** An `extensionPeriod` milestone lengthens the award's decision window to this many working days. */
const EXTENDED_DECISION: Duration = { days: 20, working: true };

export interface MilestoneInput {
  code: string;
  description?: string;
  dueDate?: string;
}

/** The owner's milestone on a pending award: one per code; `24h` due a day later, `extensionPeriod` extends the award's period. */
export function addAwardMilestone(award: Award, input: MilestoneInput, tc: TenderCtx, allowed: readonly string[]): Milestone {
  if (award.status !== 'pending') throw forbidden(`Not allowed in current '${award.status}' award status`);
  const existing = (award.milestones as Milestone[] | undefined) ?? [];
  if (existing.some((m) => m.code === input.code)) throw dataError('awards', [{ milestones: [`There can be only one '${input.code}' milestone`] }]);
  if (!allowed.includes(input.code)) throw dataError('awards', [{ milestones: [`Forbidden to add milestone with code ${input.code}`] }]);
  const milestone: Milestone = { id: newId(), code: input.code, date: tc.nowIso, dueDate: input.dueDate ?? tc.nowIso };
  if (input.description !== undefined) milestone.description = input.description;
  if (input.code === '24h') {
    milestone.dueDate = formatIso(tc.accelerator ? tc.now + (24 * HOUR) / tc.accelerator : tc.now + 24 * HOUR);
  } else if (input.code === 'extensionPeriod') {
    const start = (award.period as { startDate?: string } | undefined)?.startDate;
    if (!start) throw new ApiError(403, [{ location: 'body', name: 'awards', description: [{ milestones: [`Forbidden to add milestone with code ${input.code} for award without period`] }] }]);
    milestone.dueDate = formatIso(addDuration(tc, isoToMs(start), EXTENDED_DECISION));
    award.period = { ...(award.period as object), endDate: milestone.dueDate };
  }
  award.milestones = [...existing, milestone];
  return milestone;
}

/** The bid's latest award is pending with a running 24h milestone: its bidder may fix the bid now. */
export function bidAnswersTo24hMilestone(tender: Tender, bidId: string, now: number): boolean {
  const award = awardsOf(tender).filter((a) => a.bid_id === bidId).at(-1);
  return award?.status === 'pending' && runningMilestone(award, now, new Set(['24h'])) !== undefined;
}
