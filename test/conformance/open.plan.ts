// What the harness does for the open tutorials (shared/conformance/open-ua, above-threshold) beyond
// ORDER (their OUT-OF-BAND.md):
//  - the recording created its tender with a request whose file it later overwrote with a fresh
//    draft POST, so ORDER starts on a tender it never created: a stand-in is created with that
//    file's request, and the recorded tender and its owner token are mapped to it;
//  - `db:set_enquiry_period_end` moved the stored periods so that the enquiry period had just ended
//    (the reference test base's "enquiry_end" periods: tendering from 15 days — EU: 29 — ago to
//    2 days ahead, enquiries ended a day ago): the same edit is made on our stored tender;
//  - `db:set_status` put the tender into `active.auction` at once: our stored tendering is made to
//    end a minute from now, so the chronograph ends it (drafts submitted first) without the clock
//    running days ahead of the recording's;
//  - the auction module posted results in which the first bid went down (to an abnormally low
//    price): the same results are posted as the auction user, the prices taken from the awards the
//    recording shows next;
//  - `db:mongodb.tenders.save` moved the `alp` milestone's due date a day into the past, so the
//    owner may decide: the same edit is made on our stored awards;
//  - "tick 11 days; chronograph" before the cancellation's activation: our clock runs later than
//    the recording's (the tender reached the auction by time, not by a database edit), so the clock
//    is moved to the end of our pending cancellations' complaint periods.
import type { SetPlan } from './sets.ts';
import type { EmulationApi } from './replay.ts';
import { isPlainObject } from './id-map.ts';

const TENDER = /\/tenders\/([0-9a-f]{32})/;
const CREATE_FILE = 'tender-post-attempt-json-data.http';
const ENQUIRY_END_FILE = 'update-tender-after-enqiery.http';
const AUCTION = 'Bearer auction';
const MILESTONE_DUE_FILE = 'unsuccessful-qualified-award.http';
const CANCELLATION_ACTIVE_FILE = 'active-cancellation.http';
const DAY = 86_400_000;

const iso = (ms: number): string => new Date(ms).toISOString();

/** The "enquiry_end" periods of the reference's test base, relative to now; `enquiryStartDays` differs per procedure. */
function enquiryEndPeriods(tender: Record<string, unknown>, now: number, files: OpenPlanFiles): void {
  const ep = isPlainObject(tender.enquiryPeriod) ? tender.enquiryPeriod : {};
  tender.enquiryPeriod = { ...ep, startDate: iso(now - files.enquiryStartDays * DAY), endDate: iso(now - DAY) };
  tender.tenderPeriod = { startDate: iso(now - files.tenderingStartDays * DAY), endDate: iso(now + 2 * DAY) };
}

/** Where a tutorial's out-of-band steps sit (they differ between the open procedures' tutorials). */
export interface OpenPlanFiles {
  /** The "enquiry_end" periods' start of enquiries and of tendering, days before now. */
  readonly enquiryStartDays: number;
  readonly tenderingStartDays: number;
  /** The file before which the recording forced the end of tendering (`db:set_status`). */
  readonly tenderingEnd: string;
  /** The file before which it forced the end of the pre-qualification stand-still (EU). */
  readonly standStillEnd?: string;
  /** The file whose recorded response (or the first after the auction) shows the auction's results. */
  readonly auctionResults: string;
}

export function openPlan(files: OpenPlanFiles): SetPlan {
  return {
    async beforeFile(file, ex, api) {
      const tender = TENDER.exec(ex.request.path)?.[1];
      if (tender === undefined) return [];
      if (api.ours(tender) === undefined && api.createdTenders().length === 0) {
        const status = await api.createStandIn(tender, CREATE_FILE);
        return [`stand-in for ${tender}: POST with the request of ${CREATE_FILE} (overwritten in the recording) → ${status}`];
      }
      if (file === ENQUIRY_END_FILE) {
        const done = await api.editStored(tender, (t) => enquiryEndPeriods(t, api.nowMs(), files));
        return [done ? 'db:set_enquiry_period_end: stored periods moved (enquiries ended a day ago)' : 'db:set_enquiry_period_end: no storage access'];
      }
      if (file === files.auctionResults) return auctionResults(tender, ex.response.json, api);
      if (file === files.standStillEnd) return endInAMinute(tender, api, 'active.pre-qualification.stand-still', 'qualificationPeriod');
      if (file === CANCELLATION_ACTIVE_FILE) return cancellationPeriodsOver(tender, api);
      if (file === files.tenderingEnd) return endInAMinute(tender, api, 'active.tendering', 'tenderPeriod');
      if (file === MILESTONE_DUE_FILE) {
        const done = await api.editStored(tender, (t) => milestonesDue(t, api.nowMs()));
        return [done ? 'db:mongodb.tenders.save: award milestones due a day ago' : 'db:mongodb.tenders.save: no storage access'];
      }
      return [];
    },
  };
}

/** `db:set_status`: the stored stage (`status`) ends a minute from now, by its `period`'s end, so the chronograph moves it on. */
async function endInAMinute(recTender: string, api: EmulationApi, status: string, period: 'tenderPeriod' | 'qualificationPeriod'): Promise<string[]> {
  const at = iso(api.nowMs() + 60_000);
  const done = await api.editStored(recTender, (t) => {
    if (t.status !== status) return;
    t[period] = { ...(isPlainObject(t[period]) ? t[period] : {}), endDate: at };
    t.next_check = at;
  });
  return [done ? `db:set_status: stored ${status} ends at ${at}` : 'db:set_status: no storage access'];
}

async function cancellationPeriodsOver(recTender: string, api: EmulationApi): Promise<string[]> {
  const ours = api.ours(recTender);
  if (ours === undefined) return [];
  const r = await api.as('Bearer broker', 'GET', `/api/2.5/tenders/${ours}`);
  const tender = isPlainObject(r.json) && isPlainObject(r.json.data) ? r.json.data : undefined;
  const ends = (Array.isArray(tender?.cancellations) ? tender.cancellations.filter(isPlainObject) : [])
    .filter((c) => c.status === 'pending' && isPlainObject(c.complaintPeriod) && typeof c.complaintPeriod.endDate === 'string')
    .map((c) => String((c.complaintPeriod as Record<string, unknown>).endDate));
  const out: string[] = [];
  for (const end of ends.sort()) {
    const note = await api.setClock(end);
    if (note) out.push(`tick to the cancellation complaint period end: ${note}`);
  }
  return out;
}

function milestonesDue(tender: Record<string, unknown>, now: number): void {
  for (const award of Array.isArray(tender.awards) ? tender.awards.filter(isPlainObject) : []) {
    for (const m of Array.isArray(award.milestones) ? award.milestones.filter(isPlainObject) : []) m.dueDate = iso(now - DAY);
  }
}

/** Results of every lot's auction with the awarded bids at the prices the recorded awards show. */
async function auctionResults(recTender: string, recorded: unknown, api: EmulationApi): Promise<string[]> {
  const ours = api.ours(recTender);
  if (ours === undefined) return [];
  const view = await api.as(AUCTION, 'GET', `/api/2.5/tenders/${ours}/auction`);
  const tender = isPlainObject(view.json) && isPlainObject(view.json.data) ? view.json.data : undefined;
  if (!tender || tender.status !== 'active.auction') return [];
  const awards = isPlainObject(recorded) && Array.isArray(recorded.data) ? recorded.data.filter(isPlainObject) : [];
  const bids = Array.isArray(tender.bids) ? tender.bids.filter(isPlainObject) : [];
  const out: string[] = [];
  for (const lot of (Array.isArray(tender.lots) ? tender.lots.filter(isPlainObject) : []).filter((l) => l.status === 'active')) {
    const results = bids.map((bid) => {
      const award = awards.find((a) => typeof a.bid_id === 'string' && api.ours(a.bid_id) === bid.id && api.ours(String(a.lotID)) === lot.id);
      const amount = isPlainObject(award?.value) ? award.value.amount : undefined;
      if (amount === undefined || !Array.isArray(bid.lotValues)) return {};
      return { lotValues: bid.lotValues.filter(isPlainObject).map((lv) => (lv.relatedLot === lot.id ? { value: { amount } } : {})) };
    });
    const r = await api.as(AUCTION, 'POST', `/api/2.5/tenders/${ours}/auction/${String(lot.id)}`, { bids: results });
    out.push(`auction results of lot ${String(lot.id)} (prices of the recorded awards) → ${r.status}${r.status === 200 ? '' : ` ${r.bodyText.slice(0, 200)}`}`);
  }
  return out;
}
