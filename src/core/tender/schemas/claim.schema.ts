// Claim input models (below-threshold.md §1.11, §3.3): what the author posts, and one PATCH model
// per action (the action is chosen from the caller's role and the status move before the body is
// read, so a field the action does not take is a Rogue field).
import { Type } from 'typebox';
import type { ModelSchema } from '../../validation/model-validator.ts';
import { Organization, organizationFields } from './common.schema.ts';
import { Enum, OptStr, Str } from '../../validation/schema-primitives.ts';
import { DocumentInput } from '../../documents/document.schema.ts';

export const CLAIM_RESOLUTION_TYPES = ['invalid', 'resolved', 'declined'] as const;

const model = (name: string, properties: Parameters<typeof Type.Object>[0]): ModelSchema =>
  Type.Object(properties, { additionalProperties: false, 'x-model': name }) as unknown as ModelSchema;

/** An organization patch: every field optional. */
const OrganizationPatch = Type.Object(
  Object.fromEntries(Object.entries(organizationFields).map(([k, v]) => [k, Type.Optional(v)])),
  { additionalProperties: false, 'x-model': 'Organization' },
);

export const ClaimCreateInput = model('Claim', {
  title: Str(),
  description: OptStr(),
  author: Organization,
  // Sent as `claim`; missing → the reference's message without the trailing period.
  type: Enum(['claim'] as const, { 'x-messages': { required: 'This field is required' } }),
  status: Enum(['draft', 'claim'] as const, { default: 'draft' }),
  documents: Type.Optional(Type.Array(DocumentInput)),
});

/** Author: edit or submit a draft. */
export const ClaimDraftPatch = model('Claim', {
  title: OptStr(),
  description: OptStr(),
  author: Type.Optional(OrganizationPatch),
  status: Type.Optional(Enum(['draft', 'claim'] as const)),
});

/** Author: withdraw the claim. */
export const ClaimCancellationPatch = model('Claim', {
  status: Type.Optional(Enum(['cancelled'] as const)),
  cancellationReason: OptStr(),
});

/** Author: say whether the answer satisfies. */
export const ClaimSatisfactionPatch = model('Claim', {
  status: Type.Optional(Enum(['resolved'] as const)),
  satisfied: Type.Optional(Type.Boolean()),
});

/** Tender owner: answer the claim. */
export const ClaimAnswerPatch = model('Claim', {
  status: Type.Optional(Enum(['answered'] as const)),
  resolution: OptStr(),
  resolutionType: Type.Optional(Enum(CLAIM_RESOLUTION_TYPES)),
  tendererAction: OptStr(),
});
