// Cancellation input models (below-threshold.md §1.15, §3.8). Server fields (id, date,
// cancellationOf) are rogue on input except `cancellationOf`, which the reference accepts and
// recomputes from `relatedLot`. `reasonType` is checked by the cancellation rules, not the model,
// because its choices depend on the tender (the reference reports it after the status checks).
import { Type } from 'typebox';
import type { ModelSchema } from '../../validation/model-validator.ts';
import { Enum, Hex32, OptStr, i18n } from '../../validation/schema-primitives.ts';
import { DocumentInput } from '../../documents/document.schema.ts';

/** Statuses a POST may name (the cancellation is stored as `draft` whatever is sent). */
export const CANCELLATION_POST_STATUSES = ['draft', 'pending', 'active'] as const;
/** Statuses a PATCH may name at model level. */
export const CANCELLATION_PATCH_STATUSES = ['draft', 'pending', 'active', 'unsuccessful'] as const;

export const CancellationCreateInput = Type.Object(
  {
    ...i18n('reason', true),
    reasonType: OptStr(),
    status: Type.Optional(Enum(CANCELLATION_POST_STATUSES)),
    cancellationOf: Type.Optional(Enum(['tender', 'lot'] as const)),
    relatedLot: Type.Optional(Hex32()),
    documents: Type.Optional(Type.Array(DocumentInput)),
  },
  { additionalProperties: false, 'x-model': 'Cancellation' },
) as unknown as ModelSchema;

export const CancellationPatchInput = Type.Object(
  {
    status: Type.Optional(Enum(CANCELLATION_PATCH_STATUSES)),
    reasonType: OptStr(),
  },
  { additionalProperties: false, 'x-model': 'Cancellation' },
) as unknown as ModelSchema;
