// Reads serve stored texts: GET by id builds its envelope from the public text and the stored
// envelope extra (no document parse), the feed reads the stored feed text. Rows written before
// those texts existed (no envelope extra, no feed text) are still served in full.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeApp } from '../../helpers/app.ts';
import { api, setClock, type Json } from '../../helpers/api.ts';
import { START } from '../../helpers/recorded-tender.ts';
import { REFERENCE_DS_KEY } from '../../helpers/reference-ds.ts';
import { createTender, publishTender } from '../../procedures/below-threshold/builders.ts';

describeApp('stored texts', { feedWatermarkSeconds: 0, trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  before(async () => {
    await setClock(t.app, START);
  });

  test('the envelope and the feed item come from the texts written with the tender', async () => {
    const tender = await createTender(t.app);
    await publishTender(t.app, tender);
    const row = await t.deps.store.getPublic('tenders', tender.id);
    assert.ok(row);
    assert.equal(row.envelopeExtra, `"config":${JSON.stringify(tender.config)}`);
    const got = await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}`);
    assert.equal(got.body, `{"data":${row.publicText},${row.envelopeExtra}}`);
    const feed = await api(t.app, 'GET', '/api/2.5/tenders?opt_fields=status,tenderID');
    const item = (feed.json.data as Json[]).find((i) => i.id === tender.id);
    assert.deepEqual(Object.keys(item!).sort(), ['dateModified', 'id', 'status', 'tenderID']);
    assert.equal(item!.status, 'active.enquiries');
  });

  test('a row without envelope extra and feed text (older release) is served in full', async () => {
    const tender = await createTender(t.app);
    await publishTender(t.app, tender);
    const stored = (await t.deps.store.get('tenders', tender.id))!;
    await t.deps.store.update('tenders', tender.id, stored.rev, {
      doc: stored.doc,
      publicText: stored.publicText,
      meta: { isPublic: true, isTest: false, nextCheck: null, touchPublicModified: false },
      revision: { author: 'test', changes: [], date: START },
    });
    assert.equal((await t.deps.store.getPublic('tenders', tender.id))!.envelopeExtra, '');
    const got = await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}`);
    assert.deepEqual(got.json.config, tender.config);
    assert.equal((got.json.data as Json).id, tender.id);
    const feed = await api(t.app, 'GET', '/api/2.5/tenders?opt_fields=status');
    assert.equal((feed.json.data as Json[]).find((i) => i.id === tender.id)?.status, 'active.enquiries');
  });
});
