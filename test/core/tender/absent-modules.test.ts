// Modules a procedure lacks are absent: their routes answer as an unknown URL does (the reference's
// route predicates match no view for that procedure type), after the tender itself was found.
// Shown with a belowThreshold variant that has no bids, questions, claims, chronograph, lots or
// review requests (it keeps the auction, which its config's `hasAuction` needs).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, TEST_BACKENDS, type TestApp } from '../../helpers/app.ts';
import { api, createTender, expectError, expectStatus, ownerUrl, type CreatedTender } from '../../procedures/below-threshold/builders.ts';
import { buildRegistry } from '../../../src/procedures/registry.ts';
import { belowThreshold } from '../../../src/procedures/below-threshold/index.ts';
import type { Procedure } from '../../../src/core/tender/procedure.ts';

const bare: Procedure = { ...belowThreshold, modules: new Set(['auction']) };

const ABSENT: Array<{ method: 'GET' | 'POST' | 'PATCH'; suffix: string; auth?: string }> = [
  { method: 'GET', suffix: '/bids' },
  { method: 'POST', suffix: '/bids' },
  { method: 'GET', suffix: '/bids/0123456789abcdef0123456789abcdef' },
  { method: 'GET', suffix: '/bids/0123456789abcdef0123456789abcdef/documents' },
  { method: 'GET', suffix: '/questions' },
  { method: 'POST', suffix: '/questions' },
  { method: 'GET', suffix: '/complaints' },
  { method: 'GET', suffix: '/complaints/0123456789abcdef0123456789abcdef/documents' },
  { method: 'GET', suffix: '/lots' },
  { method: 'POST', suffix: '/lots' },
  { method: 'GET', suffix: '/review_requests' },
  { method: 'GET', suffix: '/chronograph', auth: 'chronograph' },
];

for (const backend of TEST_BACKENDS) {
  describe(`absent procedure modules [${backend}]`, () => {
    let t: TestApp;
    let tender: CreatedTender;
    before(async () => {
      t = await buildTestApp({ backend, procedures: buildRegistry([bare]) });
      tender = await createTender(t.app);
    });
    after(() => t.close());

    for (const { method, suffix, auth } of ABSENT) {
      test(`${method} ${suffix} → 404 url/not_found, nothing stored`, async () => {
        const before = await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}`);
        const res = await api(t.app, method, ownerUrl(tender, suffix), { auth: auth ?? 'broker', body: method === 'GET' ? undefined : { data: {} } });
        expectError(res, 404, 'url', 'not_found', 'Not Found');
        const afterwards = await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}`);
        assert.deepEqual(afterwards.json, before.json);
      });
    }

    test('an unknown tender is still reported as such first', async () => {
      expectError(await api(t.app, 'GET', '/api/2.5/tenders/0123456789abcdef0123456789abcdef/bids'), 404, 'url', 'tender_id', 'Not Found');
    });

    test('modules every procedure has still answer (documents, cancellations)', async () => {
      expectStatus(await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/documents`), 200);
      expectStatus(await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/cancellations`), 200);
    });
  });
}
