// What resolving a satisfied cancellation complaint does (open-procedures.md §2.6): the days the
// cancellation's complaint held the tender are given back. Tendering tenders move their tendering
// dates (or, after tendering, the auction's); tenders without tendering move the stand-stills of
// awards that were running when the cancellation's complaint period began. Pure.
import { addKyivDays } from '../../time/kyiv.ts';
import { formatIso, isoToMs } from '../../time/iso.ts';
import type { TenderCtx } from '../procedure.ts';
import { awardsOf, type Cancellation, type Claim, type Tender } from '../tender.types.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Whole days from the complaint period's start to the owner's action, a started hour counting as a day; at least 1. */
export function heldDays(periodStartIso: string, actionIso: string): number {
  const elapsed = isoToMs(actionIso) - isoToMs(periodStartIso);
  const days = Math.floor(elapsed / DAY_MS);
  const rest = elapsed - days * DAY_MS;
  const total = days + (Math.floor(rest / 1000) > HOUR_MS / 1000 - 1 ? 1 : 0);
  return total === 0 ? 1 : total;
}

function shifted(iso: string, days: number, tc: Pick<TenderCtx, 'accelerator'>): string {
  const ms = isoToMs(iso);
  return formatIso(tc.accelerator ? ms + (days * DAY_MS) / tc.accelerator : addKyivDays(ms, days));
}

type DatedPeriod = { startDate?: string; endDate?: string; clarificationsUntil?: string; shouldStartAfter?: string } | undefined;

export function shiftPeriodsForResolvedCancellationComplaint(t: Tender, cancellation: Cancellation, complaint: Claim, tc: Pick<TenderCtx, 'accelerator'>): void {
  const start = (cancellation.complaintPeriod as DatedPeriod)?.startDate;
  const action = complaint.tendererActionDate as string | undefined;
  if (!start || !action) return;
  const days = heldDays(start, action);
  const move = (holder: DatedPeriod, key: 'endDate' | 'clarificationsUntil' | 'shouldStartAfter' | 'startDate'): void => {
    if (holder?.[key]) holder[key] = shifted(holder[key]!, days, tc);
  };
  const date = isoToMs(start);
  const tenderPeriod = t.tenderPeriod as DatedPeriod;
  const auction = t.auctionPeriod as DatedPeriod;
  if (tenderPeriod?.endDate) {
    const tenderEnd = isoToMs(tenderPeriod.endDate);
    const enquiry = t.enquiryPeriod as DatedPeriod;
    if (t.status === 'active.tendering' && enquiry?.startDate && isoToMs(enquiry.startDate) < date && date <= tenderEnd) {
      move(enquiry, 'endDate');
      move(enquiry, 'clarificationsUntil');
      move(tenderPeriod, 'endDate');
      move(auction, 'shouldStartAfter');
      move(auction, 'startDate');
    } else if (auction?.shouldStartAfter && tenderEnd < date && date <= isoToMs(auction.shouldStartAfter)) {
      move(auction, 'shouldStartAfter');
      move(auction, 'startDate');
    }
    return;
  }
  for (const award of awardsOf(t)) {
    const period = award.complaintPeriod as DatedPeriod;
    if (period?.startDate && period.endDate && isoToMs(period.startDate) < date && date < isoToMs(period.endDate)) move(period, 'endDate');
  }
}
