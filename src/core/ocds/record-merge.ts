// OCDS 1.1 merging (standard.open-contracting.org, "Merging"): the compiled release and the
// versioned release of a record, from its releases in date order. Pure.
//
// Rules as the standard states them: objects merge field by field; an array whose items are all
// objects with an `id` merges item by item on that id (identifier merge); any other array, and any
// other value, is replaced whole; a field a later release omits keeps its earlier value; a `null`
// removes it. The versioned release keeps, for each field, the list of values it took with the
// release that set each (`releaseID`, `releaseDate`, `releaseTag`), a new entry only on a change.

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Arrays merged by `id` (every item an object carrying one). */
const isIdentified = (v: unknown): v is Json[] => Array.isArray(v) && v.length > 0 && v.every((x) => isObject(x) && x.id !== undefined && x.id !== null);

/** Fields of the release itself, not of the process: never compiled or versioned. */
const RELEASE_OWN = new Set(['id', 'date', 'tag']);

function mergeValue(into: unknown, from: unknown): unknown {
  if (isObject(from)) return mergeObject(isObject(into) ? into : {}, from);
  if (isIdentified(from)) {
    const out: Json[] = Array.isArray(into) && isIdentified(into) ? into.map((x) => ({ ...x })) : [];
    for (const item of from) {
      const at = out.findIndex((x) => String(x.id) === String(item.id));
      if (at === -1) out.push(mergeObject({}, item));
      else out[at] = mergeObject(out[at]!, item);
    }
    return out;
  }
  return from;
}

function mergeObject(into: Json, from: Json): Json {
  const out: Json = { ...into };
  for (const [k, v] of Object.entries(from)) {
    if (v === null) delete out[k];
    else out[k] = mergeValue(out[k], v);
  }
  return out;
}

/** The compiled release: every release merged in order; `tag` `["compiled"]`, the last release's date. */
export function compiledRelease(releases: readonly Json[]): Json {
  let compiled: Json = {};
  for (const r of releases) {
    const { id: _id, date: _date, tag: _tag, ...body } = r;
    compiled = mergeObject(compiled, body);
  }
  const last = releases.at(-1);
  const ocid = String(last?.ocid ?? '');
  const date = last?.date;
  return { ocid, id: `${ocid}-${String(date ?? '')}`, date, tag: ['compiled'], ...withoutOcid(compiled) };
}

const withoutOcid = (o: Json): Json => {
  const { ocid: _ocid, ...rest } = o;
  return rest;
};

interface Version {
  releaseID: unknown;
  releaseDate: unknown;
  releaseTag: unknown;
  value: unknown;
}

/** One release's stamp, carried into every version it sets. */
interface Stamp {
  releaseID: unknown;
  releaseDate: unknown;
  releaseTag: unknown;
}

/** A versioned node: objects and identified arrays branch; anything else is a history of values. */
function versionInto(node: unknown, value: unknown, stamp: Stamp): unknown {
  if (isObject(value)) {
    const out: Json = isObject(node) && !isHistory(node) ? node : {};
    for (const [k, v] of Object.entries(value)) out[k] = versionInto(out[k], v, stamp);
    return out;
  }
  if (isIdentified(value)) {
    const out: Json[] = Array.isArray(node) && !isHistory(node) ? (node as Json[]) : [];
    for (const item of value) {
      let entry = out.find((x) => String(x.id) === String(item.id));
      if (!entry) {
        entry = { id: item.id };
        out.push(entry);
      }
      for (const [k, v] of Object.entries(item)) if (k !== 'id') entry[k] = versionInto(entry[k], v, stamp);
    }
    return out;
  }
  const history: Version[] = isHistory(node) ? (node as Version[]) : [];
  const last = history.at(-1);
  if (!last || JSON.stringify(last.value) !== JSON.stringify(value)) history.push({ ...stamp, value });
  return history;
}

/** A list of versions (as opposed to an identified array of versioned objects). */
function isHistory(node: unknown): boolean {
  return Array.isArray(node) && node.length > 0 && isObject(node[0]) && 'releaseID' in node[0] && 'value' in node[0] && !('id' in node[0]);
}

/** The versioned release: every field with the history of its values; `ocid` plain. */
export function versionedRelease(releases: readonly Json[]): Json {
  let root: Json = {};
  for (const r of releases) {
    const stamp: Stamp = { releaseID: r.id, releaseDate: r.date, releaseTag: r.tag };
    const body: Json = {};
    for (const [k, v] of Object.entries(r)) if (!RELEASE_OWN.has(k) && k !== 'ocid') body[k] = v;
    root = versionInto(root, body, stamp) as Json;
  }
  return { ocid: releases.at(-1)?.ocid, ...root };
}
