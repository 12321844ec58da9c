// Arranging tenders for the auction tests: published with lots (or a legacy non-lot tender), bids
// stored directly in the tender document, and the sandbox clock moved past tendering end.
import assert from 'node:assert/strict';
import type { TestApp } from '../../helpers/app.ts';
import { storedTender, updateStoredTender } from '../../helpers/stored-tender.ts';
import { setClock, type Json } from '../../helpers/api.ts';
import { tenderItem } from '../../helpers/recorded-tender.ts';
import { addContractProforma, addLot, addNoticeSignature, createTender, patchTender } from './builders.ts';

export const ENQUIRY_END = '2027-01-08T00:00:00+02:00';
export const TENDER_END = '2027-01-15T00:00:00+02:00';
/** After tendering end, before any planned auction start. */
export const AUCTION_NOW = '2027-01-15T00:30:00+02:00';

export interface TenderWithBids {
  id: string;
  lotIds: string[];
  bidIds: string[];
}

/** A tender in active.tendering with `lots` lots (0: a legacy non-lot tender) and the given stored bids. */
export async function tenderWithBids(t: TestApp, lots: number, bids: (lotIds: string[]) => Json[], data: Json = {}): Promise<TenderWithBids> {
  const items = Array.from({ length: Math.max(lots, 1) }, (_, i) => tenderItem({ id: `${'e'.repeat(31)}${i}` }));
  const tender = await createTender(t.app, { data: { items, ...data } });
  const lotIds: string[] = [];
  if (lots === 0) {
    await updateStoredTender(t, tender.id, (d) => {
      d.status = 'active.enquiries';
      d.next_check = ENQUIRY_END;
    });
  } else {
    for (let i = 0; i < lots; i++) lotIds.push(String((await addLot(t.app, tender, { title: `lot ${i}` })).id));
    await patchTender(t.app, tender, { items: items.map((item, i) => ({ ...item, relatedLot: lotIds[i] })) });
    await addContractProforma(t.app, tender);
    await addNoticeSignature(t.app, tender);
    await patchTender(t.app, tender, { status: 'active.enquiries' });
  }
  await setClock(t.app, ENQUIRY_END);
  const list = bids(lotIds);
  await updateStoredTender(t, tender.id, (d) => {
    d.bids = list as unknown as typeof d.bids;
  });
  return { id: tender.id, lotIds, bidIds: list.map((b) => String(b.id)) };
}

/** The same, moved past tendering end: two or more bids put it into active.auction. */
export async function tenderInAuction(t: TestApp, lots: number, bids: (lotIds: string[]) => Json[], data: Json = {}): Promise<TenderWithBids> {
  const tender = await tenderWithBids(t, lots, bids, data);
  await setClock(t.app, AUCTION_NOW);
  assert.equal((await storedTender(t, tender.id)).status, 'active.auction');
  return tender;
}
