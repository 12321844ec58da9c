// Request body examples for the OpenAPI document (extensions.md §7): the planning tutorial's plan
// and the tender tutorial's belowThreshold tender, as our own tests and benchmarks send them
// (test/helpers/plan-body.ts, bench/fixtures.ts). Copied here, not imported, so src never loads
// test code; the dates are the tutorials' (a real client sends its own).

type Json = Record<string, unknown>;

const ADDRESS = { countryName: 'Україна', postalCode: '01220', region: 'м. Київ', locality: 'м. Київ', streetAddress: 'вул. Банкова, 11, корпус 1' };

/** `POST /api/2.5/tenders`: a belowThreshold tender without lots, with its config. */
export const TENDER_CREATE_EXAMPLE: Json = {
  data: {
    title: 'футляри до державних нагород',
    description: 'Закупівля футлярів до державних нагород для потреб Державного управління справами',
    mainProcurementCategory: 'goods',
    procurementMethodType: 'belowThreshold',
    procuringEntity: {
      name: 'Державне управління справами',
      identifier: { scheme: 'UA-EDR', id: '00037256', uri: 'http://www.dus.gov.ua/', legalName: 'Державне управління справами' },
      address: ADDRESS,
      contactPoint: { name: 'Державне управління справами', telephone: '+0440000000', email: 'info@dus.gov.ua' },
      kind: 'general',
    },
    value: { amount: 5000, currency: 'UAH' },
    minimalStep: { amount: 50, currency: 'UAH' },
    items: [
      {
        description: 'футляри до державних нагород',
        classification: { scheme: 'ДК021', id: '44617100-9', description: 'Картонні коробки' },
        additionalClassifications: [{ scheme: 'ДКПП', id: '17.21.1', description: 'папір і картон гофровані, паперова й картонна тара' }],
        unit: { name: 'кілограм', code: 'KGM' },
        quantity: 5,
        deliveryAddress: ADDRESS,
        deliveryDate: { startDate: '2027-02-01T00:00:00+02:00', endDate: '2027-03-01T00:00:00+02:00' },
      },
    ],
    enquiryPeriod: { endDate: '2027-01-08T00:00:00+02:00' },
    tenderPeriod: { endDate: '2027-01-15T00:00:00+02:00' },
    milestones: [
      { title: 'signingTheContract', type: 'financing', code: 'prepayment', duration: { days: 2, type: 'banking' }, sequenceNumber: 1, percentage: 45.55 },
      { title: 'deliveryOfGoods', type: 'financing', code: 'postpayment', duration: { days: 900, type: 'calendar' }, sequenceNumber: 2, percentage: 54.45 },
    ],
  },
  config: {
    hasAuction: true, hasAwardingOrder: true, hasValueRestriction: true, valueCurrencyEquality: true, hasPrequalification: false,
    minBidsNumber: 1, hasPreSelectionAgreement: false, hasTenderComplaints: false, hasAwardComplaints: false, hasCancellationComplaints: false,
    hasValueEstimation: true, hasQualificationComplaints: false, tenderComplainRegulation: 0, qualificationComplainDuration: 0,
    awardComplainDuration: 2, cancellationComplainDuration: 0, clarificationUntilDuration: 1, qualificationDuration: 0,
    minTenderingDuration: 2, hasEnquiries: true, minEnquiriesDuration: 3, enquiryPeriodRegulation: 0, restricted: false,
  },
};

const ORGANIZATION = {
  identifier: { scheme: 'UA-EDR', id: '111983', legalName: 'ДП Державне Управління Справами' },
  name: 'ДУС',
  address: ADDRESS,
  kind: 'general',
};

/** `POST /api/2.5/plans`: the planning tutorial's plan of a belowThreshold tender. */
export const PLAN_CREATE_EXAMPLE: Json = {
  data: {
    tender: { procurementMethod: 'open', procurementMethodType: 'belowThreshold', tenderPeriod: { startDate: '2027-01-08T00:00:00+02:00' } },
    items: [
      {
        description: 'Насіння гірчиці',
        classification: { scheme: 'ДК021', description: 'Mustard seeds', id: '03111600-8' },
        unit: { code: 'KGM', name: 'кг' },
        quantity: 1000,
        deliveryDate: { endDate: '2027-01-16T00:00:00+02:00' },
      },
    ],
    classification: { scheme: 'ДК021', description: 'Seeds', id: '03111000-2' },
    additionalClassifications: [{ scheme: 'КЕКВ', id: '2000', description: 'Поточні видатки' }],
    procuringEntity: ORGANIZATION,
    buyers: [ORGANIZATION],
    budget: {
      id: '12303111000-2',
      description: 'budget_description',
      amount: 10000,
      currency: 'UAH',
      period: { startDate: '2027-01-01T00:00:00', endDate: '2027-12-31T00:00:00' },
      breakdown: [{ title: 'other', description: 'Breakdown other description.', value: { amount: 1500, currency: 'UAH' } }],
    },
  },
};

/** Examples by `METHOD url-pattern` (the route table's form). */
export const REQUEST_EXAMPLES: ReadonlyMap<string, Json> = new Map([
  ['POST /api/2.5/tenders', TENDER_CREATE_EXAMPLE],
  ['POST /api/2.5/plans', PLAN_CREATE_EXAMPLE],
]);
