// Secrets every node sharing a Store must agree on (the document-service signing key, the token
// key, the auction's participation secret): made by whichever node needs one first and kept in the
// Store's blobs, so they live with the data (a 0600 file under DATA_DIR with SQLite, a row of the
// database with PostgreSQL) and survive restarts. Nodes starting together race to create one; the
// first write wins and everybody uses what was stored.
import type { Store } from './store.ts';

export async function loadOrCreateSharedSecret(store: Store, key: string, create: () => Buffer): Promise<Buffer> {
  const existing = await store.getBlob(key);
  if (existing !== null) return existing;
  await store.putBlob(key, create(), { ifAbsent: true });
  const stored = await store.getBlob(key);
  if (stored === null) throw new Error(`shared secret ${key}: stored but not readable`);
  return stored;
}
