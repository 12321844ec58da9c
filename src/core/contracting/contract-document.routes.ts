// /contracts/{contract_id}/documents (contracting.md §2.7, classic): the shared document routes on a
// contract of the contracting API. The buyer side writes; nothing is deleted; no author is stored.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../context.ts';
import { forbidden } from '../http/errors.ts';
import type { DocumentAggregate, DocumentContainer } from '../documents/document-container.ts';
import { registerDocumentRoutes } from '../documents/document.routes.ts';
import { contractUpdate, loadContract } from './contract.repository.ts';
import { assertContractDocumentConfidentiality } from './contract-document.rules.ts';
import { storedTenderOfContract } from './tender-port.ts';
import { EDITABLE_CONTRACT_STATUSES } from './contract.rules.ts';
import { ContractDocumentInput, ContractDocumentPatch, ContractStoredDocument } from './contract.schema.ts';
import { assertContractOwner, isContractOwner } from './contract.service.ts';
import type { Contract } from './contract.types.ts';

export const CONTRACT_DOCUMENT_AGGREGATE: DocumentAggregate<Contract> = {
  async load(ctx, params) {
    const { contract, rev } = await loadContract(ctx, params.contract_id!);
    return { doc: contract, rev };
  },
  async save(ctx, loaded, after) {
    const write = contractUpdate(ctx, { contract: loaded.doc, rev: loaded.rev }, after);
    if (write) await ctx.deps.store.writeAll([write]);
  },
  relatedIds(contract, of) {
    if (of === 'item') return (contract.items ?? []).map((i) => String(i.id));
    if (of === 'change') return (contract.changes ?? []).map((c) => c.id);
    // Lots are the tender's; the contract does not list them.
    return undefined;
  },
};

export function contractDocumentContainer(): DocumentContainer<Contract> {
  return {
    route: '/contracts/:contract_id/documents',
    item: 'contract',
    stampsAuthor: false,
    aggregate: CONTRACT_DOCUMENT_AGGREGATE,
    schemas: { input: ContractDocumentInput, patch: ContractDocumentPatch, stored: ContractStoredDocument },
    locate: (_ctx, contract) => ({ holder: contract as unknown as Record<string, unknown>, key: 'documents', collectionPath: `/contracts/${contract.id}/documents` }),
    writerRole(ctx, contract) {
      assertContractOwner(ctx, contract);
      return 'contract_owner';
    },
    assertWritable(_ctx, contract, _ref, _role, op) {
      if (!EDITABLE_CONTRACT_STATUSES.has(contract.status)) throw forbidden(`Can't ${op} document in current (${contract.status}) contract status`);
    },
    async validateDocument(ctx, contract, _ref, doc) {
      // Without its tender (a contract stored alone) there is no cause that would make a document confidential.
      const tender = await storedTenderOfContract(ctx, contract);
      assertContractDocumentConfidentiality(tender, doc);
      if (doc.documentOf !== 'change') return;
      const change = (contract.changes ?? []).find((c) => c.id === doc.relatedItem);
      if (change && change.status !== 'pending') throw forbidden(`Can't add document to '${change.status}' change`);
    },
    mayReadConfidential: (ctx, contract) => isContractOwner(ctx, contract) || ctx.principal.role === 'sas',
  };
}

export function registerContractDocumentRoutes(app: FastifyInstance, deps: AppDeps): void {
  registerDocumentRoutes(app, deps, contractDocumentContainer());
}
