// "Signed" documents (below-threshold.md §3.1, §3.4, §3.6): a decision or announcement counts as
// signed when its holder has a `.p7s` document of the given type about the tender.
import { dataError } from '../http/errors.ts';
import type { DocumentRecord } from './document.types.ts';

export function isSignatureDocument(d: DocumentRecord, documentType: string): boolean {
  return d.documentType === documentType && (d.documentOf ?? 'tender') === 'tender' && String(d.title ?? '').endsWith('.p7s');
}

/** 422 `Document with type '<type>' and format pkcs7-signature is required` unless one is there. */
export function assertSignatureDocument(docs: readonly DocumentRecord[] | undefined, documentType: string, accept: (d: DocumentRecord) => boolean = () => true): void {
  if (!(docs ?? []).some((d) => isSignatureDocument(d, documentType) && accept(d))) {
    throw dataError('documents', `Document with type '${documentType}' and format pkcs7-signature is required`);
  }
}
