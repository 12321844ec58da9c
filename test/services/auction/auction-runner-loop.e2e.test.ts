// The runner loop on its own (main.ts runs it): with the sandbox clock running (not frozen) and an
// accelerated tender, a run ends in real time and its results are posted without anyone moving the
// clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeApp } from '../../helpers/app.ts';
import { storedTender } from '../../helpers/stored-tender.ts';
import { setClock } from '../../helpers/api.ts';
import { START } from '../../helpers/recorded-tender.ts';
import { REFERENCE_DS_KEY } from '../../helpers/reference-ds.ts';
import { storedBid } from '../../procedures/below-threshold/builders.ts';
import { tenderInAuction } from '../../procedures/below-threshold/auction-tenders.ts';
import { formatIso, isoToMs } from '../../../src/core/time/iso.ts';

/** The 25 minutes of a two-bidder auction last half a second. */
const ACCELERATOR = 3000;

describeApp('auction runner loop', { trustedDsKeys: [REFERENCE_DS_KEY], auctionRunner: true, env: { AUCTION_INTERVAL_MS: '50' } }, (t) => {

  test('an accelerated run ends and is posted by the loop', { timeout: 20_000 }, async () => {
    await setClock(t.app, START);
    const tender = await tenderInAuction(t, 0, () => [storedBid(), storedBid()], { procurementMethodDetails: `quick, accelerator=${ACCELERATOR}` });
    const start = (await storedTender(t, tender.id)).auctionPeriod!.startDate!;
    // Just before the start, and time runs from there.
    await setClock(t.app, formatIso(isoToMs(start) - 200), false);
    assert.equal((await storedTender(t, tender.id)).status, 'active.auction');
    for (let i = 0; i < 100 && (await storedTender(t, tender.id)).status === 'active.auction'; i++) await sleep(100);
    const done = await storedTender(t, tender.id);
    assert.equal(done.status, 'active.qualification');
    assert.ok(done.auctionPeriod!.endDate);
  });
});
