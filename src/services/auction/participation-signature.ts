// Where the bidder page lives and who may bid on it. The page of an auction is
// `<public url>/auctions/<run key>`; a bidder's participationUrl adds its bid id and an HMAC of
// (run key, bid id) under a secret kept in the Store, so the link cannot be made from the bid id
// alone and every node of a shared database signs and checks alike (first writer of the secret wins,
// as with the document-service key).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../../core/storage/store.ts';
import { loadOrCreateSharedSecret } from '../../core/storage/shared-secret.ts';

const SECRET_BLOB = 'auction/participation-secret';

export const AUCTION_PAGE_PREFIX = '/auctions';

export async function loadOrCreateParticipationSecret(store: Store): Promise<Buffer> {
  return loadOrCreateSharedSecret(store, SECRET_BLOB, () => randomBytes(32));
}

export function participationSignature(secret: Buffer, runKey: string, bidId: string): string {
  return createHmac('sha256', secret).update(`${runKey}\n${bidId}`).digest('base64url');
}

export function isParticipationSignature(secret: Buffer, runKey: string, bidId: string, signature: string): boolean {
  const expected = Buffer.from(participationSignature(secret, runKey, bidId));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function auctionPageUrl(publicBase: string, runKey: string): string {
  return `${publicBase.replace(/\/$/, '')}${AUCTION_PAGE_PREFIX}/${runKey}`;
}

export function participationUrl(pageUrl: string, secret: Buffer, runKey: string, bidId: string): string {
  return `${pageUrl}?bidder=${bidId}&signature=${participationSignature(secret, runKey, bidId)}`;
}
