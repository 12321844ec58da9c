// /api/2.5/contracts: the contracting API, classic flavour (contracting.md §2): feed, read, PATCH,
// credentials, changes.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../context.ts';
import { requestCtx } from '../context.ts';
import { baseUrl, publicEnvelope, requireDataObject, sendJsonText } from '../http/envelope.ts';
import { notFound } from '../http/errors.ts';
import { readFeedPage } from '../storage/feed-page.ts';
import { API_PREFIX } from '../http/api-prefix.ts';
import { compact } from '../http/compact.ts';
import { loadContract, publicContractText } from './contract.repository.ts';
import {
  createChange, findChange, findTransaction, issueContractCredentials, patchChange, patchContract, putSignerInfo, putTransaction, type SignerSide,
} from './contract.service.ts';
import { CONTRACT_FEED_FIELDS, contractEnvelope, contractEnvelopeExtra } from './contract.view.ts';
import { registerContractDocumentRoutes } from './contract-document.routes.ts';

/** `opt_fields` allowed in the contracts feed (contracting.md §2.2). */

type P = { Params: { contract_id: string; change_id: string; transaction_id: string } };

export function registerContractRoutes(app: FastifyInstance, deps: AppDeps): void {
  const base = `${API_PREFIX}/contracts`;
  app.get(base, async (req, reply) => {
    const page = await readFeedPage({
      store: deps.store,
      collection: 'contracts',
      query: req.query as Record<string, string>,
      basePath: base,
      baseUrl: baseUrl(req, deps.config.publicUrl),
      optFieldsWhitelist: CONTRACT_FEED_FIELDS,
      watermarkSeconds: deps.config.feedWatermarkSeconds,
      filterable: true,
    });
    return sendJsonText(reply, 200, JSON.stringify(page));
  });

  app.get<P>(`${base}/:contract_id`, async (req, reply) => {
    const stored = await deps.store.getPublic('contracts', req.params.contract_id);
    if (!stored) throw notFound('contract_id');
    // Rows written before envelope texts were stored: take the config from the document.
    const extra = stored.envelopeExtra !== '' ? stored.envelopeExtra : contractEnvelopeExtra((await loadContract(requestCtx(deps, req), req.params.contract_id)).contract);
    return sendJsonText(reply, 200, publicEnvelope(stored.publicText, extra));
  });

  app.patch<P>(`${base}/:contract_id`, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const loaded = await loadContract(ctx, req.params.contract_id);
    const saved = await patchContract(ctx, loaded, requireDataObject(req));
    return sendJsonText(reply, 200, contractEnvelope(publicContractText(ctx, saved), saved));
  });

  app.patch<P>(`${base}/:contract_id/credentials`, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const loaded = await loadContract(ctx, req.params.contract_id);
    const { contract, access } = await issueContractCredentials(ctx, loaded);
    return sendJsonText(reply, 200, contractEnvelope(publicContractText(ctx, contract), contract, `,"access":${JSON.stringify(access)}`));
  });

  for (const side of ['buyer', 'suppliers'] as const satisfies readonly SignerSide[]) {
    app.put<P>(`${base}/:contract_id/${side}/signer_info`, async (req, reply) => {
      const ctx = requestCtx(deps, req);
      const loaded = await loadContract(ctx, req.params.contract_id);
      const signerInfo = await putSignerInfo(ctx, loaded, side, requireDataObject(req));
      return sendJsonText(reply, 200, JSON.stringify({ data: signerInfo }));
    });
  }

  app.get<P>(`${base}/:contract_id/changes`, async (req, reply) => {
    const { contract } = await loadContract(requestCtx(deps, req), req.params.contract_id);
    return sendJsonText(reply, 200, JSON.stringify({ data: (contract.changes ?? []).map(compact) }));
  });
  app.get<P>(`${base}/:contract_id/changes/:change_id`, async (req, reply) => {
    const { contract } = await loadContract(requestCtx(deps, req), req.params.contract_id);
    return sendJsonText(reply, 200, JSON.stringify({ data: compact(findChange(contract, req.params.change_id)) }));
  });
  app.post<P>(`${base}/:contract_id/changes`, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const loaded = await loadContract(ctx, req.params.contract_id);
    const change = await createChange(ctx, loaded, requireDataObject(req));
    reply.header('Location', `${baseUrl(req, deps.config.publicUrl)}${base}/${loaded.contract.id}/changes/${change.id}`);
    return sendJsonText(reply, 201, JSON.stringify({ data: compact(change) }));
  });
  app.patch<P>(`${base}/:contract_id/changes/:change_id`, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const loaded = await loadContract(ctx, req.params.contract_id);
    const change = await patchChange(ctx, loaded, req.params.change_id, requireDataObject(req));
    return sendJsonText(reply, 200, JSON.stringify({ data: compact(change) }));
  });
  app.put<P>(`${base}/:contract_id/transactions/:transaction_id`, async (req, reply) => {
    const ctx = requestCtx(deps, req);
    const loaded = await loadContract(ctx, req.params.contract_id);
    const saved = await putTransaction(ctx, loaded, req.params.transaction_id, requireDataObject(req));
    return sendJsonText(reply, 200, contractEnvelope(publicContractText(ctx, saved), saved));
  });
  app.get<P>(`${base}/:contract_id/transactions/:transaction_id`, async (req, reply) => {
    const { contract } = await loadContract(requestCtx(deps, req), req.params.contract_id);
    return sendJsonText(reply, 200, JSON.stringify({ data: findTransaction(contract, req.params.transaction_id) }));
  });
  registerContractDocumentRoutes(app, deps);
}
