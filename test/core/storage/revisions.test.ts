import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PatchApplyError, applyPatch, diffReverse } from '../../../src/core/storage/revisions.ts';

describe('diffReverse', () => {
  it('creation (diff to {}) is all remove ops, one per top-level key', () => {
    const doc = { id: 'x', title: 'T', value: { amount: 45.55 }, items: [{ id: 'a' }] };
    const ops = diffReverse(doc, {});
    assert.deepEqual(ops, [
      { op: 'remove', path: '/id' },
      { op: 'remove', path: '/title' },
      { op: 'remove', path: '/value' },
      { op: 'remove', path: '/items' },
    ]);
    assert.deepEqual(applyPatch(doc, ops), {});
  });

  it('identical documents give an empty patch', () => {
    const doc = { a: 1, b: { c: [1, 2, { d: null }] } };
    assert.deepEqual(diffReverse(doc, structuredClone(doc)), []);
  });

  it('recurses into objects: remove new keys, add dropped keys, replace changed values', () => {
    const oldDoc = { status: 'draft', value: { amount: 100, currency: 'UAH' }, gone: 'x' };
    const newDoc = { status: 'active', value: { amount: 45.55, currency: 'UAH' }, added: true };
    assert.deepEqual(diffReverse(newDoc, oldDoc), [
      { op: 'remove', path: '/added' },
      { op: 'add', path: '/gone', value: 'x' },
      { op: 'replace', path: '/status', value: 'draft' },
      { op: 'replace', path: '/value/amount', value: 100 },
    ]);
  });

  it('diffs equal-length arrays element-wise and replaces arrays whose length changed', () => {
    const oldDoc = { items: [{ id: 'a', q: 1 }, { id: 'b', q: 2 }], tags: ['x'] };
    const newDoc = { items: [{ id: 'a', q: 1 }, { id: 'b', q: 3 }], tags: ['x', 'y'] };
    assert.deepEqual(diffReverse(newDoc, oldDoc), [
      { op: 'replace', path: '/items/1/q', value: 2 },
      { op: 'replace', path: '/tags', value: ['x'] },
    ]);
  });

  it('replaces on type changes (object ↔ array ↔ scalar ↔ null)', () => {
    const oldDoc = { a: { x: 1 }, b: [1], c: null, d: '1' };
    const newDoc = { a: [1], b: { x: 1 }, c: 0, d: 1 };
    const ops = diffReverse(newDoc, oldDoc);
    assert.deepEqual(ops, [
      { op: 'replace', path: '/a', value: { x: 1 } },
      { op: 'replace', path: '/b', value: [1] },
      { op: 'replace', path: '/c', value: null },
      { op: 'replace', path: '/d', value: '1' },
    ]);
    assert.deepEqual(applyPatch(newDoc, ops), oldDoc);
  });

  it('escapes "~" and "/" in keys (RFC 6901)', () => {
    const oldDoc = { 'a/b': 1, 'm~n': { 'x/y~z': 1 } };
    const newDoc = { 'a/b': 2, 'm~n': { 'x/y~z': 2 } };
    const ops = diffReverse(newDoc, oldDoc);
    assert.deepEqual(ops, [
      { op: 'replace', path: '/a~1b', value: 1 },
      { op: 'replace', path: '/m~0n/x~1y~0z', value: 1 },
    ]);
    assert.deepEqual(applyPatch(newDoc, ops), oldDoc);
  });

  it('treats undefined members as absent', () => {
    assert.deepEqual(diffReverse({ a: undefined, b: 1 }, { b: 1 }), []);
    assert.deepEqual(diffReverse({ b: 1 }, { a: undefined, b: 1 }), []);
  });

  it('values in ops are copies, not aliases of the old document', () => {
    const oldDoc = { v: { amount: 1 } };
    const ops = diffReverse({}, oldDoc);
    oldDoc.v.amount = 2;
    assert.deepEqual(ops, [{ op: 'add', path: '/v', value: { amount: 1 } }]);
  });

  it('reverse patches walk back through a history of states', () => {
    const history: Record<string, unknown>[] = [
      { id: 't', status: 'draft', items: [{ id: 'i1', quantity: 5 }] },
      { id: 't', status: 'active.enquiries', items: [{ id: 'i1', quantity: 5 }], dateModified: '2027-01-01T00:00:00+02:00' },
      {
        id: 't',
        status: 'active.tendering',
        items: [{ id: 'i1', quantity: 7, unit: { code: 'KGM' } }],
        dateModified: '2027-01-02T00:00:00+02:00',
        bids: [{ id: 'b1', value: { amount: 45.55 } }],
      },
      {
        id: 't',
        status: 'active.tendering',
        items: [{ id: 'i1', quantity: 7 }, { id: 'i2' }],
        dateModified: '2027-01-03T00:00:00+02:00',
        bids: [{ id: 'b1', value: { amount: 40 } }, { id: 'b2' }],
      },
      { id: 't', status: 'cancelled', items: [], dateModified: '2027-01-04T00:00:00+02:00' },
    ];
    const patches = history.map((doc, i) => diffReverse(doc, i === 0 ? {} : history[i - 1]!));
    let doc = history[history.length - 1]!;
    for (let i = history.length - 1; i >= 1; i--) {
      doc = applyPatch(doc, patches[i]!);
      assert.deepEqual(doc, history[i - 1]);
    }
    assert.deepEqual(applyPatch(doc, patches[0]!), {});
  });
});

describe('applyPatch', () => {
  it('does not mutate its input', () => {
    const doc = { a: { b: [1, 2] } };
    const out = applyPatch(doc, [{ op: 'replace', path: '/a/b/0', value: 9 }]);
    assert.deepEqual(doc, { a: { b: [1, 2] } });
    assert.deepEqual(out, { a: { b: [9, 2] } });
  });

  it('supports add/remove at array indexes and "-" append', () => {
    const doc = { l: [1, 2, 3] };
    assert.deepEqual(applyPatch(doc, [{ op: 'add', path: '/l/1', value: 9 }]), { l: [1, 9, 2, 3] });
    assert.deepEqual(applyPatch(doc, [{ op: 'add', path: '/l/-', value: 4 }]), { l: [1, 2, 3, 4] });
    assert.deepEqual(applyPatch(doc, [{ op: 'add', path: '/l/3', value: 4 }]), { l: [1, 2, 3, 4] });
    assert.deepEqual(applyPatch(doc, [{ op: 'remove', path: '/l/0' }]), { l: [2, 3] });
  });

  it('throws PatchApplyError on paths that do not exist', () => {
    assert.throws(() => applyPatch({ a: 1 }, [{ op: 'remove', path: '/b' }]), PatchApplyError);
    assert.throws(() => applyPatch({ a: 1 }, [{ op: 'replace', path: '/b', value: 1 }]), PatchApplyError);
    assert.throws(() => applyPatch({ a: 1 }, [{ op: 'add', path: '/x/y', value: 1 }]), PatchApplyError);
    assert.throws(() => applyPatch({ l: [1] }, [{ op: 'replace', path: '/l/1', value: 1 }]), PatchApplyError);
    assert.throws(() => applyPatch({ l: [1] }, [{ op: 'add', path: '/l/01', value: 1 }]), PatchApplyError);
    assert.throws(() => applyPatch({ a: 1 }, [{ op: 'remove', path: 'a' }]), PatchApplyError);
  });
});
