// Business rules of tender criteria (criteria.md §1–§3), in the reference's order. Pure: (tender,
// objects) in, an ApiError with the reference's status, name and message out.
import { dataError, forbidden } from '../../http/errors.ts';
import type { Standards } from '../../standards.ts';
import { tenderCreatedAfter } from '../rule-dates.ts';
import type { Tender } from '../tender.types.ts';
import { convertToDataType } from './criterion.values.ts';
import {
  CONTRACT_GUARANTEE, criteriaOf, isActiveCriterion, isExclusion, isLanguage, isLcc, requirementsOf, type Criterion, type EligibleEvidence, type Requirement,
} from './criterion.types.ts';

type FieldErrors = Record<string, string[]>;

const VALUE_FIELDS = ['expectedValue', 'minValue', 'maxValue'] as const;

/**
 * A requirement's own model rules (§1.3): value conversion to its dataType (stored converted) and
 * the value-field conflicts. Each runs only for a truthy value, as the reference's do.
 */
export function requirementModelErrors(r: Requirement): FieldErrors | null {
  const errors: FieldErrors = {};
  const numeric = r.dataType === 'integer' || r.dataType === 'number';
  for (const f of VALUE_FIELDS) {
    const v = r[f];
    if (v === undefined || v === null || v === false || v === 0 || v === '') continue;
    if ((f === 'minValue' || f === 'maxValue') && !numeric) {
      errors[f] = [`${f} must be integer or number`];
      continue;
    }
    const c = convertToDataType(v, r.dataType);
    if (c.ok) r[f] = c.value;
    else errors[f] = [c.error];
  }
  if (r.expectedValues) {
    const converted: unknown[] = [];
    for (const v of r.expectedValues) {
      const c = convertToDataType(v, r.dataType);
      if (!c.ok) {
        errors.expectedValues = [c.error];
        break;
      }
      converted.push(c.value);
    }
    if (!errors.expectedValues) r.expectedValues = converted;
  }
  const has = (f: string): boolean => r[f] !== undefined && r[f] !== null;
  if (has('expectedValue') && (has('minValue') || has('maxValue') || has('expectedValues'))) {
    errors.expectedValue = ["expectedValue conflicts with ['minValue', 'maxValue', 'expectedValues']"];
  }
  if (has('expectedValues') && (has('minValue') || has('maxValue') || has('expectedValue'))) {
    errors.expectedValues = ["expectedValues conflicts with ['minValue', 'maxValue', 'expectedValue']"];
  }
  if (has('expectedValues')) {
    const n = r.expectedValues!.length;
    if (r.expectedMinItems !== undefined && r.expectedMaxItems !== undefined && r.expectedMinItems > r.expectedMaxItems) {
      errors.expectedMinItems = ["expectedMinItems couldn't be higher then expectedMaxItems"];
    } else if (r.expectedMinItems !== undefined && r.expectedMinItems > n) {
      errors.expectedMinItems = ["expectedMinItems couldn't be higher then count of items in expectedValues"];
    } else if (r.expectedMaxItems !== undefined && r.expectedMaxItems > n) {
      errors.expectedMaxItems = ["expectedMaxItems couldn't be higher then count of items in expectedValues"];
    }
  } else if (has('expectedMinItems') || has('expectedMaxItems')) {
    errors.expectedValues = ['expectedMinItems and expectedMaxItems couldn\'t exist without expectedValues'];
  }
  return Object.keys(errors).length > 0 ? errors : null;
}

/** The dataType rules (§1.3 table) of one requirement; the first failure's message. */
function dataTypeRuleFailure(r: Requirement, standards: Standards): string | null {
  const has = (f: string): boolean => r[f] !== undefined && r[f] !== null;
  switch (r.dataType) {
    case 'string': {
      if (!has('expectedValues')) return 'expectedValues is required when dataType is string';
      if (new Set(r.expectedValues!.map((v) => JSON.stringify(v))).size !== r.expectedValues!.length) return 'expectedValues should be unique';
      if (!has('expectedMinItems')) return 'expectedMinItems is required for dataType string';
      if (r.expectedMinItems !== 1) return 'expectedMinItems should be equal to 1 for dataType string';
      if (has('unit')) return 'unit is forbidden for dataType string';
      const codes = r.dataSchema === 'ISO 639-3' ? standards.languages : r.dataSchema === 'ISO 3166-1 alpha-2' ? standards.countryCodes : null;
      if (r.dataSchema && codes && r.expectedValues!.some((v) => !codes.has(String(v)))) {
        return `expectedValues should have ${r.dataSchema} format and include codes from standards`;
      }
      return null;
    }
    case 'boolean':
      if (has('expectedValues')) return 'only expectedValue is allowed for dataType boolean';
      if (has('unit')) return 'unit is forbidden for dataType boolean';
      if (has('dataSchema')) return 'dataSchema is allowed only for dataType string';
      return null;
    case 'number':
    case 'integer':
      if (has('expectedValues')) return 'expectedValues is allowed only for dataType string';
      if (has('dataSchema')) return 'dataSchema is allowed only for dataType string';
      if (!has('expectedValue') && !has('minValue')) return `expectedValue or minValue is required for dataType ${r.dataType}`;
      if (has('maxValue') && has('minValue') && Number(r.maxValue) < Number(r.minValue)) return 'maxValue should be greater than minValue';
      if (!has('unit')) return `unit is required for dataType ${r.dataType}`;
      return null;
    default:
      return null;
  }
}

/** RULES: the dataType rules over every requirement (cancelled versions too) of the criterion. */
export function assertDataTypeRules(tender: Tender, c: Criterion, standards: Standards): void {
  if (!tenderCreatedAfter(tender, 'unifiedCriteriaRules')) return;
  for (const r of requirementsOf(c)) {
    const failure = dataTypeRuleFailure(r, standards);
    if (failure) throw dataError('requirements', failure);
  }
}

/** LANG: language criteria carry no eligible evidences. */
export function languageEvidenceForbidden(c: Criterion, requirements: readonly Requirement[]): boolean {
  return isLanguage(c) && requirements.some((r) => (r.eligibleEvidences ?? []).length > 0);
}

/** Evidences may point only at tender documents. */
export function evidenceDocumentErrors(tender: Tender, evidences: readonly EligibleEvidence[] | undefined): unknown | null {
  const docs = new Set((tender.documents ?? []).map((d) => d.id));
  return (evidences ?? []).some((e) => e.relatedDocument && !docs.has(e.relatedDocument.id)) ? ['relatedDocument.id should be one of tender documents'] : null;
}

/** The criterion's own model rules besides its requirements': relations, legislation, classification. */
export function assertCriterionModel(tender: Tender, c: Criterion, standards: Standards): void {
  if (!c.relatesTo && tenderCreatedAfter(tender, 'criteriaRelatesToRequired')) throw dataError('relatesTo', ['This field is required.']);
  if (c.relatesTo === 'lot' || c.relatesTo === 'item') {
    if (!c.relatedItem) throw dataError('relatedItem', ['This field is required.']);
    const active = isActiveCriterion(c);
    if (active && c.relatesTo === 'lot' && !(tender.lots ?? []).some((l) => l.id === c.relatedItem)) throw dataError('relatedItem', ['relatedItem should be one of lots']);
    if (active && c.relatesTo === 'item' && !(tender.items ?? []).some((i) => i.id === c.relatedItem)) throw dataError('relatedItem', ['relatedItem should be one of items']);
  }
  if (!c.legislation && c.classification.id !== CONTRACT_GUARANTEE) throw dataError('legislation', ['This field is required.']);
  if (isLcc(c) && tender.awardCriteria !== 'lifeCycleCost') {
    throw dataError('classification', { id: [`${c.classification.id} is available only with lifeCycleCost awardCriteria`] });
  }
  if (isLcc(c)) {
    const lots = (tender.lots ?? []).length > 0;
    if (!lots && c.relatesTo !== 'tender') throw dataError('relatesTo', [`${c.classification.id} criteria relatesTo should be \`tender\` if tender has no lots`]);
    if (lots && c.relatesTo !== 'lot') throw dataError('relatesTo', [`${c.classification.id} criteria relatesTo should be \`lot\` if tender has lots`]);
  }
  for (const [gi, g] of c.requirementGroups.entries()) {
    for (const [ri, r] of (g.requirements ?? []).entries()) {
      const errors = requirementModelErrors(r);
      if (errors) throw dataError('requirementGroups', groupErrors(c, gi, ri, errors));
      if (r.relatedFeature && !(tender.features ?? []).some((f) => f.code === r.relatedFeature)) {
        throw dataError('requirementGroups', groupErrors(c, gi, ri, { relatedFeature: ['relatedFeature should be one of features'] }));
      }
    }
    if (isLanguage(c) && (g.requirements ?? []).some((r) => (r.eligibleEvidences ?? []).length > 0)) {
      throw dataError('requirementGroups', [{ eligibleEvidences: ['This field is forbidden for current criterion'] }]);
    }
    for (const [ri, r] of (g.requirements ?? []).entries()) {
      const docErrors = evidenceDocumentErrors(tender, r.eligibleEvidences);
      if (docErrors) throw dataError('requirementGroups', groupErrors(c, gi, ri, { eligibleEvidences: [{ relatedDocument: docErrors }] as unknown as string[] }));
    }
  }
}

/** `[{}, …, {"requirements": [{}, …, errors]}]` at the failing group and requirement. */
function groupErrors(c: Criterion, gi: number, ri: number, errors: FieldErrors): unknown[] {
  return c.requirementGroups.slice(0, gi + 1).map((g, i) => (i < gi ? {} : { requirements: (g.requirements ?? []).slice(0, ri + 1).map((_, j) => (j < ri ? {} : errors)) }));
}

/** For tenders after the unified rules, the classification must be one the standards define. */
export function assertClassificationFromStandards(tender: Tender, c: Criterion, standards: Standards): void {
  if (!standards.criteriaIds || !tenderCreatedAfter(tender, 'unifiedCriteriaRules')) return;
  if (!standards.criteriaIds.has(c.classification.id)) throw dataError('criteria', `Criteria classification ${c.classification.id} not from standards`);
}

const tenderLevel = (relatesTo: string | undefined): string => (relatesTo === 'tenderer' || relatesTo === 'tender' || relatesTo === undefined ? 'tender' : relatesTo);

/** (a) against stored criteria, (b) within the batch (§3.2). */
export function assertCriteriaUnique(stored: readonly Criterion[], batch: readonly Criterion[]): void {
  const key = (c: Criterion, literal: boolean): string => `${c.classification.id}|${literal ? (c.relatesTo ?? '') : tenderLevel(c.relatesTo)}|${c.relatedItem ?? ''}`;
  const storedKeys = new Set(stored.map((c) => key(c, true)));
  const seen = new Set<string>();
  for (const c of batch) {
    const k = key(c, false);
    if (storedKeys.has(key(c, true)) || seen.has(k)) throw forbidden('Criteria are not unique');
    seen.add(k);
  }
}

/** The tender-wide id and title checks (422 `data`, or the given name for a tender PATCH). */
export function assertTenderCriteriaIds(tender: Tender, name = 'data'): void {
  const criteria = criteriaOf(tender);
  if (new Set(criteria.map((c) => c.id)).size !== criteria.length) throw dataError(name, 'Criterion id should be uniq for all criterions');
  const groups = criteria.flatMap((c) => c.requirementGroups);
  if (new Set(groups.map((g) => g.id)).size !== groups.length) throw dataError(name, 'requirementGroup id should be uniq for all requirementGroups');
  const active = criteria.flatMap(requirementsOf).filter((r) => r.status === 'active');
  if (new Set(active.map((r) => r.id)).size !== active.length) throw dataError(name, 'Requirement id should be uniq for all requirements in tender');
  for (const g of groups) {
    const titles = (g.requirements ?? []).filter((r) => r.status === 'active').map((r) => r.title);
    if (new Set(titles).size !== titles.length) throw dataError(name, 'Requirement title should be uniq for one requirementGroup');
  }
}

/** Exclusion criteria are fixed by law: the open family refuses edits to them and their groups. */
export function assertNotExclusion(c: Criterion): void {
  if (isExclusion(c)) throw forbidden("Can't update exclusion ecriteria objects");
}

/** `Can't <method> object if tender not in <list> statuses`. */
export function assertCriteriaTenderStatus(tender: Tender, statuses: readonly string[], method: string): void {
  if (!statuses.includes(tender.status)) throw forbidden(`Can't ${method} object if tender not in ${pyList(statuses)} statuses`);
}

const pyList = (xs: readonly string[]): string => `[${xs.map((x) => `'${x}'`).join(', ')}]`;

/**
 * A tender PATCH sending the whole `criteria` list (criteria.md §3.9): the list replaces the stored
 * one, each criterion checked by its model, the tender-wide rules named `criteria`; for tenders
 * after the uniqueness date every PATCH re-checks the batch uniqueness; a changed list is checked
 * against the standards and the dataType rules.
 */
export function assertPatchedCriteria(tender: Tender, before: Tender | null, touched: boolean, standards: Standards): void {
  const criteria = criteriaOf(tender);
  if (touched) {
    for (const c of criteria) assertCriterionModel(tender, c, standards);
    assertTenderCriteriaIds(tender, 'criteria');
  }
  if (before && tenderCreatedAfter(tender, 'criteriaUniqueOnTenderPatch')) assertCriteriaUnique([], criteria);
  if (touched && JSON.stringify(criteriaOf(before ?? {})) !== JSON.stringify(criteria)) {
    for (const c of criteria) {
      assertClassificationFromStandards(tender, c, standards);
      assertDataTypeRules(tender, c, standards);
    }
  }
}
