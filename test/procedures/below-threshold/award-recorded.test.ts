// The recorded award exchanges (shared/conformance/below-threshold, ORDER from
// unsuccessful-qualified-award.http to confirm-qualification.http) replayed on a one-bid tender in
// active.qualification: same status, body shape and values (the ORDER replay of the conformance
// test reaches them after a two-bid auction, where the winner differs from the recording's).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describeApp } from '../../helpers/app.ts';
import { compareResponse } from '../../conformance/compare.ts';
import { readHttpExchange } from '../../conformance/http-file.ts';
import { IdMap } from '../../conformance/id-map.ts';
import { conformanceDir } from '../../conformance/replay.ts';
import { RECORDED_AWARD_FILES } from '../../conformance/recorded-files.ts';
import { api, type Json } from '../../helpers/api.ts';
import { REFERENCE_DS_KEY } from '../../helpers/reference-ds.ts';
import { bidAndEndTendering, listAwards, publishLotTender } from './awarding.ts';
import { updateStoredTender } from '../../helpers/stored-tender.ts';


/** The recorded winner's signer (confirm-qualification.http). */
const SIGNER_INFO = {
  name: 'Test Testovich', email: 'example@email.com', telephone: '+380950000000', iban: '111111111111111', position: 'Генеральний директор', authorizedBy: 'Статут компанії',
};

const dir = conformanceDir();

describeApp('recorded award exchanges', { trustedDsKeys: [REFERENCE_DS_KEY], skip: dir === undefined ? 'no conformance directory' : false }, (t) => {

  test('status and body shape of each file, in ORDER', async () => {
    const lt = await publishLotTender(t.app, 1);
    const [bid] = await bidAndEndTendering(t, lt, [[500]]);
    await updateStoredTender(t, lt.tender.id, (tender) => {
      for (const b of tender.bids ?? []) if (b.id === bid!.id) b.tenderers = b.tenderers.map((x) => ({ ...x, signerInfo: SIGNER_INFO }));
      for (const a of (tender.awards ?? []) as Json[]) a.suppliers = (a.suppliers as Json[]).map((x) => ({ ...x, signerInfo: SIGNER_INFO }));
    });
    const [award] = await listAwards(t.app, lt.tender.id);
    const map = new IdMap();
    for (const file of RECORDED_AWARD_FILES) {
      const ex = readHttpExchange(join(dir!, 'below-threshold', file));
      const m = /\/tenders\/([0-9a-f]{32})\/awards\/([0-9a-f]{32})[^?]*\?acc_token=([0-9a-f]{32})/.exec(ex.request.path)!;
      map.set(m[1]!, lt.tender.id);
      map.set(m[2]!, String(award!.id));
      map.set(m[3]!, lt.tender.token);
      const path = ex.request.path.replace(m[1]!, lt.tender.id).replace(m[2]!, String(award!.id)).replace(m[3]!, lt.tender.token);
      const res = await api(t.app, ex.request.method as 'PATCH' | 'POST', path, { body: ex.request.json as Json, headers: { host: ex.request.headers.host ?? 'localhost' } });
      const result = compareResponse(ex.response, { status: res.status, headers: res.headers, bodyText: res.body, json: res.json }, map);
      assert.ok(result.statusOk && result.shapeOk, `${file}: ${result.problems.join('; ')}`);
    }
  });
});
