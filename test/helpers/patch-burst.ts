// A burst of owners PATCHing one tender at once, as a well-behaved client sends it (retrying on the
// exact 409), and what must hold afterwards: one revision per acknowledged write, each changing one
// client's field to its value, walking back to the document before the burst. Used in one process
// (test/reliability/concurrency.test.ts) and across server processes (scripts/multi-node.ts).
import { applyPatch } from '../../src/core/storage/revisions.ts';
import type { CollectionName, Store } from '../../src/core/storage/store.ts';
import type { Json } from './api.ts';

export const CONFLICT = { status: 'error', errors: [{ location: 'body', name: 'data', description: 'Conflict while updating document. Please, retry' }] };

/** Text fields of the tender an owner may PATCH in active.enquiries; client i takes BURST_FIELDS[i % n]. */
export const BURST_FIELDS = ['title', 'description', 'awardCriteriaDetails', 'eligibilityCriteria', 'procurementMethodRationale', 'submissionMethodDetails'].flatMap(
  (f) => [f, `${f}_en`, `${f}_ru`],
);

export interface BurstChange {
  field: string;
  value: string;
}

export const burstChanges = (clients: number): BurstChange[] =>
  Array.from({ length: clients }, (_, i) => ({ field: BURST_FIELDS[i % BURST_FIELDS.length] as string, value: `client ${i}` }));

export interface Answer {
  status: number;
  json: unknown;
  body?: string;
}

export interface Outcome<A extends Answer> {
  acknowledged: A | null;
  conflicts: number;
  /** Responses that were neither the success nor the exact 409. */
  unexpected: string[];
}

const MAX_ATTEMPTS = 200;

/** Sends until a non-409 answer (or MAX_ATTEMPTS), as the reference tells clients to. */
export async function untilSettled<A extends Answer>(send: () => Promise<A>, success: number): Promise<Outcome<A>> {
  const out: Outcome<A> = { acknowledged: null, conflicts: 0, unexpected: [] };
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const res = await send();
    if (res.status === success) {
      out.acknowledged = res;
      return out;
    }
    if (res.status === 409 && JSON.stringify(res.json) === JSON.stringify(CONFLICT)) {
      out.conflicts++;
      continue;
    }
    out.unexpected.push(`${res.status} ${(res.body ?? JSON.stringify(res.json)).slice(0, 300)}`);
    return out;
  }
  return out;
}

/** Every version of the document, newest first, rebuilt from the current one by the reverse patches. */
export async function storedVersions(store: Store, collection: CollectionName, id: string): Promise<Json[]> {
  const stored = await store.get(collection, id);
  if (!stored) throw new Error(`${collection}/${id} is not stored`);
  const revisions = await store.revisions(collection, id);
  const out: Json[] = [stored.doc as Json];
  for (let i = revisions.length - 1; i >= 0; i--) out.push(applyPatch(out[out.length - 1] as Json, revisions[i]!.changes));
  return out;
}

/**
 * What is wrong with the history after a burst of `changes`, all acknowledged: `history` newest
 * first (storedVersions), `before` the document before the burst. Empty when nothing is.
 */
export function burstProblems(history: Json[], before: Json, changes: BurstChange[]): string[] {
  const problems: string[] = [];
  const n = changes.length;
  if (JSON.stringify(history[n]) !== JSON.stringify(before)) problems.push('walking back over the burst does not reach the document before it');
  if (JSON.stringify(history[history.length - 1]) !== '{}') problems.push('the oldest revision does not undo the creation');
  const written = new Set<string>();
  for (let k = 0; k < n; k++) {
    const newer = history[k] as Json;
    const older = (history[k + 1] ?? {}) as Json;
    const changed = BURST_FIELDS.filter((f) => newer[f] !== older[f]);
    if (changed.length !== 1) problems.push(`revision ${k} changed ${changed.join(', ') || 'nothing'}`);
    else written.add(`${changed[0]}=${String(newer[changed[0] as string])}`);
  }
  const expected = changes.map((c) => `${c.field}=${c.value}`).sort();
  const got = [...written].sort();
  if (JSON.stringify(got) !== JSON.stringify(expected)) {
    const lost = expected.filter((e) => !written.has(e));
    problems.push(`lost updates: ${lost.join('; ') || '(none)'}; stored ${got.length} of ${expected.length}`);
  }
  return problems;
}
