// `causeDetails` of limited procedures (open-procedures.md §6.2): why the procuring entity buys
// without competition. The code must be in the procedure's active code list from STANDARDS_DIR
// (`<procurementMethodType>.json`; without one only the format is checked); the server copies scheme, titles and uri from the list.
import { Type } from 'typebox';
import { dataError } from '../../http/errors.ts';
import { pyRepr } from '../../validation/model-validator.ts';
import { jsonEqual } from '../../state/json-equal.ts';
import type { CauseDetailsEntry } from '../../standards.ts';
import type { RuleContext, TenderRule } from '../procedure.ts';
import { tenderCreatedAfter } from '../rule-dates.ts';
import type { Tender } from '../tender.types.ts';

export const CAUSE_SCHEMES = ['DECREE1178', 'LAW922', 'DECREE1275'] as const;

export const CauseDetailsInput = Type.Object(
  {
    code: Type.String(),
    title: Type.Optional(Type.String()),
    title_en: Type.Optional(Type.String()),
    scheme: Type.Optional(Type.Union(CAUSE_SCHEMES.map((s) => Type.Literal(s)))),
    description: Type.Optional(Type.String()),
    description_en: Type.Optional(Type.String()),
    uri: Type.Optional(Type.String()),
  },
  { additionalProperties: false, 'x-model': 'CauseDetails' },
);

/** The legacy free-text cause fields: accepted by the model, refused for current tenders. */
export const LEGACY_CAUSE_FIELDS = ['cause', 'causeDescription', 'causeDescription_en', 'causeDescription_ru'] as const;

export interface CauseDetails {
  code?: string;
  description?: string;
  [key: string]: unknown;
}

const causeDetailsOf = (t: Tender): CauseDetails | undefined => t.causeDetails as CauseDetails | undefined;

/** The code's entry fields the server overwrites, in the list's naming. */
const COPIED_FIELDS: ReadonlyArray<[keyof CauseDetails & string, keyof CauseDetailsEntry]> = [
  ['scheme', 'scheme'],
  ['title', 'title_uk'],
  ['title_en', 'title_en'],
  ['uri', 'uri'],
];

/**
 * Checks a changed `causeDetails` against the code list and fills in the list's fields; an
 * absent list (no STANDARDS_DIR) leaves only the description rule.
 */
export function checkAndEnrichCauseDetails(details: CauseDetails, list: ReadonlyMap<string, CauseDetailsEntry> | undefined): CauseDetails {
  if (list && !list.has(String(details.code))) {
    throw dataError('causeDetails', { code: [`Value must be one of ${pyRepr([...list.keys()])}.`] });
  }
  if (details.code && !details.description) throw dataError('causeDetails', { description: ['This field is required.'] });
  const entry = list?.get(String(details.code));
  if (!entry) return details;
  const enriched = { ...details };
  for (const [field, source] of COPIED_FIELDS) if (entry[source] !== undefined) enriched[field] = entry[source];
  return enriched;
}

/**
 * The limited procedures' rule: a cause required when `required` says so (tenders after the
 * cause-details date), legacy fields refused, the code checked against the procedure's list and enriched.
 */
export function causeDetailsRule(required: (t: Tender) => boolean): TenderRule {
  return (rc: RuleContext) => {
    const t = rc.tender;
    const details = causeDetailsOf(t);
    // Older tenders kept the legacy free-text cause; their causeDetails is still checked below.
    if (tenderCreatedAfter(t, 'causeDetailsRequired')) {
      if (!details && required(t)) throw dataError('causeDetails', 'This field is required.');
      for (const field of LEGACY_CAUSE_FIELDS) if (t[field]) throw dataError(field, 'Rogue field.');
    }
    if (!details || (rc.before && jsonEqual(causeDetailsOf(rc.before), details))) return;
    t.causeDetails = checkAndEnrichCauseDetails(details, rc.standards.causeDetails?.get(String(t.procurementMethodType)));
  };
}
