// End to end through the API and the sandbox clock (issue 6 part B): a tender cancelled in
// enquiries; a two-lot tender whose lot is cancelled in tendering and which goes on with the other
// lot to qualification; an award claim there, answered and resolved. The award itself is written
// into the stored tender (awarding is another module's).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeApp } from '../../helpers/app.ts';
import { storedTender, updateStoredTender } from '../../helpers/stored-tender.ts';
import { api, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { REFERENCE_DS_KEY } from '../../helpers/reference-ds.ts';
import { getTender } from './builders.ts';
import { bidData, createPublishedTender, postBid, proposalSignature, startTendering } from './tendering.ts';
import { SECOND_ITEM, awardClaimsUrl, cancel, claimData, createTwoLotTender, fileAwardClaim, type AwardedTender } from './cancelling.ts';

describeApp('cancellations and claims end to end', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {

  test('a tender cancelled in enquiries stays cancelled when time passes', async () => {
    const { tender } = await createPublishedTender(t.app);
    await setClock(t.app, '2027-01-03T10:00:00+02:00');
    const c = await cancel(t.app, tender);
    assert.equal(c.status, 'active');
    const cancelled = await getTender(t.app, tender.id);
    assert.equal(cancelled.status, 'cancelled');
    assert.equal(cancelled.date, '2027-01-03T10:00:00+02:00');
    assert.equal((cancelled.cancellations as Json[]).length, 1);
    await setClock(t.app, '2027-01-20T10:00:00+02:00');
    assert.equal((await getTender(t.app, tender.id)).status, 'cancelled');
  });

  test('a lot cancelled in tendering; the other lot reaches qualification; an award claim is answered and resolved', async () => {
    const { tender, lotA, lotB } = await createTwoLotTender(t.app);
    await startTendering(t, tender.id);
    const onA = await postBid(t.app, tender, bidData(lotA, { status: 'pending', documents: [proposalSignature()] }));
    const itemB = { id: SECOND_ITEM, description: 'папір', quantity: 5, relatedLot: lotB, unit: { name: 'кг', code: 'KGM', value: { amount: 100, currency: 'UAH', valueAddedTaxIncluded: false } } };
    const onB = await postBid(t.app, tender, bidData(lotB, { status: 'pending', documents: [proposalSignature()], items: [itemB] }));

    await cancel(t.app, tender, lotA);
    const afterCancel = await storedTender(t, tender.id);
    assert.equal(afterCancel.status, 'active.tendering');
    assert.equal(afterCancel.bids!.find((b) => b.id === onA.id)!.status, 'invalid');

    // Tendering ends: lot B has one bid, so no auction; the tender enters qualification.
    await setClock(t.app, '2027-01-15T00:00:00+02:00');
    const qualifying = await getTender(t.app, tender.id);
    assert.equal(qualifying.status, 'active.qualification');
    assert.deepEqual((qualifying.lots as Json[]).map((l) => l.status), ['cancelled', 'active']);

    // The award of lot B, decided now with a 2-working-day stand-still.
    const awardId = 'a0b0'.padEnd(32, '0');
    const winner = afterCancel.bids!.find((b) => b.id === onB.id)!;
    await updateStoredTender(t, tender.id, (d) => {
      d.awards = [
        {
          id: awardId,
          bid_id: onB.id,
          lotID: lotB,
          status: 'active',
          date: '2027-01-18T10:00:00+02:00',
          value: { amount: 500, currency: 'UAH', valueAddedTaxIncluded: false },
          suppliers: winner.tenderers,
          complaintPeriod: { startDate: '2027-01-18T10:00:00+02:00', endDate: '2027-01-21T00:00:00+02:00' },
        },
      ];
    });
    await setClock(t.app, '2027-01-19T09:00:00+02:00');
    const awarded: AwardedTender = { tender, lotId: lotB, awardId, bidToken: onB.token, bidId: onB.id };
    const claim = await fileAwardClaim(t.app, awarded, claimData({ status: 'claim' }));
    assert.equal(claim.data.relatedLot, lotB);

    const answer = await api(t.app, 'PATCH', `${awardClaimsUrl(awarded, `/${claim.id}`)}?acc_token=${tender.token}`, {
      body: { data: { status: 'answered', resolutionType: 'resolved', resolution: 'Пропозицію розглянуто повторно, все гаразд' } },
    });
    expectStatus(answer, 200);
    const resolved = await api(t.app, 'PATCH', `${awardClaimsUrl(awarded, `/${claim.id}`)}?acc_token=${claim.token}`, { body: { data: { status: 'resolved', satisfied: true } } });
    expectStatus(resolved, 200);
    assert.equal((resolved.json.data as Json).status, 'resolved');
    assert.equal((resolved.json.data as Json).satisfied, true);

    const final = await getTender(t.app, tender.id);
    const shown = ((final.awards as Json[])[0]!.complaints as Json[])[0]!;
    assert.equal(shown.status, 'resolved');
    assert.equal(shown.owner_token, undefined);
    assert.equal(final.status, 'active.qualification');
  });
});
