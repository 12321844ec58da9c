// How a feed page filtered by a date range is read on both backends (issue 16 §3: a filtered page
// should cost what an unfiltered one does). The feed is ordered by public_modified; a date range
// selects rows by another column. Sorting every match costs as many rows as the range holds, and
// walking the feed from the offset costs every row before the range begins. So:
//   0. a page after an offset first tries one walk (step 1): inside a wide range it is all it takes;
//   then count the range's rows past the offset on its (column, public_modified) index, up to a cap:
//      a narrow range (under the cap) is read through that index and sorted — few rows;
//   1. walk: the next `budget` rows of the feed from the offset, checked against the filters
//      (pages inside a wide range the feed order follows — dates do — end here);
//   2. seek: the first feed position where the range column matches (the index alone), then walk
//      from there (the first page of such a range);
//   3. the plain query, the database's planner choosing (wide ranges the feed order does not follow).
// A walk that fills a page is exact: it read the feed in order from its start, and the first
// `limit` matches of that stretch are the first `limit` matches of the feed.
import type { FeedFilters, FeedRange, FeedRow } from '../core/storage/store.ts';

/** The date columns a page may seek on, in the order one is picked when several are filtered. */
const SEEK_COLUMNS: ReadonlyArray<[keyof FeedFilters, string]> = [
  ['dateModified', 'f_modified'],
  ['tenderPeriodStart', 'f_period_start'],
  ['tenderPeriodEnd', 'f_period_end'],
];

export interface SeekRange {
  column: string;
  range: FeedRange;
}

/** The date range a filtered page seeks on, or undefined when it filters no date. */
export function seekRangeOf(filters: FeedFilters | undefined): SeekRange | undefined {
  if (!filters) return undefined;
  for (const [key, column] of SEEK_COLUMNS) {
    const range = filters[key] as FeedRange | undefined;
    if (range && (range.min !== undefined || range.max !== undefined)) return { column, range };
  }
  return undefined;
}

/**
 * Feed rows one walk reads at most: enough that a range the feed follows fills a page at once, few
 * enough that a walk costs about what an unfiltered page does (every row read is a whole record:
 * on SQLite the filter columns sit after the document text).
 */
export function walkBudget(limit: number): number {
  return Math.max(200, 2 * limit);
}

/**
 * How a store reads one page: whole (`plain`), sorted after reading the matches through the range
 * index (`sorted`: the feed-order index is kept out of the plan), or a walk of at most `budget`
 * feed rows (from `start`, inclusive, when given) with the filters checked on those.
 */
export type PageShape = { kind: 'plain' } | { kind: 'sorted' } | { kind: 'walk'; budget: number; start?: number | undefined };

/** Range rows past the offset up to which a range counts as narrow (read through its index and sorted). */
export const NARROW_RANGE_ROWS = 3000;

export interface SeekSteps {
  /** The range column's rows past the offset, counted on its index up to `cap`. */
  countInRange(cap: number): Promise<number>;
  /** The page read through the range column's index, sorted by feed position. */
  sorted(): Promise<FeedRow[]>;
  /** The page from the offset (or from `start`, inclusive), reading at most the walk budget. */
  walk(start?: number): Promise<FeedRow[]>;
  /** The first feed position past the offset whose range column matches; null when none does. */
  firstMatch(): Promise<number | null>;
  /** The page by the plain query. */
  full(): Promise<FeedRow[]>;
}

export async function seekingPage(limit: number, steps: SeekSteps, fromOffset: boolean): Promise<FeedRow[]> {
  // A next page usually lies inside the range the previous one came from: one walk serves it (the
  // count would read the range's index entries before the offset too).
  const walked = fromOffset ? await steps.walk() : null;
  if (walked && walked.length >= limit) return walked;
  const inRange = await steps.countInRange(NARROW_RANGE_ROWS);
  if (inRange === 0) return [];
  if (inRange < NARROW_RANGE_ROWS) return steps.sorted();
  const stretch = walked ?? (await steps.walk());
  if (stretch.length >= limit) return stretch;
  const start = await steps.firstMatch();
  // No row past the offset is in the range: nothing else can match.
  if (start === null) return stretch;
  const seeked = await steps.walk(start);
  if (seeked.length >= limit) return seeked;
  return steps.full();
}
