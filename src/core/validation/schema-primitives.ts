// TypeBox building blocks every model uses (strings, date-times, hex ids, i18n triplets, enums,
// closed objects), with the reference's conventions.
import { Type } from 'typebox';

export const Str = (opts: Record<string, unknown> = {}) => Type.String(opts);
export const OptStr = (opts: Record<string, unknown> = {}) => Type.Optional(Type.String(opts));
export const DateTime = () => Type.String({ format: 'date-time' });
export const OptDateTime = () => Type.Optional(DateTime());
export const Hex32 = () => Type.String({ pattern: '^[0-9a-f]{32}$' });

/** `title`, `title_en`, `title_ru` style i18n triplets. */
export const i18n = (name: string, required = false, opts: Record<string, unknown> = {}) => ({
  [name]: required ? Type.String(opts) : Type.Optional(Type.String(opts)),
  [`${name}_en`]: Type.Optional(Type.String(opts)),
  [`${name}_ru`]: Type.Optional(Type.String(opts)),
});

export const Enum = <T extends string>(values: readonly T[], opts: Record<string, unknown> = {}) =>
  Type.Union(values.map((v) => Type.Literal(v)), opts);

/** Object options of a closed model: unknown keys are rogue; `x-model` names it in type errors. */
export const closed = (name: string) => ({ additionalProperties: false, 'x-model': name });
