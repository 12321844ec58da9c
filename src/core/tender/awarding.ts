// Awarding entry point (below-threshold.md §3.6). The chronograph calls `addNextAward` when the
// auction is skipped (one bid, or `hasAuction: false`); auction results will call it too.
//
// AWARD GENERATION (issue 6) PLUGS IN HERE: pick the best candidate bid per active lot, append a
// `pending` award, make lots without candidates `unsuccessful`, and choose `active.qualification`
// or `active.awarded`. Until then the tender only enters qualification and opens `awardPeriod`.
import { moveTenderStatus } from './tender.status.ts';
import type { Tender } from './tender.types.ts';

export interface AwardingCtx {
  nowIso: string;
}

export function addNextAward(tender: Tender, ac: AwardingCtx): void {
  if (!tender.awardPeriod?.startDate) tender.awardPeriod = { ...(tender.awardPeriod ?? {}), startDate: ac.nowIso };
  moveTenderStatus(tender, 'active.qualification', ac.nowIso);
}
