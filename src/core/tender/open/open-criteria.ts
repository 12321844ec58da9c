// The open family's current required criteria (criteria.md §2.3), in the standards' rules-file
// form, for deployments that run without a standards directory (with one, its rules file wins).
import type { CriteriaRuleSet } from '../criteria/criteria-activation.ts';

const required = (ids: readonly string[]): Record<string, readonly string[]> => Object.fromEntries(ids.map((id) => [id, ['required']]));

export const OPEN_REQUIRED_CRITERIA: CriteriaRuleSet = {
  ...required([
    'CRITERION.EXCLUSION.CONVICTIONS.PARTICIPATION_IN_CRIMINAL_ORGANISATION',
    'CRITERION.EXCLUSION.CONVICTIONS.FRAUD',
    'CRITERION.EXCLUSION.CONVICTIONS.CORRUPTION',
    'CRITERION.EXCLUSION.CONVICTIONS.CHILD_LABOUR-HUMAN_TRAFFICKING',
    'CRITERION.EXCLUSION.BUSINESS.BANKRUPTCY',
    'CRITERION.EXCLUSION.MISCONDUCT.MARKET_DISTORTION',
    'CRITERION.EXCLUSION.CONFLICT_OF_INTEREST.MISINTERPRETATION',
    'CRITERION.EXCLUSION.NATIONAL.OTHER',
    'CRITERION.EXCLUSION.CONVICTIONS.TERRORIST_OFFENCES',
    'CRITERION.EXCLUSION.CONFLICT_OF_INTEREST.EARLY_TERMINATION',
    'CRITERION.OTHER.BID.LANGUAGE',
    'CRITERION.OTHER.BID.VALIDITY_PERIOD',
  ]),
  'CRITERION.SELECTION.TECHNICAL_PROFESSIONAL_ABILITY.MANAGEMENT.SUBCONTRACTING_PROPORTION': ['required_works', 'required_services'],
  'CRITERION.SELECTION.ECONOMIC_FINANCIAL_STANDING': ['required_article_16'],
};
