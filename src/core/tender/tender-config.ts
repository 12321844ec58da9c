// Tender `config` (below-threshold.md §0.3): submitted once at creation, validated against the
// procedure's JSON-schema-like spec with the reference's (Python jsonschema) messages, immutable after.
import { ApiError, type WireError } from '../http/errors.ts';
import { pyRepr } from '../validation/model-validator.ts';
import type { ProcedureModule } from './procedure.ts';

export interface ConfigKeySpec {
  type: 'boolean' | 'integer';
  /** Allowed values (`enum`), when restricted. */
  enum?: readonly (boolean | number)[];
  minimum?: number;
  maximum?: number;
  default: boolean | number;
  /** Optional at creation (filled with the default). */
  optional?: boolean;
}

export type TenderConfigSpec = Readonly<Record<string, ConfigKeySpec>>;
export type TenderConfig = Record<string, boolean | number>;

const configError = (name: string, description: unknown): ApiError =>
  new ApiError(422, [{ location: 'body', name, description } satisfies WireError]);

/** Validates a create-time config; returns the complete config with defaults. */
export function validateTenderConfig(spec: TenderConfigSpec, input: unknown, opts: { coerceStrings?: boolean } = {}): TenderConfig {
  if (input === undefined || input === null) input = {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw configError('config', `${pyRepr(input)} is not of type 'object'`);
  }
  const given = input as Record<string, unknown>;
  // Missing keys are reported first, one at a time, before schema validation.
  for (const [key, s] of Object.entries(spec)) {
    if (!s.optional && (given[key] === undefined || given[key] === null)) {
      throw configError(`config.${key}`, 'This field is required.');
    }
  }
  const extra = Object.keys(given).filter((k) => !(k in spec));
  if (extra.length > 0) {
    throw configError('config', `Additional properties are not allowed (${extra.map((k) => `'${k}'`).join(', ')} ${extra.length === 1 ? 'was' : 'were'} unexpected)`);
  }
  const out: TenderConfig = {};
  for (const [key, s] of Object.entries(spec)) {
    let v = given[key];
    // Form-encoded bodies carry strings: convert them to the key's type first (platform.md §2.1).
    if (opts.coerceStrings && typeof v === 'string') {
      if (s.type === 'boolean' && (v === 'true' || v === 'false')) v = v === 'true';
      else if (s.type === 'integer' && /^-?\d+$/.test(v.trim())) v = Number(v);
    }
    if (v === undefined || v === null) {
      out[key] = s.default;
      continue;
    }
    const okType = s.type === 'boolean' ? typeof v === 'boolean' : typeof v === 'number' && Number.isInteger(v);
    if (!okType) throw configError(`config.${key}`, `${pyRepr(v)} is not of type '${s.type}'`);
    const value = v as boolean | number;
    if (s.minimum !== undefined && (value as number) < s.minimum) throw configError(`config.${key}`, `${value} is less than the minimum of ${s.minimum}`);
    if (s.maximum !== undefined && (value as number) > s.maximum) throw configError(`config.${key}`, `${value} is greater than the maximum of ${s.maximum}`);
    if (s.enum && !s.enum.includes(value)) throw configError(`config.${key}`, `${pyRepr(value)} is not one of ${pyRepr([...s.enum])}`);
    out[key] = value;
  }
  return out;
}

/** Whether a tender of this spec may have `key` set to true. */
export function mayBeTrue(spec: TenderConfigSpec, key: string): boolean {
  const s = spec[key];
  if (!s || s.type !== 'boolean') return false;
  return s.enum ? s.enum.includes(true) : true;
}

/** Config flags that need a module: a procedure has the module exactly when one of its flags may be true. */
const MODULE_FLAGS: ReadonlyArray<{ module: ProcedureModule; flags: readonly string[] }> = [
  { module: 'auction', flags: ['hasAuction'] },
  { module: 'complaints', flags: ['hasTenderComplaints', 'hasAwardComplaints', 'hasCancellationComplaints', 'hasQualificationComplaints'] },
  { module: 'qualifications', flags: ['hasPrequalification', 'hasQualificationComplaints'] },
];

/** Problems between a procedure's config spec and its modules (a flag that may be true without its module, or the reverse). */
export function checkConfigModules(spec: TenderConfigSpec, modules: ReadonlySet<ProcedureModule>): string[] {
  const problems: string[] = [];
  for (const { module, flags } of MODULE_FLAGS) {
    const enabled = flags.filter((f) => mayBeTrue(spec, f));
    if (enabled.length > 0 && !modules.has(module)) problems.push(`config: ${enabled.join(', ')} may be true but the ${module} module is absent`);
    if (enabled.length === 0 && modules.has(module)) problems.push(`config: the ${module} module is present but ${flags.join(', ')} cannot be true`);
  }
  return problems;
}
