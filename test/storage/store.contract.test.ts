// The storage contract: every backend in test/helpers/backends.ts must pass the same suite.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { applyPatch, diffReverse } from '../../src/core/storage/revisions.ts';
import {
  DuplicateIdError,
  RevisionConflictError,
  type DocumentMeta,
  type DocumentWrite,
  type Store,
} from '../../src/core/storage/store.ts';
import { forEachStore } from '../helpers/backends.ts';

const DATE = '2027-01-01T00:00:00+02:00';

function write(
  doc: Record<string, unknown>,
  meta: Partial<DocumentMeta> = {},
  previous: Record<string, unknown> = {},
): DocumentWrite {
  return {
    doc,
    publicText: JSON.stringify(doc),
    meta: { isPublic: true, isTest: false, nextCheck: null, touchPublicModified: true, ...meta },
    revision: { author: 'broker', changes: diffReverse(doc, previous), date: DATE },
  };
}

function id(n: number): string {
  return n.toString(16).padStart(32, '0');
}

forEachStore('Store contract', (t) => {

  it('reports its kind', () => {
    assert.equal(t.store.kind, t.backend.name);
  });

  it('insert → get/getPublic round-trip text byte-identically (unicode, decimals, dates)', async () => {
    const doc = {
      id: id(1),
      title: 'Закупівля ґрунту — «тест» 🚧 \u2028 "quoted" \\ back',
      value: { amount: 45.55, currency: 'UAH', valueAddedTaxIncluded: true },
      minimalStep: { amount: 0.1 },
      tiny: 1e-7,
      big: 12345678901234,
      tenderPeriod: { startDate: '2027-01-15T13:09:55.701000+02:00', endDate: '2027-03-31T00:00:00+03:00' },
      items: [{ quantity: 3, description: 'Ñandú' }],
      nothing: null,
    };
    // Public text as a serializer may render it: own key order and spacing, kept verbatim.
    const publicText = '{"title": "Закупівля ґрунту — «тест» 🚧", "value":{"amount":45.55,"currency":"UAH"},  "n": 1.50}';
    const rev = await t.store.insert('tenders', id(1), { ...write(doc), publicText });
    assert.match(rev, /^1-[0-9a-f]{32}$/);

    const stored = await t.store.get('tenders', id(1));
    assert.ok(stored);
    assert.equal(stored.id, id(1));
    assert.equal(stored.rev, rev);
    assert.deepEqual(stored.doc, doc);
    assert.equal(JSON.stringify(stored.doc), JSON.stringify(doc));
    assert.equal(stored.publicText, publicText);
    assert.equal(typeof stored.publicModified, 'number');
    assert.equal(stored.publicModified, Math.round(stored.publicModified! * 1000) / 1000);
    assert.deepEqual(await t.store.getPublic('tenders', id(1)), { publicText, envelopeExtra: '', publicModified: stored.publicModified });
  });

  it('envelope extra and feed text are kept as written; the feed falls back to the public text', async () => {
    const envelopeExtra = '"config":{"hasAuction":true,"minBidsNumber":1}';
    const feedText = '{"dateModified":"2027-01-01T00:00:00+02:00","status":"active"}';
    await t.store.insert('tenders', id(80), { ...write({ id: id(80) }), envelopeExtra, feedText });
    await t.store.insert('tenders', id(81), write({ id: id(81) }));
    const stored = await t.store.getPublic('tenders', id(80));
    assert.equal(stored?.envelopeExtra, envelopeExtra);
    assert.equal(stored?.publicText, JSON.stringify({ id: id(80) }));
    const rows = await t.store.feed('tenders', { descending: false, limit: 10, mode: '_all_', watermarkSeconds: null });
    assert.equal(rows.find((r) => r.id === id(80))?.feedText, feedText);
    assert.equal(rows.find((r) => r.id === id(81))?.feedText, JSON.stringify({ id: id(81) }));
    const rev = (await t.store.get('tenders', id(80)))!.rev;
    await t.store.update('tenders', id(80), rev, { ...write({ id: id(80), v: 2 }), envelopeExtra: '', feedText: '{"v":2}' });
    assert.equal((await t.store.getPublic('tenders', id(80)))?.envelopeExtra, '');
    const after = await t.store.feed('tenders', { descending: false, limit: 10, mode: '_all_', watermarkSeconds: null });
    assert.equal(after.find((r) => r.id === id(80))?.feedText, '{"v":2}');
  });

  it('writeAll: a tender update and a contract insert commit together, with revisions', async () => {
    const rev1 = await t.store.insert('tenders', id(70), write({ id: id(70), n: 1 }));
    const [rev2, crev] = await t.store.writeAll([
      { kind: 'update', collection: 'tenders', id: id(70), expectedRev: rev1, write: write({ id: id(70), n: 2 }, {}, { id: id(70), n: 1 }) },
      { kind: 'insert', collection: 'contracts', id: id(71), write: write({ id: id(71), c: 1 }) },
    ]);
    assert.match(rev2!, /^2-/);
    assert.match(crev!, /^1-/);
    assert.deepEqual((await t.store.get('tenders', id(70)))?.doc, { id: id(70), n: 2 });
    assert.deepEqual((await t.store.get('contracts', id(71)))?.doc, { id: id(71), c: 1 });
    assert.equal((await t.store.revisions('tenders', id(70))).length, 2);
    assert.equal((await t.store.feed('contracts', { descending: false, limit: 10, mode: 'real', watermarkSeconds: null })).length, 1);
  });

  it('writeAll: a conflict or duplicate on any write leaves nothing written', async () => {
    const rev = await t.store.insert('tenders', id(72), write({ id: id(72), n: 1 }));
    await t.store.insert('contracts', id(73), write({ id: id(73), c: 1 }));
    const stale = { kind: 'update' as const, collection: 'tenders' as const, id: id(72), expectedRev: '1-00000000000000000000000000000000', write: write({ id: id(72), n: 9 }) };
    await assert.rejects(t.store.writeAll([{ kind: 'insert', collection: 'contracts', id: id(74), write: write({ id: id(74) }) }, stale]), RevisionConflictError);
    assert.equal(await t.store.get('contracts', id(74)), null);
    const fresh = { kind: 'update' as const, collection: 'tenders' as const, id: id(72), expectedRev: rev, write: write({ id: id(72), n: 2 }) };
    await assert.rejects(t.store.writeAll([fresh, { kind: 'insert', collection: 'contracts', id: id(73), write: write({ id: id(73), c: 2 }) }]), DuplicateIdError);
    const tender = await t.store.get('tenders', id(72));
    assert.equal(tender?.rev, rev);
    assert.deepEqual(tender?.doc, { id: id(72), n: 1 });
    assert.equal((await t.store.revisions('tenders', id(72))).length, 1);
    assert.deepEqual((await t.store.get('contracts', id(73)))?.doc, { id: id(73), c: 1 });
  });

  it('unknown ids read as null / no revisions', async () => {
    assert.equal(await t.store.get('tenders', id(404)), null);
    assert.equal(await t.store.getPublic('tenders', id(404)), null);
    assert.deepEqual(await t.store.revisions('tenders', id(404)), []);
  });

  it('collections are separate', async () => {
    await t.store.insert('plans', id(1), write({ id: id(1), kind: 'plan' }));
    assert.equal(await t.store.get('tenders', id(1)), null);
    await t.store.insert('tenders', id(1), write({ id: id(1), kind: 'tender' }));
    assert.equal((await t.store.get('plans', id(1)))!.doc.kind, 'plan');
    const feed = await t.store.feed('tenders', { descending: false, limit: 10, mode: '_all_', watermarkSeconds: null });
    assert.deepEqual(
      feed.map((r) => r.id),
      [id(1)],
    );
    assert.equal(JSON.parse(feed[0]!.feedText).kind, 'tender');
  });

  it('duplicate insert → DuplicateIdError and the original is untouched', async () => {
    const rev = await t.store.insert('tenders', id(1), write({ id: id(1), v: 1 }));
    await assert.rejects(t.store.insert('tenders', id(1), write({ id: id(1), v: 2 })), DuplicateIdError);
    const stored = await t.store.get('tenders', id(1));
    assert.equal(stored!.rev, rev);
    assert.deepEqual(stored!.doc, { id: id(1), v: 1 });
    assert.equal((await t.store.revisions('tenders', id(1))).length, 1);
  });

  it('update with the current rev replaces the document and returns the next rev', async () => {
    const doc1 = { id: id(1), status: 'draft' };
    const rev1 = await t.store.insert('tenders', id(1), write(doc1, { isPublic: false }));
    const doc2 = { id: id(1), status: 'active.enquiries', value: { amount: 45.55 } };
    const rev2 = await t.store.update('tenders', id(1), rev1, write(doc2, {}, doc1));
    assert.match(rev2, /^2-[0-9a-f]{32}$/);
    const stored = await t.store.get('tenders', id(1));
    assert.equal(stored!.rev, rev2);
    assert.deepEqual(stored!.doc, doc2);
    assert.equal(stored!.publicText, JSON.stringify(doc2));
  });

  it('update with a stale rev → RevisionConflictError and nothing changes', async () => {
    const rev1 = await t.store.insert('tenders', id(1), write({ id: id(1), v: 1 }));
    const rev2 = await t.store.update('tenders', id(1), rev1, write({ id: id(1), v: 2 }));
    const before = await t.store.get('tenders', id(1));
    await assert.rejects(t.store.update('tenders', id(1), rev1, write({ id: id(1), v: 3 })), RevisionConflictError);
    await assert.rejects(t.store.update('tenders', id(1), 'garbage', write({ id: id(1), v: 3 })), RevisionConflictError);
    await assert.rejects(t.store.update('tenders', id(404), rev2, write({ id: id(404), v: 3 })), RevisionConflictError);
    assert.deepEqual(await t.store.get('tenders', id(1)), before);
    assert.equal((await t.store.revisions('tenders', id(1))).length, 2);
    assert.equal(await t.store.get('tenders', id(404)), null);
  });

  it('concurrent updates from the same rev → exactly one succeeds', async () => {
    for (let round = 0; round < 5; round++) {
      const docId = id(100 + round);
      const rev1 = await t.store.insert('tenders', docId, write({ id: docId, v: 0 }));
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) => t.store.update('tenders', docId, rev1, write({ id: docId, v: i + 1 }))),
      );
      const ok = results.filter((r) => r.status === 'fulfilled');
      const failed = results.filter((r) => r.status === 'rejected');
      assert.equal(ok.length, 1);
      for (const f of failed) assert.ok((f as PromiseRejectedResult).reason instanceof RevisionConflictError);
      const stored = await t.store.get('tenders', docId);
      assert.equal(stored!.rev, (ok[0] as PromiseFulfilledResult<string>).value);
      assert.equal((await t.store.revisions('tenders', docId)).length, 2);
    }
  });

  it('revisions are appended in order and walk back through history', async () => {
    const states: Record<string, unknown>[] = [
      { id: id(1), status: 'draft', items: [{ id: 'a', quantity: 1 }] },
      { id: id(1), status: 'active.enquiries', items: [{ id: 'a', quantity: 2 }], value: { amount: 45.55 } },
      { id: id(1), status: 'active.tendering', items: [{ id: 'a', quantity: 2 }, { id: 'b' }], value: { amount: 45.55 } },
      { id: id(1), status: 'active.tendering', items: [{ id: 'b' }] },
    ];
    const revs: string[] = [];
    revs.push(await t.store.insert('tenders', id(1), write(states[0]!)));
    for (let i = 1; i < states.length; i++) {
      const w = write(states[i]!, {}, states[i - 1]!);
      w.revision.author = `author${i}`;
      w.revision.date = `2027-01-0${i + 1}T00:00:00+02:00`;
      revs.push(await t.store.update('tenders', id(1), revs[i - 1]!, w));
    }
    const entries = await t.store.revisions('tenders', id(1));
    assert.equal(entries.length, states.length);
    assert.equal(entries[0]!.rev, undefined);
    assert.equal(entries[0]!.author, 'broker');
    assert.equal(entries[0]!.date, DATE);
    assert.ok(entries[0]!.changes.every((op) => op.op === 'remove'));
    for (let i = 1; i < entries.length; i++) {
      assert.equal(entries[i]!.rev, revs[i - 1]);
      assert.equal(entries[i]!.author, `author${i}`);
      assert.equal(entries[i]!.date, `2027-01-0${i + 1}T00:00:00+02:00`);
    }
    // Walk back from the stored document: applying revision k's changes yields state k-1.
    let doc = (await t.store.get('tenders', id(1)))!.doc;
    for (let i = entries.length - 1; i >= 1; i--) {
      doc = applyPatch(doc, entries[i]!.changes);
      assert.deepEqual(doc, states[i - 1]);
    }
    assert.deepEqual(applyPatch(doc, entries[0]!.changes), {});
  });

  it('feed orders by public_modified, ascending and descending, with limit', async () => {
    for (let i = 1; i <= 5; i++) await t.store.insert('tenders', id(i), write({ id: id(i) }));
    const base = { mode: 'real', watermarkSeconds: null } as const;
    const asc = await t.store.feed('tenders', { ...base, descending: false, limit: 100 });
    assert.deepEqual(
      asc.map((r) => r.id),
      [1, 2, 3, 4, 5].map(id),
    );
    for (let i = 1; i < asc.length; i++) assert.ok(asc[i]!.publicModified > asc[i - 1]!.publicModified);
    for (const row of asc) {
      assert.equal(row.publicModified, (await t.store.get('tenders', row.id))!.publicModified);
      assert.equal(row.feedText, JSON.stringify({ id: row.id }));
    }
    const desc = await t.store.feed('tenders', { ...base, descending: true, limit: 100 });
    assert.deepEqual(
      desc.map((r) => r.id),
      [5, 4, 3, 2, 1].map(id),
    );
    const page = await t.store.feed('tenders', { ...base, descending: false, limit: 2 });
    assert.deepEqual(
      page.map((r) => r.id),
      [1, 2].map(id),
    );
  });

  it('feed `after` is exclusive, or inclusive when asked, in both directions', async () => {
    for (let i = 1; i <= 3; i++) await t.store.insert('tenders', id(i), write({ id: id(i) }));
    const pm = (await t.store.get('tenders', id(2)))!.publicModified!;
    const q = { mode: 'real', watermarkSeconds: null, limit: 100, after: pm } as const;
    const ids = async (descending: boolean, inclusive: boolean) =>
      (await t.store.feed('tenders', { ...q, descending, inclusive })).map((r) => r.id);
    assert.deepEqual(await ids(false, false), [id(3)]);
    assert.deepEqual(await ids(false, true), [id(2), id(3)]);
    assert.deepEqual(await ids(true, false), [id(1)]);
    assert.deepEqual(await ids(true, true), [id(2), id(1)]);
  });

  it('feed mode filter: real (default), test, _all_', async () => {
    await t.store.insert('tenders', id(1), write({ id: id(1) }));
    await t.store.insert('tenders', id(2), write({ id: id(2), mode: 'test' }, { isTest: true }));
    const ids = async (mode: 'real' | 'test' | '_all_') =>
      (await t.store.feed('tenders', { mode, descending: false, limit: 10, watermarkSeconds: null })).map((r) => r.id);
    assert.deepEqual(await ids('real'), [id(1)]);
    assert.deepEqual(await ids('test'), [id(2)]);
    assert.deepEqual(await ids('_all_'), [id(1), id(2)]);
  });

  it('non-public documents are hidden from the feed but readable by id', async () => {
    const rev = await t.store.insert('tenders', id(1), write({ id: id(1), status: 'draft' }, { isPublic: false }));
    await t.store.insert('tenders', id(2), write({ id: id(2) }));
    const ids = async () =>
      (await t.store.feed('tenders', { mode: '_all_', descending: false, limit: 10, watermarkSeconds: null })).map(
        (r) => r.id,
      );
    assert.deepEqual(await ids(), [id(2)]);
    assert.ok(await t.store.get('tenders', id(1)));
    await t.store.update('tenders', id(1), rev, write({ id: id(1), status: 'active.enquiries' }));
    assert.deepEqual(await ids(), [id(2), id(1)]);
  });

  it('the watermark holds back rows modified less than watermarkSeconds before dbNow', async () => {
    await t.store.insert('tenders', id(1), write({ id: id(1) }));
    const pm = (await t.store.get('tenders', id(1)))!.publicModified!;
    const now = await t.store.dbNow();
    assert.ok(Math.abs(now - pm) < 60, `public_modified ${pm} should be close to dbNow ${now}`);
    const q = { mode: 'real', limit: 10 } as const;
    assert.deepEqual(await t.store.feed('tenders', { ...q, descending: false, watermarkSeconds: 3600 }), []);
    assert.deepEqual(await t.store.feed('tenders', { ...q, descending: true, watermarkSeconds: 3600 }), []);
    assert.equal((await t.store.feed('tenders', { ...q, descending: false, watermarkSeconds: -3600 })).length, 1);
    assert.equal((await t.store.feed('tenders', { ...q, descending: false, watermarkSeconds: null })).length, 1);
  });

  it('touchPublicModified=false keeps the feed position; true moves the document to the end', async () => {
    const rev1 = await t.store.insert('tenders', id(1), write({ id: id(1), v: 1 }));
    await t.store.insert('tenders', id(2), write({ id: id(2) }));
    const pm1 = (await t.store.get('tenders', id(1)))!.publicModified;
    const rev2 = await t.store.update('tenders', id(1), rev1, write({ id: id(1), v: 2 }, { touchPublicModified: false }));
    const afterQuiet = await t.store.get('tenders', id(1));
    assert.equal(afterQuiet!.publicModified, pm1);
    assert.deepEqual(afterQuiet!.doc, { id: id(1), v: 2 });
    const q = { mode: 'real', descending: false, limit: 10, watermarkSeconds: null } as const;
    const feed1 = await t.store.feed('tenders', q);
    assert.deepEqual(
      feed1.map((r) => r.id),
      [id(1), id(2)],
    );
    assert.equal(feed1[0]!.feedText, JSON.stringify({ id: id(1), v: 2 }));
    await t.store.update('tenders', id(1), rev2, write({ id: id(1), v: 3 }));
    assert.deepEqual(
      (await t.store.feed('tenders', q)).map((r) => r.id),
      [id(2), id(1)],
    );
  });

  it('an insert always gets public_modified, even with touchPublicModified=false', async () => {
    await t.store.insert('tenders', id(1), write({ id: id(1) }, { touchPublicModified: false }));
    assert.equal(typeof (await t.store.get('tenders', id(1)))!.publicModified, 'number');
    const feed = await t.store.feed('tenders', { mode: 'real', descending: false, limit: 10, watermarkSeconds: null });
    assert.deepEqual(
      feed.map((r) => r.id),
      [id(1)],
    );
  });

  it('public_modified is strictly increasing across writes, also concurrent ones', async () => {
    const revs = await Promise.all(
      Array.from({ length: 20 }, (_, i) => t.store.insert('tenders', id(i + 1), write({ id: id(i + 1) }))),
    );
    await Promise.all(revs.map((rev, i) => t.store.update('tenders', id(i + 1), rev, write({ id: id(i + 1), v: 2 }))));
    const rows = await t.store.feed('tenders', { mode: 'real', descending: false, limit: 100, watermarkSeconds: null });
    assert.equal(rows.length, 20);
    const values = rows.map((r) => r.publicModified);
    assert.equal(new Set(values).size, 20);
    for (let i = 1; i < values.length; i++) assert.ok(values[i]! > values[i - 1]!);
  });

  it('a reader following `after` never misses a concurrent write (values follow commit order)', async () => {
    const total = 60;
    const seen = new Set<string>();
    let cursor: number | undefined;
    let writing = true;
    const readPage = async () => {
      const rows = await t.store.feed('tenders', {
        mode: 'real',
        descending: false,
        limit: 1000,
        watermarkSeconds: null,
        ...(cursor === undefined ? {} : { after: cursor }),
      });
      for (const r of rows) seen.add(r.id);
      if (rows.length > 0) cursor = rows[rows.length - 1]!.publicModified;
    };
    const reader = (async () => {
      while (writing) await readPage();
    })();
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; i < total / 4; i++) {
        const n = 1000 + w * 100 + i;
        await t.store.insert('tenders', id(n), write({ id: id(n) }));
      }
    });
    await Promise.all(writers);
    writing = false;
    await reader;
    await readPage();
    assert.equal(seen.size, total);
  });

  it('dueForCheck compares next_check as instants, soonest first, with limit', async () => {
    const checks: Array<[number, string | null]> = [
      [1, '2027-01-01T10:00:00+02:00'], // 08:00Z
      [2, '2027-01-01T09:00:00+00:00'], // 09:00Z
      [3, '2027-01-01T08:30:00.500000Z'], // 08:30:00.5Z
      [4, null],
      [5, '2027-01-01T11:00:00.000001+03:00'], // 08:00:00.000001Z: due only from 08:00:00.001Z
    ];
    const revs = new Map<number, string>();
    for (const [n, nextCheck] of checks) {
      revs.set(n, await t.store.insert('tenders', id(n), write({ id: id(n) }, { nextCheck })));
    }
    const at = (iso: string) => Date.parse(iso);
    assert.deepEqual(await t.store.dueForCheck('tenders', at('2027-01-01T07:59:59.999Z'), 10), []);
    assert.deepEqual(await t.store.dueForCheck('tenders', at('2027-01-01T08:00:00.000Z'), 10), [id(1)]);
    assert.deepEqual(await t.store.dueForCheck('tenders', at('2027-01-01T08:00:00.001Z'), 10), [id(1), id(5)]);
    assert.deepEqual(await t.store.dueForCheck('tenders', at('2027-01-01T08:30:00.500Z'), 10), [id(1), id(5), id(3)]);
    assert.deepEqual(await t.store.dueForCheck('tenders', at('2030-01-01T00:00:00Z'), 10), [id(1), id(5), id(3), id(2)]);
    assert.deepEqual(await t.store.dueForCheck('tenders', at('2030-01-01T00:00:00Z'), 2), [id(1), id(5)]);
    // Clearing next_check takes the document out; the feed-quiet update still updates it.
    await t.store.update('tenders', id(1), revs.get(1)!, write({ id: id(1) }, { nextCheck: null, touchPublicModified: false }));
    assert.deepEqual(await t.store.dueForCheck('tenders', at('2030-01-01T00:00:00Z'), 10), [id(5), id(3), id(2)]);
    assert.deepEqual(await t.store.dueForCheck('plans', at('2030-01-01T00:00:00Z'), 10), []);
  });

  it('claimDueForCheck: one claimant per due document until it releases it or the lease ends', async () => {
    for (const n of [1, 2, 3]) await t.store.insert('tenders', id(n), write({ id: id(n) }, { nextCheck: `2027-01-01T0${n}:00:00+00:00` }));
    await t.store.insert('tenders', id(4), write({ id: id(4) }, { nextCheck: '2027-01-02T00:00:00+00:00' }));
    const due = Date.parse('2027-01-01T12:00:00Z');
    const claim = (claimant: string, nowMs: number) => ({ claimant, nowMs, untilMs: nowMs + 1000 });
    const sorted = (ids: string[]) => [...ids].sort();
    assert.deepEqual(sorted(await t.store.claimDueForCheck('tenders', due, 2, claim('a', 0))), [id(1), id(2)]);
    // b gets what a does not hold; a gets its own again (renewed).
    assert.deepEqual(sorted(await t.store.claimDueForCheck('tenders', due, 10, claim('b', 10))), [id(3)]);
    assert.deepEqual(sorted(await t.store.claimDueForCheck('tenders', due, 10, claim('a', 20))), [id(1), id(2)]);
    assert.deepEqual(await t.store.claimDueForCheck('tenders', due, 10, claim('c', 30)), []);
    // A release frees one at once; an expired lease frees the rest.
    await t.store.releaseCheck('tenders', id(1), 'a');
    await t.store.releaseCheck('tenders', id(3), 'a'); // not a's: no-op
    assert.deepEqual(await t.store.claimDueForCheck('tenders', due, 10, claim('c', 40)), [id(1)]);
    // b's lease (from 10) ends at 1010, a's renewed one (from 20) at 1020.
    assert.deepEqual(sorted(await t.store.claimDueForCheck('tenders', due, 10, claim('c', 1015))), [id(1), id(3)]);
    assert.deepEqual(sorted(await t.store.claimDueForCheck('tenders', due, 10, claim('c', 1021))), [id(1), id(2), id(3)]);
    // Not due yet, or another collection: nothing.
    assert.deepEqual(await t.store.claimDueForCheck('plans', due, 10, claim('d', 5000)), []);
  });

  it('claimDueForCheck: claimants racing for the same due documents never both get one', async () => {
    for (let n = 1; n <= 30; n++) await t.store.insert('tenders', id(n), write({ id: id(n) }, { nextCheck: '2027-01-01T00:00:00+00:00' }));
    const due = Date.parse('2027-01-02T00:00:00Z');
    const got = await Promise.all(['a', 'b', 'c', 'd'].map((claimant) => t.store.claimDueForCheck('tenders', due, 30, { claimant, nowMs: 0, untilMs: 60_000 })));
    const all = got.flat();
    assert.equal(new Set(all).size, all.length, 'no document claimed twice');
    assert.equal(all.length, 30);
  });

  it('rejects a nextCheck without an offset', async () => {
    await assert.rejects(t.store.insert('tenders', id(1), write({ id: id(1) }, { nextCheck: '2027-01-01T10:00:00' })), TypeError);
    assert.equal(await t.store.get('tenders', id(1)), null);
  });

  it('nextSequence counts from 1, independently per name', async () => {
    assert.equal(await t.store.nextSequence('tender_2027-01-01'), 1);
    assert.equal(await t.store.nextSequence('tender_2027-01-01'), 2);
    assert.equal(await t.store.nextSequence('tender_2027-01-02'), 1);
    assert.equal(await t.store.nextSequence('tender_2027-01-01'), 3);
    assert.equal(await t.store.nextSequence('plan_2027-01-01'), 1);
  });

  it('nextSequence hands out each value once under concurrency', async () => {
    const values = await Promise.all(Array.from({ length: 30 }, () => t.store.nextSequence('tender_2027-02-01')));
    assert.deepEqual(
      [...values].sort((a, b) => a - b),
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
  });

  it('dbNow is epoch seconds with millisecond precision', async () => {
    const now = await t.store.dbNow();
    assert.equal(now, Math.round(now * 1000) / 1000);
    assert.ok(Math.abs(now - Date.now() / 1000) < 60);
  });

  it('init is idempotent', async () => {
    await t.store.insert('tenders', id(1), write({ id: id(1) }));
    await t.store.init();
    assert.ok(await t.store.get('tenders', id(1)));
  });
});
