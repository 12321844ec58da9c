// Pure reporting rules: the cause requirement and its exemptions, the code-list check and
// enrichment, one live award at a time, the award document gate, and contract document
// confidentiality (open-procedures.md §6.2, §6.3, §6.5).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../src/core/http/errors.ts';
import { NO_STANDARDS, type CauseDetailsEntry } from '../../../src/core/standards.ts';
import type { RuleContext } from '../../../src/core/tender/procedure.ts';
import type { Award, DocumentRecord, Tender } from '../../../src/core/tender/tender.types.ts';
import { applyReportingCauseDetails, reportingCauseRequired } from '../../../src/procedures/reporting/cause-details.ts';
import { checkAndEnrichCauseDetails } from '../../../src/core/tender/limited/cause-details.ts';
import { assertNoLiveAward, assertReportingAwardDocumentWritable, newReportingAward } from '../../../src/procedures/reporting/awarding.ts';
import { reporting } from '../../../src/procedures/reporting/index.ts';
import { assertContractDocumentConfidentiality } from '../../../src/core/contracting/contract-document.rules.ts';
import { rationaleTypesForScheme, DECREE1178_RATIONALE_TYPES, LAW922_RATIONALE_TYPES } from '../../../src/core/contracting/rationale-types.ts';

const tender = (overrides: Record<string, unknown> = {}): Tender =>
  ({ id: 't', status: 'active', procurementMethodType: 'reporting', procuringEntity: { kind: 'general' }, mainProcurementCategory: 'services', value: { amount: 500000, currency: 'UAH', valueAddedTaxIncluded: true }, ...overrides }) as unknown as Tender;

/** Runs `fn`, expecting the API error `status` whose first error is `{name, description}`. */
function throwsApi(fn: () => void, status: number, name: string, description: unknown): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ApiError, String(e));
    assert.equal(e.status, status);
    assert.deepEqual({ name: e.errors[0]!.name, description: e.errors[0]!.description }, { name, description });
    return true;
  });
}

describe('reporting cause requirement', () => {
  test('required for a general entity at or above the category threshold', () => {
    assert.equal(reportingCauseRequired(tender()), true);
    assert.equal(reportingCauseRequired(tender({ value: { amount: 200000 } })), true);
  });
  test('exemptions: kind other, a rationale, no value or category, below the threshold', () => {
    assert.equal(reportingCauseRequired(tender({ procuringEntity: { kind: 'other' } })), false);
    assert.equal(reportingCauseRequired(tender({ procurementMethodRationale: 'why' })), false);
    assert.equal(reportingCauseRequired(tender({ value: undefined })), false);
    assert.equal(reportingCauseRequired(tender({ mainProcurementCategory: undefined })), false);
    assert.equal(reportingCauseRequired(tender({ value: { amount: 199999.99 } })), false);
    assert.equal(reportingCauseRequired(tender({ mainProcurementCategory: 'goods', value: { amount: 99999 } })), false);
    assert.equal(reportingCauseRequired(tender({ mainProcurementCategory: 'works', value: { amount: 1_000_000 } })), false);
  });
});

describe('the cause rule on a tender write', () => {
  const write = (t: Tender) => ({ tender: t, before: null, patch: null, standards: NO_STANDARDS }) as unknown as RuleContext;
  test('a current report needs a cause and refuses the legacy fields', () => {
    throwsApi(() => applyReportingCauseDetails(write(tender({ dateCreated: '2027-01-01T00:00:00+02:00' }))), 422, 'causeDetails', 'This field is required.');
    throwsApi(() => applyReportingCauseDetails(write(tender({ causeDetails: { code: 'x', description: 'd' }, causeDescription: 'old' }))), 422, 'causeDescription', 'Rogue field.');
  });
  test('a report created before the rule keeps its legacy cause', () => {
    assert.doesNotThrow(() => applyReportingCauseDetails(write(tender({ dateCreated: '2023-01-01T00:00:00+02:00', cause: 'UZ' }))));
  });
});

describe('causeDetails against the code list', () => {
  const list = new Map<string, CauseDetailsEntry>([
    ['defencePurchase', { title_uk: 'Підпункт 21 пункту 13', title_en: 'Subparagraph 21 of paragraph 13', scheme: 'DECREE1178', uri: 'https://example/1178' }],
    ['naturalGas', { title_uk: 'Підпункт 18', scheme: 'DECREE1178' }],
  ]);
  test('an unknown code lists the active codes in order', () => {
    throwsApi(() => checkAndEnrichCauseDetails({ code: 'nope', description: 'd' }, list), 422, 'causeDetails', { code: ["Value must be one of ['defencePurchase', 'naturalGas']."] });
  });
  test('a description is required', () => {
    throwsApi(() => checkAndEnrichCauseDetails({ code: 'defencePurchase' }, list), 422, 'causeDetails', { description: ['This field is required.'] });
  });
  test('scheme, titles and uri come from the list, whatever the client sent', () => {
    const out = checkAndEnrichCauseDetails({ code: 'defencePurchase', description: 'd', title: 'mine', scheme: 'LAW922' }, list);
    assert.deepEqual(out, {
      code: 'defencePurchase', description: 'd', title: 'Підпункт 21 пункту 13', title_en: 'Subparagraph 21 of paragraph 13', scheme: 'DECREE1178', uri: 'https://example/1178',
    });
  });
  test('without a code list only the format is checked', () => {
    assert.deepEqual(checkAndEnrichCauseDetails({ code: 'anything', description: 'd' }, undefined), { code: 'anything', description: 'd' });
    throwsApi(() => checkAndEnrichCauseDetails({ code: 'anything' }, undefined), 422, 'causeDetails', { description: ['This field is required.'] });
  });
  test('rationale types follow the scheme (DECREE1275 as DECREE1178; LAW922 otherwise)', () => {
    assert.equal(rationaleTypesForScheme('DECREE1178', LAW922_RATIONALE_TYPES), DECREE1178_RATIONALE_TYPES);
    assert.equal(rationaleTypesForScheme('DECREE1275', LAW922_RATIONALE_TYPES), DECREE1178_RATIONALE_TYPES);
    assert.equal(rationaleTypesForScheme(undefined, LAW922_RATIONALE_TYPES), LAW922_RATIONALE_TYPES);
    assert.ok('emergencyElectricitySupply' in DECREE1178_RATIONALE_TYPES);
  });
});

describe('reporting awards', () => {
  const award = (status: string): Award => ({ id: status, status, date: '2027-01-01T00:00:00+02:00', suppliers: [] }) as unknown as Award;
  test('one live award at a time: the last award decides', () => {
    assert.doesNotThrow(() => assertNoLiveAward(tender()));
    assert.doesNotThrow(() => assertNoLiveAward(tender({ awards: [award('active'), award('cancelled')] })));
    assert.doesNotThrow(() => assertNoLiveAward(tender({ awards: [award('unsuccessful')] })));
    throwsApi(() => assertNoLiveAward(tender({ awards: [award('pending')] })), 403, 'data', "Can't create new award while any (pending) award exists");
    throwsApi(() => assertNoLiveAward(tender({ awards: [award('unsuccessful'), award('active')] })), 403, 'data', "Can't create new award while any (active) award exists");
  });
  test("value currency and VAT default to the tender's", () => {
    const a = newReportingAward(tender({ value: { amount: 1, currency: 'USD', valueAddedTaxIncluded: false } }), { value: { amount: 5 }, suppliers: [{}] }, 'x', 'now');
    assert.deepEqual(a.value, { amount: 5, currency: 'USD', valueAddedTaxIncluded: false });
    assert.equal(a.status, 'pending');
    assert.equal(a.date, 'now');
  });
  test('decision table: no unsuccessful → cancelled, nothing out of cancelled; the tender graph is checked', () => {
    assert.deepEqual(reporting.transitions.award.list().sort(), ['active→cancelled', 'pending→active', 'pending→unsuccessful']);
    assert.deepEqual(reporting.transitions.award.check('pending'), []);
    assert.deepEqual(reporting.transitions.tenderOwner.list(), ['draft→active']);
    assert.deepEqual(reporting.transitions.tenderTime.list().sort(), ['active→cancelled', 'active→complete', 'active→unsuccessful']);
  });
  test('award documents: tender active, added only to a pending award', () => {
    assert.doesNotThrow(() => assertReportingAwardDocumentWritable(tender(), award('pending'), 'tender_owner', 'add'));
    throwsApi(() => assertReportingAwardDocumentWritable(tender({ status: 'complete' }), award('pending'), 'tender_owner', 'add'), 403, 'data', "Can't add document in current (complete) tender status");
    throwsApi(() => assertReportingAwardDocumentWritable(tender(), award('active'), 'tender_owner', 'add'), 403, 'data', "Can't add document in current (active) award status");
    assert.doesNotThrow(() => assertReportingAwardDocumentWritable(tender(), award('active'), 'tender_owner', 'update'));
  });
});

describe('contract document confidentiality', () => {
  const doc = (overrides: Record<string, unknown>): DocumentRecord => ({ id: 'd', documentOf: 'contract', confidentiality: 'public', ...overrides }) as unknown as DocumentRecord;
  const confidential = tender({ causeDetails: { code: 'defencePurchase' }, dateCreated: '2027-01-01T00:00:00+02:00' });
  test('signed contract and annexes of a confidential cause must be buyerOnly', () => {
    throwsApi(() => assertContractDocumentConfidentiality(confidential, doc({ documentType: 'contractAnnexe' })), 422, 'confidentiality', 'Document should be confidential');
    throwsApi(() => assertContractDocumentConfidentiality(confidential, doc({ documentType: 'contractSigned', documentOf: 'change' })), 422, 'confidentiality', 'Document should be confidential');
    assert.doesNotThrow(() => assertContractDocumentConfidentiality(confidential, doc({ documentType: 'contractAnnexe', confidentiality: 'buyerOnly' })));
  });
  test('everything else must be public', () => {
    assert.doesNotThrow(() => assertContractDocumentConfidentiality(confidential, doc({ documentType: 'contractSchedule' })));
    throwsApi(() => assertContractDocumentConfidentiality(confidential, doc({ documentType: 'contractSchedule', confidentiality: 'buyerOnly' })), 422, 'confidentiality', 'Document should be public');
    throwsApi(() => assertContractDocumentConfidentiality(tender(), doc({ documentType: 'contractSigned', confidentiality: 'buyerOnly' })), 422, 'confidentiality', 'Document should be public');
    assert.doesNotThrow(() => assertContractDocumentConfidentiality(tender({ cause: 'UZ' }), doc({ documentType: 'contractSigned', confidentiality: 'buyerOnly' })));
  });
  test('a contract stored without its tender: no cause, so buyerOnly is refused and public accepted', () => {
    assert.doesNotThrow(() => assertContractDocumentConfidentiality(undefined, doc({ documentType: 'contractSigned' })));
    throwsApi(() => assertContractDocumentConfidentiality(undefined, doc({ documentType: 'contractSigned', confidentiality: 'buyerOnly' })), 422, 'confidentiality', 'Document should be public');
  });
  test('tenders created before the rule are not checked', () => {
    const old = tender({ dateCreated: '2023-01-01T00:00:00+02:00' });
    assert.doesNotThrow(() => assertContractDocumentConfidentiality(old, doc({ documentType: 'contractSchedule', confidentiality: 'buyerOnly' })));
  });
});
