// Business validation of a tender (below-threshold.md §1–§2.3, §3.1, §4), shared by every
// procedure; procedures pick and parameterise them through their Procedure value.
// Each rule throws an ApiError with the reference's exact status, name and message.
import { tenderCreatedAfter } from './rule-dates.ts';
import { assertSignatureDocument } from '../documents/signature-document.ts';
import { dataError, forbidden } from '../http/errors.ts';
import { parseIso } from '../time/iso.ts';
import type { Standards } from '../standards.ts';
import type { ActivationCheck, Duration, RuleContext, TenderRule } from './procedure.ts';
export type { ActivationCheck, RuleContext, TenderRule };
import { addDuration, daysOf } from './durations.ts';
import type { Tender, Lot, Item } from './tender.types.ts';
import { assertAdditionalClassifications, assertInnForPharmaceuticals } from './item-classification.rules.ts';


const ms = (iso: string | undefined): number | null => (iso ? (parseIso(iso)?.ms ?? null) : null);

/** Whether a field is being set by this write (always on creation). */
const touches = (rc: RuleContext, field: string): boolean => rc.patch === null || field in rc.patch;

const fullDaysAfter = (rc: RuleContext, startMs: number, d: Duration): number => addDuration(rc, startMs, d);

// ---- general ---------------------------------------------------------------------------------

export const assertProcurementMethodOpen: TenderRule = (rc) => {
  if (rc.tender.procurementMethod !== undefined && rc.tender.procurementMethod !== 'open') {
    throw dataError('procurementMethod', ['procurementMethod should be open']);
  }
};

export const assertBuyersOnlyForCentral: TenderRule = (rc) => {
  const buyers = rc.tender.buyers as unknown[] | undefined;
  if (buyers && buyers.length > 0 && rc.tender.procuringEntity?.kind !== 'central') {
    throw dataError('buyers', ['Rogue field.']);
  }
};

export const assertPlansLinkable: TenderRule = (rc) => {
  const plans = (rc.tender.plans ?? []) as Array<{ id?: string }>;
  if (plans.length === 0) return;
  if (new Set(plans.map((p) => p.id)).size < plans.length) throw dataError('plans', ['The list should not contain duplicates']);
  if (plans.length > 1 && rc.tender.procuringEntity?.kind !== 'central') {
    throw dataError('plans', ["Linking more than one plan is allowed only if procuringEntity.kind is 'central'"]);
  }
};

export const assertKindFrozenAfterDraft: TenderRule = (rc) => {
  if (rc.before && rc.before.status !== 'draft' && rc.before.procuringEntity?.kind !== rc.tender.procuringEntity?.kind) {
    throw dataError('procuringEntity', "Can't change procuringEntity.kind in a public tender");
  }
};

/**
 * The procuring entity kinds a procedure serves (open-procedures.md §0.4), for tenders created after
 * the deployment date; checked on creation and on every write that changes the procuring entity.
 */
export function assertKindServed(kinds: readonly string[]): TenderRule {
  return (rc) => {
    if (!tenderCreatedAfter(rc.tender, 'procuringEntityKindByProcedure')) return;
    if (rc.patch !== null && !('procuringEntity' in rc.patch)) return;
    const kind = rc.tender.procuringEntity?.kind;
    if (kind !== undefined && !kinds.includes(String(kind))) {
      throw dataError('procuringEntity', `Procedure publishing with method type ${String(rc.tender.procurementMethodType)} is not allowed for procuringEntity.kind ${String(kind)}`);
    }
  };
}

export const assertAwardCriteriaUnchanged: TenderRule = (rc) => {
  if (rc.before && rc.patch && 'awardCriteria' in rc.patch && rc.patch.awardCriteria !== rc.before.awardCriteria) {
    throw forbidden("Can't change awardCriteria", 'awardCriteria');
  }
};

export const assertInspectorHasFunders: TenderRule = (rc) => {
  if (rc.tender.inspector && !(rc.tender.funders && (rc.tender.funders as unknown[]).length > 0)) {
    throw dataError('inspector', ["Inspector couldn't exist without funders"]);
  }
  if (rc.before?.inspector && !rc.tender.inspector && rc.before.status !== 'draft') {
    throw dataError('inspector', `You can't remove inspector in current(${rc.before.status}) tender status`);
  }
};

export const assertFundersKnown: TenderRule = (rc) => {
  const known = rc.standards.funderIds;
  const funders = rc.tender.funders as Array<{ identifier?: { scheme?: string; id?: string } }> | undefined;
  if (!known || !funders || !touches(rc, 'funders')) return;
  for (const f of funders) {
    if (!known.has(`${f.identifier?.scheme}:${f.identifier?.id}`)) {
      throw dataError('funders', [{ identifier: ['Funder identifier should be one of the values allowed'] }]);
    }
  }
};

export const assertAuctionFieldsOnlyWithAuction: TenderRule = (rc) => {
  if (rc.config.hasAuction !== false) return;
  for (const f of ['minimalStep', 'submissionMethod', 'submissionMethodDetails', 'submissionMethodDetails_en', 'submissionMethodDetails_ru']) {
    if (rc.patch ? f in rc.patch && rc.patch[f] !== null : rc.tender[f] !== undefined) throw dataError(f, 'Rogue field');
  }
};

// ---- periods ---------------------------------------------------------------------------------

function assertPeriodOrder(field: string, period: { startDate?: string; endDate?: string } | undefined): void {
  const s = ms(period?.startDate);
  const e = ms(period?.endDate);
  if (s !== null && e !== null && s > e) throw dataError(field, { startDate: ['period should begin before its end'] });
}

export const assertPeriodsOrdered: TenderRule = (rc) => {
  const t = rc.tender;
  assertPeriodOrder('enquiryPeriod', t.enquiryPeriod);
  assertPeriodOrder('tenderPeriod', t.tenderPeriod);
  assertPeriodOrder('awardPeriod', t.awardPeriod);
  for (const item of t.items ?? []) {
    const d = item.deliveryDate as { startDate?: string; endDate?: string } | undefined;
    const s = ms(d?.startDate);
    const e = ms(d?.endDate);
    if (s !== null && e !== null && s > e) throw dataError('items', [{ deliveryDate: { startDate: ['period should begin before its end'] } }]);
  }
};

export const assertPeriodStartsNotDeleted: TenderRule = (rc) => {
  if (!rc.before || !rc.patch) return;
  for (const field of ['enquiryPeriod', 'tenderPeriod'] as const) {
    if (field in rc.patch && rc.before[field]?.startDate && !rc.tender[field]?.startDate) {
      throw dataError(field, { startDate: ['This field cannot be deleted'] });
    }
  }
};

export const assertEnquiryPeriodLongEnough: TenderRule = (rc) => {
  if (!touches(rc, 'enquiryPeriod')) return;
  const p = rc.tender.enquiryPeriod;
  const s = ms(p?.startDate);
  const e = ms(p?.endDate);
  if (s === null || e === null) return;
  const min = rc.procedure.durations.minEnquiry;
  if (e < fullDaysAfter(rc, s, min)) {
    throw dataError('enquiryPeriod', [`the enquiryPeriod cannot end earlier than ${daysOf(rc, min)} full business days after the start`]);
  }
};

export const assertTenderPeriodRules: TenderRule = (rc) => {
  const t = rc.tender;
  const tp = t.tenderPeriod;
  // The start may move while the tender is editable (recorded: patch-tender-period-with-review-request.http).
  if (rc.before && !rc.procedure.editableStatuses.includes(rc.before.status) && rc.before.tenderPeriod?.startDate && ms(tp?.startDate) !== ms(rc.before.tenderPeriod.startDate)) {
    throw dataError('tenderPeriod.startDate', "Can't change tenderPeriod.startDate");
  }
  const start = ms(tp?.startDate);
  const end = ms(tp?.endDate);
  const enquiryEnd = ms(t.enquiryPeriod?.endDate);
  // Only a separate enquiry stage must be over before tendering starts.
  if (rc.procedure.modules.has('enquiries') && (touches(rc, 'tenderPeriod') || touches(rc, 'enquiryPeriod'))) {
    if (start !== null && enquiryEnd !== null && start < enquiryEnd) throw dataError('tenderPeriod', ['period should begin after enquiryPeriod']);
  }
  if (!rc.before && start !== null && start <= rc.now - 10 * 60 * 1000) {
    throw dataError('tenderPeriod', ['tenderPeriod.startDate should be in greater than current date']);
  }
  if (touches(rc, 'tenderPeriod') && start !== null && end !== null) {
    const min = rc.procedure.durations.minTendering;
    if (end < fullDaysAfter(rc, start, min)) {
      throw dataError('tenderPeriod', [`tenderPeriod must be at least ${daysOf(rc, min)} full ${min.working ? 'business' : 'calendar'} days long`]);
    }
  }
};

// ---- items, classifications ----------------------------------------------------------------

const CPV_FORMAT = /^\d{8}-\d$/;

export const assertItemsValid: TenderRule = (rc) => {
  const items = rc.tender.items ?? [];
  if (!touches(rc, 'items') && !touches(rc, 'lots')) return;
  const ids = new Set<string>();
  for (const item of items) {
    if (ids.has(String(item.id))) throw dataError('items', ['Items should be unique by fields: id']);
    ids.add(String(item.id));
  }
  items.forEach((item) => {
    const c = item.classification as { scheme?: string; id?: string } | undefined;
    if (c?.scheme !== 'ДК021') throw dataError('items', [{ classification: { scheme: ["Value must be one of ['ДК021']."] } }]);
    const known = rc.standards.dk021;
    if (known ? !known.has(String(c.id)) : !CPV_FORMAT.test(String(c.id))) {
      throw dataError('items', [{ classification: { id: ['Value must be one of ДК021 codes'] } }]);
    }
    const unitCode = (item.unit as { code?: string } | undefined)?.code;
    if (rc.standards.unitCodes && unitCode !== undefined && !rc.standards.unitCodes.has(unitCode)) {
      throw dataError('items', [{ unit: { code: ['Code should be one of valid unit codes.'] } }]);
    }
    assertAdditionalClassifications(item, rc.standards);
    if (item.profile && !item.category) throw dataError('items', [{ profile: ['profile should be provided together only with category'] }]);
    const deliveryAddress = addressErrors(item.deliveryAddress as Address | undefined, rc.standards);
    if (deliveryAddress) throw dataError('items', [{ deliveryAddress }]);
  });
  assertInnForPharmaceuticals(items);
  // Identical CPV class (4 digits), or group (3 digits) where pharmaceuticals (336…) are involved.
  const codes = items.map((i) => String((i.classification as { id?: string }).id));
  if (codes.length > 1) {
    const pharma = codes.some((c) => c.startsWith('336'));
    const prefixes = [...new Set(codes.map((c) => c.slice(0, pharma ? 3 : 4)))].sort();
    if (prefixes.length > 1) {
      throw dataError('items', [`CPV ${pharma ? 'group' : 'class'} of items (${prefixes.join(', ')}) should be identical`]);
    }
  }
  const lots = rc.tender.lots ?? [];
  const lotIds = new Set(lots.map((l) => l.id));
  for (const item of items) {
    if (item.relatedLot !== undefined && !lotIds.has(item.relatedLot as string)) {
      throw dataError('items', [{ relatedLot: ['relatedLot should be one of lots'] }]);
    }
  }
  if (items.length > 0) {
    if (lots.length > 0) {
      for (const lot of lots) {
        const own = items.filter((i) => i.relatedLot === lot.id);
        if (own.length > 0 && !own.some((i) => typeof i.quantity === 'number' && i.quantity > 0)) {
          throw dataError('items', ['At least one item should be with not empty quantity for each lot']);
        }
      }
    } else if (!items.some((i) => typeof i.quantity === 'number' && i.quantity > 0)) {
      throw dataError('items', ['At least one item should be with not empty quantity']);
    }
  }
};

/** Outside drafts, every item of a tender with buyers names the buyer it is bought for. */
export const assertItemsHaveRelatedBuyer: TenderRule = (rc) => {
  if (!['items', 'buyers'].some((f) => touches(rc, f)) && rc.targetStatus === rc.tender.status) return;
  const buyers = (rc.tender.buyers ?? []) as unknown[];
  if (rc.targetStatus !== 'draft' && buyers.length > 0 && (rc.tender.items ?? []).some((i) => !i.relatedBuyer)) {
    throw dataError('items', [{ relatedBuyer: ['This field is required.'] }]);
  }
};

// ---- values ----------------------------------------------------------------------------------

// Cents computed through a rounded intermediate so that 500 × 0.005 = 2.5 does not floor to 2.49.
const cents = (x: number): number => Math.round(x * 100 * 1e6) / 1e6;
const floor2 = (x: number): number => Math.floor(cents(x)) / 100;
const ceil2 = (x: number): number => Math.ceil(cents(x)) / 100;

/** The 0.5 %–3 % corridor, bounds rounded to 2 decimals (floor lower, ceil upper). */
function minimalStepInCorridor(step: number, value: number): boolean {
  const low = floor2(value * 0.005);
  const high = ceil2(value * 0.03);
  return step >= low && step <= high;
}

export const assertCurrencyKnown: TenderRule = (rc) => {
  const allowed = rc.standards.currencies;
  if (!allowed) return;
  const check = (name: string, v: { currency?: string } | undefined): void => {
    if (v?.currency && !allowed.includes(v.currency)) throw dataError(name, { currency: [`Currency must be only ${allowed.join(', ')}.`] });
  };
  check('value', rc.tender.value);
  check('guarantee', rc.tender.guarantee);
  check('minimalStep', rc.tender.minimalStep);
};

export const assertValuesValid: TenderRule = (rc) => {
  const t = rc.tender;
  if (rc.config.hasValueEstimation !== false && t.value && t.value.amount === undefined) {
    throw dataError('value.amount', 'This field is required');
  }
  const lots = t.lots ?? [];
  if (lots.length === 0 && t.minimalStep && t.value) {
    if (t.minimalStep.currency !== t.value.currency) {
      throw dataError('minimalStep.currency', ['Tender minimal step currency should be identical to tender currency']);
    }
    if (t.minimalStep.valueAddedTaxIncluded !== t.value.valueAddedTaxIncluded) {
      throw dataError('minimalStep.valueAddedTaxIncluded', ['Tender minimal step valueAddedTaxIncluded should be identical to tender valueAddedTaxIncluded']);
    }
    const step = t.minimalStep.amount;
    const value = t.value.amount;
    if (step !== undefined && value !== undefined) {
      if (step > value) throw dataError('minimalStep.amount', ['Tender minimal step amount should be less than tender amount']);
      if (!minimalStepInCorridor(step, value)) {
        throw dataError('data', ['Minimal step value must be between 0.5% and 3% of value (with 2 digits precision).']);
      }
    }
  }
};

// ---- lots ------------------------------------------------------------------------------------

export function assertLotValid(rc: RuleContext, lot: Lot): void {
  if (rc.config.hasValueEstimation !== false && lot.value && lot.value.amount === undefined) {
    throw dataError('lots.value.amount', 'This field is required');
  }
  const step = lot.minimalStep;
  if (step && lot.value) {
    if (step.amount !== undefined && lot.value.amount !== undefined) {
      if (step.amount > lot.value.amount) throw dataError('lots', [{ minimalStep: ['Minimal step value should be less than lot value'] }]);
      if (!minimalStepInCorridor(step.amount, lot.value.amount)) {
        throw dataError('data', ['Minimal step value must be between 0.5% and 3% of value (with 2 digits precision).']);
      }
    }
  }
}

export const assertLotsValid: TenderRule = (rc) => {
  const lots = rc.tender.lots ?? [];
  const ids = new Set<string>();
  for (const lot of lots) {
    if (ids.has(lot.id)) throw dataError('lots', ['Items should be unique by fields: id']);
    ids.add(lot.id);
  }
  if (!touches(rc, 'lots') && !touches(rc, 'value') && !touches(rc, 'minimalStep')) return;
  if (lots.length > 0 && rc.tender.minimalStep && rc.patch !== null && 'minimalStep' in rc.patch && rc.patch.minimalStep !== null) {
    // A tender-level minimal step makes no sense once the tender is split into lots.
    throw dataError('minimalStep', ['Rogue field.']);
  }
  for (const lot of lots) assertLotValid(rc, lot);
  const currencies = new Set(lots.map((l) => l.guarantee?.currency).filter((c): c is string => c !== undefined));
  if (currencies.size > 1) throw dataError('lots', ['lot guarantee currency should be identical to tender guarantee currency']);
};

// ---- features --------------------------------------------------------------------------------

export const assertFeaturesValid: TenderRule = (rc) => {
  const t = rc.tender;
  const features = t.features ?? [];
  if (features.length === 0 || (!touches(rc, 'features') && !touches(rc, 'items') && !touches(rc, 'lots'))) return;
  if (t.awardCriteria === 'lifeCycleCost') throw dataError('features', ['Can`t add features with lifeCycleCost awardCriteria']);
  const codes = new Set<string>();
  const lotIds = new Set((t.lots ?? []).map((l) => l.id));
  const itemIds = new Set((t.items ?? []).map((i) => String(i.id)));
  for (const f of features) {
    if (codes.has(String(f.code))) throw dataError('features', ['Items should be unique by fields: code']);
    codes.add(String(f.code));
    if (f.featureOf === 'lot' && !lotIds.has(String(f.relatedItem))) throw dataError('features', [{ relatedItem: ['relatedItem should be one of lots'] }]);
    if (f.featureOf === 'item' && !itemIds.has(String(f.relatedItem))) throw dataError('features', [{ relatedItem: ['relatedItem should be one of items'] }]);
    if (f.featureOf !== 'tenderer' && (f.relatedItem === undefined || f.relatedItem === '')) {
      throw dataError('features', [{ relatedItem: ['This field is required.'] }]);
    }
    const values = f.enum.map((e) => e.value);
    if (new Set(values).size !== values.length) throw dataError('features', [{ enum: ['Feature value should be uniq for feature'] }]);
  }
  const maxOf = (fs: typeof features): number => fs.reduce((sum, f) => sum + Math.max(...f.enum.map((e) => e.value)), 0);
  const lots = t.lots ?? [];
  if (lots.length === 0) {
    if (maxOf(features) > 0.3 + 1e-9) throw dataError('features', ['Sum of max value of all features should be less then or equal to 30%']);
  } else {
    for (const lot of lots) {
      const lotItems = new Set((t.items ?? []).filter((i) => i.relatedLot === lot.id).map((i) => String(i.id)));
      const own = features.filter(
        (f) => f.featureOf === 'tenderer' || (f.featureOf === 'lot' && f.relatedItem === lot.id) || (f.featureOf === 'item' && lotItems.has(String(f.relatedItem))),
      );
      if (maxOf(own) > 0.3 + 1e-9) throw dataError('features', ['Sum of max value of all features for lot should be less then or equal to 30%']);
    }
  }
};

// ---- milestones ------------------------------------------------------------------------------

export const assertMilestonesValid: TenderRule = (rc) => {
  const t = rc.tender;
  const milestones = t.milestones ?? [];
  if (!touches(rc, 'milestones') && !touches(rc, 'lots')) return;
  const lotIds = new Set((t.lots ?? []).map((l) => l.id));
  const titles = rc.standards.milestoneTitles;
  const codes = rc.standards.milestoneCodes;
  for (const m of milestones) {
    if (titles) {
      const allowed = [...titles].filter(([, types]) => types.split(',').map((s) => s.trim()).includes(m.type)).map(([k]) => k);
      if (!allowed.includes(m.title)) throw dataError('milestones', [{ title: [`Value must be one of ${pyList(allowed)}.`] }]);
    }
    if (codes) {
      const allowed = [...codes].filter(([, type]) => type === m.type).map(([k]) => k);
      if (!allowed.includes(m.code)) throw dataError('milestones', [{ code: [`Value must be one of ${pyList(allowed)}.`] }]);
    }
    if (m.title === 'anotherEvent' && !m.description) throw dataError('milestones', [{ description: ['This field is required.'] }]);
    if (m.relatedLot !== undefined && !lotIds.has(m.relatedLot)) throw dataError('milestones', [{ relatedLot: ['relatedLot should be one of the lots.'] }]);
  }
  const related = milestones.filter((m) => m.relatedLot !== undefined).length;
  if (related > 0 && related < milestones.length) {
    throw dataError('milestones', ['Related lot must be set in all milestones or all milestones should be related to tender']);
  }
  const groups = new Map<string, typeof milestones>();
  for (const m of milestones) {
    const key = m.relatedLot ?? '';
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  for (const [lot, group] of groups) {
    for (const type of ['financing', 'delivery']) {
      const ofType = group.filter((m) => m.type === type);
      if (ofType.length === 0) continue;
      const sum = Math.round(ofType.reduce((s, m) => s + m.percentage, 0) * 1e6) / 1e6;
      if (sum !== 100) {
        throw dataError('milestones', [`Sum of the ${type} milestone percentages ${pyFloat(sum)} is not equal 100${lot ? ` for lot ${lot}` : ''}.`]);
      }
    }
    const seq = group.map((m) => m.sequenceNumber).sort((a, b) => a - b);
    if (seq.some((n, i) => n !== i + 1)) {
      throw dataError('milestones', [{ sequenceNumber: ['Field should contain incrementing sequence numbers starting from 1 for tender/lot separately'] }]);
    }
  }
};

const pyList = (xs: string[]): string => `[${xs.map((x) => `'${x}'`).join(', ')}]`;
const pyFloat = (x: number): string => (Number.isInteger(x) ? `${x}.0` : String(x));

// ---- activation (draft → published) ----------------------------------------------------------

export const assertContractTemplateOrProforma: ActivationCheck = (rc) => {
  const t = rc.tender;
  const hasProforma = (t.documents ?? []).some((d) => d.documentType === 'contractProforma');
  if (!t.contractTemplateName && !hasProforma) {
    throw dataError('contractTemplateName', 'Either contractTemplateName or contractProforma document is required');
  }
};

export const assertItemsHaveRelatedLot: ActivationCheck = (rc) => {
  if ((rc.tender.items ?? []).some((i: Item) => !i.relatedLot)) throw dataError('item.relatedLot', 'This field is required');
};

export const assertMinimalStepForAuction: ActivationCheck = (rc) => {
  const t = rc.tender;
  if (rc.config.hasAuction === false) return;
  if ((t.lots ?? []).length === 0) {
    if (!t.minimalStep) throw dataError('minimalStep', ['This field is required.']);
  } else if (t.minimalStep) {
    throw dataError('minimalStep', ['Rogue field.']);
  }
};

export const assertNoticeDocument: ActivationCheck = (rc) => assertSignatureDocument(rc.tender.documents, 'notice');

/** Runs rules in order; the first failure propagates. */
export function runRules(rules: readonly TenderRule[], rc: RuleContext): void {
  for (const rule of rules) rule(rc);
}


// ---- organizations ---------------------------------------------------------------------------

const TELEPHONE = /^\+?\d{2,}(,\s*\+?\d{2,})*$/;

export type Address = { countryName?: string; region?: string; addressDetails?: Array<{ scheme?: string; id?: string }> };
type Org = { contactPoint?: { email?: string; telephone?: string }; address?: Address };

/** Errors of one organization (procuring entity, tenderer, question author) in the reference's nested shape, or null. */
export function organizationErrors(org: Org, standards: Standards): Record<string, unknown> | null {
  const cp = org.contactPoint;
  if (cp) {
    if (!cp.email && !cp.telephone) return { contactPoint: { email: ['telephone or email should be present'] } };
    if (cp.telephone && !TELEPHONE.test(cp.telephone)) return { contactPoint: { telephone: ['wrong telephone format (could be missed +)'] } };
  }
  const address = addressErrors(org.address, standards);
  return address ? { address } : null;
}

const UKRAINE = 'Україна';
const KATOTTG = 'КАТОТТГ';

/** Errors of one address in the reference's nested shape, or null. */
export function addressErrors(addr: Address | undefined, standards: Standards): Record<string, unknown> | null {
  if (!addr) return null;
  const countries = standards.countries;
  if (addr.countryName && countries && !countries.has(addr.countryName)) {
    return { countryName: ['field address:countryName not exist in countries catalog'] };
  }
  const regions = standards.uaRegions;
  if (addr.region && addr.countryName === UKRAINE && regions && !regions.has(addr.region)) {
    return { region: ['field address:region not exist in ua_regions catalog'] };
  }
  const details = addr.addressDetails ?? [];
  if (details.length === 0) return null;
  if (addr.countryName !== UKRAINE) return { addressDetails: [`field address:addressDetails is allowed only for countryName '${UKRAINE}'`] };
  if (details.some((d) => d.scheme !== KATOTTG)) return { addressDetails: [{ scheme: [`Value must be one of ['${KATOTTG}'].`] }] };
  if (details.length > 1) return { addressDetails: [`addressDetails should contain no more than one classification with scheme ${KATOTTG}`] };
  const katottg = standards.katottg;
  if (katottg && !katottg.has(String(details[0]!.id))) return { addressDetails: [{ id: [`${KATOTTG} id not found in standards`] }] };
  return null;
}

export const assertOrganizationsValid: TenderRule = (rc) => {
  for (const field of ['procuringEntity', 'inspector'] as const) {
    const org = rc.tender[field] as Org | undefined;
    if (!org || !touches(rc, field)) continue;
    const e = organizationErrors(org, rc.standards);
    if (e) throw dataError(field, e);
  }
  for (const field of ['funders', 'buyers'] as const) {
    const orgs = rc.tender[field] as Org[] | undefined;
    if (!orgs || !touches(rc, field)) continue;
    for (const org of orgs) {
      const e = organizationErrors(org, rc.standards);
      if (e) throw dataError(field, [e]);
    }
  }
};
