// Our document-service signing key: generated on first start and kept with the data, so document
// URLs stay valid across restarts and every node of a PostgreSQL deployment signs and verifies
// with the same key.
import type { Store } from '../storage/store.ts';
import { loadOrCreateSharedSecret } from '../storage/shared-secret.ts';
import { createDsKeyring, generateSigningKey, type DsKeyring } from './url-signature.ts';

const SIGNING_KEY_BLOB = 'ds-key/signing';

export async function loadOrCreateDsKeyring(store: Store, trustedPublicKeysHex: readonly string[]): Promise<DsKeyring> {
  const pem = await loadOrCreateSharedSecret(store, SIGNING_KEY_BLOB, () => Buffer.from(generateSigningKey().privateKeyPem, 'utf8'));
  return createDsKeyring({ ownPrivateKeyPem: pem.toString('utf8'), trustedPublicKeysHex });
}
