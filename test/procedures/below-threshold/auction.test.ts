// The auction module's API (below-threshold.md §3.5): GET/PATCH/POST /tenders/{id}/auction[/{lot}]
// for the `auction` user. Tenders reach active.auction through the sandbox clock with bids stored
// directly in the tender document (as the chronograph tests arrange them).
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeApp } from '../../helpers/app.ts';
import { storedTender, updateStoredTender } from '../../helpers/stored-tender.ts';
import { api, expectError, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { START } from '../../helpers/recorded-tender.ts';
import { REFERENCE_DS_KEY } from '../../helpers/reference-ds.ts';
import { storedBid, storedLotBid } from './builders.ts';
import { AUCTION_NOW, tenderInAuction, tenderWithBids as arrange } from './auction-tenders.ts';
const URL_BASE = 'http://auction.example/tenders';

const auctionUrl = (id: string, lotId?: string): string => `/api/2.5/tenders/${id}/auction${lotId ? `/${lotId}` : ''}`;

describeApp('auction API', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  beforeEach(() => setClock(t.app, START));

  const tenderWithBids = (lots: number, bids: (lotIds: string[]) => Json[]) => arrange(t, lots, bids);
  const inAuction = (lots: number, bids: (lotIds: string[]) => Json[]) => tenderInAuction(t, lots, bids);

  const twoBids = (): Json[] => [storedBid({ value: { amount: 450, currency: 'UAH', valueAddedTaxIncluded: false } }), storedBid()];
  const twoLotBids = (lotIds: string[]): Json[] => [storedLotBid(lotIds), storedLotBid(lotIds)];

  describe('GET /auction', () => {
    test('unknown tender → 404', async () => {
      expectError(await api(t.app, 'GET', auctionUrl('f'.repeat(32)), { auth: 'auction' }), 404, 'url', 'tender_id', 'Not Found');
    });

    test('other users → 403 Forbidden; outside active.auction → 403 with the status', async () => {
      const tender = await tenderWithBids(0, twoBids);
      expectError(await api(t.app, 'GET', auctionUrl(tender.id), { auth: 'broker' }), 403, 'url', 'permission', 'Forbidden');
      expectError(await api(t.app, 'GET', auctionUrl(tender.id)), 403, 'url', 'permission', 'Forbidden');
      expectError(await api(t.app, 'GET', auctionUrl(tender.id), { auth: 'auction' }), 403, 'body', 'data', "Can't get auction info in current (active.tendering) tender status");
    });

    test('in active.auction: the auction view with bids (no tenderers, no tokens) and the config', async () => {
      const tender = await inAuction(0, twoBids);
      const res = await api(t.app, 'GET', auctionUrl(tender.id), { auth: 'auction' });
      expectStatus(res, 200);
      const data = res.json.data as Json;
      assert.equal(data.status, 'active.auction');
      assert.ok(data.dateModified && data.auctionPeriod && data.tenderID);
      assert.equal('procuringEntity' in data, false);
      const bids = data.bids as Json[];
      assert.deepEqual(bids.map((b) => (b.value as Json).amount), [450, 400]);
      for (const bid of bids) {
        assert.equal('tenderers' in bid, false);
        assert.equal('owner_token' in bid, false);
      }
      assert.equal((res.json.config as Json).hasAuction, true);
      const jsonp = await api(t.app, 'GET', `${auctionUrl(tender.id)}?opt_jsonp=callback`, { auth: 'auction' });
      assert.match(String(jsonp.headers['content-type']), /^application\/javascript/);
      assert.match(jsonp.body, /callback\(\{"data": ?\{"/);
      const pretty = await api(t.app, 'GET', `${auctionUrl(tender.id)}?opt_pretty=1`, { auth: 'auction' });
      assert.ok(pretty.body.startsWith('{\n    "data": {\n        "'));
    });
  });

  describe('PATCH /auction (urls)', () => {
    test('outside active.auction → 403', async () => {
      const tender = await tenderWithBids(0, twoBids);
      expectError(await api(t.app, 'PATCH', auctionUrl(tender.id), { auth: 'auction', body: { data: {} } }), 403, 'body', 'data', "Can't update auction urls in current (active.tendering) tender status");
    });

    test('body checks: rogue field, count, hash, identical; then the urls are set in tender order', async () => {
      const tender = await inAuction(0, twoBids);
      const [b0, b1] = tender.bidIds as [string, string];
      const patch = (data: Json) => api(t.app, 'PATCH', auctionUrl(tender.id), { auth: 'auction', body: { data } });
      expectError(await patch({ bids: [{ invalid_field: 'invalid_value' }] }), 422, 'body', 'bids', { invalid_field: 'Rogue field' });
      expectError(await patch({ foo: 1 }), 422, 'body', 'foo', 'Rogue field');
      const url = (id: string) => `${URL_BASE}/${tender.id}?key_for_bid=${id}`;
      expectError(await patch({ auctionUrl: `${URL_BASE}/${tender.id}`, bids: [{ id: b1, participationUrl: url(b1) }] }), 422, 'body', 'bids', ['Number of bids did not match the number of tender bids']);
      expectError(await patch({ bids: [{ id: b1, participationUrl: url(b1) }, { id: 'some_id', participationUrl: url(b0) }] }), 422, 'body', 'bids', { id: ['Hash value is wrong length.'] });
      expectError(await patch({ bids: [{ id: b1, participationUrl: url(b1) }, { id: '0'.repeat(32), participationUrl: url(b0) }] }), 422, 'body', 'bids', ['Auction bids should be identical to the tender bids']);
      expectError(await patch({ bids: [{ participationUrl: 'not a url' }, {}] }), 422, 'body', 'bids', { participationUrl: ['Not a well formed URL.'] });
      const res = await patch({ auctionUrl: `${URL_BASE}/${tender.id}`, bids: [{ id: b1, participationUrl: url(b1) }, { id: b0, participationUrl: url(b0) }] });
      expectStatus(res, 200);
      const data = res.json.data as Json;
      assert.equal(data.auctionUrl, `${URL_BASE}/${tender.id}`);
      assert.deepEqual((data.bids as Json[]).map((b) => b.participationUrl), [url(b0), url(b1)]);
    });

    test('a lot tender refuses the tender-level urls (before the body) and results (after it)', async () => {
      const tender = await inAuction(1, twoLotBids);
      expectError(await api(t.app, 'PATCH', auctionUrl(tender.id), { auth: 'auction', body: { data: { foo: 1 } } }), 422, 'body', 'bids', [{ participationUrl: ['url should be posted for each lot of bid'] }]);
      const post = (data: Json) => api(t.app, 'POST', auctionUrl(tender.id), { auth: 'auction', body: { data } });
      expectError(await post({ bids: [{ lotValues: [] }, {}] }), 422, 'body', 'bids', { lotValues: 'Rogue field' });
      expectError(await post({ bids: [{}, {}] }), 422, 'body', 'bids', [{ value: ['value should be posted for each lot of bid'] }]);
      assert.equal((await storedTender(t, tender.id)).status, 'active.auction');
    });
  });

  describe('PATCH /auction/{lot} (urls)', () => {
    test('unknown or inactive lot → 403; lots and bids checked by position; only the path lot changes', async () => {
      const tender = await inAuction(2, (lotIds) => [storedLotBid(lotIds), storedLotBid(lotIds)]);
      const [l0, l1] = tender.lotIds as [string, string];
      const [b0, b1] = tender.bidIds as [string, string];
      const patch = (lot: string, data: Json) => api(t.app, 'PATCH', auctionUrl(tender.id, lot), { auth: 'auction', body: { data } });
      expectError(await patch('f'.repeat(32), {}), 403, 'body', 'data', 'Can update auction urls only in active lot status');
      expectError(await patch(l0, { bids: [] }), 422, 'body', 'lots', ['This field is required.']);
      expectError(await patch(l0, { lots: [{}], bids: [] }), 422, 'body', 'lots', ['Number of lots did not match the number of tender lots']);
      expectError(await patch(l0, { lots: [{ id: l1 }, { id: l1 }], bids: [] }), 422, 'body', 'lots', ['Auction lots should be identical to the tender lots']);
      expectError(await patch(l0, { lots: [{}, {}], bids: [] }), 422, 'body', 'lots', ['Auction url required']);
      const lots = [{ auctionUrl: `${URL_BASE}/${tender.id}_${l0}` }, { auctionUrl: 'http://ignored.example/' }];
      const pu = (b: string) => `${URL_BASE}/${tender.id}_${l0}?key_for_bid=${b}`;
      expectError(await patch(l0, { lots, bids: [{}] }), 422, 'body', 'bids', ['Number of auction results did not match the number of tender bids']);
      expectError(await patch(l0, { lots, bids: [{ lotValues: [{}, {}, {}] }, {}] }), 422, 'body', 'bids', ['Number of lots of auction results did not match the number of tender lots']);
      expectError(await patch(l0, { lots, bids: [{ lotValues: [{ relatedLot: l1 }] }, {}] }), 422, 'body', 'bids', ['Auction bid.lotValues should be identical to the tender bid.lotValues']);
      expectError(await patch(l0, { lots, bids: [{ lotValues: [{}] }, {}] }), 422, 'body', 'bids', ['Auction participation url required']);
      expectError(await patch(l0, { lots, bids: [{ lotValues: [{ participationUrl: pu(b0) }] }, {}] }), 422, 'body', 'bids', ['All bids must receive participationUrl, or none must.']);
      const res = await patch(l0, { lots, bids: [{ lotValues: [{ participationUrl: pu(b0) }, { participationUrl: 'http://ignored.example/' }] }, { lotValues: [{ participationUrl: pu(b1) }] }] });
      expectStatus(res, 200);
      const stored = await storedTender(t, tender.id);
      assert.equal(stored.lots![0]!.auctionUrl, `${URL_BASE}/${tender.id}_${l0}`);
      assert.notEqual(stored.lots![1]!.auctionUrl, 'http://ignored.example/');
      assert.deepEqual(stored.bids!.map((b) => b.lotValues![0]!.participationUrl), [pu(b0), pu(b1)]);
      assert.ok(stored.bids!.every((b) => b.lotValues![1]!.participationUrl !== 'http://ignored.example/'));
    });
  });

  describe('POST /auction (results)', () => {
    test('outside active.auction → 403; body checks; results in any order land on their bids; awarding starts', async () => {
      const tender = await tenderWithBids(0, twoBids);
      const [b0, b1] = tender.bidIds as [string, string];
      const post = (data: Json) => api(t.app, 'POST', auctionUrl(tender.id), { auth: 'auction', body: { data } });
      expectError(await post({}), 403, 'body', 'data', "Can't report auction results in current (active.tendering) tender status");
      await setClock(t.app, AUCTION_NOW);
      expectError(await post({ bids: [{ invalid_field: 'invalid_value' }] }), 422, 'body', 'bids', { invalid_field: 'Rogue field' });
      expectError(await post({ bids: [{ id: b1, value: { amount: 409 } }] }), 422, 'body', 'bids', ['Number of auction results did not match the number of tender bids']);
      expectError(await post({ bids: [{ id: b1, value: { amount: 409 } }, { id: 'some_id', value: { amount: 419 } }] }), 422, 'body', 'bids', { id: ['Hash value is wrong length.'] });
      expectError(await post({ bids: [{ id: b1, value: { amount: 409 } }, { id: '0'.repeat(32), value: { amount: 419 } }] }), 422, 'body', 'bids', ['Auction bids should be identical to the tender bids']);
      expectError(await post({ bids: [{ value: { amount: -1 } }, {}] }), 422, 'body', 'bids', { value: { amount: ['Float value should be greater than or equal to 0.'] } });
      const res = await post({ bids: [{ id: b1, value: { amount: 409 }, date: '2027-01-15T00:29:00+02:00' }, { id: b0, value: { amount: 419 } }] });
      expectStatus(res, 200);
      const data = res.json.data as Json;
      assert.equal(data.status, 'active.qualification');
      const bids = data.bids as Json[];
      assert.deepEqual(bids.map((b) => (b.value as Json).amount), [419, 409]);
      assert.equal(bids[1]!.date, '2027-01-15T00:29:00+02:00');
      assert.ok('tenderers' in bids[0]!, 'bidders are named once the auction is over');
      assert.deepEqual((data.auctionPeriod as Json).endDate, AUCTION_NOW);
      const stored = await storedTender(t, tender.id);
      assert.equal(stored.bids![0]!.value!.currency, 'UAH', 'the rest of the value stays');
      assert.equal(stored.awardPeriod?.startDate, AUCTION_NOW);
      expectError(await post({}), 403, 'body', 'data', "Can't report auction results in current (active.qualification) tender status");
    });

    test('an auction that reports early moves its start to now', async () => {
      const tender = await inAuction(0, twoBids);
      await updateStoredTender(t, tender.id, (d) => {
        d.auctionPeriod = { ...d.auctionPeriod, startDate: '2027-01-20T12:00:00+02:00' };
      });
      const res = await api(t.app, 'POST', auctionUrl(tender.id), { auth: 'auction', body: { data: {} } });
      expectStatus(res, 200);
      const period = (res.json.data as Json).auctionPeriod as Json;
      assert.deepEqual([period.startDate, period.endDate], [AUCTION_NOW, AUCTION_NOW]);
    });
  });

  describe('POST /auction/{lot} (results)', () => {
    test('per lot: other lots untouched; awarding waits for the last lot auction', async () => {
      const tender = await inAuction(2, (lotIds) => [storedLotBid(lotIds), storedLotBid(lotIds)]);
      const [l0, l1] = tender.lotIds as [string, string];
      const post = (lot: string, data: Json) => api(t.app, 'POST', auctionUrl(tender.id, lot), { auth: 'auction', body: { data } });
      expectError(await post('f'.repeat(32), { bids: [] }), 403, 'body', 'data', 'Can report auction results only in active lot status');
      expectError(await post(l0, {}), 422, 'body', 'bids', ['This field is required.']);
      const results = { bids: [{ lotValues: [{ value: { amount: 390 } }, { value: { amount: 1 } }] }, { lotValues: [{ value: { amount: 380 } }] }] };
      expectStatus(await post(l0, results), 200);
      let stored = await storedTender(t, tender.id);
      assert.equal(stored.status, 'active.auction');
      assert.deepEqual(stored.bids!.map((b) => b.lotValues!.map((lv) => lv.value.amount)), [[390, 400], [380, 400]]);
      assert.equal(stored.lots![0]!.auctionPeriod!.endDate, AUCTION_NOW);
      assert.equal(stored.lots![1]!.auctionPeriod!.endDate, undefined);
      expectStatus(await post(l1, { bids: [{}, {}] }), 200);
      stored = await storedTender(t, tender.id);
      assert.equal(stored.status, 'active.qualification');
    });
  });
});
