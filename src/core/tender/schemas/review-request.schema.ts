// Inspector review request input models (below-threshold.md §8.1).
import { Type } from 'typebox';
import type { ModelSchema } from '../../validation/model-validator.ts';
import { OptStr } from '../../validation/schema-primitives.ts';

/** The tender owner asks for a review of the tender (or of one lot in the awarding statuses). */
export const ReviewRequestCreateInput = Type.Object(
  { lotID: OptStr() },
  { additionalProperties: false, 'x-model': 'ReviewRequest' },
) as unknown as ModelSchema;

/** The inspector's answer. */
export const ReviewRequestAnswerInput = Type.Object(
  { approved: Type.Boolean(), description: OptStr() },
  { additionalProperties: false, 'x-model': 'ReviewRequest' },
) as unknown as ModelSchema;
