// The recorded tender-create body (tender-post-attempt-json-data.http) and the instant the
// recordings start at: the base data of HTTP-level tests and of scripts that drive a real server.
import type { Json } from './api.ts';

/** The instant the recordings start at (frozen sandbox clock). */
export const START = '2027-01-01T00:00:00+02:00';

/** The recorded tender config (tender-post-attempt-json-data.http). */
export function tenderConfig(overrides: Json = {}): Json {
  return withOverrides(
    {
      hasAuction: true,
      hasAwardingOrder: true,
      hasValueRestriction: true,
      valueCurrencyEquality: true,
      hasPrequalification: false,
      minBidsNumber: 1,
      hasPreSelectionAgreement: false,
      hasTenderComplaints: false,
      hasAwardComplaints: false,
      hasCancellationComplaints: false,
      hasValueEstimation: true,
      hasQualificationComplaints: false,
      tenderComplainRegulation: 0,
      qualificationComplainDuration: 0,
      awardComplainDuration: 2,
      cancellationComplainDuration: 0,
      clarificationUntilDuration: 1,
      qualificationDuration: 0,
      minTenderingDuration: 2,
      hasEnquiries: true,
      minEnquiriesDuration: 3,
      enquiryPeriodRegulation: 0,
      restricted: false,
    },
    overrides,
  );
}

/** A tender item in CPV class 4461 (recorded). */
export function tenderItem(overrides: Json = {}): Json {
  return withOverrides(
    {
      id: 'ffffffffffffffffffffffffffffffff',
      description: 'футляри до державних нагород',
      description_en: 'Cases with state awards',
      classification: { scheme: 'ДК021', id: '44617100-9', description: 'Cartons' },
      additionalClassifications: [{ scheme: 'ДКПП', id: '17.21.1', description: 'папір і картон гофровані, паперова й картонна тара' }],
      unit: { name: 'кілограм', code: 'KGM' },
      quantity: 5,
    },
    overrides,
  );
}

/** Recorded milestones: delivery 100 %, financing 45.55 % + 54.45 %. */
export function tenderMilestones(): Json[] {
  return [
    { id: 'cccccccccccccccccccccccccccccccc', title: 'signingTheContract', type: 'delivery', duration: { days: 2, type: 'calendar' }, sequenceNumber: 1, code: 'standard', percentage: 100 },
    { id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', title: 'signingTheContract', code: 'prepayment', type: 'financing', duration: { days: 2, type: 'banking' }, sequenceNumber: 2, percentage: 45.55 },
    { id: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', title: 'deliveryOfGoods', code: 'postpayment', type: 'financing', duration: { days: 900, type: 'calendar' }, sequenceNumber: 3, percentage: 54.45 },
  ];
}

/**
 * The recorded tender-create `data` (tender-post-attempt-json-data.http), created at START.
 * Overrides replace top-level keys; an `undefined` override removes the key.
 */
export function tenderData(overrides: Json = {}): Json {
  return withOverrides(
    {
      title: 'футляри до державних нагород',
      mainProcurementCategory: 'goods',
      procuringEntity: {
        name: 'Державне управління справами',
        identifier: { scheme: 'UA-EDR', id: '00037256', uri: 'http://www.dus.gov.ua/' },
        address: { countryName: 'Україна', postalCode: '01220', region: 'м. Київ', locality: 'м. Київ', streetAddress: 'вул. Банкова, 11, корпус 1' },
        contactPoint: { name: 'Державне управління справами', telephone: '+0440000000' },
        kind: 'general',
      },
      value: { amount: 500, currency: 'UAH' },
      items: [tenderItem()],
      enquiryPeriod: { endDate: '2027-01-08T00:00:00+02:00' },
      tenderPeriod: { endDate: '2027-01-15T00:00:00+02:00' },
      procurementMethodType: 'belowThreshold',
      milestones: tenderMilestones(),
    },
    overrides,
  );
}

/** The whole create body `{data, config}`. */
export function tenderBody(overrides: Json = {}, configOverrides: Json = {}): { data: Json; config: Json } {
  return { data: tenderData(overrides), config: tenderConfig(configOverrides) };
}

/** `base` with `overrides` applied at the top level; an `undefined` override removes the key. */
export function withOverrides(base: Json, overrides: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}
