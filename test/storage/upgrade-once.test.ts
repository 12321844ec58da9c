// Store.upgradeOnce on every backend: each document and the revision entries that mention the
// filter are offered, rewrites land without touching rev, public text or feed position, and a
// named upgrade runs once per database, more than 500 rows included (several batches).

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { diffReverse } from '../../src/core/storage/revisions.ts';
import type { CollectionName, DocumentWrite, RevisionEntry, StoredUpgrade } from '../../src/core/storage/store.ts';
import { forEachStore } from '../helpers/backends.ts';

const DATE = '2027-01-01T00:00:00+02:00';
const id = (n: number): string => n.toString(16).padStart(32, '0');

function write(doc: Record<string, unknown>, previous: Record<string, unknown> = {}): DocumentWrite {
  return {
    doc,
    publicText: JSON.stringify({ id: doc.id }),
    meta: { isPublic: true, isTest: false, nextCheck: null, touchPublicModified: true },
    revision: { author: 'broker', changes: diffReverse(doc, previous), date: DATE },
  };
}

/** Upper-cases every `secret` member; documents and revision values alike. */
function upperSecrets(seen: { documents: string[]; revisions: RevisionEntry[] }): StoredUpgrade {
  const upper = (v: unknown): boolean => {
    let changed = false;
    if (Array.isArray(v)) for (const x of v) changed = upper(x) || changed;
    else if (typeof v === 'object' && v !== null) {
      const r = v as Record<string, unknown>;
      for (const [k, x] of Object.entries(r)) {
        if (k === 'secret' && typeof x === 'string' && x !== x.toUpperCase()) {
          r[k] = x.toUpperCase();
          changed = true;
        } else changed = upper(x) || changed;
      }
    }
    return changed;
  };
  return {
    document(collection: CollectionName, doc) {
      seen.documents.push(`${collection}/${String(doc.id)}`);
      return upper(doc) ? doc : null;
    },
    revision(_collection, entry) {
      seen.revisions.push(entry);
      return entry.changes.some((op) => upper(op.value)) ? entry : null;
    },
    revisionsContaining: 'secret',
  };
}

forEachStore('Store.upgradeOnce', (t) => {

  it('rewrites documents and revision entries, keeps rev, public text and feed; runs once by name', async () => {
    const v1 = { id: id(1), secret: 'abc', items: [{ secret: 'def' }] };
    const rev1 = await t.store.insert('tenders', id(1), write(v1));
    const v2 = { id: id(1), secret: 'abc', items: [{ secret: 'def' }, { secret: 'ghi' }] };
    const rev2 = await t.store.update('tenders', id(1), rev1, write(v2, v1));
    await t.store.insert('contracts', id(2), write({ id: id(2), title: 'no secrets here' }));
    const feedBefore = await t.store.feed('tenders', { descending: false, limit: 10, mode: '_all_', watermarkSeconds: null });

    const seen = { documents: [] as string[], revisions: [] as RevisionEntry[] };
    assert.deepEqual(await t.store.upgradeOnce('upper-secrets', upperSecrets(seen)), { documents: 1, revisions: 1 });
    assert.deepEqual(seen.documents.sort(), [`contracts/${id(2)}`, `tenders/${id(1)}`]);
    assert.equal(seen.revisions.length, 2, "only entries mentioning the filter are offered: the tender's two, not the contract's");

    const stored = await t.store.get('tenders', id(1));
    assert.equal(stored?.rev, rev2);
    assert.deepEqual(stored?.doc, { id: id(1), secret: 'ABC', items: [{ secret: 'DEF' }, { secret: 'GHI' }] });
    assert.equal(stored?.publicText, JSON.stringify({ id: id(1) }));
    assert.deepEqual(await t.store.feed('tenders', { descending: false, limit: 10, mode: '_all_', watermarkSeconds: null }), feedBefore);
    const revisions = await t.store.revisions('tenders', id(1));
    assert.deepEqual(revisions[1]!.changes, [{ op: 'replace', path: '/items', value: [{ secret: 'DEF' }] }]);
    assert.equal(revisions[1]!.rev, rev1);

    assert.equal(await t.store.upgradeOnce('upper-secrets', upperSecrets(seen)), null, 'a name runs once');
    assert.deepEqual(await t.store.upgradeOnce('another', upperSecrets(seen)), { documents: 0, revisions: 0 }, 'another name runs; nothing left to change');
  });

  it('walks every row of a large collection in batches', async () => {
    const count = 1203;
    for (let n = 1; n <= count; n++) await t.store.insert('tenders', id(n), write({ id: id(n), secret: `s${n}` }));
    const seen = { documents: [] as string[], revisions: [] as RevisionEntry[] };
    assert.deepEqual(await t.store.upgradeOnce('upper-secrets', upperSecrets(seen)), { documents: count, revisions: 0 });
    assert.equal(new Set(seen.documents).size, count);
    assert.deepEqual((await t.store.get('tenders', id(count)))?.doc, { id: id(count), secret: `S${count}` });
  });

  it('a failing upgrade leaves nothing changed and is not recorded', async () => {
    await t.store.insert('tenders', id(1), write({ id: id(1), secret: 'abc' }));
    await t.store.insert('tenders', id(2), write({ id: id(2), secret: 'boom' }));
    const failing: StoredUpgrade = {
      ...upperSecrets({ documents: [], revisions: [] }),
      document(_c, doc) {
        if (doc.secret === 'boom') throw new Error('boom');
        doc.secret = String(doc.secret).toUpperCase();
        return doc;
      },
    };
    await assert.rejects(t.store.upgradeOnce('upper-secrets', failing), /boom/);
    assert.deepEqual((await t.store.get('tenders', id(1)))?.doc, { id: id(1), secret: 'abc' });
    assert.deepEqual(await t.store.upgradeOnce('upper-secrets', upperSecrets({ documents: [], revisions: [] })), { documents: 2, revisions: 0 });
  });
});
