// The document-service signing key is created once and shared through the store (every node of
// a deployment signs with the same key), on both backends.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { loadOrCreateDsKeyring } from '../../../src/core/documents/ds-keys.ts';
import { forEachStore } from '../../helpers/backends.ts';

const TRUSTED = 'a8968c4682ffa921c91caab5b60c84fbd089311549e5c3defd48f413c89337b6';

forEachStore('document-service signing key', (t) => {

  it('is generated on first load and the same afterwards; trusted keys join the keyring', async () => {
    const first = await loadOrCreateDsKeyring(t.store, []);
    const again = await loadOrCreateDsKeyring(t.store, [TRUSTED]);
    assert.equal(again.keyId, first.keyId);
    assert.deepEqual(again.keyIds, [first.keyId, 'a8968c46']);
    const sig = first.sign('message');
    assert.ok(again.verify(first.keyId, 'message', sig));
  });

  it('nodes starting at once end up with one key', async () => {
    const rings = await Promise.all(Array.from({ length: 5 }, () => loadOrCreateDsKeyring(t.store, [])));
    assert.equal(new Set(rings.map((r) => r.keyId)).size, 1);
  });
});
