// Rules on typed documents of a container (below-threshold.md §1.9): a signed decision needs its
// `.p7s` document, and some document types may appear once per container. Shared by every
// container with such rules (cancellation reports now; award notices use the same shape).
import { dataError } from '../http/errors.ts';
import type { DocumentRecord } from './document.types.ts';

/**
 * A signature document of `documentType` about the tender (`.p7s`, latest version of its id) is
 * needed (422 `documents`). Shared by every signed decision (cancellation report, award notice).
 */
export function assertSignatureDocument(documents: readonly DocumentRecord[], documentType: string): void {
  const seen = new Set<string>();
  for (const doc of [...documents].reverse()) {
    const latest = !seen.has(doc.id);
    seen.add(doc.id);
    if (latest && doc.documentType === documentType && String(doc.title ?? '').endsWith('.p7s') && (doc.documentOf ?? 'tender') === 'tender') return;
  }
  throw dataError('documents', `Document with type '${documentType}' and format pkcs7-signature is required`);
}

/** At most one document of `documentType` per related item in a container (422 `documents`). */
export function assertSingleDocumentOfType(documents: readonly DocumentRecord[], documentType: string, holderName: string): void {
  const byItem = new Map<string | undefined, Set<string>>();
  const seen = new Set<string>();
  for (const doc of [...documents].reverse()) {
    if (doc.documentType === documentType && !seen.has(doc.id)) {
      const key = typeof doc.relatedItem === 'string' ? doc.relatedItem : undefined;
      byItem.set(key, (byItem.get(key) ?? new Set()).add(doc.id));
    }
    seen.add(doc.id);
  }
  for (const [item, ids] of byItem) {
    if (ids.size > 1) throw dataError('documents', `${documentType} document in ${holderName} should be only one${item ? ` for lot ${item}` : ''}`);
  }
}
