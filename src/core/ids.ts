// Object ids the API makes (tenders, lots, bids, awards, documents, …): 32 lowercase hex digits of
// a random UUID, the reference's `uuid4().hex`.
import { randomUUID } from 'node:crypto';

export function newId(): string {
  return randomUUID().replaceAll('-', '');
}
