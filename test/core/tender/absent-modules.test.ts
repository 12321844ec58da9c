// Modules a procedure lacks are absent: their routes answer as an unknown URL does (the reference's
// route predicates match no view for that procedure type), after the tender itself was found.
// Shown with a belowThreshold variant that has no bids, questions, claims, chronograph, lots or
// review requests (it keeps the auction, which its config's `hasAuction` needs).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeApp } from '../../helpers/app.ts';
import { api, expectError, expectStatus } from '../../helpers/api.ts';
import { createTender, ownerUrl, type CreatedTender } from '../../procedures/below-threshold/builders.ts';
import { buildRegistry } from '../../../src/procedures/registry.ts';
import { belowThreshold } from '../../../src/procedures/below-threshold/index.ts';
import type { Procedure } from '../../../src/core/tender/procedure.ts';

// belowThreshold without every module that has routes (its config still needs the auction and the enquiry stage).
const bare: Procedure = { ...belowThreshold, modules: new Set(['auction', 'enquiries']) };

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

describeApp('absent procedure modules', { procedures: buildRegistry([bare]) }, (t) => {
  let tender: CreatedTender;
  before(async () => {
    tender = await createTender(t.app);
  });

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
