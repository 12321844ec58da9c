// Validates request data against a TypeBox (JSON Schema) model and reports errors in the
// reference's nested shape (platform.md §2.5): a primitive field's errors are a list of strings,
// a sub-model's errors an object keyed by field, a list's errors a list holding one entry per
// failing element. Unknown keys are "Rogue field"; nothing is coerced (form-encoded bodies are the
// one exception: their string leaves are converted to the schema's scalar types).
import { parseIso } from '../time/iso.ts';
import type { WireError } from '../http/errors.ts';
import { isExactAsDouble } from './exact-decimal.ts';

/** JSON-schema subset our models use. `x-model` names the model in type errors, `x-messages` overrides texts by keyword. */
export interface ModelSchema {
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';
  properties?: Record<string, ModelSchema>;
  required?: string[];
  additionalProperties?: boolean | ModelSchema;
  items?: ModelSchema;
  anyOf?: ModelSchema[];
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
  'x-model'?: string;
  'x-messages'?: Partial<Record<'required' | 'type' | 'enum' | 'minimum' | 'maximum' | 'minLength' | 'pattern' | 'format' | 'minItems', string>>;
  /** Keep the value exactly as sent (no date normalisation). */
  'x-raw'?: boolean;
}

export interface ValidateOptions {
  /** Convert string leaves to numbers/booleans where the schema wants them (form-encoded bodies). */
  coerceStrings?: boolean;
  /**
   * Fill schema defaults for absent top-level fields (false for PATCH input, where absent means
   * "unchanged"). Nested objects always get their defaults: a PATCH replaces them whole.
   */
  applyDefaults?: boolean;
}

export type FieldErrors = Record<string, unknown>;

export interface ValidationResult<T> {
  value: T;
  /** null when valid; else top-level field → description. */
  errors: FieldErrors | null;
}

const NO_ERROR = Symbol('no-error');
type Checked = { value: unknown; error: unknown };

/** Python-style repr used inside reference messages (`['open', 'selective']`, `True`). */
export function pyRepr(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null || v === undefined) return 'None';
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  return String(v);
}

function pyTypeName(v: unknown): string {
  if (typeof v === 'string') return 'str';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (Array.isArray(v)) return 'list';
  if (v === null) return 'NoneType';
  return 'dict';
}

function pyNumber(n: number): string {
  return String(n);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function message(schema: ModelSchema, keyword: keyof NonNullable<ModelSchema['x-messages']>, fallback: string): string {
  return schema['x-messages']?.[keyword] ?? fallback;
}

function enumValues(schema: ModelSchema): unknown[] | null {
  if (schema.enum) return schema.enum;
  if (schema.anyOf && schema.anyOf.length > 0 && schema.anyOf.every((s) => 'const' in s)) return schema.anyOf.map((s) => s.const);
  return null;
}

/** The reference tolerates `{"0": {...}, "1": {...}}` where a list is expected. */
function listFromNumericKeys(v: Record<string, unknown>): unknown[] | null {
  const keys = Object.keys(v);
  if (keys.length === 0 || !keys.every((k) => /^\d+$/.test(k))) return null;
  return keys.sort((a, b) => Number(a) - Number(b)).map((k) => v[k]);
}

function checkValue(schema: ModelSchema, input: unknown, opts: ValidateOptions): Checked {
  const values = enumValues(schema);
  let value = input;

  if (opts.coerceStrings && typeof value === 'string') {
    const t = schema.type ?? (values && typeof values[0] === 'number' ? 'number' : undefined);
    // A numeral a double would round (too many digits) stays text and is refused, never stored rounded.
    if ((t === 'number' || t === 'integer') && Number.isFinite(Number(value)) && isExactAsDouble(value)) value = Number(value);
    else if (t === 'boolean' && (value === 'true' || value === 'false')) value = value === 'true';
  }

  if (values) {
    if (!values.some((c) => c === value)) {
      return { value, error: [message(schema, 'enum', `Value must be one of ${pyRepr(values)}.`)] };
    }
    return { value, error: NO_ERROR };
  }

  switch (schema.type) {
    case 'object':
      return checkObject(schema, value, { ...opts, applyDefaults: true });
    case 'array': {
      let list: unknown[] | null = Array.isArray(value) ? value : isPlainObject(value) ? listFromNumericKeys(value) : null;
      if (list === null) return { value, error: [message(schema, 'type', 'Could not interpret the value as a list')] };
      if (schema.minItems !== undefined && list.length < schema.minItems) {
        return { value: list, error: [message(schema, 'minItems', `Please provide at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}.`)] };
      }
      if (schema.maxItems !== undefined && list.length > schema.maxItems) {
        return { value: list, error: [`Please provide no more than ${schema.maxItems} item${schema.maxItems === 1 ? '' : 's'}.`] };
      }
      const errors: unknown[] = [];
      const out: unknown[] = [];
      for (const el of list) {
        const r = schema.items ? checkValue(schema.items, el, opts) : { value: el, error: NO_ERROR };
        out.push(r.value);
        if (r.error !== NO_ERROR) errors.push(r.error);
      }
      list = out;
      return { value: list, error: errors.length > 0 ? errors : NO_ERROR };
    }
    case 'string': {
      if (typeof value !== 'string') {
        return { value, error: [message(schema, 'type', `Couldn't interpret ${pyRepr(value)} as string.`)] };
      }
      if (schema.format === 'date-time' && !schema['x-raw']) {
        const parsed = parseIso(value);
        if (!parsed) return { value, error: [message(schema, 'format', `Could not parse ${value}. Should be ISO8601.`)] };
        value = parsed.normalized;
      } else if (schema.format === 'uri' && !isWellFormedUrl(value)) {
        return { value, error: [message(schema, 'format', 'Not a well formed URL.')] };
      } else if (schema.format === 'email' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) {
        return { value, error: [message(schema, 'format', 'Not a well formed email address.')] };
      }
      if (schema.minLength !== undefined && (value as string).length < schema.minLength) {
        return { value, error: [message(schema, 'minLength', 'String value is too short.')] };
      }
      if (schema.maxLength !== undefined && (value as string).length > schema.maxLength) {
        return { value, error: ['String value is too long.'] };
      }
      if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value as string)) {
        return { value, error: [message(schema, 'pattern', 'String value did not match validation regex.')] };
      }
      return { value, error: NO_ERROR };
    }
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        const text = schema.type === 'integer' ? `Value ${pyRepr(value)} is not int.` : `Number ${pyRepr(value)} failed to convert to a decimal.`;
        return { value, error: [message(schema, 'type', text)] };
      }
      if (schema.type === 'integer' && !Number.isInteger(value)) {
        return { value, error: [message(schema, 'type', `Value ${pyRepr(value)} is not int.`)] };
      }
      const kind = schema.type === 'integer' ? 'Int' : 'Float';
      if (schema.minimum !== undefined && value < schema.minimum) {
        return { value, error: [message(schema, 'minimum', `${kind} value should be greater than or equal to ${pyNumber(schema.minimum)}.`)] };
      }
      if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) {
        return { value, error: [message(schema, 'minimum', `${kind} value should be greater than ${pyNumber(schema.exclusiveMinimum)}.`)] };
      }
      if (schema.maximum !== undefined && value > schema.maximum) {
        return { value, error: [message(schema, 'maximum', `${kind} value should be less than or equal to ${pyNumber(schema.maximum)}.`)] };
      }
      return { value, error: NO_ERROR };
    }
    case 'boolean':
      if (typeof value !== 'boolean') return { value, error: [message(schema, 'type', 'Must be either true or false.')] };
      return { value, error: NO_ERROR };
    default:
      return { value, error: NO_ERROR };
  }
}

function isWellFormedUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'ftp:') && u.hostname !== '';
  } catch {
    return false;
  }
}

function checkObject(schema: ModelSchema, value: unknown, opts: ValidateOptions): Checked {
  if (!isPlainObject(value)) {
    const model = schema['x-model'] ?? 'Model';
    return { value, error: [`Please use a mapping for this field or ${model} instance instead of ${pyTypeName(value)}.`] };
  }
  const props = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const errors: FieldErrors = {};
  const out: Record<string, unknown> = {};

  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(props, key)) {
      if (schema.additionalProperties === false || schema.additionalProperties === undefined) {
        errors[key] = 'Rogue field';
      } else {
        out[key] = value[key];
      }
    }
  }
  for (const [key, propSchema] of Object.entries(props)) {
    let v = value[key];
    if (v === undefined || v === null) {
      if (opts.applyDefaults !== false && propSchema.default !== undefined) {
        out[key] = structuredClone(propSchema.default);
      } else if (required.has(key)) {
        errors[key] = [message(propSchema, 'required', 'This field is required.')];
      }
      continue;
    }
    const r = checkValue(propSchema, v, opts);
    v = r.value;
    if (r.error !== NO_ERROR) errors[key] = r.error;
    else out[key] = v;
  }
  return { value: out, error: Object.keys(errors).length > 0 ? errors : NO_ERROR };
}

/** Validates `input` against an object model. */
export function validateModel<T = Record<string, unknown>>(schema: ModelSchema, input: unknown, opts: ValidateOptions = {}): ValidationResult<T> {
  const r = checkObject(schema, input, opts);
  if (r.error === NO_ERROR) return { value: r.value as T, errors: null };
  const errors = Array.isArray(r.error) ? { data: r.error } : (r.error as FieldErrors);
  return { value: r.value as T, errors };
}

/** Top-level field errors → the wire list, one entry per field. */
export function toWireErrors(errors: FieldErrors): WireError[] {
  return Object.entries(errors).map(([name, description]) => ({ location: 'body' as const, name, description }));
}
