// How owner tokens are kept: sealed (owner-token.ts) under one server-wide token key, stored with
// the data like the document-service key, so every node checks tokens alike. Databases written
// before tokens were sealed hold them in plain text, in documents and in revision entries (a
// reverse patch that replaces the bids array carries every earlier bid, token included); on open
// they are sealed in place, once, and their owners keep using the tokens they were given.
import { randomBytes } from 'node:crypto';
import type { CollectionName, RevisionEntry, Store, StoredUpgrade, UpgradeCounts } from '../storage/store.ts';
import { loadOrCreateSharedSecret } from '../storage/shared-secret.ts';
import { parsePointer } from '../storage/revisions.ts';
import { isSealedToken, tokenSealer, type TokenSealer } from './owner-token.ts';

const TOKEN_KEY_BLOB = 'token-key/hmac-sha256';

/** Recorded by the store once every plain token of a database is sealed. */
export const SEAL_TOKENS_UPGRADE = 'seal-owner-tokens-hmac-sha256';

/** Members holding an owner token wherever they appear (bids, claims and complaints of any depth). */
const TOKEN_MEMBERS = new Set([
  'owner_token',
  // Contracts of the older contracting API kept the tender's and the winning bid's tokens.
  'tender_token',
  'bid_token',
]);

/** Whether the member at `path` (keys from the document root) holds an owner token. */
export function isTokenPath(path: readonly string[]): boolean {
  const last = path[path.length - 1];
  if (last !== undefined && TOKEN_MEMBERS.has(last)) return true;
  // A contract's `access: [{role, owner, token}]`.
  return path.length === 3 && path[0] === 'access' && /^\d+$/.test(path[1]!) && last === 'token';
}

/** `value` (found at `path`) with its plain tokens sealed; containers are changed in place. */
function sealWithin(value: unknown, path: readonly string[], sealer: TokenSealer): { value: unknown; changed: boolean } {
  if (typeof value === 'string') {
    return isTokenPath(path) && !isSealedToken(value) ? { value: sealer.seal(value), changed: true } : { value, changed: false };
  }
  let changed = false;
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const r = sealWithin(item, [...path, String(i)], sealer);
      if (!r.changed) return;
      value[i] = r.value;
      changed = true;
    });
  } else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    for (const [key, item] of Object.entries(record)) {
      const r = sealWithin(item, [...path, key], sealer);
      if (!r.changed) continue;
      record[key] = r.value;
      changed = true;
    }
  }
  return { value, changed };
}

/** The document with its plain tokens sealed (in place), or null when it has none. */
export function sealDocumentTokens(doc: Record<string, unknown>, sealer: TokenSealer): Record<string, unknown> | null {
  return sealWithin(doc, [], sealer).changed ? doc : null;
}

/** The revision entry with the plain tokens of its patch values sealed (in place), or null when it has none. */
export function sealRevisionTokens(entry: RevisionEntry, sealer: TokenSealer): RevisionEntry | null {
  let changed = false;
  for (const op of entry.changes ?? []) {
    if (!('value' in op)) continue;
    // A path we cannot read still has its tokens found by member name inside the value.
    const at = op.path.startsWith('/') ? parsePointer(op.path) : [];
    const r = sealWithin(op.value, at, sealer);
    if (!r.changed) continue;
    op.value = r.value;
    changed = true;
  }
  return changed ? entry : null;
}

function sealingUpgrade(sealer: TokenSealer): StoredUpgrade {
  return {
    document: (_collection: CollectionName, doc) => sealDocumentTokens(doc, sealer),
    revision: (_collection: CollectionName, entry) => sealRevisionTokens(entry, sealer),
    // Every token member's name (and so every path or value that holds one) contains it.
    revisionsContaining: 'token',
  };
}

/** Seals the plain tokens of an older database; null when that was done before. */
export function sealStoredTokens(store: Store, sealer: TokenSealer): Promise<UpgradeCounts | null> {
  return store.upgradeOnce(SEAL_TOKENS_UPGRADE, sealingUpgrade(sealer));
}

/** The sealer under the store's token key (made on first open), with older plain tokens sealed. */
export async function openTokenSealer(store: Store): Promise<TokenSealer> {
  const sealer = tokenSealer(await loadOrCreateSharedSecret(store, TOKEN_KEY_BLOB, () => randomBytes(32)));
  await sealStoredTokens(store, sealer);
  return sealer;
}
