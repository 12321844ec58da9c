// Confidentiality of contract documents (open-procedures.md §6.5): the signed contract and its
// annexes of a tender bought for a confidential cause are `buyerOnly`; every other contract
// document is public. Pure: the contract's tender and the document in, the reference's 422 out.
import { dataError } from '../http/errors.ts';
import type { DocumentRecord } from '../documents/document.types.ts';
import { tenderCreatedAfter, type Tender } from './tender-port.ts';

/** Causes (legacy `cause` or `causeDetails.code`) whose contracts are not published. */
export const CONFIDENTIAL_CAUSES: ReadonlySet<string> = new Set([
  'criticalInfrastructure', 'civilProtection', 'RNBO', 'naturalGas', 'UZ', 'defencePurchase', 'stateDebtServices',
  'energyCrisisRecovery', 'defenseNeeds',
]);

const CONFIDENTIAL_DOCUMENT_TYPES: ReadonlySet<string> = new Set(['contractSigned', 'contractAnnexe']);
const CONTRACT_DOCUMENT_OF: ReadonlySet<string> = new Set(['contract', 'change']);

function hasConfidentialCause(tender: Tender): boolean {
  const code = (tender.causeDetails as { code?: unknown } | undefined)?.code;
  return CONFIDENTIAL_CAUSES.has(String(tender.cause)) || CONFIDENTIAL_CAUSES.has(String(code));
}

/** `tender`: the contract's tender, when stored (without it no cause applies). */
export function assertContractDocumentConfidentiality(tender: Tender | undefined, doc: DocumentRecord): void {
  if (tender && !tenderCreatedAfter(tender, 'contractConfidentialDocuments')) return;
  const mustBeConfidential =
    tender !== undefined &&
    CONTRACT_DOCUMENT_OF.has(String(doc.documentOf ?? 'contract')) &&
    CONFIDENTIAL_DOCUMENT_TYPES.has(String(doc.documentType)) &&
    hasConfidentialCause(tender);
  if (mustBeConfidential && doc.confidentiality !== 'buyerOnly') throw dataError('confidentiality', 'Document should be confidential');
  if (!mustBeConfidential && doc.confidentiality === 'buyerOnly') throw dataError('confidentiality', 'Document should be public');
}
