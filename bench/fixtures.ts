// Realistic belowThreshold tenders for benchmarks: the tutorial's tender grown with lots and items
// until its JSON reaches a target size.

export const CLOCK = '2027-01-01T00:00:00+02:00';
export const BROKER_AUTH = `Basic ${Buffer.from('broker:').toString('base64')}`;
export const ADMIN_AUTH = `Basic ${Buffer.from('administrator:').toString('base64')}`;

const hex = (n: number, c: string) => (c.repeat(32) + n.toString(16)).slice(-32);

function item(n: number, lotId: string | undefined): Record<string, unknown> {
  return {
    id: hex(n, 'f'),
    description: `футляри до державних нагород, позиція ${n}: картонні коробки з ложементом та тисненням`,
    description_en: `Cases for state awards, position ${n}: cardboard boxes with a bed and embossing`,
    classification: { scheme: 'ДК021', id: '44617100-9', description: 'Картонні коробки' },
    additionalClassifications: [{ scheme: 'ДКПП', id: '17.21.1', description: 'папір і картон гофровані, паперова й картонна тара' }],
    unit: { name: 'кілограм', code: 'KGM' },
    quantity: 5 + n,
    deliveryAddress: { countryName: 'Україна', postalCode: '01220', region: 'м. Київ', locality: 'м. Київ', streetAddress: 'вул. Банкова, 11, корпус 1' },
    deliveryDate: { startDate: '2027-02-01T00:00:00+02:00', endDate: '2027-03-01T00:00:00+02:00' },
    ...(lotId ? { relatedLot: lotId } : {}),
  };
}

/** A create body `{data, config}` with `lots` lots of `itemsPerLot` items (no lots: `itemsPerLot` items). */
export function tenderBody(lots: number, itemsPerLot: number): Record<string, unknown> {
  const lotList = Array.from({ length: lots }, (_, i) => ({
    id: hex(i, 'a'),
    title: `Лот ${i + 1}: футляри`,
    description: 'Футляри до державних нагород, виготовлені з картону високої щільності',
    value: { amount: 5000, currency: 'UAH', valueAddedTaxIncluded: true },
    minimalStep: { amount: 50, currency: 'UAH', valueAddedTaxIncluded: true },
  }));
  const items = lots === 0
    ? Array.from({ length: itemsPerLot }, (_, i) => item(i, undefined))
    : lotList.flatMap((l, li) => Array.from({ length: itemsPerLot }, (_, i) => item(li * itemsPerLot + i, l.id)));
  const data: Record<string, unknown> = {
    title: 'футляри до державних нагород',
    description: 'Закупівля футлярів до державних нагород для потреб Державного управління справами',
    mainProcurementCategory: 'goods',
    procuringEntity: {
      name: 'Державне управління справами',
      identifier: { scheme: 'UA-EDR', id: '00037256', uri: 'http://www.dus.gov.ua/', legalName: 'Державне управління справами' },
      address: { countryName: 'Україна', postalCode: '01220', region: 'м. Київ', locality: 'м. Київ', streetAddress: 'вул. Банкова, 11, корпус 1' },
      contactPoint: { name: 'Державне управління справами', telephone: '+0440000000', email: 'info@dus.gov.ua' },
      kind: 'general',
    },
    value: { amount: lots === 0 ? 5000 : 5000 * lots, currency: 'UAH' },
    items,
    enquiryPeriod: { endDate: '2027-01-08T00:00:00+02:00' },
    tenderPeriod: { endDate: '2027-01-15T00:00:00+02:00' },
    procurementMethodType: 'belowThreshold',
    milestones: [
      { title: 'signingTheContract', type: 'financing', code: 'prepayment', duration: { days: 2, type: 'banking' }, sequenceNumber: 1, percentage: 45.55 },
      { title: 'deliveryOfGoods', type: 'financing', code: 'postpayment', duration: { days: 900, type: 'calendar' }, sequenceNumber: 2, percentage: 54.45 },
    ],
  };
  if (lots === 0) data.minimalStep = { amount: 50, currency: 'UAH' };
  else data.lots = lotList;
  const config = {
    hasAuction: true, hasAwardingOrder: true, hasValueRestriction: true, valueCurrencyEquality: true, hasPrequalification: false,
    minBidsNumber: 1, hasPreSelectionAgreement: false, hasTenderComplaints: false, hasAwardComplaints: false, hasCancellationComplaints: false,
    hasValueEstimation: true, hasQualificationComplaints: false, tenderComplainRegulation: 0, qualificationComplainDuration: 0,
    awardComplainDuration: 2, cancellationComplainDuration: 0, clarificationUntilDuration: 1, qualificationDuration: 0,
    minTenderingDuration: 2, hasEnquiries: true, minEnquiriesDuration: 3, enquiryPeriodRegulation: 0, restricted: false,
  };
  return { data, config };
}
