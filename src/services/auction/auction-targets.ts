// Which auctions a tender in active.auction needs, read from the tender document, and the bodies the
// built-in auction sends to the auction API (urls, results). Pure.
//
// An auction runs for the tender (no lots) or for each active lot with two or more bids, once its
// `auctionPeriod.startDate` is planned and until its `endDate` is set. Participants are the active
// bids (with an active lotValue of the lot), in tender bid order.
import { isoToMs } from '../../core/time/iso.ts';
import { applicableFeatures } from '../../core/tender/bid-weighting.ts';
import { countLotBids } from '../../core/tender/bid-counting.ts';
import { lotParticipants } from '../../core/tender/auction.rules.ts';
import type { Tender } from '../../core/tender/tender.types.ts';
import type { AuctionParticipantInput, AuctionResultEntry, CreateRunInput } from './auction-run.types.ts';
import { runKey } from './auction-run-store.ts';

/** Sandbox markers of `submissionMethodDetails` (platform.md §7.8). */
export type AuctionMode = 'normal' | 'no-auction' | 'fast-forward';

export interface AuctionTarget {
  key: string;
  lotId: string | null;
  run: CreateRunInput;
  mode: AuctionMode;
}

export function auctionModeOf(tender: Tender, sandbox: boolean): AuctionMode {
  const details = String(tender.submissionMethodDetails ?? '');
  if (!sandbox) return 'normal';
  if (details.includes('quick(mode:no-auction)')) return 'no-auction';
  if (details.includes('quick(mode:fast-forward)')) return 'fast-forward';
  return 'normal';
}

/** A run without time: every stage at the start, so it ends as it begins and posts the initial offers. */
const INSTANT = { firstPauseMs: 0, turnMs: 0, pauseBetweenRoundsMs: 0, rounds: 3 };

function participantsOf(tender: Tender, lotId: string | null): AuctionParticipantInput[] {
  const parameterValues = (codes: Set<string | undefined>, params: Array<{ code: string; value: number }> | undefined): number[] =>
    (params ?? []).filter((p) => codes.has(p.code)).map((p) => p.value);
  const codes = new Set(applicableFeatures(tender, lotId ?? undefined).map((f) => f.code));
  if (lotId === null) {
    return (tender.bids ?? [])
      .filter((bid) => bid.status === 'active' && bid.value?.amount !== undefined)
      .map((bid) => ({ bidId: bid.id, amount: bid.value!.amount!, date: bid.date, parameterValues: parameterValues(codes, bid.parameters) }));
  }
  return lotParticipants(tender, lotId).map(({ bid, lotValue }) => ({
    bidId: bid.id,
    amount: lotValue.value.amount ?? 0,
    date: lotValue.date ?? bid.date,
    parameterValues: parameterValues(codes, bid.parameters),
  }));
}

function featureMaxValues(tender: Tender, lotId: string | null): number[] | undefined {
  const features = applicableFeatures(tender, lotId ?? undefined);
  if (features.length === 0) return undefined;
  return features.map((f) => Math.max(0, ...f.enum.map((e) => e.value)));
}

export interface TargetOptions {
  sandbox: boolean;
  accelerator: number | undefined;
}

export function auctionTargets(tender: Tender, opts: TargetOptions): AuctionTarget[] {
  if (tender.status !== 'active.auction' || (tender.config as { hasAuction?: boolean } | undefined)?.hasAuction === false) return [];
  const mode = auctionModeOf(tender, opts.sandbox);
  const holders: Array<{ lotId: string | null; period: Tender['auctionPeriod']; step: number | undefined }> =
    (tender.lots ?? []).length === 0
      ? [{ lotId: null, period: tender.auctionPeriod, step: tender.minimalStep?.amount }]
      : (tender.lots ?? [])
          .filter((lot) => lot.status === 'active' && countLotBids(tender, lot.id) > 1)
          .map((lot) => ({ lotId: lot.id, period: lot.auctionPeriod, step: lot.minimalStep?.amount }));
  const targets: AuctionTarget[] = [];
  for (const { lotId, period, step } of holders) {
    if (!period?.startDate || period.endDate) continue;
    const participants = participantsOf(tender, lotId);
    if (participants.length < 2) continue;
    const run: CreateRunInput = {
      tenderId: tender.id,
      lotId,
      participants,
      minimalStep: step ?? 0,
      startMs: isoToMs(period.startDate),
      accelerator: opts.accelerator,
      featureMaxValues: featureMaxValues(tender, lotId),
    };
    if (mode !== 'normal') run.durations = INSTANT;
    targets.push({ key: runKey(tender.id, lotId), lotId, run, mode });
  }
  return targets;
}

/** Up to and including the lot's position in a bid's lotValues (shorter lists are allowed by the API). */
function lotValuesUpTo(tender: Tender, bidId: string, lotId: string, last: Record<string, unknown>): Array<Record<string, unknown>> | undefined {
  const bid = (tender.bids ?? []).find((b) => b.id === bidId);
  const values = bid?.lotValues ?? [];
  const index = values.findIndex((lv) => lv.relatedLot === lotId);
  if (index < 0) return undefined;
  return values.slice(0, index + 1).map((lv, i) => (i === index ? { relatedLot: lv.relatedLot, ...last } : { relatedLot: lv.relatedLot }));
}

/** The `PATCH /auction[/{lot}]` body: the page url and a participation url per participant. */
export function urlsBody(tender: Tender, target: AuctionTarget, pageUrl: string, participation: (bidId: string) => string): Record<string, unknown> {
  const taking = new Set(target.run.participants.map((p) => p.bidId));
  if (target.lotId === null) {
    return {
      auctionUrl: pageUrl,
      bids: (tender.bids ?? []).map((bid) => (taking.has(bid.id) ? { id: bid.id, participationUrl: participation(bid.id) } : { id: bid.id })),
    };
  }
  const lotId = target.lotId;
  return {
    lots: (tender.lots ?? []).map((lot) => (lot.id === lotId ? { id: lot.id, auctionUrl: pageUrl } : { id: lot.id })),
    bids: (tender.bids ?? []).map((bid) => {
      const lotValues = taking.has(bid.id) ? lotValuesUpTo(tender, bid.id, lotId, { participationUrl: participation(bid.id) }) : undefined;
      return lotValues ? { id: bid.id, lotValues } : { id: bid.id };
    }),
  };
}

function resultFields(entry: AuctionResultEntry): Record<string, unknown> {
  const out: Record<string, unknown> = { value: { amount: entry.value.amount }, date: entry.date };
  // The API keeps its own denominator; the auction reports the weighted amount only.
  if (entry.weightedValue) out.weightedValue = { amount: entry.weightedValue.amount };
  return out;
}

/** The `POST /auction[/{lot}]` body: one entry per tender bid, results on the participants. */
export function resultsBody(tender: Tender, lotId: string | null, results: readonly AuctionResultEntry[]): Record<string, unknown> {
  const byBid = new Map(results.map((r) => [r.id, r]));
  return {
    bids: (tender.bids ?? []).map((bid) => {
      const entry = byBid.get(bid.id);
      if (!entry) return { id: bid.id };
      if (lotId === null) return { id: bid.id, ...resultFields(entry) };
      const lotValues = lotValuesUpTo(tender, bid.id, lotId, resultFields(entry));
      return lotValues ? { id: bid.id, lotValues } : { id: bid.id };
    }),
  };
}
