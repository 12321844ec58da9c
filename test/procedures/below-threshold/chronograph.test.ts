// The tender status machine driven by time (below-threshold.md §2.2, §4, §5): tenders walk through
// their statuses as the sandbox clock moves (PUT /sandbox/clock runs the due chronograph checks);
// bids are inserted straight into the stored tender document. Also the chronograph user's PATCH.
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeApp } from '../../helpers/app.ts';
import { storedTender, updateStoredTender } from '../../helpers/stored-tender.ts';
import { api, expectError, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { START, tenderItem } from '../../helpers/recorded-tender.ts';
import { REFERENCE_DS_KEY } from '../../helpers/reference-ds.ts';
import {
  addContractProforma, addLot, addNoticeSignature, createTender, getTender, ownerUrl, patchTender, storedBid, storedLotBid,
} from './builders.ts';

const ENQUIRY_END = '2027-01-08T00:00:00+02:00';
const TENDER_END = '2027-01-15T00:00:00+02:00';

type Bids = Json[] | ((lotIds: string[]) => Json[]);

interface Scenario {
  lots?: number;
  config?: Json;
  data?: Json;
}

// The status machine alone: with no built-in auction, auctions stay without results (as with
// an external auction that did not report), so the re-plan of an overdue auction shows.
describeApp('tender statuses by the sandbox clock', { trustedDsKeys: [REFERENCE_DS_KEY], env: { AUCTION: '0' } }, (t) => {
  beforeEach(() => setClock(t.app, START));

  /** A published tender: with `lots` lots (one item each), or a legacy non-lot tender put in active.enquiries directly. */
  async function published(s: Scenario = {}): Promise<{ id: string; token: string; lotIds: string[] }> {
    const lots = s.lots ?? 1;
    const items = Array.from({ length: Math.max(lots, 1) }, (_, i) => tenderItem({ id: `${'e'.repeat(31)}${i}` }));
    const tender = await createTender(t.app, { data: { items, ...(s.data ?? {}) }, config: s.config });
    if (lots === 0) {
      // Tenders created after 2023-12-18 need lots to be published: legacy non-lot data is stored directly.
      await updateStoredTender(t, tender.id, (d) => {
        d.status = 'active.enquiries';
        d.next_check = ENQUIRY_END;
      });
      return { id: tender.id, token: tender.token, lotIds: [] };
    }
    const withAuction = (s.config ?? {}).hasAuction !== false;
    const lotIds: string[] = [];
    for (let i = 0; i < lots; i++) {
      const lot = await addLot(t.app, tender, { title: `lot ${i}`, ...(withAuction ? {} : { minimalStep: undefined }) });
      lotIds.push(String(lot.id));
    }
    await patchTender(t.app, tender, { items: items.map((item, i) => ({ ...item, relatedLot: lotIds[i] })) });
    await addContractProforma(t.app, tender);
    await addNoticeSignature(t.app, tender);
    await patchTender(t.app, tender, { status: 'active.enquiries' });
    return { id: tender.id, token: tender.token, lotIds };
  }

  async function insertBids(id: string, lotIds: string[], bids: Bids): Promise<void> {
    const list = typeof bids === 'function' ? bids(lotIds) : bids;
    await updateStoredTender(t, id, (d) => {
      d.bids = list as unknown as typeof d.bids;
    });
  }

  async function statusAt(id: string, now: string): Promise<Json> {
    await setClock(t.app, now);
    return getTender(t.app, id);
  }

  const bidsOf = async (id: string): Promise<Json[]> => ((await storedTender(t, id)).bids ?? []) as Json[];

  test('enquiries end → active.tendering exactly at tenderPeriod.startDate; next_check = tenderPeriod.endDate', async () => {
    const tender = await published();
    assert.equal((await statusAt(tender.id, '2027-01-07T23:59:59+02:00')).status, 'active.enquiries');
    const data = await statusAt(tender.id, ENQUIRY_END);
    assert.equal(data.status, 'active.tendering');
    assert.equal(data.date, ENQUIRY_END);
    assert.equal(data.dateModified, ENQUIRY_END);
    assert.equal(data.next_check, TENDER_END);
    const revisions = await t.deps.store.revisions('tenders', tender.id);
    assert.equal(revisions.at(-1)?.author, 'chronograph');
  });

  test('lot tender, 0 bids → unsuccessful: lot unsuccessful, auctions removed, no next_check', async () => {
    const tender = await published();
    await statusAt(tender.id, ENQUIRY_END);
    const data = await statusAt(tender.id, TENDER_END);
    assert.equal(data.status, 'unsuccessful');
    assert.equal(data.date, TENDER_END);
    const lot = (data.lots as Json[])[0]!;
    assert.equal(lot.status, 'unsuccessful');
    assert.equal(lot.date, TENDER_END);
    assert.equal('auctionPeriod' in lot, false);
    assert.equal('next_check' in data, false);
    assert.equal((await t.deps.store.get('tenders', tender.id))?.doc.next_check, undefined);
    // Nothing is due any more: a later clock leaves it alone.
    assert.equal((await statusAt(tender.id, '2027-02-01T00:00:00+02:00')).dateModified, TENDER_END);
  });

  test('lot tender, 1 pending bid (+ a draft) → active.qualification: draft removed, bid and lotValue active, auction skipped', async () => {
    const tender = await published();
    await statusAt(tender.id, ENQUIRY_END);
    await insertBids(tender.id, tender.lotIds, (lots) => [storedLotBid(lots), storedLotBid(lots, { status: 'draft' })]);
    const data = await statusAt(tender.id, TENDER_END);
    assert.equal(data.status, 'active.qualification');
    assert.equal((data.awardPeriod as Json).startDate, TENDER_END);
    const lot = (data.lots as Json[])[0]!;
    assert.equal(lot.status, 'active');
    assert.equal('auctionPeriod' in lot, false);
    assert.equal('next_check' in data, false);
    const bids = await bidsOf(tender.id);
    assert.equal(bids.length, 1, 'the draft bid is deleted');
    assert.equal(bids[0]!.status, 'active');
    const lv = (bids[0]!.lotValues as Json[])[0]!;
    assert.equal(lv.status, 'active');
    assert.deepEqual(lv.initialValue, lv.value);
  });

  test('lot tender, 2 bids → active.auction with the lot auction planned; an overdue auction is re-planned', async () => {
    const tender = await published();
    await statusAt(tender.id, ENQUIRY_END);
    await insertBids(tender.id, tender.lotIds, (lots) => [storedLotBid(lots), storedLotBid(lots, { status: 'invalid' }), storedLotBid(lots)]);
    const data = await statusAt(tender.id, TENDER_END);
    assert.equal(data.status, 'active.auction');
    const period = (data.lots as Json[])[0]!.auctionPeriod as Json;
    assert.equal(period.shouldStartAfter, TENDER_END);
    assert.equal(data.next_check, period.startDate);
    const bids = await bidsOf(tender.id);
    assert.deepEqual(bids.map((b) => b.status), ['active', 'invalid', 'active']);
    assert.deepEqual(bids.map((b) => (b.lotValues as Json[])[0]!.status), ['active', 'active', 'active'], 'lotValues of every remaining bid become active');
    assert.equal('initialValue' in (bids[1]!.lotValues as Json[])[0]!, false, 'invalid bids get no initialValue');
    // Past start + 2 bids × 6 min + 9 + 15 + 60 min without results: a new start on a later day.
    const late = await statusAt(tender.id, '2027-01-15T20:00:00+02:00');
    assert.equal(late.status, 'active.auction');
    const replanned = (late.lots as Json[])[0]!.auctionPeriod as Json;
    assert.ok(String(replanned.startDate) > '2027-01-16', `re-planned start ${String(replanned.startDate)}`);
    assert.equal(late.next_check, replanned.startDate);
  });

  test('two lots: 2 bids on one, none on the other → active.auction; empty lot unsuccessful; a bid only there unsuccessful', async () => {
    const tender = await published({ lots: 2 });
    const [lotA, lotB] = tender.lotIds as [string, string];
    await statusAt(tender.id, ENQUIRY_END);
    await insertBids(tender.id, tender.lotIds, [storedLotBid([lotA]), storedLotBid([lotA]), storedLotBid([lotB], { status: 'invalid' })]);
    const data = await statusAt(tender.id, TENDER_END);
    assert.equal(data.status, 'active.auction');
    const [a, b] = data.lots as [Json, Json];
    assert.equal(a.status, 'active');
    assert.ok((a.auctionPeriod as Json).startDate);
    assert.equal(b.status, 'unsuccessful');
    assert.equal('auctionPeriod' in b, false);
    const bids = await bidsOf(tender.id);
    assert.equal(bids[2]!.status, 'invalid', 'an invalid bid stays invalid');
    assert.equal((bids[2]!.lotValues as Json[])[0]!.status, 'unsuccessful');
  });

  test('two lots with one bid each → active.qualification, no auctions', async () => {
    const tender = await published({ lots: 2 });
    await statusAt(tender.id, ENQUIRY_END);
    await insertBids(tender.id, tender.lotIds, (lots) => [storedLotBid([lots[0]!]), storedLotBid([lots[1]!])]);
    const data = await statusAt(tender.id, TENDER_END);
    assert.equal(data.status, 'active.qualification');
    for (const lot of data.lots as Json[]) {
      assert.equal(lot.status, 'active');
      assert.equal('auctionPeriod' in lot, false);
    }
  });

  test('two lots, one bid on both and one on the first only → active.auction for the first lot only', async () => {
    const tender = await published({ lots: 2 });
    await statusAt(tender.id, ENQUIRY_END);
    await insertBids(tender.id, tender.lotIds, (lots) => [storedLotBid(lots), storedLotBid([lots[0]!])]);
    const data = await statusAt(tender.id, TENDER_END);
    assert.equal(data.status, 'active.auction');
    const [a, b] = data.lots as [Json, Json];
    assert.ok((a.auctionPeriod as Json).startDate);
    assert.equal(b.status, 'active');
    assert.equal('auctionPeriod' in b, false, 'a lot with one bid has no auction');
    assert.equal(data.next_check, (a.auctionPeriod as Json).startDate);
  });

  test('every lot without bids → tender unsuccessful', async () => {
    const tender = await published({ lots: 2 });
    await statusAt(tender.id, ENQUIRY_END);
    await insertBids(tender.id, tender.lotIds, [storedBid({ status: 'draft' })]);
    const data = await statusAt(tender.id, TENDER_END);
    assert.equal(data.status, 'unsuccessful');
    assert.deepEqual((data.lots as Json[]).map((l) => l.status), ['unsuccessful', 'unsuccessful']);
    assert.deepEqual(await bidsOf(tender.id), []);
  });

  test('hasAuction false, 2 bids → straight to active.qualification', async () => {
    const tender = await published({ config: { hasAuction: false } });
    const created = await getTender(t.app, tender.id);
    assert.equal('auctionPeriod' in (created.lots as Json[])[0]!, false);
    await statusAt(tender.id, ENQUIRY_END);
    await insertBids(tender.id, tender.lotIds, (lots) => [storedLotBid(lots), storedLotBid(lots)]);
    const data = await statusAt(tender.id, TENDER_END);
    assert.equal(data.status, 'active.qualification');
    assert.deepEqual((await bidsOf(tender.id)).map((b) => b.status), ['active', 'active']);
  });

  test('one clock jump runs every due step: enquiries → tendering → tendering end', async () => {
    const tender = await published();
    assert.equal((await statusAt(tender.id, '2027-01-20T00:00:00+02:00')).status, 'unsuccessful');
  });

  test('active.awarded without lots: nothing at the exact stand-still end (the clock PUT still answers), unsuccessful just after', async () => {
    const tender = await published({ lots: 0 });
    const end = '2027-01-20T00:00:00+02:00';
    await updateStoredTender(t, tender.id, (d) => {
      d.status = 'active.awarded';
      d.awards = [{ id: 'a'.repeat(32), status: 'unsuccessful', bid_id: 'b'.repeat(32), date: '2027-01-18T00:00:00+02:00', complaintPeriod: { startDate: '2027-01-18T00:00:00+02:00', endDate: end } }];
      d.next_check = end;
    });
    const atEnd = await statusAt(tender.id, end);
    assert.equal(atEnd.status, 'active.awarded');
    assert.equal(atEnd.next_check, end, 'still due: the chronograph keeps looking');
    const after = await statusAt(tender.id, '2027-01-20T00:00:01+02:00');
    assert.equal(after.status, 'unsuccessful');
    assert.equal('next_check' in after, false);
  });

  describe('non-lot tender (legacy data) with features', () => {
    const features = [
      { code: 'OCDS-1', featureOf: 'tenderer', title: 'Досвід', enum: [{ value: 0, title: 'немає' }, { value: 0.1, title: 'є' }, { value: 0.15, title: 'великий' }] },
      { code: 'OCDS-2', featureOf: 'tenderer', title: 'Гарантія', enum: [{ value: 0, title: 'немає' }, { value: 0.1, title: 'рік' }, { value: 0.15, title: 'два' }] },
    ];
    const parameters = [{ code: 'OCDS-1', value: 0.1 }, { code: 'OCDS-2', value: 0.1 }];

    test('2 bids → active.auction; initialValue and weightedValue stored', async () => {
      const tender = await published({ lots: 0, data: { features } });
      await statusAt(tender.id, ENQUIRY_END);
      await insertBids(tender.id, [], [storedBid({ parameters }), storedBid({ parameters: [{ code: 'OCDS-1', value: 0 }, { code: 'OCDS-2', value: 0 }] })]);
      const data = await statusAt(tender.id, TENDER_END);
      assert.equal(data.status, 'active.auction');
      assert.equal((data.auctionPeriod as Json).shouldStartAfter, TENDER_END);
      assert.equal(data.next_check, (data.auctionPeriod as Json).startDate);
      const [b1, b2] = (await bidsOf(tender.id)) as [Json, Json];
      assert.deepEqual(b1.initialValue, b1.value);
      // 1 + 0.2 / (1 − 0.3)
      assert.deepEqual(b1.weightedValue, { amount: 311.11, currency: 'UAH', denominator: 1.2857142857142858 });
      assert.deepEqual(b2.weightedValue, { amount: 400, currency: 'UAH', denominator: 1 });
    });

    test('1 bid → active.qualification, auctionPeriod removed', async () => {
      const tender = await published({ lots: 0, data: { features } });
      await statusAt(tender.id, ENQUIRY_END);
      await insertBids(tender.id, [], [storedBid({ parameters })]);
      const data = await statusAt(tender.id, TENDER_END);
      assert.equal(data.status, 'active.qualification');
      assert.equal('auctionPeriod' in data, false);
    });

    test('0 counted bids → unsuccessful; the invalid bid stays, auctionPeriod removed', async () => {
      const tender = await published({ lots: 0, data: { features } });
      await statusAt(tender.id, ENQUIRY_END);
      await insertBids(tender.id, [], [storedBid({ status: 'invalid', parameters })]);
      const data = await statusAt(tender.id, TENDER_END);
      assert.equal(data.status, 'unsuccessful');
      assert.equal('auctionPeriod' in data, false);
      assert.deepEqual((await bidsOf(tender.id)).map((b) => b.status), ['invalid']);
    });
  });
});

describeApp('chronograph PATCH', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  beforeEach(() => setClock(t.app, START));

  async function publishedTender(): Promise<{ id: string; token: string }> {
    const tender = await createTender(t.app);
    const lot = await addLot(t.app, tender);
    await patchTender(t.app, tender, { items: [tenderItem({ relatedLot: lot.id })] });
    await addContractProforma(t.app, tender);
    await addNoticeSignature(t.app, tender);
    await patchTender(t.app, tender, { status: 'active.enquiries' });
    return tender;
  }

  /** Moves the clock past the enquiry end while keeping the tender out of the automatic checks. */
  async function dueButNotChecked(id: string): Promise<void> {
    await updateStoredTender(t, id, (d) => delete d.next_check);
    await setClock(t.app, '2027-01-08T10:00:00+02:00');
    assert.equal((await getTender(t.app, id)).status, 'active.enquiries');
  }

  test('PATCH /tenders/{id} by the chronograph user applies the due events and returns the tender', async () => {
    const tender = await publishedTender();
    await dueButNotChecked(tender.id);
    const res = await api(t.app, 'PATCH', `/api/2.5/tenders/${tender.id}`, { auth: 'chronograph', body: { data: { id: tender.id } } });
    expectStatus(res, 200);
    const data = res.json.data as Json;
    assert.equal(data.status, 'active.tendering');
    assert.equal(data.date, '2027-01-08T10:00:00+02:00');
    assert.equal(data.next_check, '2027-01-15T00:00:00+02:00');
    assert.ok(res.json.config, 'config at the top level');
    assert.deepEqual(await getTender(t.app, tender.id), data);
  });

  test('nothing due → 200, nothing written', async () => {
    const tender = await publishedTender();
    const before = await getTender(t.app, tender.id);
    const revisions = (await t.deps.store.revisions('tenders', tender.id)).length;
    const res = await api(t.app, 'PATCH', `/api/2.5/tenders/${tender.id}`, { auth: 'chronograph', body: { data: { id: tender.id } } });
    expectStatus(res, 200);
    assert.deepEqual(res.json.data, before);
    assert.equal((await t.deps.store.revisions('tenders', tender.id)).length, revisions);
  });

  test('PATCH /tenders/{id} by a broker without the token stays an owner edit → 403 Forbidden', async () => {
    const tender = await publishedTender();
    expectError(await api(t.app, 'PATCH', `/api/2.5/tenders/${tender.id}`, { body: { data: { id: tender.id } } }), 403, 'url', 'permission', 'Forbidden');
  });

  test('GET/PATCH /tenders/{id}/chronograph: the chronograph subset; anyone else → 403 Forbidden', async () => {
    const tender = await publishedTender();
    const get = await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/chronograph`, { auth: 'chronograph' });
    expectStatus(get, 200);
    const subset = get.json.data as Json;
    assert.equal(subset.id, tender.id);
    assert.equal(subset.next_check, '2027-01-08T00:00:00+02:00');
    assert.equal('title' in subset, false);
    assert.equal('items' in subset, false);
    assert.ok(get.json.config);
    for (const auth of ['broker', 'administrator', null]) {
      expectError(await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/chronograph`, { auth }), 403, 'url', 'permission', 'Forbidden');
      expectError(await api(t.app, 'PATCH', `/api/2.5/tenders/${tender.id}/chronograph`, { auth, body: { data: {} } }), 403, 'url', 'permission', 'Forbidden');
    }
    await dueButNotChecked(tender.id);
    const patch = await api(t.app, 'PATCH', `/api/2.5/tenders/${tender.id}/chronograph`, { auth: 'chronograph', body: { data: {} } });
    expectStatus(patch, 200);
    assert.equal((patch.json.data as Json).status, 'active.tendering');
  });

  test('PATCH /chronograph body: lot auction start accepted; tender-level auctionPeriod on a lot tender and other fields → 422', async () => {
    const tender = await publishedTender();
    const url = `/api/2.5/tenders/${tender.id}/chronograph`;
    expectError(await api(t.app, 'PATCH', url, { auth: 'chronograph', body: { data: { auctionPeriod: { startDate: '2027-01-20T12:00:00+02:00' } } } }), 422, 'body', 'auctionPeriod', [
      'Auction url at tender lvl forbidden',
    ]);
    expectError(await api(t.app, 'PATCH', url, { auth: 'chronograph', body: { data: { title: 'x' } } }), 422, 'body', 'title', 'Rogue field');
    const res = await api(t.app, 'PATCH', url, { auth: 'chronograph', body: { data: { lots: [{ auctionPeriod: { startDate: '2027-01-20T12:00:00+02:00' } }] } } });
    expectStatus(res, 200);
    assert.equal(((res.json.data as Json).lots as Json[])[0]!.auctionPeriod && (((res.json.data as Json).lots as Json[])[0]!.auctionPeriod as Json).startDate, '2027-01-20T12:00:00+02:00');
  });

  test('owner PATCH in active.enquiries is still an owner edit', async () => {
    const tender = await publishedTender();
    expectStatus(await api(t.app, 'PATCH', ownerUrl(tender), { body: { data: { description: 'still editable' } } }), 200);
  });
});
