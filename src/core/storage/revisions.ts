// Reverse JSON-patch revisions (platform.md §7.6): each saving write records the RFC 6902 patch
// that turns the NEW document back into the PREVIOUS one, so `GET .../historical` can walk back
// from the current state. The creating write diffs against `{}` and is therefore all `remove`s.
//
// Arrays are compared element-wise only when both have the same length; otherwise the whole
// array is replaced. That is less compact than the reference's jsonpatch (which emits
// per-element add/remove for inserted items) but always correct, and historical views only
// need `applyPatch(diffReverse(a, b), a) == b`.

import type { JsonPatchOp } from './store.ts';

/** RFC 6902 patch turning `newDoc` back into `oldDoc` (pass `{}` as `oldDoc` for a creation). */
export function diffReverse(newDoc: Record<string, unknown>, oldDoc: Record<string, unknown>): JsonPatchOp[] {
  const ops: JsonPatchOp[] = [];
  diffValue(newDoc, oldDoc, '', ops);
  return ops;
}

/**
 * Applies `ops` to a deep copy of `doc` and returns the copy (the input is never mutated).
 * Throws `PatchApplyError` when a path does not exist or an index is out of range.
 */
export function applyPatch<T extends Record<string, unknown>>(doc: T, ops: readonly JsonPatchOp[]): T {
  let root: unknown = clone(doc);
  for (const op of ops) root = applyOp(root, op);
  return root as T;
}

export class PatchApplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PatchApplyError';
  }
}

/** Escapes one key as a JSON Pointer reference token (RFC 6901: `~` → `~0`, `/` → `~1`). */
export function escapePointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function diffValue(from: unknown, to: unknown, path: string, ops: JsonPatchOp[]): void {
  if (isPlainObject(from) && isPlainObject(to)) {
    diffObject(from, to, path, ops);
    return;
  }
  if (Array.isArray(from) && Array.isArray(to)) {
    if (from.length === to.length) {
      for (let i = 0; i < from.length; i++) diffValue(from[i], to[i], `${path}/${i}`, ops);
    } else {
      ops.push({ op: 'replace', path, value: clone(to) });
    }
    return;
  }
  if (!jsonEqual(from, to)) ops.push({ op: 'replace', path, value: clone(to) });
}

// Same op order as python-jsonpatch's make_patch: removals, then additions, then changes.
function diffObject(from: Record<string, unknown>, to: Record<string, unknown>, path: string, ops: JsonPatchOp[]): void {
  for (const key of Object.keys(from)) {
    if (from[key] === undefined) continue;
    if (!hasValue(to, key)) ops.push({ op: 'remove', path: `${path}/${escapePointerToken(key)}` });
  }
  for (const key of Object.keys(to)) {
    if (to[key] === undefined) continue;
    if (!hasValue(from, key)) ops.push({ op: 'add', path: `${path}/${escapePointerToken(key)}`, value: clone(to[key]) });
  }
  for (const key of Object.keys(from)) {
    if (hasValue(from, key) && hasValue(to, key)) {
      diffValue(from[key], to[key], `${path}/${escapePointerToken(key)}`, ops);
    }
  }
}

function applyOp(root: unknown, op: JsonPatchOp): unknown {
  if (op.path === '') {
    if (op.op === 'remove') throw new PatchApplyError('cannot remove the document root');
    return clone(op.value);
  }
  const tokens = parsePointer(op.path);
  const last = tokens.pop() as string;
  let parent: unknown = root;
  for (const token of tokens) parent = child(parent, token, op.path);

  if (Array.isArray(parent)) {
    if (op.op === 'add' && last === '-') {
      parent.push(clone(op.value));
      return root;
    }
    const index = arrayIndex(last, op.path);
    const max = op.op === 'add' ? parent.length : parent.length - 1;
    if (index > max) throw new PatchApplyError(`index out of range: ${op.path}`);
    if (op.op === 'add') parent.splice(index, 0, clone(op.value));
    else if (op.op === 'remove') parent.splice(index, 1);
    else parent[index] = clone(op.value);
    return root;
  }
  if (isPlainObject(parent)) {
    if (op.op !== 'add' && !Object.hasOwn(parent, last)) throw new PatchApplyError(`path not found: ${op.path}`);
    if (op.op === 'remove') delete parent[last];
    else parent[last] = clone(op.value);
    return root;
  }
  throw new PatchApplyError(`path not found: ${op.path}`);
}

function child(container: unknown, token: string, path: string): unknown {
  if (Array.isArray(container)) {
    const index = arrayIndex(token, path);
    if (index >= container.length) throw new PatchApplyError(`index out of range: ${path}`);
    return container[index];
  }
  if (isPlainObject(container) && Object.hasOwn(container, token)) return container[token];
  throw new PatchApplyError(`path not found: ${path}`);
}

/** The reference tokens of a JSON Pointer (RFC 6901), unescaped; PatchApplyError unless it starts with `/`. */
export function parsePointer(path: string): string[] {
  if (!path.startsWith('/')) throw new PatchApplyError(`invalid JSON pointer: ${path}`);
  return path
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function arrayIndex(token: string, path: string): number {
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new PatchApplyError(`invalid array index in ${path}`);
  return Number(token);
}

function hasValue(obj: Record<string, unknown>, key: string): boolean {
  return Object.hasOwn(obj, key) && obj[key] !== undefined;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => hasValue(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/** Deep copy of a JSON value (undefined object members are dropped, as JSON would). */
function clone<T>(v: T): T {
  if (v === undefined) return v;
  return JSON.parse(JSON.stringify(v)) as T;
}
