// The upgrade of a database written before filtered feeds and the release feed (issue 16), run
// once on open: every document gets its feed filter values, every public tender and contract the
// releases its stored history published (release-replay.ts).

import type { StoredUpgrade } from '../storage/store.ts';
import { feedFilterValuesOf } from '../storage/feed-filters.ts';
import { currentStateRelease, replayedReleases, type ReplayDeps } from './release-replay.ts';

/**
 * The name it is recorded under. Still v1 although v1 gave each document only its current state's
 * release: no database outside tests ran v1, and one that did has live releases after it.
 */
export const FEED_INDEX_UPGRADE = 'feed-filters-and-ocds-releases-v1';

export function feedIndexUpgrade(deps: ReplayDeps): StoredUpgrade {
  return {
    document: () => null,
    revision: () => null,
    // No revision entry needs rewriting: a text no stored entry contains (JSON escapes a raw `\u0001`).
    revisionsContaining: '\u0001feed-index-upgrade\u0001',
    filters: (_collection, doc) => feedFilterValuesOf(doc),
    releases: (collection, doc, publicText, rev, revisions) => {
      try {
        const replayed = replayedReleases(deps, collection, doc, publicText, revisions);
        if (replayed.length > 0) return replayed;
      } catch {
        // An entry that does not apply (or a state that does not render): one bad document must
        // not stop the upgrade of the others.
      }
      // No history to replay: the current state's release, so a public document is in its process.
      const release = currentStateRelease(deps, collection, publicText, rev);
      return release ? [release] : [];
    },
  };
}
