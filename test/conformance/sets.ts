// The conformance sets: every folder of the shared conformance directory with an ORDER, what the
// harness replays of each, and which sets are gated.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readOutOfBand, type OutOfBand } from './out-of-band.ts';
import { readOrder, type BeforeFile } from './replay.ts';
import { NEGOTIATION_PLAN } from './negotiation.plan.ts';
import { BELOW_THRESHOLD_PLAN } from './below-threshold.plan.ts';
import { openPlan } from './open.plan.ts';
import { PLANNING_PLAN } from './planning.plan.ts';

/**
 * Sets whose procedure (or API) the server implements: their replay is gated. Add a set's folder
 * name here once its procedure lands; every other set is replayed and reported only.
 */
export const IMPLEMENTED_SETS: readonly string[] = ['below-threshold', 'reporting', 'negotiation', 'open-ua', 'above-threshold', 'planning'];

/** The gate of an implemented set, over its ORDER replay. */
export const MIN_STATUS_RATE = 0.95;
export const MIN_FULL_RATE = 0.9;

/** Replay time budget of a set that is not gated, per backend: an unknown procedure must not slow the suite. */
export const REPORT_ONLY_BUDGET_MS = 15_000;

/**
 * The standards data (code lists, classifiers) the recordings' server had: `$STANDARDS_DIR`, else
 * `data/` beside the conformance directory; undefined when there is none.
 */
export function recordingStandardsDir(root: string): string | undefined {
  const dir = process.env.STANDARDS_DIR ?? join(root, '..', 'data');
  return existsSync(dir) ? dir : undefined;
}

export interface Scenario {
  name: string;
  files: string[];
}

/** What a set replays beyond ORDER, and which files it holds to their recorded status and shape. */
export interface SetPlan {
  /** Scenarios besides ORDER, each replayed on a fresh app (given the set's ORDER). */
  scenarios?(order: readonly string[]): Record<string, readonly string[]>;
  /** Files whose recorded status and body shape must be reproduced (when the set is gated). */
  requiredFiles?: readonly string[];
  /** Required files asserted in a scenario other than where ORDER replays them. */
  requiredIn?: Readonly<Record<string, string>>;
  /** The set's emulations of what OUT-OF-BAND.md says the recording did outside HTTP. */
  beforeFile?: BeforeFile;
}

const PLANS: Readonly<Record<string, SetPlan>> = { 'below-threshold': BELOW_THRESHOLD_PLAN, negotiation: NEGOTIATION_PLAN, planning: PLANNING_PLAN, 'open-ua': openPlan({ enquiryStartDays: 15, tenderingStartDays: 15, tenderingEnd: 'auction-url.http', auctionResults: 'get-awards-list.http' }),
  'above-threshold': openPlan({ enquiryStartDays: 7, tenderingStartDays: 15, tenderingEnd: 'auction-url.http', auctionResults: 'get-awards-list.http' }),
  // The EU tutorial (open-procedures.md §8.2), for when its recordings join the sets.
  'open-eu': openPlan({ enquiryStartDays: 29, tenderingStartDays: 29, tenderingEnd: 'qualifications-listing.http', standStillEnd: 'auction-url.http', auctionResults: 'unsuccessful-qualified-award.http' }), };

export interface ConformanceSet {
  name: string;
  dir: string;
  order: string[];
  outOfBand: OutOfBand;
  gated: boolean;
  plan: SetPlan;
}

/** Every set of `root`: its folders that hold an ORDER, by name. */
export function conformanceSets(root: string): ConformanceSet[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(root, e.name, 'ORDER')))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const dir = join(root, name);
      return { name, dir, order: readOrder(dir), outOfBand: readOutOfBand(dir), gated: IMPLEMENTED_SETS.includes(name), plan: PLANS[name] ?? {} };
    });
}

/** ORDER, the plan's scenarios, then every other file of the set in one "others" scenario. */
export function setScenarios(set: ConformanceSet): Scenario[] {
  const all = readdirSync(set.dir).filter((f) => f.endsWith('.http')).sort();
  const list: Scenario[] = [{ name: 'ORDER', files: set.order }];
  for (const [name, files] of Object.entries(set.plan.scenarios?.(set.order) ?? {})) list.push({ name, files: files.filter((f) => all.includes(f)) });
  const covered = new Set(list.flatMap((s) => s.files));
  const others = all.filter((f) => !covered.has(f));
  if (others.length > 0) list.push({ name: 'others', files: others });
  return list.filter((s) => s.files.length > 0);
}
