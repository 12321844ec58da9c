// Builders of open tenders (aboveThreshold, aboveThresholdUA) for HTTP-level tests: create data,
// publication with the required criteria, bids answering them with a proposal signature.
import type { FastifyInstance } from 'fastify';
import { api, expectStatus, type Json } from '../../helpers/api.ts';
import { requiredOpenCriteria, responsesTo } from '../../helpers/criteria.ts';
import { tenderData, tenderItem } from '../../helpers/recorded-tender.ts';
import { SIGNED_URLS } from '../../helpers/reference-ds.ts';
import { addContractProforma, addNoticeSignature, getTender, ownerUrl, type CreatedTender } from '../below-threshold/builders.ts';
import { proposalSignature, tenderer } from '../below-threshold/tendering.ts';

export type OpenType = 'aboveThreshold' | 'aboveThresholdUA' | 'aboveThresholdEU';

/** Tendering of the default open tender ends 16 days after the recordings' START. */
export const TENDERING_END = '2027-01-17T00:00:00+02:00';

/** The tender config each open procedure's schema takes (open-procedures.md §0.3). */
export function openConfig(type: OpenType, overrides: Json = {}): Json {
  if (type === 'aboveThresholdEU') {
    return openConfig('aboveThresholdUA', {
      hasPrequalification: true,
      hasQualificationComplaints: true,
      qualificationComplainDuration: 5,
      qualificationDuration: 20,
      minTenderingDuration: 30,
      ...overrides,
    });
  }
  const ua = type === 'aboveThresholdUA';
  return {
    hasAuction: true,
    hasAwardingOrder: true,
    hasValueRestriction: true,
    valueCurrencyEquality: true,
    hasPrequalification: false,
    minBidsNumber: ua ? 2 : 1,
    hasPreSelectionAgreement: false,
    hasTenderComplaints: true,
    hasAwardComplaints: true,
    hasCancellationComplaints: true,
    hasValueEstimation: true,
    hasQualificationComplaints: false,
    tenderComplainRegulation: ua ? 4 : 3,
    qualificationComplainDuration: 0,
    awardComplainDuration: ua ? 10 : 5,
    cancellationComplainDuration: 10,
    clarificationUntilDuration: 3,
    qualificationDuration: 0,
    minTenderingDuration: 15,
    hasEnquiries: false,
    minEnquiriesDuration: 0,
    enquiryPeriodRegulation: ua ? 10 : 3,
    restricted: false,
    ...overrides,
  };
}

const DELIVERY = {
  deliveryDate: { startDate: '2027-02-01T00:00:00+02:00', endDate: '2027-03-01T00:00:00+02:00' },
  deliveryAddress: { countryName: 'Україна', postalCode: '79000', region: 'м. Київ', locality: 'м. Київ', streetAddress: 'вул. Банкова 1' },
};

/** One delivered item per lot (ids `f…f`, `e…e`, …), 5 units each. */
export function openItems(lots: number): Json[] {
  return Array.from({ length: Math.max(lots, 1) }, (_, i) => tenderItem({ id: String.fromCharCode(102 - i).repeat(32), ...DELIVERY }));
}

/** EU tenders run 30 days of tendering: they end a month after START. */
export const EU_TENDERING_END = '2027-02-01T00:00:00+02:00';

/** The procuring entity with the English names aboveThresholdEU requires. */
function euProcuringEntity(): Json {
  const pe = tenderData().procuringEntity as Json;
  return {
    ...pe,
    name_en: 'State Administration',
    identifier: { ...(pe.identifier as Json), legalName: 'Державне управління справами', legalName_en: 'State Administration' },
    contactPoint: { ...(pe.contactPoint as Json), name_en: 'State Administration', availableLanguage: 'uk' },
  };
}

export function openTenderData(type: OpenType, lots = 1, overrides: Json = {}): Json {
  const eu = type === 'aboveThresholdEU';
  return tenderData({
    procurementMethodType: type,
    mainProcurementCategory: 'services',
    value: { amount: 1000 * Math.max(lots, 1), currency: 'UAH', valueAddedTaxIncluded: false },
    items: openItems(lots),
    enquiryPeriod: undefined,
    tenderPeriod: { endDate: eu ? EU_TENDERING_END : TENDERING_END },
    ...(eu ? { procuringEntity: euProcuringEntity() } : {}),
    ...overrides,
  });
}

export interface OpenTender extends CreatedTender {
  type: OpenType;
  lotIds: string[];
  /** Item id per lot, in lot order. */
  itemIds: string[];
  criteria: Json[];
}

export async function createOpenDraft(app: FastifyInstance, type: OpenType, lots = 1, overrides: Json = {}, config: Json = {}): Promise<OpenTender> {
  const res = await api(app, 'POST', '/api/2.5/tenders', { body: { data: openTenderData(type, lots, overrides), config: openConfig(type, config) } });
  expectStatus(res, 201);
  const data = res.json.data as Json;
  const access = res.json.access as { token: string; transfer: string };
  const tender: OpenTender = { id: String(data.id), token: access.token, transfer: access.transfer, data, config: res.json.config as Json, location: res.headers.location as string | undefined, type, lotIds: [], itemIds: (data.items as Json[]).map((i) => String(i.id)), criteria: [] };
  for (let i = 0; i < lots; i++) {
    const lot = await api(app, 'POST', ownerUrl(tender, '/lots'), {
      body: { data: { title: `Лот ${i + 1}`, value: { amount: 1000, currency: 'UAH' }, minimalStep: { amount: 10, currency: 'UAH' } } },
    });
    expectStatus(lot, 201);
    tender.lotIds.push(String((lot.json.data as Json).id));
  }
  if (lots > 0) {
    const items = (data.items as Json[]).map((item, i) => ({ ...item, relatedLot: tender.lotIds[i] }));
    expectStatus(await api(app, 'PATCH', ownerUrl(tender), { body: { data: { items } } }), 200);
  }
  return tender;
}

/** Posts the procedure's required criteria (and `extra` ones) to a draft. */
export async function addRequiredCriteria(app: FastifyInstance, tender: OpenTender, extra: Json[] = []): Promise<Json[]> {
  const res = await api(app, 'POST', ownerUrl(tender, '/criteria'), { body: { data: [...requiredOpenCriteria(tender.type), ...extra] } });
  expectStatus(res, 201);
  tender.criteria = res.json.data as unknown as Json[];
  return tender.criteria;
}

/** A draft with lots, criteria, contract proforma and notice signature, published (active.tendering). */
export async function publishedOpenTender(app: FastifyInstance, type: OpenType, lots = 1, overrides: Json = {}, config: Json = {}): Promise<OpenTender> {
  const tender = await createOpenDraft(app, type, lots, overrides, config);
  await addRequiredCriteria(app, tender);
  await addContractProforma(app, tender);
  await addNoticeSignature(app, tender);
  const res = await api(app, 'PATCH', ownerUrl(tender), { body: { data: { status: 'active.tendering' } } });
  expectStatus(res, 200);
  tender.data = res.json.data as Json;
  return tender;
}

export interface OpenBid {
  id: string;
  token: string;
  data: Json;
}

export const openBidUrl = (tender: { id: string }, bid: { id: string; token: string }, suffix = ''): string =>
  `/api/2.5/tenders/${tender.id}/bids/${bid.id}${suffix}?acc_token=${bid.token}`;

/** The bid's proposal priced per lot: `amounts[i]` for lot i (5 units of the lot's item). */
export function openBidData(tender: OpenTender, amounts: Record<string, number>, overrides: Json = {}): Json {
  const lots = Object.keys(amounts);
  return {
    tenderers: [tenderer()],
    selfQualified: true,
    lotValues: lots.map((lot) => ({ relatedLot: lot, value: { amount: amounts[lot] } })),
    items: lots.map((lot) => {
      const itemId = tender.itemIds[tender.lotIds.indexOf(lot)] ?? tender.itemIds[0];
      return { id: itemId, description: 'послуга', quantity: 5, relatedLot: lot, unit: { name: 'кг', code: 'KGM', value: { amount: amounts[lot]! / 5, currency: 'UAH', valueAddedTaxIncluded: false } } };
    }),
    requirementResponses: responsesTo(tender.criteria),
    ...overrides,
  };
}

/** A submitted bid: draft with responses, a proposal signature, then `pending`. */
export async function submitOpenBid(app: FastifyInstance, tender: OpenTender, amounts: Record<string, number>, auth = 'brokerh'): Promise<OpenBid> {
  const res = await api(app, 'POST', `/api/2.5/tenders/${tender.id}/bids`, { auth, body: { data: openBidData(tender, amounts) } });
  expectStatus(res, 201);
  const bid: OpenBid = { id: String((res.json.data as Json).id), token: (res.json.access as Json).token as string, data: res.json.data as Json };
  expectStatus(await api(app, 'POST', openBidUrl(tender, bid, '/documents'), { auth, body: { data: proposalSignature() } }), 201);
  const submitted = await api(app, 'PATCH', openBidUrl(tender, bid), { auth, body: { data: { status: 'pending' } } });
  expectStatus(submitted, 200);
  bid.data = submitted.json.data as Json;
  return bid;
}

export const openTender = (app: FastifyInstance, tender: { id: string }): Promise<Json> => getTender(app, tender.id);

/** A signed award decision document (`notice` .p7s). */
export const awardNotice = (): Json => ({ title: 'sign.p7s', documentType: 'notice', format: 'application/pkcs7-signature', ...SIGNED_URLS.notice });
