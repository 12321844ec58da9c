// Additional-classification rules of a tender item (below-threshold.md §1.4). Code lists that
// are not in STANDARDS_DIR are skipped: without the list there is nothing to check against.
import { dataError } from '../http/errors.ts';
import type { Standards } from '../standards.ts';
import type { Item } from './tender.types.ts';

type Classification = { scheme?: string; id?: string; description?: string };

const NOT_CPV = '99999999-9';
const PHARM_PRODUCTS = '33600000-6';
const PHARM_PREFIX = '336';
const NOT_CPV_SCHEMES = ['ДК003', 'ДК015', 'ДК018', 'specialNorms'];
const INN = 'INN';
const ATC = 'ATC';
const UA_ROAD = 'UA-ROAD';
const GMDN_SCHEMES = ['GMDN', 'GMDN-2023'];
const CCCE_UA = 'CCCE-UA';

/** The item-level error: `items: [{additionalClassifications: …}]`. */
const itemError = (detail: unknown) => dataError('items', [{ additionalClassifications: detail }]);

function codeList(standards: Standards, scheme: string): ReadonlySet<string> | null {
  return standards.additionalCodeLists?.get(scheme) ?? null;
}

/** Ids of schemes with a published code list must come from that list. */
function assertIdsKnown(extra: readonly Classification[], standards: Standards): void {
  for (const c of extra) {
    const known = codeList(standards, String(c.scheme));
    if (known && !known.has(String(c.id))) throw itemError([{ id: [`${c.scheme} id not found in standards`] }]);
    if (c.scheme === UA_ROAD && standards.uaRoadDescriptions) {
      const expected = standards.uaRoadDescriptions.get(String(c.id));
      if (expected !== undefined && expected !== c.description) throw itemError([{ description: [`${UA_ROAD} description invalid`] }]);
    }
  }
}

/** A scheme tied to CPV prefixes: at most one, and only on those CPV codes. */
function assertPrefixBound(cpv: string, count: number, scheme: string, prefixes: readonly string[] | null): void {
  if (!prefixes) return;
  if (prefixes.some((p) => cpv.startsWith(p))) {
    if (count > 1) throw itemError([`Item shouldn't have more than 1 additionalClassification with scheme ${scheme}`]);
  } else if (count !== 0) {
    throw itemError([`Item shouldn't have additionalClassification with scheme ${scheme} for cpv not starts with ${prefixes.join(', ')}`]);
  }
}

/** Per-item rules on `additionalClassifications`, in the reference's order. */
export function assertAdditionalClassifications(item: Item, standards: Standards): void {
  const cpv = String((item.classification as Classification | undefined)?.id ?? '');
  const extra = (item.additionalClassifications ?? []) as Classification[];
  if (cpv === NOT_CPV && extra.length > 0 && !extra.some((c) => NOT_CPV_SCHEMES.includes(String(c.scheme)))) {
    throw itemError([`One of additional classifications should be one of [${NOT_CPV_SCHEMES.join(', ')}].`]);
  }
  assertIdsKnown(extra, standards);
  const count = (schemes: readonly string[]) => extra.filter((c) => schemes.includes(String(c.scheme))).length;
  assertPrefixBound(cpv, count([UA_ROAD]), UA_ROAD, standards.uaRoadCpvPrefixes);
  const gmdn = count(GMDN_SCHEMES);
  if (standards.gmdnCpvPrefixes?.some((p) => cpv.startsWith(p)) && gmdn > 0 && count([INN, ATC]) > 0) {
    throw itemError([`Item shouldn't have additionalClassifications with both schemes ${INN}/${ATC} and GMDN`]);
  }
  assertPrefixBound(cpv, gmdn, 'GMDN', standards.gmdnCpvPrefixes);
  if (count([CCCE_UA]) > 1) throw itemError([`Object shouldn't have more than 1 additionalClassification with scheme ${CCCE_UA}`]);
}

/** Tender-level INN rule for pharmaceuticals: `items: ["…"]`. */
export function assertInnForPharmaceuticals(items: readonly Item[]): void {
  for (const item of items) {
    const cpv = String((item.classification as Classification | undefined)?.id ?? '');
    const inn = ((item.additionalClassifications ?? []) as Classification[]).filter((c) => c.scheme === INN).length;
    if (cpv === PHARM_PRODUCTS && inn !== 1) {
      throw dataError('items', [`Item with classification.id=${PHARM_PRODUCTS} have to contain exactly one additionalClassifications with scheme=${INN}`]);
    }
    if (cpv.startsWith(PHARM_PREFIX) && inn > 1) {
      throw dataError('items', [
        `Item with classification.id that starts with ${PHARM_PREFIX} and contains additionalClassification objects have to contain no more than one additionalClassifications with scheme=${INN}`,
      ]);
    }
  }
}
