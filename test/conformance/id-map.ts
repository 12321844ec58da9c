// Mapping of volatile values recorded → actual.
//
// The reference server generated ids, tokens, tenderIDs, offsets...; ours
// generates others. We learn which of ours corresponds to which recorded one by
// walking the recorded and the actual response bodies side by side (same key
// paths; arrays by position, objects with an `id` matched by the id mapping
// when it is already known), then rewrite later requests with our values.
// Ids the CLIENT chose (e.g. items `ffff…`) come back unchanged and so map to
// themselves.

export const HEX32 = /^[0-9a-f]{32}$/;
const HEX32_RUN = /(?<![0-9A-Za-z])[0-9a-f]{32}(?![0-9A-Za-z])/g;

/** Keys whose string values are volatile identifiers even when not 32-hex. */
export const VOLATILE_ID_KEYS: ReadonlySet<string> = new Set([
  'token',
  'transfer',
  'tenderID',
  'complaintID',
  'contractID',
  'planID',
  'agreementID',
  'qualificationID',
  'offset',
]);

/** Is (key, recorded string) a value to learn a mapping for? */
export function isMappable(key: string | undefined, value: string): boolean {
  if (HEX32.test(value)) return true;
  if (key === undefined) return false;
  if (VOLATILE_ID_KEYS.has(key)) return value !== '';
  // tenderID-like identifiers: UA-2027-01-01-000001-a, UA-2027-01-01-000001-a.1, ...
  return /ID$/.test(key) && /^UA-/.test(value);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function idOf(v: unknown): string | undefined {
  return isPlainObject(v) && typeof v.id === 'string' ? v.id : undefined;
}

export class IdMap {
  readonly forward = new Map<string, string>();
  readonly actuals = new Set<string>();
  /** Recorded values seen mapped to two different actual values (first one kept). */
  readonly conflicts: string[] = [];

  get(recorded: string): string | undefined {
    return this.forward.get(recorded);
  }

  has(recorded: string): boolean {
    return this.forward.has(recorded);
  }

  isActual(value: string): boolean {
    return this.actuals.has(value);
  }

  /** Record recorded → actual. Returns false (and keeps the old value) on conflict. */
  set(recorded: string, actual: string): boolean {
    const old = this.forward.get(recorded);
    if (old !== undefined) {
      if (old !== actual) {
        this.conflicts.push(`${recorded} → ${old} (kept), also seen → ${actual}`);
        return false;
      }
      return true;
    }
    this.forward.set(recorded, actual);
    this.actuals.add(actual);
    return true;
  }

  /** Rewrite a request path (path segments and query values). */
  rewritePath(path: string): string {
    return path.replace(HEX32_RUN, (m) => this.forward.get(m) ?? m);
  }

  /**
   * Rewrite a request body: every 32-hex run that is a known recorded value,
   * and every JSON string literal equal to a known non-hex recorded value
   * (tenderID-like values, offsets).
   */
  rewriteBody(text: string): string {
    let out = text.replace(HEX32_RUN, (m) => this.forward.get(m) ?? m);
    for (const [rec, act] of this.forward) {
      if (HEX32.test(rec) || rec === act) continue;
      out = out.split(JSON.stringify(rec)).join(JSON.stringify(act));
    }
    return out;
  }

  /** Rewrite a recorded value wholesale (for comparing URLs after mapping). */
  rewriteString(text: string): string {
    return this.rewriteBody(text);
  }
}

/**
 * Pair a recorded array with an actual one: returns, for each recorded index,
 * the actual index it corresponds to, or -1 when there is none.
 * - Objects with an `id`: first by the known mapping (or an identical id in
 *   ours: client-chosen ids), then by position among the actual elements that
 *   are not already known to belong to another recorded object.
 * - Anything else: by position.
 */
export function pairArray(rec: readonly unknown[], act: readonly unknown[], map: IdMap | undefined): number[] {
  const result = new Array<number>(rec.length).fill(-1);
  const claimed = new Set<number>();
  const claimFirst = (pred: (j: number) => boolean): number => {
    for (let j = 0; j < act.length; j++) {
      if (!claimed.has(j) && pred(j)) {
        claimed.add(j);
        return j;
      }
    }
    return -1;
  };
  // Pass 1: by id.
  for (let i = 0; i < rec.length; i++) {
    const rid = idOf(rec[i]);
    if (rid === undefined) continue;
    const mapped = map?.get(rid);
    const target = mapped ?? (act.some((a) => idOf(a) === rid) ? rid : undefined);
    if (target !== undefined) result[i] = claimFirst((j) => idOf(act[j]) === target);
  }
  // Pass 2: by position.
  for (let i = 0; i < rec.length; i++) {
    if (result[i] !== -1) continue;
    const rid = idOf(rec[i]);
    if (rid !== undefined && map?.has(rid)) continue; // known object, not present in ours
    const eligible = (j: number): boolean => {
      if (rid === undefined) return true;
      const aid = idOf(act[j]);
      // skip elements already known to be some other recorded object
      return aid === undefined || map === undefined || !map.isActual(aid);
    };
    if (i < act.length && !claimed.has(i) && eligible(i)) {
      claimed.add(i);
      result[i] = i;
    } else if (rid !== undefined) {
      result[i] = claimFirst(eligible);
    }
  }
  return result;
}

/** Walk recorded and actual JSON side by side and learn the mapping. */
export function learnMapping(rec: unknown, act: unknown, map: IdMap, key?: string): void {
  if (typeof rec === 'string') {
    if (typeof act === 'string' && isMappable(key, rec)) map.set(rec, act);
    return;
  }
  if (Array.isArray(rec)) {
    if (!Array.isArray(act)) return;
    // Learn ids of elements first so that nested pairing can use them.
    const pairs = pairArray(rec, act, map);
    pairs.forEach((j, i) => {
      if (j >= 0) learnMapping(rec[i], act[j], map, key);
    });
    return;
  }
  if (isPlainObject(rec)) {
    if (!isPlainObject(act)) return;
    if (typeof rec.id === 'string' && typeof act.id === 'string') learnMapping(rec.id, act.id, map, 'id');
    for (const k of Object.keys(rec)) {
      if (k in act) learnMapping(rec[k], act[k], map, k);
    }
  }
}

/** Learn ids from two URLs (e.g. Location headers) segment by segment. */
export function learnFromUrl(recUrl: string, actUrl: string, map: IdMap): void {
  const segs = (u: string): string[] => {
    try {
      return new URL(u, 'http://x').pathname.split('/');
    } catch {
      return u.split('?')[0].split('/');
    }
  };
  const r = segs(recUrl);
  const a = segs(actUrl);
  if (r.length !== a.length) return;
  r.forEach((s, i) => {
    if (HEX32.test(s) && a[i] !== '') map.set(s, a[i]);
  });
}
