// Store.chargeUsage (the document service's per-key upload quota) on every backend: counts within
// the limit, refuses past it without counting, keeps keys apart, and never overshoots under
// concurrent charges.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachStore } from '../helpers/backends.ts';

forEachStore('Store usage counters', (t) => {

  it('adds while the sum stays within the limit; a refused charge adds nothing; keys are separate', async () => {
    assert.equal(await t.store.chargeUsage('upload/broker/20454', 60, 100), true);
    assert.equal(await t.store.chargeUsage('upload/broker/20454', 41, 100), false);
    assert.equal(await t.store.chargeUsage('upload/broker/20454', 40, 100), true);
    assert.equal(await t.store.chargeUsage('upload/broker/20454', 1, 100), false);
    assert.equal(await t.store.chargeUsage('upload/broker1/20454', 100, 100), true);
    assert.equal(await t.store.chargeUsage('upload/broker/20455', 101, 100), false);
    assert.equal(await t.store.chargeUsage('upload/broker/20455', 100, 100), true);
  });

  it('concurrent charges never take more than the limit', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => t.store.chargeUsage('upload/racer/1', 10, 55)));
    assert.equal(results.filter(Boolean).length, 5);
    assert.equal(await t.store.chargeUsage('upload/racer/1', 5, 55), true);
    assert.equal(await t.store.chargeUsage('upload/racer/1', 1, 55), false);
  });

  it('a negative amount gives an earlier charge back', async () => {
    assert.equal(await t.store.chargeUsage('upload/refund/1', 80, 100), true);
    assert.equal(await t.store.chargeUsage('upload/refund/1', 30, 100), false);
    assert.equal(await t.store.chargeUsage('upload/refund/1', -80, 100), true);
    assert.equal(await t.store.chargeUsage('upload/refund/1', 100, 100), true);
    assert.equal(await t.store.chargeUsage('upload/refund/1', 1, 100), false);
  });
});
