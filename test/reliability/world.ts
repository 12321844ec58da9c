// A populated store for the whole-API reliability tests (authorization matrix, fuzz): one tender
// in active.tendering with a lot, a tender document, an answered-able question and two bids (one
// document in each bid list), plus a second tender of the same owner. Every object a route
// pattern can address exists, so each pattern can be filled with real ids.
import type { TestApp } from '../helpers/app.ts';
import { SIGNED_URLS, api, createTender, expectStatus, publishTender, type CreatedTender, type Json } from '../procedures/below-threshold/builders.ts';
import { holdChronograph, bidData, createPublishedTender, postBid, startTendering, tenderer, type CreatedBid } from '../procedures/below-threshold/tendering.ts';

export const BID_DOCUMENT_LISTS = ['documents', 'financial_documents', 'eligibility_documents', 'qualification_documents'] as const;

export interface World {
  /** Owned by `broker`, in active.tendering. */
  tender: CreatedTender;
  /** A second tender of `broker` (its token is "another object's token"). */
  otherTender: CreatedTender;
  lotId: string;
  tenderDocumentId: string;
  questionId: string;
  /** Both by `brokerh` on `tender`. */
  bid: CreatedBid;
  otherBid: CreatedBid;
  /** Document id per bid list of `bid`. */
  bidDocumentIds: Record<(typeof BID_DOCUMENT_LISTS)[number], string>;
}

export const BIDDER = 'brokerh';

const documentData = (title: string): Json => ({ title, format: 'application/pdf', ...SIGNED_URLS.notice });

async function created(res: Promise<Awaited<ReturnType<typeof api>>>): Promise<Json> {
  const r = await res;
  expectStatus(r, 201);
  return r.json.data as Json;
}

export async function buildWorld(t: TestApp): Promise<World> {
  const { tender, lotId } = await createPublishedTender(t.app);
  const otherTender = await createTender(t.app);
  await publishTender(t.app, otherTender);
  const { scale: _scale, ...author } = tenderer();
  const question = await created(api(t.app, 'POST', `/api/2.5/tenders/${tender.id}/questions`, { auth: BIDDER, body: { data: { author, title: 'q', description: 'd' } } }));
  const tenderDocument = await created(
    api(t.app, 'POST', `/api/2.5/tenders/${tender.id}/documents?acc_token=${tender.token}`, { body: { data: documentData('notice.pdf') } }),
  );
  await startTendering(t, tender.id);
  await holdChronograph(t, tender.id);
  await holdChronograph(t, otherTender.id);
  const bid = await postBid(t.app, tender, bidData(lotId), BIDDER);
  const otherBid = await postBid(t.app, tender, bidData(lotId), BIDDER);
  const bidDocumentIds = {} as World['bidDocumentIds'];
  for (const list of BID_DOCUMENT_LISTS) {
    const doc = await created(
      api(t.app, 'POST', `/api/2.5/tenders/${tender.id}/bids/${bid.id}/${list}?acc_token=${bid.token}`, { auth: BIDDER, body: { data: documentData(`${list}.pdf`) } }),
    );
    bidDocumentIds[list] = String(doc.id);
  }
  return { tender, otherTender, lotId, tenderDocumentId: String(tenderDocument.id), questionId: String(question.id), bid, otherBid, bidDocumentIds };
}

/**
 * Fills a route pattern's `:params` with the world's ids (documents of a bid list belong to that
 * list). A param the world has no object for throws, unless `placeholder` is given (the fuzz test
 * still reaches such a route, as an unknown id).
 */
export function fillPattern(pattern: string, w: World, placeholder?: string): string {
  const list = BID_DOCUMENT_LISTS.find((l) => pattern.includes(`/bids/:bid_id/${l}/`));
  const ids: Record<string, string> = {
    tender_id: w.tender.id,
    lot_id: w.lotId,
    question_id: w.questionId,
    bid_id: w.bid.id,
    document_id: list ? w.bidDocumentIds[list] : w.tenderDocumentId,
    doc_id: 'a'.repeat(32),
  };
  return pattern.replace(/:([a-z_]+)/g, (_m, name: string) => {
    const id = ids[name] ?? placeholder;
    if (id === undefined) throw new Error(`fillPattern: no world id for :${name} in ${pattern}; extend test/reliability/world.ts`);
    return id;
  });
}

/** A digest of everything stored about the world's tenders (documents and revision counts). */
export async function storedSnapshot(t: TestApp, w: World): Promise<string> {
  const parts: unknown[] = [];
  for (const id of [w.tender.id, w.otherTender.id]) {
    const stored = await t.deps.store.get('tenders', id);
    parts.push(stored?.rev, stored?.doc, (await t.deps.store.revisions('tenders', id)).length);
  }
  return JSON.stringify(parts);
}
