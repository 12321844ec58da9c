// The open family's tender rules over HTTP, on both backends (open-procedures.md §0.3, §1.1–§1.6,
// §3, §5; criteria.md §4): system periods, publication checks, late edits, questions, bids.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeApp } from '../../helpers/app.ts';
import { api, expectError, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { REFERENCE_DS_KEY } from '../../helpers/reference-ds.ts';
import { START } from '../../helpers/recorded-tender.ts';
import { criterion } from '../../helpers/criteria.ts';
import { addContractProforma, addDocument, addNoticeSignature, ownerUrl } from '../below-threshold/builders.ts';
import { tenderer } from '../below-threshold/tendering.ts';
import {
  addRequiredCriteria, createOpenDraft, openBidData, openBidUrl, openConfig, openTender, openTenderData, publishedOpenTender, submitOpenBid, TENDERING_END, type OpenType,
} from './builders.ts';

const UA_REQUIRED_SERVICES =
  'Tender must contain all required criteria: CRITERION.EXCLUSION.BUSINESS.BANKRUPTCY, CRITERION.EXCLUSION.CONFLICT_OF_INTEREST.EARLY_TERMINATION, CRITERION.EXCLUSION.CONFLICT_OF_INTEREST.MISINTERPRETATION, CRITERION.EXCLUSION.CONTRIBUTIONS.PAYMENT_OF_TAXES, CRITERION.EXCLUSION.CONVICTIONS.CHILD_LABOUR-HUMAN_TRAFFICKING, CRITERION.EXCLUSION.CONVICTIONS.CORRUPTION, CRITERION.EXCLUSION.CONVICTIONS.FRAUD, CRITERION.EXCLUSION.CONVICTIONS.PARTICIPATION_IN_CRIMINAL_ORGANISATION, CRITERION.EXCLUSION.CONVICTIONS.TERRORIST_OFFENCES, CRITERION.EXCLUSION.MISCONDUCT.MARKET_DISTORTION, CRITERION.EXCLUSION.NATIONAL.OTHER, CRITERION.OTHER.BID.LANGUAGE, CRITERION.OTHER.BID.VALIDITY_PERIOD, CRITERION.SELECTION.TECHNICAL_PROFESSIONAL_ABILITY.MANAGEMENT.SUBCONTRACTING_PROPORTION';
const ARTICLE_16 =
  'Tender must contain one of article 16 criteria: CRITERION.SELECTION.ECONOMIC_FINANCIAL_STANDING, CRITERION.SELECTION.TECHNICAL_PROFESSIONAL_ABILITY.REFERENCES.WORKS_PERFORMANCE, CRITERION.SELECTION.TECHNICAL_PROFESSIONAL_ABILITY.TECHNICAL.EQUIPMENT, CRITERION.SELECTION.TECHNICAL_PROFESSIONAL_ABILITY.TECHNICAL.STAFF_FOR_CARRYING_SCOPE';

const question = (): Json => {
  const { scale: _s, ...author } = tenderer();
  return { author, title: 'Калорійність', description: 'Додайте таблицю' };
};

describeApp('open procedures: tenders', { trustedDsKeys: [REFERENCE_DS_KEY] }, (t) => {
  before(() => setClock(t.app, START));

  for (const [type, enquiryEnd, clarifications, complaintEnd] of [
    ['aboveThresholdUA', '2027-01-22T00:00:00+02:00', '2027-01-27T00:00:00+02:00', '2027-01-28T00:00:00+02:00'],
    ['aboveThreshold', '2027-01-29T00:00:00+02:00', '2027-02-01T00:00:00+02:00', '2027-01-29T00:00:00+02:00'],
  ] as const) {
    test(`${type}: enquiry and complaint periods count back from the end of tendering (recorded example)`, async () => {
      await setClock(t.app, START);
      const tender = await createOpenDraft(t.app, type, 1, { tenderPeriod: { endDate: '2027-02-01T00:00:00+02:00' } });
      const data = await openTender(t.app, tender);
      assert.deepEqual(data.tenderPeriod, { startDate: START, endDate: '2027-02-01T00:00:00+02:00' });
      assert.deepEqual(data.enquiryPeriod, { startDate: START, endDate: enquiryEnd, clarificationsUntil: clarifications });
      assert.deepEqual(data.complaintPeriod, { startDate: START, endDate: complaintEnd });
      assert.equal(data.procurementMethod, 'open');
      assert.equal(data.submissionMethod, 'electronicAuction');
    });
  }

  test('publication: notice signature, then the required criteria, then article 16, then contract template', async () => {
    await setClock(t.app, START);
    const tender = await createOpenDraft(t.app, 'aboveThresholdUA');
    const publish = () => api(t.app, 'PATCH', ownerUrl(tender), { body: { data: { status: 'active.tendering' } } });
    expectError(await publish(), 422, 'body', 'documents', "Document with type 'notice' and format pkcs7-signature is required");
    await addNoticeSignature(t.app, tender);
    expectError(await publish(), 403, 'body', 'data', UA_REQUIRED_SERVICES);
    const withoutArticle16 = (await import('../../helpers/criteria.ts')).requiredOpenCriteria('aboveThresholdUA').slice(0, -1);
    expectStatus(await api(t.app, 'POST', ownerUrl(tender, '/criteria'), { body: { data: withoutArticle16 } }), 201);
    expectError(await publish(), 403, 'body', 'data', ARTICLE_16);
    expectStatus(await api(t.app, 'POST', ownerUrl(tender, '/criteria'), { body: { data: criterion('CRITERION.SELECTION.ECONOMIC_FINANCIAL_STANDING') } }), 201);
    expectError(await publish(), 422, 'body', 'contractTemplateName', 'Either contractTemplateName or contractProforma document is required');
    await addContractProforma(t.app, tender);
    const published = await publish();
    expectStatus(published, 200);
    const data = published.json.data as Json;
    assert.equal(data.status, 'active.tendering');
    assert.equal(data.noticePublicationDate, START);
    assert.equal((data.enquiryPeriod as Json).invalidationDate, START);
  });

  test('goods need no article-16 criterion; a bid guarantee needs its criterion', async () => {
    await setClock(t.app, START);
    const tender = await createOpenDraft(t.app, 'aboveThreshold', 1, { mainProcurementCategory: 'goods' });
    await addRequiredCriteria(t.app, tender);
    await addContractProforma(t.app, tender);
    await addNoticeSignature(t.app, tender);
    expectStatus(await api(t.app, 'PATCH', ownerUrl(tender, `/lots/${tender.lotIds[0]}`), { body: { data: { guarantee: { amount: 10, currency: 'UAH' } } } }), 200);
    const publish = () => api(t.app, 'PATCH', ownerUrl(tender), { body: { data: { status: 'active.tendering' } } });
    expectError(await publish(), 403, 'body', 'data', "Should be specified CRITERION.OTHER.BID.GUARANTEE for 'guarantee.amount' more than 0 to lot");
    const guarantee = { ...criterion('CRITERION.OTHER.BID.GUARANTEE', { relatesTo: 'lot', relatedItem: tender.lotIds[0] }) };
    expectStatus(await api(t.app, 'POST', ownerUrl(tender, '/criteria'), { body: { data: guarantee } }), 201);
    expectStatus(await publish(), 200);
  });

  test('configuration and model: VAT excluded, tendering length, the aboveThreshold choice of 7 or 15 days', async () => {
    await setClock(t.app, START);
    const post = (type: OpenType, data: Json, config: Json = {}) => api(t.app, 'POST', '/api/2.5/tenders', { body: { data: openTenderData(type, 1, data), config: openConfig(type, config) } });
    expectError(await post('aboveThresholdUA', { value: { amount: 1000, currency: 'UAH', valueAddedTaxIncluded: true } }), 422, 'body', 'value.valueAddedTaxIncluded', 'valueAddedTaxIncluded should be false');
    expectError(await post('aboveThresholdUA', { tenderPeriod: { endDate: '2027-01-10T00:00:00+02:00' } }), 422, 'body', 'tenderPeriod', ['tenderPeriod must be at least 15 full calendar days long']);
    expectError(await post('aboveThreshold', {}, { minTenderingDuration: 10 }), 422, 'body', 'config.minTenderingDuration', '10 is not one of [7, 15]');
    expectError(await post('aboveThresholdUA', {}, { minBidsNumber: 1 }), 422, 'body', 'config.minBidsNumber', '1 is less than the minimum of 2');
    expectStatus(await post('aboveThreshold', { tenderPeriod: { endDate: '2027-01-09T00:00:00+02:00' } }, { minTenderingDuration: 7 }), 201);
    const noDelivery = openTenderData('aboveThresholdUA');
    delete ((noDelivery.items as Json[])[0] as Json).deliveryAddress;
    const res = await api(t.app, 'POST', '/api/2.5/tenders', { body: { data: noDelivery, config: openConfig('aboveThresholdUA') } });
    expectError(res, 422, 'body', 'items', [{ deliveryAddress: ['This field is required.'] }]);
  });

  for (const [type, days, late] of [['aboveThresholdUA', 7, '2027-01-12T00:00:00+02:00'], ['aboveThreshold', 4, '2027-01-14T00:00:00+02:00']] as const) {
    test(`${type}: a late edit must leave ${days} days; an edit during tendering sends submitted bids back`, async () => {
      await setClock(t.app, START);
      const tender = await publishedOpenTender(t.app, type);
      const bid = await submitOpenBid(t.app, tender, { [tender.lotIds[0]!]: 900 });
      assert.equal(bid.data.status, 'pending');
      expectError(
        await api(t.app, 'PATCH', ownerUrl(tender), { body: { data: { tenderPeriod: { startDate: '2027-01-02T00:00:00+02:00', endDate: TENDERING_END } } } }),
        422, 'body', 'tenderPeriod.startDate', "Can't change tenderPeriod.startDate",
      );
      await setClock(t.app, late);
      expectError(await api(t.app, 'PATCH', ownerUrl(tender), { body: { data: { title: 'нова назва' } } }), 403, 'body', 'data', `tenderPeriod should be extended by ${days} days`);
      const edited = await api(t.app, 'PATCH', ownerUrl(tender), { body: { data: { title: 'нова назва', tenderPeriod: { startDate: START, endDate: '2027-01-25T00:00:00+02:00' } } } });
      expectStatus(edited, 200);
      const data = edited.json.data as Json;
      assert.equal((data.enquiryPeriod as Json).invalidationDate, late);
      const after = await api(t.app, 'GET', openBidUrl(tender, bid), { auth: 'brokerh' });
      assert.equal((after.json.data as Json).status, 'invalid');
    });
  }

  test('a tender document during tendering also invalidates; lot writes need the extension even in draft', async () => {
    await setClock(t.app, START);
    const tender = await publishedOpenTender(t.app, 'aboveThresholdUA');
    const bid = await submitOpenBid(t.app, tender, { [tender.lotIds[0]!]: 900 });
    await addDocument(t.app, tender, { title: 'clarification.pdf' });
    assert.equal(((await api(t.app, 'GET', openBidUrl(tender, bid), { auth: 'brokerh' })).json.data as Json).status, 'invalid');

    const draft = await createOpenDraft(t.app, 'aboveThresholdUA', 0, { tenderPeriod: { endDate: '2027-01-17T00:00:00+02:00' } });
    await setClock(t.app, '2027-01-12T00:00:00+02:00');
    expectError(
      await api(t.app, 'POST', ownerUrl(draft, '/lots'), { body: { data: { title: 'Лот', value: { amount: 1000, currency: 'UAH' }, minimalStep: { amount: 10, currency: 'UAH' } } } }),
      403, 'body', 'data', 'tenderPeriod should be extended by 7 days',
    );
  });

  test('questions: level 4, only until the enquiry end; answers until clarificationsUntil; an open question holds tendering', async () => {
    await setClock(t.app, START);
    const answered = await publishedOpenTender(t.app, 'aboveThreshold');
    const open = await publishedOpenTender(t.app, 'aboveThreshold');
    const questionsUrl = (id: string) => `/api/2.5/tenders/${id}/questions`;
    expectError(await api(t.app, 'POST', questionsUrl(answered.id), { auth: 'broker2', body: { data: question() } }), 403, 'url', 'accreditation', 'Broker Accreditation level does not permit question creation');
    const asked = await api(t.app, 'POST', questionsUrl(answered.id), { auth: 'broker4', body: { data: question() } });
    expectStatus(asked, 201);
    expectStatus(await api(t.app, 'POST', questionsUrl(open.id), { auth: 'broker4', body: { data: question() } }), 201);
    const answerUrl = ownerUrl(answered, `/questions/${String((asked.json.data as Json).id)}`);
    expectStatus(await api(t.app, 'PATCH', answerUrl, { body: { data: { answer: 'Додано' } } }), 200);
    // aboveThreshold: enquiries end 3 days before tendering, clarifications run to its end.
    assert.deepEqual((await openTender(t.app, answered)).enquiryPeriod, {
      startDate: START, endDate: '2027-01-14T00:00:00+02:00', clarificationsUntil: TENDERING_END, invalidationDate: START,
    });
    await setClock(t.app, '2027-01-14T00:00:01+02:00');
    expectError(await api(t.app, 'POST', questionsUrl(answered.id), { auth: 'broker4', body: { data: question() } }), 403, 'body', 'data', 'Can add question only in enquiryPeriod');
    await submitOpenBid(t.app, answered, { [answered.lotIds[0]!]: 900 });
    await submitOpenBid(t.app, open, { [open.lotIds[0]!]: 900 });
    await setClock(t.app, '2027-01-17T00:00:01+02:00');
    expectError(await api(t.app, 'PATCH', answerUrl, { body: { data: { answer: 'Пізно' } } }), 403, 'body', 'data', "Can't update question in current (active.qualification) tender status");
    // One bid (aboveThreshold, minBidsNumber 1): straight to awarding; the unanswered question holds the other.
    assert.equal((await openTender(t.app, answered)).status, 'active.qualification');
    assert.equal((await openTender(t.app, open)).status, 'active.tendering');
  });

  test('bids: self-declarations true only; a submission answers every tenderer criterion', async () => {
    await setClock(t.app, START);
    const tender = await publishedOpenTender(t.app, 'aboveThresholdUA');
    const lot = tender.lotIds[0]!;
    const bidsUrl = `/api/2.5/tenders/${tender.id}/bids`;
    expectError(await api(t.app, 'POST', bidsUrl, { auth: 'broker2', body: { data: openBidData(tender, { [lot]: 900 }) } }), 403, 'url', 'accreditation', 'Broker Accreditation level does not permit bid creation');
    expectError(await api(t.app, 'POST', bidsUrl, { auth: 'broker4', body: { data: openBidData(tender, { [lot]: 900 }, { selfQualified: false }) } }), 422, 'body', 'selfQualified', ['Value must be one of [True].']);
    const unanswered = await api(t.app, 'POST', bidsUrl, { auth: 'broker4', body: { data: openBidData(tender, { [lot]: 900 }, { requirementResponses: undefined, status: 'pending' }) } });
    expectStatus(unanswered, 422);
    const error = (unanswered.json.errors as Json[])[0]!;
    assert.equal(error.name, 'requirementResponses');
    assert.match(String((error.description as string[])[0]), /^Responses are required for all criteria with source tenderer\/winner, failed for criteria [0-9a-f]{32}(, [0-9a-f]{32})+$/);
    const bid = await submitOpenBid(t.app, tender, { [lot]: 900 }, 'broker4');
    const responses = bid.data.requirementResponses as Json[];
    assert.ok(responses.length > 0);
    for (const rr of responses) {
      assert.match(String(rr.id), /^[0-9a-f]{32}$/);
      assert.ok((rr.requirement as Json).title, 'responses read with their requirement title');
      assert.ok(rr.classification, 'and the criterion classification');
    }
    // UA: a lot with one bid fails at the end of tendering.
    await setClock(t.app, '2027-01-17T00:00:01+02:00');
    const ended = await openTender(t.app, tender);
    assert.equal(ended.status, 'unsuccessful');
  });
});
