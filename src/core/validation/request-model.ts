// A request body read with a model: the value (defaults applied when asked), or the 422 listing
// what is wrong. Form-encoded bodies carry strings, converted to the model's types.
import type { RequestCtx } from '../context.ts';
import { ApiError } from '../http/errors.ts';
import { validateModel, toWireErrors, type ModelSchema } from './model-validator.ts';

export function validateOrThrow<T>(schema: ModelSchema, input: unknown, ctx: RequestCtx, applyDefaults: boolean): T {
  const r = validateModel<T>(schema, input, { applyDefaults, coerceStrings: ctx.req.formEncoded === true });
  if (r.errors) throw new ApiError(422, toWireErrors(r.errors));
  return r.value;
}
