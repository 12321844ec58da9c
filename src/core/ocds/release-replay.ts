// The releases a stored document's history published, for databases written before the release
// feed (issue 16 §1: one release per stored revision that changed public data). Walking back from
// the stored document through its reverse-patch revision entries gives every earlier internal
// state; each is rendered as its write rendered it (the repositories' public views), and each write
// whose public view changed gets the release a live write makes: same `before`/`after`, revision
// number and date (release-writer.ts).

import type { AppDeps } from '../context.ts';
import { applyPatch } from '../storage/revisions.ts';
import type { CollectionName, ReleaseWrite, RevisionEntry } from '../storage/store.ts';
import { jsonEqual } from '../state/json-equal.ts';
import { isPublicTender, publicTenderView } from '../tender/tender.repository.ts';
import type { Tender } from '../tender/tender.types.ts';
import { publicContractView } from '../contracting/contract.repository.ts';
import type { Contract } from '../contracting/contract.types.ts';
import type { Json } from './ocds-snapshot.ts';
import { contractReleaseOf, revisionNumberOf, tenderReleaseOf, type ReleaseInput } from './release-writer.ts';

export type ReplayDeps = Pick<AppDeps, 'config' | 'dsKeyring' | 'procedures'>;

/** How the documents of a collection are published, as their repository's writes do it. */
interface Publication {
  view(deps: ReplayDeps, doc: Record<string, unknown>): Json;
  /** Whether a state had a public view a later write replaces (a draft tender had none). */
  wasPublic(doc: Record<string, unknown>): boolean;
  release(deps: ReplayDeps, input: ReleaseInput): ReleaseWrite | undefined;
}

const PUBLICATIONS: Partial<Record<CollectionName, Publication>> = {
  tenders: {
    view: (deps, doc) => publicTenderView(deps, doc as unknown as Tender),
    wasPublic: (doc) => isPublicTender(doc as unknown as Tender),
    release: tenderReleaseOf,
  },
  contracts: {
    view: (deps, doc) => publicContractView(deps, doc as unknown as Contract),
    // Contracts are public from their creation (contracting.md §2.2).
    wasPublic: () => true,
    release: contractReleaseOf,
  },
};

/**
 * The releases of a stored document's writes, oldest first. Throws when an entry does not apply
 * to the state it should turn back (a PatchApplyError) or a state cannot be rendered.
 */
export function replayedReleases(deps: ReplayDeps, collection: CollectionName, doc: Record<string, unknown>, publicText: string, revisions: readonly RevisionEntry[]): ReleaseWrite[] {
  const publication = PUBLICATIONS[collection];
  if (!publication) return [];
  const releases: ReleaseWrite[] = [];
  const release = (entry: RevisionEntry, before: Json | null, after: Json): void => {
    const written = publication.release(deps, { before, after, revision: revisionNumberOf(entry.rev ?? null) + 1, date: entry.date });
    if (written) releases.push(written);
  };
  // The latest write's view is the text it stored; earlier ones are rendered again.
  let state = doc;
  let view = JSON.parse(publicText) as Json;
  for (let i = revisions.length - 1; i >= 0; i--) {
    const entry = revisions[i]!;
    if (entry.rev === undefined) {
      // The creating write: it replaced nothing.
      release(entry, null, view);
      break;
    }
    const previous = applyPatch(state, entry.changes);
    const previousView = publication.view(deps, previous);
    const before = publication.wasPublic(previous) ? previousView : null;
    if (before === null || !jsonEqual(before, view)) release(entry, before, view);
    state = previous;
    view = previousView;
  }
  return releases.reverse();
}

/** The one release of a document's current state: what is left when its history cannot be replayed. */
export function currentStateRelease(deps: ReplayDeps, collection: CollectionName, publicText: string, rev: string): ReleaseWrite | undefined {
  const publication = PUBLICATIONS[collection];
  if (!publication) return undefined;
  const view = JSON.parse(publicText) as Json;
  return publication.release(deps, { before: null, after: view, revision: revisionNumberOf(rev), date: String(view.dateModified ?? '') });
}
