// Question input models (below-threshold.md §1.10, §3.2): what an asker posts and what the
// tender owner sends to answer. Server fields (id, date, dateAnswered) are rogue on input.
import { Type } from 'typebox';
import type { ModelSchema } from '../../validation/model-validator.ts';
import { Organization } from './common.schema.ts';
import { Enum, OptStr, Str } from '../../validation/schema-primitives.ts';

export const QUESTION_OF = ['tender', 'item', 'lot'] as const;

export const QuestionCreateInput = Type.Object(
  {
    author: Organization,
    title: Str(),
    description: OptStr(),
    questionOf: Enum(QUESTION_OF, { default: 'tender' }),
    relatedItem: OptStr({ minLength: 1 }),
  },
  { additionalProperties: false, 'x-model': 'Question' },
) as unknown as ModelSchema;

export const QuestionAnswerInput = Type.Object(
  { answer: Str() },
  { additionalProperties: false, 'x-model': 'Question' },
) as unknown as ModelSchema;
