// `GET /tenders/{id}?opt_schema=ocds` over HTTP, on both backends (platform.md §5): an OCDS 1.1
// release package, one release per lot, valid against the standard's schemas, without what the
// tender keeps sealed.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { packageValidator } from '../../helpers/ocds-schemas.ts';
import { describeApp } from '../../helpers/app.ts';
import { api, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { REFERENCE_DS_KEY } from '../../helpers/reference-ds.ts';
import { START } from '../../helpers/recorded-tender.ts';
import { bidAndEndTendering, finishAuctions, publishLotTender } from '../../procedures/below-threshold/awarding.ts';

describeApp('OCDS snapshot of a tender', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  const validate = packageValidator('release');
  before(() => setClock(t.app, START));

  test('one release per lot, tag tender, the configured ocid prefix; sealed bids absent', async () => {
    const lt = await publishLotTender(t.app, 2);
    await bidAndEndTendering(t, lt, [[480, 490], [500, 470]]);
    const res = await api(t.app, 'GET', `/api/2.5/tenders/${lt.tender.id}?opt_schema=ocds`, { auth: null });
    expectStatus(res, 200);
    const pkg = res.json;
    assert.deepEqual(validate(pkg), []);
    assert.equal(pkg.version, '1.1');
    assert.match(String(pkg.uri), new RegExp(`/api/2.5/tenders/${lt.tender.id}\\?opt_schema=OCDS-1.1$`));
    const releases = pkg.releases as Json[];
    assert.deepEqual(releases.map((r) => r.id), lt.lotIds.map((lot) => `${lt.tender.id}-${lot}`));
    for (const r of releases) {
      assert.equal(r.ocid, `ocds-be6bcu-${String(r.id)}`);
      assert.deepEqual(r.tag, ['tender']);
      assert.equal(((r.tender as Json).items as Json[]).length, 1, "the lot's own items");
      assert.equal(r.bids, undefined, 'bids stay sealed until the auction is over');
    }
    assert.doesNotMatch(res.body, /token/i, 'no tokens');
  });

  test('once awarding starts: bids with their lot values, tenderers among the parties, the award', async () => {
    const lt = await publishLotTender(t.app, 1);
    const bids = await bidAndEndTendering(t, lt, [[480], [500]]);
    await finishAuctions(t, lt.tender.id, {});
    const res = await api(t.app, 'GET', `/api/2.5/tenders/${lt.tender.id}?opt_schema=ocds`, { auth: null });
    expectStatus(res, 200);
    assert.deepEqual(validate(res.json), []);
    const [r] = res.json.releases as Json[];
    const details = ((r!.bids as Json).details as Json[]);
    assert.deepEqual(details.map((d) => (d.value as Json).amount).sort(), [480, 500]);
    const partyIds = (r!.parties as Json[]).map((p) => p.id);
    for (const b of bids) assert.ok(partyIds.includes(b.id));
    assert.equal((r!.tender as Json).numberOfTenderers, 2);
    const [award] = r!.awards as Json[];
    assert.equal(award!.status, 'pending');
    assert.equal(((award!.value as Json).amount), 480);
  });
});
