// Business rules of tender questions (below-threshold.md §1.10, §3.2). Pure: (tender, input, now)
// in, an ApiError with the reference's exact status/name/message out.
import { dataError, forbidden } from '../http/errors.ts';
import { parseIso } from '../time/iso.ts';
import type { Question, Tender } from './tender.types.ts';

type QuestionTarget = Pick<Question, 'questionOf' | 'relatedItem'>;

const instant = (iso: string | undefined): number | undefined => (iso ? parseIso(iso)?.ms : undefined);

/** Model-level check of `relatedItem` (422, reported like a field error). */
export function assertQuestionRelatedItem(tender: Tender, q: QuestionTarget): void {
  if (q.questionOf === 'tender') return;
  if (!q.relatedItem) throw dataError('relatedItem', ['This field is required.']);
  if (q.questionOf === 'lot' && !(tender.lots ?? []).some((l) => l.id === q.relatedItem)) {
    throw dataError('relatedItem', ['relatedItem should be one of lots']);
  }
  if (q.questionOf === 'item' && !(tender.items ?? []).some((i) => i.id === q.relatedItem)) {
    throw dataError('relatedItem', ['relatedItem should be one of items']);
  }
}

/** Questions are accepted only inside the enquiry period, both ends inclusive (no tender-status check). */
export function assertQuestionInEnquiryPeriod(tender: Tender, now: number): void {
  const start = instant(tender.enquiryPeriod?.startDate);
  const end = instant(tender.enquiryPeriod?.endDate);
  if ((start !== undefined && now < start) || end === undefined || now > end) {
    throw forbidden('Can add question only in enquiryPeriod');
  }
}

/** The lot a question is about (directly or through its item) must still be active. */
export function assertQuestionLotActive(tender: Tender, q: QuestionTarget): void {
  let lotId: string | undefined;
  if (q.questionOf === 'lot') lotId = q.relatedItem;
  else if (q.questionOf === 'item') lotId = (tender.items ?? []).find((i) => i.id === q.relatedItem)?.relatedLot;
  if (lotId === undefined) return;
  const lot = (tender.lots ?? []).find((l) => l.id === lotId);
  if (lot && lot.status !== 'active') throw forbidden('Can add/update question only in active lot status');
}

/** The owner answers while the tender is in one of `statuses` and no later than clarificationsUntil. */
export function assertQuestionAnswerAllowed(tender: Tender, now: number, statuses: readonly string[]): void {
  if (!statuses.includes(tender.status)) {
    throw forbidden(`Can't update question in current (${tender.status}) tender status`);
  }
  const until = instant(tender.enquiryPeriod?.clarificationsUntil);
  if (until !== undefined && now > until) {
    throw forbidden('Can update question only before enquiryPeriod.clarificationsUntil');
  }
}
