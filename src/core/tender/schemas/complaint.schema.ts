// Review-body complaint input models (open-procedures.md §2.2, §2.4): what the complainant posts,
// and one PATCH model per action. As with claims, the action is chosen from the caller's role and
// the status move before the body is read, so a field the action does not take is a Rogue field.
import { Type, type TSchema } from 'typebox';
import type { ModelSchema } from '../../validation/model-validator.ts';
import { BasicValue, Identifier, organizationFields } from './common.schema.ts';
import { DateTime, Enum, Hex32, OptStr, Str } from '../../validation/schema-primitives.ts';
import { DocumentInput } from '../../documents/document.schema.ts';

/** Why a complaint was left without review (the reference's model choices; the code list names the same keys). */
export const COMPLAINT_REJECT_REASONS = [
  'buyerViolationsCorrected', 'lawNonCompliance', 'alreadyExists', 'tenderCancelled', 'cancelledByComplainant', 'complaintPeriodEnded', 'incorrectPayment',
] as const;

const model = (name: string, properties: Parameters<typeof Type.Object>[0]): ModelSchema =>
  Type.Object(properties, { additionalProperties: false, 'x-model': name }) as unknown as ModelSchema;

/** The complainant's identifier: its id and legal name are required (tenders after 2020-05-15). */
const ComplaintIdentifier = Type.Object(
  { ...Identifier.properties, id: Str({ minLength: 1, 'x-messages': { minLength: 'This field is required.' } }), legalName: Str({ minLength: 1, 'x-messages': { minLength: 'This field is required.' } }) },
  { additionalProperties: false, 'x-model': 'ComplaintIdentifier' },
);

const ComplaintOrganization = Type.Object({ ...organizationFields, identifier: ComplaintIdentifier }, { additionalProperties: false, 'x-model': 'ComplaintOrganization' });

const optionalFields = (fields: Record<string, unknown>): Record<string, TSchema> =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Type.Optional(v as TSchema)]));

/** An organization patch: every field optional, the identifier too (merged onto the stored one, then checked whole). */
const ComplaintOrganizationPatch = Type.Object(
  {
    ...optionalFields(organizationFields),
    identifier: Type.Optional(Type.Object(optionalFields(ComplaintIdentifier.properties), { additionalProperties: false, 'x-model': 'ComplaintIdentifier' })),
  },
  { additionalProperties: false, 'x-model': 'ComplaintOrganization' },
);

/**
 * Objections (a later extension, §2.8) are kept as the complainant sends them: objects with at
 * least one entry; their inner rules are not enforced here.
 */
const Objections = Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }), { minItems: 1 }));

export const ComplaintCreateInput = model('Complaint', {
  title: Str(),
  description: OptStr(),
  author: ComplaintOrganization,
  type: Enum(['complaint'] as const, { 'x-messages': { required: 'This field is required' } }),
  // Created as a draft whatever is sent (payment moves it on).
  status: Enum(['draft', 'pending'] as const, { default: 'draft' }),
  relatedLot: Type.Optional(Hex32()),
  objections: Objections,
  documents: Type.Optional(Type.Array(DocumentInput)),
});

/** Complainant: edit the draft, or withdraw it (`mistaken`). */
export const ComplaintDraftPatch = model('Complaint', {
  status: Type.Optional(Enum(['draft', 'pending', 'mistaken'] as const)),
  author: Type.Optional(ComplaintOrganizationPatch),
  title: OptStr(),
  description: OptStr(),
  objections: Objections,
});

/** Payment robot: the fee arrived (`pending`) or the payment was wrong (`mistaken`). */
export const ComplaintBotPatch = model('Complaint', {
  status: Type.Optional(Enum(['pending', 'mistaken'] as const)),
  rejectReason: Type.Optional(Enum(COMPLAINT_REJECT_REASONS)),
});

/** Tender owner: report what it did about a pending or accepted complaint. */
export const ComplaintTendererActionPatch = model('Complaint', {
  tendererAction: OptStr(),
});

/** Tender owner: report the fix of a satisfied complaint, resolving it. */
export const ComplaintTendererResolvePatch = model('Complaint', {
  tendererAction: OptStr(),
  status: Type.Optional(Enum(['satisfied', 'resolved'] as const)),
});

/** Review body: its decision and the review's date and place. */
export const ComplaintReviewPatch = model('Complaint', {
  status: Type.Optional(Enum(['accepted', 'declined', 'satisfied', 'invalid', 'mistaken', 'stopped'] as const)),
  decision: OptStr(),
  rejectReason: Type.Optional(Enum(COMPLAINT_REJECT_REASONS)),
  rejectReasonDescription: OptStr(),
  reviewDate: Type.Optional(DateTime()),
  reviewPlace: OptStr(),
});

/** Administrator: only the fee. */
export const ComplaintAdministratorPatch = model('Complaint', {
  value: Type.Optional(BasicValue),
});
