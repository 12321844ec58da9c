// The typed client (clients/ts) against the app on a real socket, on both backends: the example's
// create → publish flow, a typed read, and a 4xx typed as the error envelope.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { TEST_BACKENDS, buildTestApp, type TestApp } from '../helpers/app.ts';
import { createCdbClient, ownerHeaders, type CdbClient, type ErrorEnvelope } from '../../clients/ts/index.ts';
import { createAndPublishTender } from '../../clients/ts/example.ts';

for (const backend of TEST_BACKENDS) {
  describe(`typed TypeScript client [${backend}]`, () => {
    let t: TestApp;
    let broker: CdbClient;
    let anonymous: CdbClient;
    before(async () => {
      t = await buildTestApp({ backend });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      broker = createCdbClient({ baseUrl, apiKey: 'broker' });
      anonymous = createCdbClient({ baseUrl });
    });
    after(() => t.close());

    it('creates, publishes and reads a belowThreshold tender', async () => {
      const tender = await createAndPublishTender(broker);
      assert.equal(tender.status, 'active.enquiries');

      const read = await anonymous.GET('/api/2.5/tenders/{tender_id}', { params: { path: { tender_id: tender.id } } });
      assert.equal(read.response.status, 200);
      assert.equal(read.error, undefined);
      const status: string | undefined = read.data?.data.status;
      assert.equal(status, 'active.enquiries');
      assert.equal(read.data?.data.id, tender.id);
      assert.equal((read.data?.data.documents as unknown[]).length, 2);

      const patched = await broker.PATCH('/api/2.5/tenders/{tender_id}', {
        params: { path: { tender_id: tender.id } },
        headers: ownerHeaders(tender.token),
        body: { data: { description: 'changed through the typed client' } },
      });
      assert.equal(patched.response.status, 200);
      assert.equal(patched.data?.data.description, 'changed through the typed client');
    });

    it('a 4xx is the typed error envelope', async () => {
      const missing = await anonymous.GET('/api/2.5/tenders/{tender_id}', { params: { path: { tender_id: 'f'.repeat(32) } } });
      assert.equal(missing.response.status, 404);
      assert.equal(missing.data, undefined);
      const error: ErrorEnvelope | undefined = missing.error;
      assert.deepEqual(error, { status: 'error', errors: [{ location: 'url', name: 'tender_id', description: 'Not Found' }] });

      const tender = await createAndPublishTender(broker);
      const foreign = await broker.PATCH('/api/2.5/tenders/{tender_id}', {
        params: { path: { tender_id: tender.id } },
        headers: ownerHeaders('0'.repeat(32)),
        body: { data: { description: 'not the owner' } },
      });
      assert.equal(foreign.response.status, 403);
      assert.equal(foreign.error?.status, 'error');
      assert.equal(foreign.error?.errors[0]?.name, 'permission');
    });
  });
}
