// `GET /tenders/{id}?opt_schema=ocds` (platform.md §5): the tender as an OCDS 1.1 release package,
// as the reference gives it — one release per lot (one for a tender without lots), tag `tender`, no
// history — built from the tender's public view (what is sealed there is absent here too).
// Pure: the public view in, the package out.

export type Json = Record<string, unknown>;

const TENDER_STATUSES = new Set(['planning', 'planned', 'active', 'cancelled', 'unsuccessful', 'complete', 'withdrawn']);
const AWARD_CRITERIA = new Set(['priceOnly', 'costOnly', 'qualityOnly', 'ratedCriteria', 'lowestCost', 'bestProposal', 'bestValueToGovernment', 'singleBidOnly']);
export const EXTENSIONS = [
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/master/extension.json',
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_project_extension/master/extension.json',
];

export interface OcdsContext {
  /** The registered ocid prefix (`ocds-xxxxxx`). */
  readonly ocidPrefix: string;
  /** The tender's absolute API URL. */
  readonly tenderUrl: string;
  /** Scheme, host and API prefix, to make API-relative document URLs absolute. */
  readonly apiBase: string;
}

export const list = (v: unknown): Json[] => (Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Json[]) : []);
export const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const identifierOf = (org: Json): string => `${String(obj(org.identifier).scheme)} ${String(obj(org.identifier).id)}`;

export function value(v: unknown): Json | undefined {
  const m = obj(v);
  if (m.currency === undefined) return undefined;
  return { currency: m.currency, ...(m.amount ? { amount: m.amount } : {}) };
}

/** The latest version of each public document (of the lot, or its items, when `lotId`). */
export function documents(docs: unknown, ctx: OcdsContext, tender: Json, lotId?: string): Json[] {
  const latest = new Map<string, Json>();
  const lotItems = new Set(list(tender.items).filter((i) => i.relatedLot === lotId).map((i) => i.id));
  for (const d of list(docs)) {
    if (d.confidentiality === 'buyerOnly' || typeof d.url !== 'string') continue;
    if (lotId !== undefined && d.documentOf === 'lot' && d.relatedItem !== lotId) continue;
    if (lotId !== undefined && d.documentOf === 'item' && !lotItems.has(d.relatedItem)) continue;
    const id = String(d.id);
    const known = latest.get(id);
    if (known && String(known.dateModified) >= String(d.dateModified)) continue;
    latest.set(id, {
      id: d.id,
      title: d.title,
      title_en: d.title_en,
      url: d.url.startsWith('/') ? `${ctx.apiBase}${d.url}` : d.url,
      datePublished: d.datePublished,
      dateModified: d.dateModified,
      format: d.format,
      language: d.language,
    });
  }
  return [...latest.values()];
}

export function items(v: unknown, lotId?: string): Json[] {
  return list(v)
    .filter((i) => lotId === undefined || i.relatedLot === lotId)
    .map((i, n) => ({
      id: i.id ?? String(n),
      description: i.description,
      classification: i.classification,
      additionalClassifications: i.additionalClassifications,
      unit: obj(i.unit).name === undefined ? undefined : { name: obj(i.unit).name },
      quantity: i.quantity,
    }));
}

function milestones(v: unknown, lotId?: string): Json[] {
  return list(v)
    .filter((m) => m.relatedLot === undefined || m.relatedLot === lotId)
    .map((m) => ({ id: m.id, title: m.title, description: m.description, type: m.type, code: m.code, dueDate: m.dueDate, dateMet: m.dateMet, dateModified: m.dateModified, status: m.status }));
}

/** A lot's view of the bids: those with a proposal for it, at its value and date. */
function bidsOf(tender: Json, lotId?: string): Json[] {
  const bids = list(tender.bids);
  if (lotId === undefined) return bids;
  return bids.flatMap((b) => {
    const lv = list(b.lotValues).find((x) => x.relatedLot === lotId);
    return lv ? [{ ...b, date: lv.date ?? b.date, ...(lv.value ? { value: lv.value } : {}) }] : [];
  });
}

/** OCDS bid statuses (bid extension) from ours. */
function bidStatus(status: unknown): string {
  const s = String(status ?? '');
  if (s.includes('invalid')) return 'disqualified';
  if (s === 'active') return 'valid';
  if (s === 'deleted') return 'withdrawn';
  return 'pending';
}

function bidDetails(b: Json, ctx: OcdsContext, tender: Json, lotId?: string): Json {
  const tenderers = list(b.tenderers);
  return {
    id: b.id,
    date: b.date,
    status: bidStatus(b.status),
    identifiers: tenderers.map((t) => ({ id: obj(t.identifier).id, scheme: obj(t.identifier).scheme })),
    value: value(b.value),
    tenderers: tenderers.map((t) => ({ id: b.id, name: t.name })),
    documents: ['documents', 'financialDocuments', 'eligibilityDocuments', 'qualificationDocuments'].flatMap((k) => documents(b[k], ctx, tender, lotId)),
  };
}

/** The release of a tender (of one lot when `lot`): ocid and id from the tender's internal id, tag `tender`. */
export function release(tender: Json, ctx: OcdsContext, lot?: Json): Json {
  const lotId = lot === undefined ? undefined : String(lot.id);
  const releaseId = lotId === undefined ? String(tender.id) : `${String(tender.id)}-${lotId}`;
  const pe = obj(tender.procuringEntity);
  const buyer = { id: identifierOf(pe), name: pe.name };
  const bids = bidsOf(tender, lotId);
  const awards = list(tender.awards)
    .filter((a) => lotId === undefined || a.lotID === lotId)
    .map((a) => {
      const supplier = list(a.suppliers)[0];
      const bid = list(tender.bids).find((b) => b.id === a.bid_id);
      return {
        id: a.id,
        title: a.title,
        description: a.description,
        status: a.status,
        date: a.date,
        value: value(a.value),
        suppliers: [supplier ? { id: identifierOf(supplier), name: supplier.name } : { id: a.bid_id, name: list(bid?.tenderers)[0]?.name }],
        items: items(tender.items, lotId),
        documents: documents(a.documents, ctx, tender),
      };
    });
  const awardIds = new Set(awards.map((a) => a.id));
  const status = String(lot?.status ?? tender.status);
  const out: Json = {
    ocid: `${ctx.ocidPrefix}-${releaseId}`,
    id: releaseId,
    date: tender.dateCreated,
    tag: ['tender'],
    initiationType: 'tender',
    parties: [
      { id: identifierOf(pe), name: pe.name, identifier: pe.identifier, address: pe.address, contactPoint: pe.contactPoint },
      ...bids.filter((b) => list(b.tenderers).length > 0).map((b) => {
        const t = list(b.tenderers)[0]!;
        return { id: b.id, name: t.name, identifier: t.identifier, address: t.address, contactPoint: t.contactPoint };
      }),
    ],
    buyer,
    tender: {
      id: tender.id,
      title: lot?.title ?? tender.title,
      title_en: lot?.title_en ?? tender.title_en,
      description: lot?.description ?? tender.description,
      description_en: lot?.description_en ?? tender.description_en,
      status: TENDER_STATUSES.has(status) ? status : 'active',
      procuringEntity: buyer,
      items: items(tender.items, lotId),
      value: value(lot?.value ?? tender.value),
      procurementMethod: tender.procurementMethod,
      procurementMethodRationale: tender.procurementMethodRationale,
      mainProcurementCategory: tender.mainProcurementCategory,
      awardCriteria: AWARD_CRITERIA.has(String(tender.awardCriteria)) ? tender.awardCriteria : 'ratedCriteria',
      awardCriteriaDetails: tender.awardCriteriaDetails,
      submissionMethod: tender.submissionMethod === undefined ? undefined : [tender.submissionMethod],
      tenderPeriod: tender.tenderPeriod,
      enquiryPeriod: tender.enquiryPeriod ? { startDate: obj(tender.enquiryPeriod).startDate, endDate: obj(tender.enquiryPeriod).endDate } : tender.tenderPeriod,
      hasEnquiries: list(tender.complaints).some((c) => c.type === 'claim' && (lotId === undefined || c.relatedLot === undefined || c.relatedLot === lotId)),
      eligibilityCriteria: tender.eligibilityCriteria,
      awardPeriod: tender.awardPeriod,
      contractPeriod: tender.contractPeriod,
      numberOfTenderers: list(tender.bids).length,
      tenderers: bids.filter((b) => list(b.tenderers).length > 0).map((b) => ({ id: b.id, name: list(b.tenderers)[0]!.name })),
      documents: documents(tender.documents, ctx, tender, lotId),
      milestones: milestones(tender.milestones, lotId),
      amendments: [],
    },
    awards,
    contracts: list(tender.contracts)
      .filter((c) => awardIds.has(c.awardID))
      .map((c) => ({ id: c.id, awardID: c.awardID, status: c.status, value: value(c.value), items: c.items ? items(c.items) : undefined, dateSigned: c.dateSigned, documents: documents(c.documents, ctx, tender) })),
  };
  if (bids.length > 0) {
    const dates = bids.map((b) => b.date).filter((d): d is string => typeof d === 'string').sort();
    out.bids = {
      statistics: [
        {
          id: '1',
          measure: 'validBids',
          value: bids.length,
          date: dates.at(-1),
          notes: 'This statistic covers the total number of unique bids received that were considered valid against relevant criteria.',
        },
      ],
      details: bids.map((b) => bidDetails(b, ctx, tender, lotId)),
    };
  }
  return out;
}

/** Drops nulls, undefined, empty strings, and objects and lists left empty (the reference's `remove_nones`). */
export function pruned(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => (x && typeof x === 'object' ? pruned(x) : x));
  if (!v || typeof v !== 'object') return v;
  const out: Json = {};
  for (const [k, x] of Object.entries(v as Json)) {
    if (x === null || x === undefined || x === '') continue;
    const p = x && typeof x === 'object' ? pruned(x) : x;
    if (Array.isArray(p) ? p.length === 0 : p && typeof p === 'object' && Object.keys(p).length === 0) continue;
    out[k] = p;
  }
  return out;
}

/** The release package of a tender's public view. */
export function ocdsReleasePackage(tender: Json, ctx: OcdsContext): Json {
  const lots = list(tender.lots);
  const releases = lots.length > 0 ? lots.map((lot) => release(tender, ctx, lot)) : [release(tender, ctx)];
  return pruned({
    uri: `${ctx.tenderUrl}?opt_schema=OCDS-1.1`,
    version: '1.1',
    extensions: EXTENSIONS,
    publisher: { name: obj(tender.procuringEntity).name },
    publishedDate: tender.dateModified,
    releases,
  }) as Json;
}
