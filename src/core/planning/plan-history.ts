// A field's history from the stored revisions (plans.md §3.10): walking back from the current
// document, each revision whose reverse patch touches the field yields the value it wrote, then is
// undone. Oldest first.
import { applyPatch } from '../storage/revisions.ts';
import type { RevisionEntry } from '../storage/store.ts';

export interface FieldChange {
  date: string;
  data: Record<string, unknown>;
}

export function fieldHistory(current: Record<string, unknown>, revisions: readonly RevisionEntry[], field: string): FieldChange[] {
  const changes: FieldChange[] = [];
  let doc = structuredClone(current);
  const touches = (path: string) => path === `/${field}` || path.startsWith(`/${field}/`);
  for (const entry of [...revisions].reverse()) {
    if (entry.changes.some((op) => touches(op.path))) changes.push({ date: entry.date, data: { [field]: doc[field] ?? null } });
    doc = applyPatch(doc, entry.changes);
  }
  return changes.reverse();
}
