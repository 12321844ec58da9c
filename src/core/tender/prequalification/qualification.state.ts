// The owner's decisions on a qualification (open-procedures.md §4.3) as a listable table: a decision
// moves the bid's lotValue (or the bid) with it; reopening a decision appends a fresh pending one.
import { TransitionTable } from '../../state/machine.ts';
import { ApiError } from '../../http/errors.ts';
import { setObjectStatus } from '../../state/object-status.ts';
import { bidsOf } from '../bid-counting.ts';
import type { TenderCtx } from '../procedure.ts';
import type { Tender } from '../tender.types.ts';
import { newQualification, pullUpBidStatus } from './prequalification.ts';
import { qualificationsOf, type Qualification } from './qualification.types.ts';

export const QUALIFICATION_STATUSES = ['pending', 'active', 'unsuccessful', 'cancelled'] as const;

export interface QualificationMove {
  tender: Tender;
  qualification: Qualification;
  tc: TenderCtx;
  /** The pending qualification a reopened decision appends. */
  appended?: Qualification;
}

/** The bid's proposal the qualification judges (its lotValue, or the bid itself) takes `status`. */
function judge({ tender, qualification, tc }: QualificationMove, status: string): void {
  const bid = bidsOf(tender).find((b) => b.id === qualification.bidID);
  if (!bid) return;
  if (qualification.lotID === undefined) {
    bid.status = status;
    return;
  }
  for (const lv of bid.lotValues ?? []) if (lv.relatedLot === qualification.lotID) setObjectStatus(lv, status, tc.nowIso);
  pullUpBidStatus(bid);
}

function reopen(m: QualificationMove): void {
  judge(m, 'pending');
  const fresh = newQualification(m.qualification.bidID, m.qualification.lotID, m.tc.nowIso);
  m.tender.qualifications = [...qualificationsOf(m.tender), fresh];
  m.appended = fresh;
}

export const coreQualificationTransitions = new TransitionTable<QualificationMove>(QUALIFICATION_STATUSES, [
  {
    from: 'pending',
    to: 'active',
    guard({ qualification }) {
      const errors = (['qualified', 'eligible'] as const).filter((f) => qualification[f] !== true).map((f) => ({ location: 'body' as const, name: f, description: ['This field must be true.'] }));
      if (errors.length > 0) throw new ApiError(422, errors);
    },
    effect: (m) => judge(m, 'active'),
  },
  { from: 'pending', to: 'unsuccessful', effect: (m) => judge(m, 'unsuccessful') },
  { from: 'active', to: 'cancelled', effect: reopen },
  { from: 'unsuccessful', to: 'cancelled', effect: reopen },
]);
