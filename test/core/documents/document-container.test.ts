// A second document container registered in a few lines (as bids, awards, … will be): documents
// kept on a lot, without author, not deletable. Proves the routes are container-generic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeApp } from '../../helpers/app.ts';
import { api, expectError, expectStatus, type Json } from '../../helpers/api.ts';
import { REFERENCE_DS_KEY, SIGNED_URLS } from '../../helpers/reference-ds.ts';
import { addLot, createTender, getTender, ownerUrl } from '../../procedures/below-threshold/builders.ts';
import { registerDocumentRoutes } from '../../../src/core/documents/document.routes.ts';
import type { DocumentContainer } from '../../../src/core/documents/document-container.ts';
import { isOwner } from '../../../src/core/auth/owner-token.ts';
import { notFound, permissionDenied } from '../../../src/core/http/errors.ts';
import type { Tender } from '../../../src/core/tender/tender.types.ts';

const lotDocuments: DocumentContainer = {
  route: '/tenders/:tender_id/lots/:lot_id/documents',
  item: 'lot',
  stampsAuthor: false,
  locate(tender: Tender, params) {
    const lot = (tender.lots ?? []).find((l) => l.id === params.lot_id);
    if (!lot) throw notFound('lot_id');
    return { holder: lot as unknown as Record<string, unknown>, key: 'documents', collectionPath: `/tenders/${tender.id}/lots/${lot.id}/documents` };
  },
  writerRole(ctx, tender) {
    if (!isOwner(ctx.principal, tender, ctx.req.accToken)) throw permissionDenied();
    return 'tender_owner';
  },
  assertWritable() {},
  mayReadConfidential: () => false,
};

describeApp('a registered document container (lot documents)', { trustedDsKeys: [REFERENCE_DS_KEY], register: (app, deps) => registerDocumentRoutes(app, deps, lotDocuments) }, (t) => {

  test('POST, GET, PUT and DELETE work on the container through the shared routes', async () => {
    const tender = await createTender(t.app);
    const lot = await addLot(t.app, tender);
    const url = (suffix = '') => ownerUrl(tender, `/lots/${lot.id}/documents${suffix}`);
    const posted = await api(t.app, 'POST', url(), { body: { data: { title: 'lot.pdf', format: 'application/pdf', ...SIGNED_URLS.noticePdf } } });
    expectStatus(posted, 201);
    const doc = posted.json.data as Json;
    assert.equal('author' in doc, false, 'this container does not stamp author');
    assert.equal(posted.headers.location, `http://localhost:80/api/2.5/tenders/${tender.id}/lots/${lot.id}/documents/${doc.id}`);

    const stored = (await t.deps.store.get('tenders', tender.id))!.doc as unknown as Tender;
    assert.equal(stored.lots![0]!.documents === undefined, false);
    assert.equal((stored.lots![0] as unknown as { documents: Json[] }).documents[0]!.url, `/tenders/${tender.id}/lots/${lot.id}/documents/${doc.id}?download=325d0d7a8e034710bf0f2fdfb91712c5`);
    // Nested document urls are rendered in the public tender too.
    const publicLot = ((await getTender(t.app, tender.id)).lots as Json[])[0] as { documents: Json[] };
    assert.match(String(publicLot.documents[0]!.url), /^http:\/\/127\.0\.0\.1:8000\/ds\/get\/325d0d7a8e034710bf0f2fdfb91712c5\?Signature=/);

    expectStatus(await api(t.app, 'PUT', url(`/${doc.id}`), { body: { data: { title: 'lot-2.pdf', format: 'application/pdf', ...SIGNED_URLS.awardCriteria2 } } }), 200);
    const list = await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/lots/${lot.id}/documents?all=1`, { auth: null });
    assert.deepEqual((list.json.data as Json[]).map((d) => d.title), ['lot.pdf', 'lot-2.pdf']);
    expectError(await api(t.app, 'DELETE', url(`/${doc.id}`)), 403, 'body', 'data', 'Forbidden to delete document for lot');
    expectError(await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/lots/${'0'.repeat(32)}/documents`), 404, 'url', 'lot_id', 'Not Found');
  });
});
