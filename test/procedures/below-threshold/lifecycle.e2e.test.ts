// A belowThreshold tender from creation to its end over the API alone, with the built-in auction
// run by the sandbox clock (issue 6 item 5): bids → auction (MEAT with features) → award →
// contract → complete; every award disqualified → unsuccessful; cancelled in qualification.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeApp } from '../../helpers/app.ts';
import { api, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { REFERENCE_DS_KEY } from '../../helpers/reference-ds.ts';
import { getTender, type CreatedTender } from './builders.ts';
import { bidAndEndTendering, decideAward, listAwards, publishLotTender } from './awarding.ts';
import { cancel } from './cancelling.ts';
import { formatIso, isoToMs } from '../../../src/core/time/iso.ts';

const SIGNING = { contractNumber: 'N-1', period: { startDate: '2027-02-01T00:00:00+02:00', endDate: '2027-12-31T00:00:00+02:00' } };
const QUALITY = { code: 'quality', featureOf: 'tenderer', title: 'Якість', enum: [{ value: 0, title: 'звичайна' }, { value: 0.15, title: 'висока' }] };

describeApp('tender lifecycle end to end', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {

  /** Moves the clock past every planned auction: the built-in runs end and post their results. */
  async function runAuctions(tender: CreatedTender): Promise<Json> {
    const before = await getTender(t.app, tender.id);
    assert.equal(before.status, 'active.auction');
    assert.ok((before.lots as Json[]).every((l) => typeof l.auctionUrl === 'string'), 'the built-in auction set every lot url');
    const starts = (before.lots as Json[]).map((l) => isoToMs(String((l.auctionPeriod as Json).startDate)));
    await setClock(t.app, formatIso(Math.max(...starts) + 40 * 60_000));
    return getTender(t.app, tender.id);
  }

  async function signContracts(tender: CreatedTender): Promise<void> {
    for (const mirror of (await getTender(t.app, tender.id)).contracts as Json[]) {
      if (mirror.status !== 'pending') continue;
      const res = await api(t.app, 'PATCH', `/api/2.5/contracts/${mirror.id}?acc_token=${tender.token}`, { body: { data: { ...SIGNING, status: 'active' } } });
      expectStatus(res, 200);
    }
  }

  test('features (MEAT): the weighted best wins the auction and the award; its contract completes the tender', async () => {
    const lt = await publishLotTender(t.app, 1, { features: [QUALITY] });
    const [plain, quality] = await bidAndEndTendering(t, lt, [[480], [500]], [
      { parameters: [{ code: 'quality', value: 0 }] },
      { parameters: [{ code: 'quality', value: 0.15 }] },
    ]);
    const auctioned = await runAuctions(lt.tender);
    assert.equal(auctioned.status, 'active.qualification');
    assert.ok((auctioned.lots as Json[])[0]!.auctionPeriod && ((auctioned.lots as Json[])[0]!.auctionPeriod as Json).endDate, 'the auction ended');
    const [award] = await listAwards(t.app, lt.tender.id);
    // 500 ÷ (1 + 0.15 / (1 − 0.15)) = 425 < 480: the dearer offer of higher quality wins.
    assert.equal(award!.bid_id, quality!.id);
    assert.notEqual(award!.bid_id, plain!.id);
    await decideAward(t.app, lt.tender, String(award!.id), 'active');
    await signContracts(lt.tender);
    const done = await getTender(t.app, lt.tender.id);
    assert.equal(done.status, 'complete');
    assert.deepEqual((done.lots as Json[]).map((l) => l.status), ['complete']);
  });

  test('two lots, two bids each: auctions by the runner, cheapest awarded per lot, both contracts → complete', async () => {
    const lt = await publishLotTender(t.app, 2);
    const bids = await bidAndEndTendering(t, lt, [[500, 495], [490, 500]]);
    assert.equal((await runAuctions(lt.tender)).status, 'active.qualification');
    const awards = await listAwards(t.app, lt.tender.id);
    assert.deepEqual(awards.map((a) => [a.lotID, a.bid_id]), [[lt.lotIds[0], bids[1]!.id], [lt.lotIds[1], bids[0]!.id]]);
    for (const a of awards) await decideAward(t.app, lt.tender, String(a.id), 'active');
    await signContracts(lt.tender);
    const done = await getTender(t.app, lt.tender.id);
    assert.equal(done.status, 'complete');
    assert.deepEqual((done.contracts as Json[]).map((c) => c.status), ['active', 'active']);
  });

  test('every award disqualified: unsuccessful once the last stand-still ends', async () => {
    const lt = await publishLotTender(t.app, 1);
    await bidAndEndTendering(t, lt, [[500], [490]]);
    await runAuctions(lt.tender);
    for (let round = 0; round < 2; round++) {
      const pending = (await listAwards(t.app, lt.tender.id)).find((a) => a.status === 'pending');
      assert.ok(pending, `award ${round + 1} pending`);
      await decideAward(t.app, lt.tender, String(pending.id), 'unsuccessful');
    }
    const awarded = await getTender(t.app, lt.tender.id);
    const standStillEnds = (await listAwards(t.app, lt.tender.id)).map((a) => isoToMs(String((a.complaintPeriod as Json).endDate)));
    assert.notEqual(awarded.status, 'unsuccessful', 'not before the stand-still ends');
    await setClock(t.app, formatIso(Math.max(...standStillEnds) + 1000));
    const done = await getTender(t.app, lt.tender.id);
    assert.equal(done.status, 'unsuccessful');
    assert.deepEqual((done.lots as Json[]).map((l) => l.status), ['unsuccessful']);
  });

  test('one bid goes straight to qualification; the owner cancels the tender there', async () => {
    const lt = await publishLotTender(t.app, 1);
    await bidAndEndTendering(t, lt, [[500]]);
    const qualifying = await getTender(t.app, lt.tender.id);
    assert.equal(qualifying.status, 'active.qualification');
    assert.equal((await listAwards(t.app, lt.tender.id)).length, 1);
    await cancel(t.app, lt.tender);
    assert.equal((await getTender(t.app, lt.tender.id)).status, 'cancelled');
  });
});
