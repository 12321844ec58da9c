// The tender as the aggregate of document containers (platform.md §6.2): tender, bid, award,
// cancellation and claim documents all live in the tender named by the `tender_id` URL param.
import type { DocumentAggregate } from '../documents/document-container.ts';
import type { RelatedIds } from '../documents/document.service.ts';
import { loadTender, saveTender } from './tender.repository.ts';
import type { Tender } from './tender.types.ts';

/** A tender's relations: its lots and items. */
export const tenderRelatedIds = (tender: Tender): RelatedIds => (of) =>
  of === 'lot' ? (tender.lots ?? []).map((l) => l.id) : of === 'item' ? (tender.items ?? []).map((i) => String(i.id)) : undefined;

export const TENDER_DOCUMENT_AGGREGATE: DocumentAggregate<Tender> = {
  async load(ctx, params) {
    const { tender, rev } = await loadTender(ctx, params.tender_id!);
    return { doc: tender, rev };
  },
  async save(ctx, loaded, after, modified) {
    await saveTender(ctx, { tender: loaded.doc, rev: loaded.rev }, after, { modified });
  },
  relatedIds: (tender, of) => tenderRelatedIds(tender)(of),
};
