// Tender criteria for tests: the shape the standards' criteria files give, one group, one
// requirement each (criteria.md §1, §2.1), and the open family's required set built from them.
import type { Json } from './api.ts';
import { OPEN_REQUIRED_CRITERIA } from '../../src/core/tender/open/open-criteria.ts';

const LEGISLATION = [
  {
    version: '2020-04-19',
    identifier: { id: '922-VIII', legalName: 'Закон України "Про публічні закупівлі"', uri: 'https://zakon.rada.gov.ua/laws/show/922-19' },
    type: 'NATIONAL_LEGISLATION',
    article: '17.1.1',
  },
];

/** A `tenderer` criterion with one boolean requirement (`expectedValue: true`) and, optionally, an evidence. */
export function criterion(id: string, opts: { source?: string; relatesTo?: string; relatedItem?: string; evidence?: boolean } = {}): Json {
  return {
    title: `Критерій ${id}`,
    source: opts.source ?? 'tenderer',
    relatesTo: opts.relatesTo ?? 'tender',
    ...(opts.relatedItem ? { relatedItem: opts.relatedItem } : {}),
    classification: { scheme: 'ESPD211', id },
    legislation: LEGISLATION,
    requirementGroups: [
      {
        description: 'Учасник підтверджує, що',
        requirements: [
          {
            title: `Вимога ${id}`,
            dataType: 'boolean',
            expectedValue: true,
            ...(opts.evidence ? { eligibleEvidences: [{ title: 'Довідка', type: 'document' }] } : {}),
          },
        ],
      },
    ],
  };
}

/** The language criterion: a string requirement answered with language codes. */
export function languageCriterion(): Json {
  return {
    ...criterion('CRITERION.OTHER.BID.LANGUAGE'),
    requirementGroups: [
      { description: 'Мова', requirements: [{ title: 'Мова тендерної пропозиції', dataType: 'string', expectedValues: ['ukr', 'eng'], expectedMinItems: 1 }] },
    ],
  };
}

/**
 * Every criterion an open tender of `type` and category needs at publication (criteria.md §2.3):
 * the exclusion set (procuring-entity sourced where the law says so), language, validity period,
 * and for works/services subcontracting and one article-16 criterion.
 */
export function requiredOpenCriteria(type: 'aboveThreshold' | 'aboveThresholdUA' | 'aboveThresholdEU', category = 'services'): Json[] {
  const exclusion = Object.keys(OPEN_REQUIRED_CRITERIA).filter((id) => id.startsWith('CRITERION.EXCLUSION.'));
  const ids = [...exclusion, ...(type === 'aboveThresholdUA' ? ['CRITERION.EXCLUSION.CONTRIBUTIONS.PAYMENT_OF_TAXES'] : [])];
  const byEntity = new Set(['CRITERION.EXCLUSION.MISCONDUCT.MARKET_DISTORTION', 'CRITERION.EXCLUSION.CONFLICT_OF_INTEREST.MISINTERPRETATION']);
  const out = [...ids.map((id) => criterion(id, { source: byEntity.has(id) ? 'procuringEntity' : 'tenderer' })), languageCriterion(), criterion('CRITERION.OTHER.BID.VALIDITY_PERIOD')];
  if (category !== 'goods') {
    out.push(criterion('CRITERION.SELECTION.TECHNICAL_PROFESSIONAL_ABILITY.MANAGEMENT.SUBCONTRACTING_PROPORTION'));
    out.push(criterion('CRITERION.SELECTION.ECONOMIC_FINANCIAL_STANDING'));
  }
  return out;
}

/** Responses meeting every tenderer criterion of `criteria` (as the server returned them). */
export function responsesTo(criteria: Json[]): Json[] {
  const out: Json[] = [];
  for (const c of criteria) {
    if (c.source !== 'tenderer' && c.source !== 'winner') continue;
    const group = (c.requirementGroups as Json[])[0]!;
    for (const r of (group.requirements as Json[]).filter((x) => x.status === 'active')) {
      const numeric = r.dataType === 'number' || r.dataType === 'integer';
      out.push(Array.isArray(r.expectedValues) ? { requirement: { id: r.id }, values: [r.expectedValues[0]] } : { requirement: { id: r.id }, value: r.expectedValue ?? (numeric ? r.minValue : true) });
    }
  }
  return out;
}
