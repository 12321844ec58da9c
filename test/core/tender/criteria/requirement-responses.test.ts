// Requirement responses over HTTP, on both backends (criteria.md §5, §6): in bid writes and as
// resources of bids and awards, with the per-response checks, their envelopes and effects.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeApp } from '../../../helpers/app.ts';
import { api, expectError, expectStatus, setClock, type Json } from '../../../helpers/api.ts';
import { REFERENCE_DS_KEY } from '../../../helpers/reference-ds.ts';
import { START } from '../../../helpers/recorded-tender.ts';
import { ownerUrl } from '../../../procedures/below-threshold/builders.ts';
import { openBidData, openBidUrl, publishedOpenTender, submitOpenBid, type OpenTender } from '../../../procedures/open/builders.ts';

const requirementOf = (tender: OpenTender, classification: string): string => {
  const c = tender.criteria.find((x) => (x.classification as Json).id === classification)!;
  return String((((c.requirementGroups as Json[])[0]!.requirements as Json[])[0]!).id);
};

describeApp('requirement responses', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  before(() => setClock(t.app, START));

  test('bid responses as resources: sealed during tendering, checked once submitted, a write sends the bid back', async () => {
    await setClock(t.app, START);
    const tender = await publishedOpenTender(t.app, 'aboveThreshold');
    const bid = await submitOpenBid(t.app, tender, { [tender.lotIds[0]!]: 900 });
    const base = openBidUrl(tender, bid, '/requirement_responses');
    expectError(await api(t.app, 'GET', base, { auth: 'brokerh' }), 403, 'body', 'data', "Can't view bid in current (active.tendering) tender status");

    const fraud = requirementOf(tender, 'CRITERION.EXCLUSION.CONVICTIONS.FRAUD');
    const entity = requirementOf(tender, 'CRITERION.EXCLUSION.MISCONDUCT.MARKET_DISTORTION');
    const bad = await api(t.app, 'POST', base, {
      auth: 'brokerh',
      body: { data: [{ requirement: { id: 'f'.repeat(32) }, value: true }, { requirement: { id: entity }, value: true }] },
    });
    expectStatus(bad, 422);
    assert.deepEqual(bad.json.errors, [
      { location: 'body', name: 'requirementResponses.0', description: { requirement: ['Requirement should be one of criteria requirements'] } },
      { location: 'body', name: 'requirementResponses.1', description: { requirement: ["Requirement response in bid can't have requirement criteria with source: procuringEntity"] } },
    ]);
    expectError(
      await api(t.app, 'POST', base, { auth: 'brokerh', body: { data: { requirement: { id: fraud }, value: true } } }),
      422, 'body', 'requirementResponses', { requirement: 'Items should be unique by fields: requirement.id' },
    );

    const responses = (bid.data.requirementResponses as Json[]);
    const fraudResponse = responses.find((rr) => (rr.requirement as Json).id === fraud)!;
    const one = `${openBidUrl(tender, bid, `/requirement_responses/${String(fraudResponse.id)}`)}`;
    expectError(await api(t.app, 'PATCH', one, { auth: 'brokerh', body: { data: { value: false } } }), 422, 'body', 'data', `Value "False" does not match expected value "True" in requirement ${fraud}`);
    expectError(await api(t.app, 'PATCH', one, { auth: 'brokerh', body: { data: { values: [true] } } }), 422, 'body', 'data', `only 'value' allowed in response for requirement ${fraud}`);
    const evidence = await api(t.app, 'POST', one.replace('?', '/evidences?'), { auth: 'brokerh', body: { data: { title: 'Довідка', type: 'statement' } } });
    expectStatus(evidence, 201);
    const after = await api(t.app, 'GET', openBidUrl(tender, bid), { auth: 'brokerh' });
    assert.equal((after.json.data as Json).status, 'invalid', 'a change to a submitted bid sends it back');
    // A value that does not convert to the requirement's dataType is refused at input, whatever the bid's status.
    expectError(await api(t.app, 'PATCH', one, { auth: 'brokerh', body: { data: { value: { amount: '1e999' } } } }), 422, 'body', 'value', ['Must be either true or false.']);
    expectError(
      await api(t.app, 'POST', one.replace('?', '/evidences?'), { auth: 'broker4', body: { data: { title: 'x' } } }),
      403, 'url', 'permission', 'Forbidden',
    );
    expectStatus(await api(t.app, 'DELETE', one, { auth: 'brokerh' }), 200);
    expectError(await api(t.app, 'DELETE', one, { auth: 'brokerh' }), 404, 'url', 'requirementResponse_id', 'Not Found');
  });

  test('bid writes: responses replaced wholesale; values converted; a language answer takes `values` only', async () => {
    await setClock(t.app, START);
    const tender = await publishedOpenTender(t.app, 'aboveThresholdUA');
    const lot = tender.lotIds[0]!;
    const language = requirementOf(tender, 'CRITERION.OTHER.BID.LANGUAGE');
    const data = openBidData(tender, { [lot]: 900 });
    const responses = (data.requirementResponses as Json[]).map((rr) => ((rr.requirement as Json).id === language ? { requirement: { id: language }, value: 'ukr' } : rr));
    expectError(
      await api(t.app, 'POST', `/api/2.5/tenders/${tender.id}/bids`, { auth: 'brokerh', body: { data: { ...data, requirementResponses: responses } } }),
      422, 'body', 'requirementResponses', `only 'values' allowed in response for requirement ${language}`,
    );
    const withStrings = (data.requirementResponses as Json[]).map((rr) => ('value' in rr ? { ...rr, value: 'true' } : rr));
    const res = await api(t.app, 'POST', `/api/2.5/tenders/${tender.id}/bids`, { auth: 'brokerh', body: { data: { ...data, requirementResponses: withStrings, status: 'pending' } } });
    expectStatus(res, 422);
    assert.equal(((res.json.errors as Json[])[0]!).name, 'documents', 'responses pass (converted); the proposal signature is what is missing');
  });

  test('award responses: the tender owner answers the procuring entity criteria in qualification', async () => {
    await setClock(t.app, START);
    const tender = await publishedOpenTender(t.app, 'aboveThreshold');
    await submitOpenBid(t.app, tender, { [tender.lotIds[0]!]: 900 });
    await setClock(t.app, '2027-01-17T00:00:01+02:00');
    const awards = (await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/awards`, { auth: null })).json.data as unknown as Json[];
    const base = ownerUrl(tender, `/awards/${String(awards[0]!.id)}/requirement_responses`);
    const entity = requirementOf(tender, 'CRITERION.EXCLUSION.MISCONDUCT.MARKET_DISTORTION');
    const created = await api(t.app, 'POST', base, { body: { data: [{ requirement: { id: entity }, value: true }] } });
    expectStatus(created, 201);
    const [rr] = created.json.data as unknown as Json[];
    assert.equal((rr!.requirement as Json).title, `Вимога CRITERION.EXCLUSION.MISCONDUCT.MARKET_DISTORTION`);
    const tenderer = requirementOf(tender, 'CRITERION.EXCLUSION.CONVICTIONS.FRAUD');
    const wrong = await api(t.app, 'POST', base, { body: { data: { requirement: { id: tenderer }, value: true } } });
    expectError(wrong, 422, 'body', 'requirementResponses.0', { requirement: ["Requirement response in award can't have requirement criteria with source: tenderer"] });
    const listed = await api(t.app, 'GET', base.split('?')[0]!, { auth: null });
    assert.equal((listed.json.data as unknown as Json[]).length, 1);
    // The whole list in an award PATCH, checked the same way.
    const awardUrl = ownerUrl(tender, `/awards/${String(awards[0]!.id)}`);
    expectError(
      await api(t.app, 'PATCH', awardUrl, { body: { data: { requirementResponses: [{ requirement: { id: tenderer }, value: true }] } } }),
      422, 'body', 'requirementResponses', [{ requirement: ["Requirement response in award can't have requirement criteria with source: tenderer"] }],
    );
    const replaced = await api(t.app, 'PATCH', awardUrl, { body: { data: { requirementResponses: [{ requirement: { id: entity }, value: true }] } } });
    expectStatus(replaced, 200);
    const shown = ((replaced.json.data as Json).requirementResponses as Json[])[0]!;
    assert.match(String(shown.id), /^[0-9a-f]{32}$/);
    assert.equal((shown.requirement as Json).title, 'Вимога CRITERION.EXCLUSION.MISCONDUCT.MARKET_DISTORTION', 'read with the requirement title');
    expectError(
      await api(t.app, 'GET', `/api/2.5/tenders/${tender.id}/qualifications/${'e'.repeat(32)}/requirement_responses`, { auth: null }),
      404, 'url', 'qualification_id', 'Not Found',
    );
  });
});
