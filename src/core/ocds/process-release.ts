// The releases of the release feed (issue 16 §1): one per stored write that changed public data,
// of the whole contracting process (all lots in `tender.lots`), ocid = prefix + tenderID, id stable
// (the document's id and the write's revision number). Built from public views only, so nothing
// sealed can reach them. Pure.

import type { ReleaseWrite } from '../storage/store.ts';
import { EXTENSIONS, documents, items, list, obj, pruned, release, value, type Json, type OcdsContext } from './ocds-snapshot.ts';
import type { ReleaseTag } from './release-tags.ts';

/** The lots extension, for `tender.lots` and `relatedLot(s)`. */
export const PROCESS_EXTENSIONS = [
  ...EXTENSIONS,
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/master/extension.json',
];

/** The ocid of a contracting process: the registered prefix and the tender's tenderID. */
export const ocidOf = (prefix: string, tenderID: string): string => `${prefix}-${tenderID}`;

/** What makes one release: where it belongs, which write it is, what it says. */
export interface ReleaseStamp {
  ocid: string;
  /** Unique and stable: the document id and the write's revision number. */
  id: string;
  date: string;
  tag: readonly ReleaseTag[];
}

type Role = 'buyer' | 'procuringEntity' | 'tenderer' | 'supplier' | 'reviewBody' | 'payer' | 'payee';

/** Parties by identifier, each with every role it plays in the process. */
class Parties {
  private readonly byId = new Map<string, Json>();

  /** Adds (or gives one more role to) an organization; returns its party id. */
  add(org: unknown, role: Role): string | undefined {
    const o = obj(org);
    const ident = obj(o.identifier);
    if (ident.id === undefined && o.name === undefined) return undefined;
    const id = `${String(ident.scheme ?? 'XX')}-${String(ident.id ?? o.name)}`;
    const known = this.byId.get(id);
    if (known) {
      const roles = known.roles as string[];
      if (!roles.includes(role)) roles.push(role);
    } else {
      this.byId.set(id, { id, name: o.name, identifier: o.identifier, address: o.address, contactPoint: o.contactPoint, roles: [role] });
    }
    return id;
  }

  list(): Json[] {
    return [...this.byId.values()];
  }
}

/** The members every release of a process starts with: where it belongs, which write, its parties and buyer. */
function releaseHead(stamp: ReleaseStamp, parties: Parties, buyerId: string | undefined, buyerOrg: unknown): Json {
  return {
    ocid: stamp.ocid,
    id: stamp.id,
    date: stamp.date,
    tag: [...stamp.tag],
    initiationType: 'tender',
    parties: parties.list(),
    buyer: buyerId === undefined ? undefined : { id: buyerId, name: obj(buyerOrg).name },
  };
}

/** Review bodies named by the complaints of a tender (the AMCU for open procedures). */
const REVIEW_BODY = { name: 'Антимонопольний комітет України', identifier: { scheme: 'UA-EDR', id: '00032767', legalName: 'Антимонопольний комітет України' } };

function hasReview(tender: Json): boolean {
  const complaints = [
    ...list(tender.complaints),
    ...list(tender.awards).flatMap((a) => list(a.complaints)),
    ...list(tender.qualifications).flatMap((q) => list(q.complaints)),
    ...list(tender.cancellations).flatMap((c) => list(c.complaints)),
  ];
  return complaints.some((c) => c.type === 'complaint');
}

/** The release of a tender write, from the tender's public view. */
export function tenderRelease(view: Json, ctx: OcdsContext, stamp: ReleaseStamp): Json {
  const base = release(view, ctx);
  const parties = new Parties();
  const pe = obj(view.procuringEntity);
  const buyerId = parties.add(pe, 'buyer');
  parties.add(pe, 'procuringEntity');
  for (const bid of list(view.bids)) for (const t of list(bid.tenderers)) parties.add(t, 'tenderer');
  for (const award of list(view.awards)) for (const s of list(award.suppliers)) parties.add(s, 'supplier');
  if (hasReview(view)) parties.add(REVIEW_BODY, 'reviewBody');
  const tender = obj(base.tender);
  const lots = list(view.lots).map((l) => ({ id: l.id, title: l.title, description: l.description, status: l.status, value: value(l.value) }));
  const lotOfItem = new Map(list(view.items).map((i) => [i.id, i.relatedLot]));
  const withLots = (xs: Json[]): Json[] => xs.map((x) => ({ ...x, relatedLot: lotOfItem.get(x.id) }));
  return pruned({
    ...base,
    ...releaseHead(stamp, parties, buyerId, pe),
    tender: {
      ...tender,
      procuringEntity: buyerId === undefined ? undefined : { id: buyerId, name: pe.name },
      items: withLots(list(tender.items)),
      lots,
      tenderers: list(view.bids).flatMap((b) => list(b.tenderers).map((t) => ({ id: parties.add(t, 'tenderer'), name: t.name }))),
    },
    awards: list(base.awards).map((a) => {
      const source = list(view.awards).find((x) => x.id === a.id) ?? {};
      return {
        ...a,
        suppliers: list(source.suppliers).map((s) => ({ id: parties.add(s, 'supplier'), name: s.name })),
        relatedLots: source.lotID === undefined ? undefined : [source.lotID],
      };
    }),
  }) as Json;
}

/** The tenderID a contract belongs to: its contractID is the tender's with `-a<n>` appended (contracting.md). */
export function tenderIdOfContract(contract: Json): string | undefined {
  const m = /^(.+)-a[0-9]+$/.exec(String(contract.contractID ?? ''));
  return m ? m[1] : undefined;
}

/** The release of a contracting write, from the contract's public view: it joins its tender's process. */
export function contractRelease(view: Json, ctx: OcdsContext, stamp: ReleaseStamp): Json {
  const parties = new Parties();
  const buyerOrg = view.buyer ?? view.procuringEntity;
  const buyerId = parties.add(buyerOrg, 'buyer');
  const suppliers = list(view.suppliers).map((s) => ({ id: parties.add(s, 'supplier'), name: s.name }));
  const transactions = list(obj(view.implementation).transactions ?? view.transactions).map((t) => ({
    id: t.id,
    date: t.date,
    value: value(t.value),
    payer: obj(t.payer).name === undefined ? undefined : { id: parties.add(t.payer, 'payer'), name: obj(t.payer).name },
    payee: obj(t.payee).name === undefined ? undefined : { id: parties.add(t.payee, 'payee'), name: obj(t.payee).name },
  }));
  return pruned({
    ...releaseHead(stamp, parties, buyerId, buyerOrg),
    contracts: [
      {
        id: view.id,
        awardID: view.awardID,
        title: view.title,
        description: view.description,
        status: view.status,
        period: view.period,
        value: value(view.value),
        items: items(view.items),
        dateSigned: view.dateSigned,
        documents: documents(view.documents, ctx, view),
        amendments: list(view.changes).map((c) => ({ id: c.id, date: c.dateSigned ?? c.date, rationale: c.rationale, description: list(c.rationaleTypes).join(', ') || undefined })),
        implementation: transactions.length > 0 ? { transactions } : undefined,
        suppliers,
      },
    ],
  }) as Json;
}

/** OCDS milestone statuses (closed codelist); an invalidated approval has none. */
const MILESTONE_STATUSES = new Set(['scheduled', 'met', 'notMet', 'partiallyMet']);
const PLAN_TENDER_STATUS: Readonly<Record<string, string>> = { scheduled: 'planned', complete: 'planned', cancelled: 'cancelled' };
const PROCUREMENT_METHODS = new Set(['open', 'selective', 'limited', 'direct']);

/**
 * The release of a plan write, from the plan's public view. A plan not yet linked to a tender is
 * its own process (a `tender` block in `planned`); once linked it joins its tender's process
 * (`ocid` of the tender) and speaks of the planning only, leaving the tender block to the tender.
 */
export function planRelease(view: Json, ctx: OcdsContext, stamp: ReleaseStamp, joinsTender: boolean): Json {
  const parties = new Parties();
  const buyerOrg = list(view.buyers)[0] ?? view.procuringEntity;
  const buyerId = parties.add(buyerOrg, 'buyer');
  const peId = parties.add(view.procuringEntity, 'procuringEntity');
  const budget = obj(view.budget);
  const project = obj(budget.project);
  const plannedTender = obj(view.tender);
  return pruned({
    ...releaseHead(stamp, parties, buyerId, buyerOrg),
    planning: {
      rationale: obj(view.rationale).description,
      budget: {
        id: budget.id,
        description: budget.description,
        amount: value({ amount: budget.amount, currency: budget.currency }),
        project: project.name,
        projectID: project.id,
      },
      documents: documents(view.documents, ctx, view),
      milestones: list(view.milestones).map((m) => ({
        id: m.id, title: m.title, description: m.description, type: m.type, dueDate: m.dueDate, dateMet: m.dateMet, dateModified: m.dateModified,
        status: MILESTONE_STATUSES.has(String(m.status)) ? m.status : undefined,
      })),
    },
    tender: joinsTender
      ? undefined
      : {
          id: view.planID,
          status: PLAN_TENDER_STATUS[String(view.status)],
          procuringEntity: peId === undefined ? undefined : { id: peId, name: obj(view.procuringEntity).name },
          items: items(view.items),
          procurementMethod: PROCUREMENT_METHODS.has(String(plannedTender.procurementMethod)) ? plannedTender.procurementMethod : undefined,
          procurementMethodDetails: plannedTender.procurementMethodType || undefined,
          tenderPeriod: plannedTender.tenderPeriod,
        },
  }) as Json;
}

/** A release as the storage keeps it. */
export const releaseWrite = (release: Json): ReleaseWrite => ({ id: String(release.id), ocid: String(release.ocid), text: JSON.stringify(release) });
