// Our document-service signing key: generated on first start and kept with the data
// (DATA_DIR/ds-signing-key.pem), so document URLs stay valid across restarts.
import fs from 'node:fs';
import path from 'node:path';
import { createDsKeyring, generateSigningKey, type DsKeyring } from './url-signature.ts';

export function loadOrCreateDsKeyring(dataDir: string | null, trustedPublicKeysHex: readonly string[]): DsKeyring {
  if (dataDir === null) return createDsKeyring({ ownPrivateKeyPem: generateSigningKey().privateKeyPem, trustedPublicKeysHex });
  const file = path.join(dataDir, 'ds-signing-key.pem');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, generateSigningKey().privateKeyPem, { mode: 0o600 });
    fs.renameSync(tmp, file);
  }
  return createDsKeyring({ ownPrivateKeyPem: fs.readFileSync(file, 'utf8'), trustedPublicKeysHex });
}
