// Our document-service signing key: generated on first start and kept with the data, in the
// Store's blobs, so document URLs stay valid across restarts and every node of a PostgreSQL
// deployment signs and verifies with the same key. Nodes starting together race to create it;
// the first write wins and everybody uses what was stored.
import type { Store } from '../storage/store.ts';
import { createDsKeyring, generateSigningKey, type DsKeyring } from './url-signature.ts';

const SIGNING_KEY_BLOB = 'ds-key/signing';

export async function loadOrCreateDsKeyring(store: Store, trustedPublicKeysHex: readonly string[]): Promise<DsKeyring> {
  let pem = await store.getBlob(SIGNING_KEY_BLOB);
  if (pem === null) {
    await store.putBlob(SIGNING_KEY_BLOB, Buffer.from(generateSigningKey().privateKeyPem, 'utf8'), { ifAbsent: true });
    pem = await store.getBlob(SIGNING_KEY_BLOB);
    if (pem === null) throw new Error('document-service signing key: stored but not readable');
  }
  return createDsKeyring({ ownPrivateKeyPem: pem.toString('utf8'), trustedPublicKeysHex });
}
