// Looking up stored awards (below-threshold.md §1.13) for the modules around awarding (claims,
// cancellations, review requests, award decisions): one lookup, the 404 of the reference.
import { notFound } from '../http/errors.ts';
import { awardsOf, type Award, type Claim, type Tender } from './tender.types.ts';

/** A stored award as claim handling sees it: its claims typed. */
export type AwardRef = Award & { complaints?: Claim[] };

export { awardsOf };

export function findAward(tender: Tender, awardId: string): AwardRef {
  const award = awardsOf(tender).find((a) => a.id === awardId);
  if (!award) throw notFound('award_id');
  return award as AwardRef;
}
