// The wire's rule for output objects: nulls and empty lists are not shown (architecture.md §3.3 step 7).

/** Drops null/undefined values and empty arrays, recursively. */
export function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[k] = compact(v);
  }
  return out;
}
