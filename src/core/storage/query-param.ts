// Reading one query parameter the way the reference does.

/** Raw query as the HTTP layer parsed it; repeated keys may come as arrays (the last value wins). */
export type RawQuery = Readonly<Record<string, unknown>>;

/** Last value of a query parameter as a string; undefined when absent. */
export function queryParam(query: RawQuery, name: string): string | undefined {
  let v = query[name];
  if (Array.isArray(v)) v = v.length > 0 ? v[v.length - 1] : undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return undefined;
}
