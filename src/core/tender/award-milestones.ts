// Award milestones of the open family (open-procedures.md §1.7): the system's abnormally-low-price
// (`alp`) milestone on a new award whose price is far below its rivals', and the rule that no
// decision is taken on an award before a running milestone's due date.
import { randomUUID } from 'node:crypto';
import { forbidden } from '../http/errors.ts';
import { formatIso, isoToMs } from '../time/iso.ts';
import { addDuration } from './durations.ts';
import type { NewAwardHook, RankedProposal } from './awarding.ts';
import type { Award } from './tender.types.ts';

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

type Milestone = { id: string; code: string; date: string; dueDate: string; description?: string };

/** New awards at an abnormally low price get an `alp` milestone due one working day later. */
export const abnormallyLowPriceMilestone: NewAwardHook = (award, winner, rivals, tc) => {
  if (!isAbnormallyLowPrice(winner, rivals)) return;
  const milestone: Milestone = {
    id: randomUUID().replace(/-/g, ''),
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
