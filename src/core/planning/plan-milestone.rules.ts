// Central purchasing body approval milestones (plans.md §1.9, §3.5, §3.7): which milestones are
// active, the two-business-day window before tenderPeriod.startDate in which a plan's procuring
// entity can no longer change, and the milestone status table.
import { forbidden } from '../http/errors.ts';
import type { Plan, PlanMilestone } from './plan.types.ts';

export const ACTIVE_MILESTONE_STATUSES: readonly PlanMilestone['status'][] = ['scheduled', 'met'];

/** Milestone status moves a milestone owner may make (plans.md §3.7). */
export const MILESTONE_STATUS_TRANSITIONS: Readonly<Record<PlanMilestone['status'], readonly PlanMilestone['status'][]>> = {
  scheduled: ['met', 'notMet'],
  met: [],
  notMet: [],
  invalid: [],
};

export const isActiveMilestone = (m: PlanMilestone): boolean => ACTIVE_MILESTONE_STATUSES.includes(m.status);

const DAY_MS = 86_400_000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * Two business days after a Kyiv wall-clock time (weekends only, no holidays), in the reference's
 * steps: a weekend time moves to Monday 00:00; then the next weekday at the same time; then, unless
 * it is midnight, the next weekday again (midnight counts the day itself: one calendar day more).
 */
export function twoBusinessDaysAfter(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?([+-]\d{2}:\d{2}|Z)$/.exec(iso);
  if (!m) return iso;
  let wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  const weekday = (t: number) => new Date(t).getUTCDay();
  const isWeekend = (t: number) => weekday(t) === 0 || weekday(t) === 6;
  const nextWeekday = (t: number) => {
    let next = t + DAY_MS;
    while (isWeekend(next)) next += DAY_MS;
    return next;
  };
  if (isWeekend(wall)) {
    while (isWeekend(wall)) wall += DAY_MS;
    wall -= wall % DAY_MS;
  }
  wall = nextWeekday(wall);
  wall = wall % DAY_MS === 0 ? wall + DAY_MS : nextWeekday(wall);
  const d = new Date(wall);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${m[7] ?? ''}`;
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${time}${m[8]}`;
}

/**
 * A change of the plan's procuring entity identifier invalidates the active approval milestones, or is
 * refused inside the two-business-day window before tenderPeriod.startDate (compared as strings, as
 * the reference does; no start date: no deadline).
 */
export function assertProcuringEntityChangeAllowed(before: Plan, after: Plan, nowIso: string): void {
  const a = before.procuringEntity?.identifier;
  const b = after.procuringEntity?.identifier;
  if (a?.scheme === b?.scheme && a?.id === b?.id) return;
  const active = (before.milestones ?? []).filter(isActiveMilestone);
  if (active.length === 0) return;
  const start = after.tender?.tenderPeriod?.startDate;
  if (start !== undefined && twoBusinessDaysAfter(nowIso) > start) {
    throw forbidden("Can't update procuringEntity later than 2 business days before tenderPeriod.StartDate");
  }
  for (const m of after.milestones ?? []) {
    if (!isActiveMilestone(m)) continue;
    m.status = 'invalid';
    m.dateModified = nowIso;
  }
}
