// Award PATCH input (below-threshold.md §1.13): what the tender owner may send. Server fields
// (id, bid_id, value, suppliers, periods, ...) and `eligible` are rogue.
import { Type } from 'typebox';
import type { ModelSchema } from '../../validation/model-validator.ts';
import { Item } from './common.schema.ts';
import { Enum, i18n } from '../../validation/schema-primitives.ts';
import { AWARD_STATUSES } from '../award.state.ts';

export const AwardPatchInput = Type.Object(
  {
    status: Type.Optional(Enum(AWARD_STATUSES)),
    qualified: Type.Optional(Type.Boolean()),
    ...i18n('title'),
    ...i18n('description'),
    items: Type.Optional(Type.Array(Item)),
  },
  { additionalProperties: false, 'x-model': 'Award' },
) as unknown as ModelSchema;
