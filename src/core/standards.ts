// Classifier and code-list data (ProzorroUKR/standards layout) loaded from STANDARDS_DIR.
// Without a directory every lookup is absent and only formats are checked.
import fs from 'node:fs';
import path from 'node:path';

export interface Standards {
  readonly dk021: ReadonlySet<string> | null;
  readonly unitCodes: ReadonlySet<string> | null;
  readonly currencies: readonly string[] | null;
  /** `scheme:id` of allowed funders. */
  readonly funderIds: ReadonlySet<string> | null;
  readonly countries: ReadonlySet<string> | null;
  readonly uaRegions: ReadonlySet<string> | null;
  /** milestone title → type. */
  readonly milestoneTitles: ReadonlyMap<string, string> | null;
  /** milestone code → type. */
  readonly milestoneCodes: ReadonlyMap<string, string> | null;
  /** Item additional-classification scheme → its code list (UA-ROAD, GMDN, GMDN-2023, CCCE-UA, КПКВ, КЕКВ). */
  readonly additionalCodeLists: ReadonlyMap<string, ReadonlySet<string>> | null;
  /** UA-ROAD id → the description it must carry. */
  readonly uaRoadDescriptions: ReadonlyMap<string, string> | null;
  /** CPV prefixes on which UA-ROAD / GMDN classifications are allowed. */
  readonly uaRoadCpvPrefixes: readonly string[] | null;
  readonly gmdnCpvPrefixes: readonly string[] | null;
  /** КАТОТТГ codes for `address.addressDetails`. */
  readonly katottg: ReadonlySet<string> | null;
  /**
   * Active `causeDetails` codes per procurementMethodType (`codelists/tender/tender_cause_details/<type>.json`),
   * in the list's order; a type without a file has no list.
   */
  readonly causeDetails: ReadonlyMap<string, ReadonlyMap<string, CauseDetailsEntry>> | null;
  /** ISO 639-3 language codes (`classifiers/languages.json` keys). */
  readonly languages: ReadonlySet<string> | null;
  /** ISO 3166-1 alpha-2 country codes (`classifiers/countries.json` keys). */
  readonly countryCodes: ReadonlySet<string> | null;
  /** Every criterion classification id of the `criteria/*.json` definitions. */
  readonly criteriaIds: ReadonlySet<string> | null;
  /** `criteria/rules/<procurementMethodType>.json`, as stored (periods name deployment constants). */
  readonly criteriaRules: ReadonlyMap<string, readonly CriteriaRulePeriod[]> | null;
  /** Budget breakdown classification scheme (`КПК-<year>`, `ТПКВКМБ`) → its codes (plans.md §1.3.1). */
  readonly budgetClassifications: ReadonlyMap<string, ReadonlySet<string>> | null;
  /** `codelists/plans/funder_program.json` by id. */
  readonly funderPrograms: ReadonlyMap<string, FunderProgram> | null;
  /** `classifiers/plan_of_ukraine.json`: id → names. */
  readonly planOfUkraine: ReadonlyMap<string, { readonly name_uk?: string; readonly name_en?: string }> | null;
  /** УКТЗЕД codes (`classifiers/uktzed.json`), checked on plan items. */
  readonly uktzed: ReadonlySet<string> | null;
  /** Organization identifier schemes (`organizations/identifier_scheme.json`). */
  readonly identifierSchemes: ReadonlySet<string> | null;
}

/** A donor programme a plan's budget project may name. */
export interface FunderProgram {
  readonly name_uk?: string;
  readonly name_en?: string;
  readonly archive?: boolean;
  readonly funder?: { readonly id?: string; readonly scheme?: string };
}

/** One period of a criteria rules file (criteria.md §2.2). */
export interface CriteriaRulePeriod {
  readonly period: { readonly start_date?: string; readonly end_date?: string };
  readonly criteria: Readonly<Record<string, { readonly rules: readonly string[] }>>;
}

/** One code of a cause-details list: what the server copies into `causeDetails`. */
export interface CauseDetailsEntry {
  readonly title_uk?: string;
  readonly title_en?: string;
  readonly uri?: string;
  readonly scheme?: string;
}

export const NO_STANDARDS: Standards = {
  dk021: null,
  unitCodes: null,
  currencies: null,
  funderIds: null,
  countries: null,
  uaRegions: null,
  milestoneTitles: null,
  milestoneCodes: null,
  additionalCodeLists: null,
  uaRoadDescriptions: null,
  uaRoadCpvPrefixes: null,
  gmdnCpvPrefixes: null,
  katottg: null,
  causeDetails: null,
  languages: null,
  countryCodes: null,
  criteriaIds: null,
  criteriaRules: null,
  budgetClassifications: null,
  funderPrograms: null,
  planOfUkraine: null,
  uktzed: null,
  identifierSchemes: null,
};

/** Classification ids of every criterion definition file. */
function loadCriteriaIds(dir: string): Set<string> | null {
  const defs = path.join(dir, 'criteria');
  if (!fs.existsSync(defs)) return null;
  const ids = new Set<string>();
  for (const file of fs.readdirSync(defs).filter((f) => f.endsWith('.json')).sort()) {
    const list = readJson(dir, `criteria/${file}`);
    if (Array.isArray(list)) for (const c of list as Array<{ classification?: { id?: unknown } }>) if (typeof c?.classification?.id === 'string') ids.add(c.classification.id);
  }
  return ids;
}

function loadCriteriaRules(dir: string): Map<string, readonly CriteriaRulePeriod[]> | null {
  const rulesDir = path.join(dir, 'criteria/rules');
  if (!fs.existsSync(rulesDir)) return null;
  const out = new Map<string, readonly CriteriaRulePeriod[]>();
  for (const file of fs.readdirSync(rulesDir).filter((f) => f.endsWith('.json')).sort()) {
    const list = readJson(dir, `criteria/rules/${file}`);
    if (Array.isArray(list)) out.set(file.slice(0, -'.json'.length), list as CriteriaRulePeriod[]);
  }
  return out;
}

const CAUSE_DETAILS_DIR = 'codelists/tender/tender_cause_details';

/** Every cause-details list of the directory, archived codes left out. */
function loadCauseDetails(dir: string): Map<string, ReadonlyMap<string, CauseDetailsEntry>> | null {
  const listDir = path.join(dir, CAUSE_DETAILS_DIR);
  if (!fs.existsSync(listDir)) return null;
  const lists = new Map<string, ReadonlyMap<string, CauseDetailsEntry>>();
  for (const file of fs.readdirSync(listDir).filter((f) => f.endsWith('.json')).sort()) {
    const data = readJson(dir, `${CAUSE_DETAILS_DIR}/${file}`);
    if (!data || typeof data !== 'object') continue;
    const active = Object.entries(data as Record<string, CauseDetailsEntry & { archive?: boolean }>).filter(([, e]) => e?.archive !== true);
    lists.set(file.slice(0, -'.json'.length), new Map(active));
  }
  return lists;
}

/** Scheme → file of its code list under classifiers/ (object keys or array items are the ids). */
const ADDITIONAL_CODE_LIST_FILES: Readonly<Record<string, string>> = {
  'UA-ROAD': 'classifiers/ua_road.json',
  GMDN: 'classifiers/gmdn.json',
  'GMDN-2023': 'classifiers/gmdn_2023.json',
  'CCCE-UA': 'classifiers/ccce_ua.json',
  КПКВ: 'classifiers/kpkv_uk_2025.json',
  КЕКВ: 'classifiers/kekv_uk.json',
};

const idsOf = (data: unknown): Set<string> | null =>
  Array.isArray(data) ? new Set(data.map(String)) : data && typeof data === 'object' ? new Set(Object.keys(data)) : null;

const stringList = (data: unknown): string[] | null => (Array.isArray(data) ? data.map(String) : null);

function readJson(dir: string, rel: string): unknown {
  const file = path.join(dir, rel);
  if (!fs.existsSync(file)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`STANDARDS_DIR: cannot parse ${file}: ${(err as Error).message}`);
  }
}

const typeMap = (data: unknown): Map<string, string> | null =>
  data && typeof data === 'object'
    ? new Map(Object.entries(data as Record<string, { type?: string }>).map(([k, v]) => [k, String(v?.type ?? '')]))
    : null;

export function loadStandards(dir: string | undefined): Standards {
  if (!dir) return NO_STANDARDS;
  if (!fs.existsSync(dir)) throw new Error(`STANDARDS_DIR ${dir} does not exist`);
  const dk021 = readJson(dir, 'classifiers/dk021_uk.json') as Record<string, string> | undefined;
  const units = readJson(dir, 'unit_codes/recommended.json') as Record<string, unknown> | undefined;
  const currencies = readJson(dir, 'codelists/tender/tender_currency.json') as Record<string, unknown> | undefined;
  const funders = readJson(dir, 'codelists/tender/tender_funder.json') as Array<{ identifier?: { scheme?: string; id?: string } }> | undefined;
  const countries = readJson(dir, 'classifiers/countries.json') as Record<string, { name_uk?: string }> | undefined;
  const regions = readJson(dir, 'classifiers/ua_regions.json') as string[] | undefined;
  const codeLists = new Map<string, ReadonlySet<string>>();
  for (const [scheme, file] of Object.entries(ADDITIONAL_CODE_LIST_FILES)) {
    const ids = idsOf(readJson(dir, file));
    if (ids) codeLists.set(scheme, ids);
  }
  const uaRoad = readJson(dir, 'classifiers/ua_road.json');
  return {
    dk021: dk021 ? new Set(Object.keys(dk021)) : null,
    unitCodes: units ? new Set(Object.keys(units)) : null,
    currencies: currencies ? Object.keys(currencies) : null,
    funderIds: funders ? new Set(funders.map((f) => `${f.identifier?.scheme}:${f.identifier?.id}`)) : null,
    countries: countries ? new Set(Object.values(countries).map((c) => c.name_uk ?? '').filter(Boolean)) : null,
    uaRegions: regions ? new Set(regions) : null,
    milestoneTitles: typeMap(readJson(dir, 'codelists/milestones/title.json')),
    milestoneCodes: typeMap(readJson(dir, 'codelists/milestones/code.json')),
    additionalCodeLists: codeLists,
    uaRoadDescriptions:
      uaRoad && typeof uaRoad === 'object' && !Array.isArray(uaRoad)
        ? new Map(Object.entries(uaRoad as Record<string, unknown>).map(([k, v]) => [k, String(v)]))
        : null,
    uaRoadCpvPrefixes: stringList(readJson(dir, 'classifiers/ua_road_cpv_prefixes.json')),
    gmdnCpvPrefixes: stringList(readJson(dir, 'classifiers/gmdn_cpv_prefixes.json')),
    katottg: idsOf(readJson(dir, 'classifiers/katottg.json')),
    causeDetails: loadCauseDetails(dir),
    languages: idsOf(readJson(dir, 'classifiers/languages.json')),
    countryCodes: countries ? new Set(Object.keys(countries)) : null,
    criteriaIds: loadCriteriaIds(dir),
    criteriaRules: loadCriteriaRules(dir),
    budgetClassifications: loadBudgetClassifications(dir),
    funderPrograms: byId(readJson(dir, 'codelists/plans/funder_program.json')),
    planOfUkraine: objectMap(readJson(dir, 'classifiers/plan_of_ukraine.json')),
    uktzed: idsOf(readJson(dir, 'classifiers/uktzed.json')),
    identifierSchemes: identifierSchemesOf(readJson(dir, 'organizations/identifier_scheme.json')),
  };
}

/** КПК codes by year (`classifiers/kpk.json`: each code lists its years) and the ТПКВКМБ codes. */
function loadBudgetClassifications(dir: string): Map<string, ReadonlySet<string>> | null {
  const kpk = readJson(dir, 'classifiers/kpk.json');
  const tkpkmb = idsOf(readJson(dir, 'classifiers/tkpkmb.json'));
  if (!Array.isArray(kpk) && !tkpkmb) return null;
  const out = new Map<string, Set<string>>();
  for (const entry of (Array.isArray(kpk) ? kpk : []) as Array<{ code?: unknown; years?: unknown }>) {
    if (typeof entry?.code !== 'string' || !Array.isArray(entry.years)) continue;
    for (const year of entry.years) {
      const scheme = `КПК-${String(year)}`;
      if (!out.has(scheme)) out.set(scheme, new Set());
      out.get(scheme)!.add(entry.code);
    }
  }
  if (tkpkmb) out.set('ТПКВКМБ', tkpkmb);
  return out;
}

function byId(data: unknown): Map<string, FunderProgram> | null {
  if (!Array.isArray(data)) return null;
  return new Map((data as Array<FunderProgram & { id?: unknown }>).filter((e) => typeof e?.id === 'string').map((e) => [e.id as string, e]));
}

function objectMap(data: unknown): Map<string, { name_uk?: string; name_en?: string }> | null {
  return data && typeof data === 'object' && !Array.isArray(data) ? new Map(Object.entries(data as Record<string, { name_uk?: string; name_en?: string }>)) : null;
}

/** The scheme codes of identifier_scheme.json (`{"data": [{"code": ...}]}` in the standards layout). */
function identifierSchemesOf(data: unknown): Set<string> | null {
  const list = Array.isArray(data) ? data : (data as { data?: unknown } | undefined)?.data;
  if (!Array.isArray(list)) return data && typeof data === 'object' ? new Set(Object.keys(data)) : null;
  return new Set(list.map((e) => (typeof e === 'string' ? e : String((e as { code?: unknown })?.code ?? ''))).filter(Boolean));
}
