// The release a stored write publishes (issue 16 §1), made where the tender and contract
// repositories build their writes: only when the public data changed, stamped with the process's
// ocid and the write's revision number.

import { serverUrl } from '../../config.ts';
import type { AppDeps } from '../context.ts';
import { API_PREFIX } from '../http/api-prefix.ts';
import type { ReleaseWrite } from '../storage/store.ts';
import type { Json, OcdsContext } from './ocds-snapshot.ts';
import { jsonEqual } from '../state/json-equal.ts';
import { contractRelease, ocidOf, planRelease, releaseWrite, tenderIdOfContract, tenderRelease } from './process-release.ts';
import { contractReleaseTags, planReleaseTags, tenderReleaseTags } from './release-tags.ts';

/** The OCDS context of writes: no request at hand (the chronograph writes too), so the server's own URL. */
export function writeContext(deps: Pick<AppDeps, 'config'>, tenderId: string): OcdsContext {
  const apiBase = `${serverUrl(deps.config)}${API_PREFIX}`;
  return { ocidPrefix: deps.config.ocidPrefix, apiBase, tenderUrl: `${apiBase}/tenders/${tenderId}` };
}

/** The number of a stored rev (`"<n>-…"`), 0 for none. */
export function revisionNumberOf(rev: string | null): number {
  const n = rev === null ? 0 : Number.parseInt(rev, 10);
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

/**
 * The public view a write replaces — parsed from the text stored with it, or rendered when the
 * caller did not load it — or 'unchanged' when the write leaves the public data as it was.
 */
export function replacedView(storedText: string | undefined, render: () => string, publicText: string, view: Json): Json | 'unchanged' {
  if (storedText === publicText) return 'unchanged';
  const before = JSON.parse(storedText ?? render()) as Json;
  return jsonEqual(before, view) ? 'unchanged' : before;
}

export interface ReleaseInput {
  /** The public view before the write; null when the document was not public before. */
  before: Json | null;
  after: Json;
  /** The revision number the release stands for (`nextRevisionNumber` of the rev a write replaces). */
  revision: number;
  date: string;
}

/** The release of a tender write whose public view changed; undefined when it is not public or unchanged. */
export function tenderReleaseOf(deps: Pick<AppDeps, 'config'>, input: ReleaseInput): ReleaseWrite | undefined {
  const { after } = input;
  if (after.status === 'draft' || after.status === 'deleted' || typeof after.tenderID !== 'string') return undefined;
  const ctx = writeContext(deps, String(after.id));
  const release = tenderRelease(after, ctx, {
    ocid: ocidOf(ctx.ocidPrefix, after.tenderID),
    id: `${String(after.id)}-${input.revision}`,
    date: input.date,
    tag: tenderReleaseTags(input.before, after),
  });
  return releaseWrite(release);
}

/** The release of a contracting write: the contract joins its tender's process. */
export function contractReleaseOf(deps: Pick<AppDeps, 'config'>, input: ReleaseInput): ReleaseWrite | undefined {
  const { after } = input;
  const tenderID = tenderIdOfContract(after);
  if (tenderID === undefined) return undefined;
  const ctx = writeContext(deps, String(after.tender_id ?? ''));
  const release = contractRelease(after, ctx, {
    ocid: ocidOf(ctx.ocidPrefix, tenderID),
    id: `${String(after.id)}-${input.revision}`,
    date: input.date,
    tag: contractReleaseTags(input.before, after),
  });
  return releaseWrite(release);
}

/**
 * The release of a plan write. `tenderID`: the plan's tender, when it has one — the plan then
 * joins that process; otherwise the plan is a process of its own (ocid = prefix + planID).
 */
export function planReleaseOf(deps: Pick<AppDeps, 'config'>, input: ReleaseInput, tenderID?: string): ReleaseWrite | undefined {
  const { after } = input;
  if (after.status === 'draft' || typeof after.planID !== 'string') return undefined;
  const ctx = writeContext(deps, String(after.tender_id ?? after.id));
  const release = planRelease(after, ctx, {
    ocid: ocidOf(ctx.ocidPrefix, tenderID ?? after.planID),
    id: `${String(after.id)}-${input.revision}`,
    date: input.date,
    tag: planReleaseTags(input.before),
  }, tenderID !== undefined);
  return releaseWrite(release);
}
