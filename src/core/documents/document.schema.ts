// Document models (platform.md §6.1, §6.2): what a client posts, what a metadata PATCH may change,
// what a stored document may hold.
import { Type } from 'typebox';
import { Enum, Hex32, OptDateTime, OptStr, Str, closed, i18n } from '../validation/schema-primitives.ts';

export const DOCUMENT_TYPES = [
  'tenderNotice', 'awardNotice', 'contractNotice', 'notice', 'biddingDocuments', 'technicalSpecifications',
  'evaluationCriteria', 'clarifications', 'shortlistedFirms', 'riskProvisions', 'billOfQuantity', 'bidders',
  'conflictOfInterest', 'debarments', 'evaluationReports', 'winningBid', 'complaints', 'contractSigned',
  'contractArrangements', 'contractSchedule', 'contractAnnexe', 'contractGuarantees', 'subContract',
  'eligibilityCriteria', 'contractProforma', 'commercialProposal', 'qualificationDocuments', 'eligibilityDocuments',
  'registerExtract', 'registerUSR', 'registerFiscal', 'evidence', 'register', 'proposal', 'extensionReport',
  'deviationReport', 'cancellationReport', 'acceptanceReport',
] as const;

/** A document as a client posts it (platform.md §6.1); server fields are rogue. */
export const DocumentInput = Type.Object(
  {
    id: Type.Optional(Hex32()),
    ...i18n('title', true),
    ...i18n('description'),
    format: Str({ pattern: '^[-\\w]+/[-\\.\\w\\+]+$' }),
    url: Str(),
    hash: OptStr(),
    documentType: Type.Optional(Enum(DOCUMENT_TYPES)),
    documentOf: Enum(['tender', 'item', 'lot'] as const, { default: 'tender' }),
    relatedItem: OptStr(),
    language: Enum(['uk', 'en', 'ru'] as const, { default: 'uk' }),
    confidentiality: Enum(['public', 'buyerOnly'] as const, { default: 'public' }),
    confidentialityRationale: OptStr(),
    isDescriptionDecision: Type.Optional(Type.Boolean()),
  },
  closed('Document'),
);

/** PATCH of a document's metadata (platform.md §6.2): every client field but `id`, `url`, `hash`; nothing required. */
export const DocumentPatch = Type.Object(
  Object.fromEntries(
    Object.entries(DocumentInput.properties)
      .filter(([key]) => key !== 'id' && key !== 'url' && key !== 'hash')
      .map(([key, schema]) => [key, Type.Optional(schema)]),
  ),
  closed('Document'),
);

/** What a stored document may hold (input plus server fields) — for re-validation of merged tenders. */
export const StoredDocument = Type.Object(
  {
    ...DocumentInput.properties,
    datePublished: OptDateTime(),
    dateModified: OptDateTime(),
    author: OptStr(),
  },
  { additionalProperties: false, 'x-model': 'Document' },
);
