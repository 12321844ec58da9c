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

/** A key whose only allowed value is `value` (a boolean enum or an integer range of one). */
export const fixedConfigKey = (value: boolean | number): ConfigKeySpec =>
  typeof value === 'boolean' ? { type: 'boolean', enum: [value], default: value } : { type: 'integer', minimum: value, maximum: value, default: value };

/** A config whose every key has one allowed value; `optional` keys may be left out at creation. */
export function fixedConfigSpec(values: Readonly<Record<string, boolean | number>>, optional: readonly string[] = []): TenderConfigSpec {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, optional.includes(key) ? { ...fixedConfigKey(value), optional: true } : fixedConfigKey(value)]),
  );
}
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

/**
 * Whether a tender of this spec may have `key` in `state`: a boolean true (`on`) or false (`off`);
 * an integer non-zero (`on`; integers are not asked about `off`).
 */
function mayBe(spec: TenderConfigSpec, key: string, state: 'on' | 'off'): boolean {
  const s = spec[key];
  if (!s) return false;
  if (s.type === 'boolean') return (s.enum ?? [true, false]).includes(state === 'on');
  return state === 'on' && !(s.minimum === 0 && s.maximum === 0) && !(s.enum !== undefined && s.enum.every((v) => v === 0));
}

/**
 * The machinery each config key switches on. The domain reads some keys directly (`hasAuction`,
 * `hasValueRestriction`, `valueCurrencyEquality`, `minBidsNumber`, `hasValueEstimation`) and the
 * durations read theirs (`Duration.configKey`); every other key is wire data whose meaning is a
 * module of the procedure: a spec that lets such a key be on promises machinery, so the boot check
 * holds the spec to the procedure's modules. `exact`: the module exists exactly when one key may be on.
 */
const CONFIG_MACHINERY: ReadonlyArray<{ module: ProcedureModule; keys: readonly string[]; exact: boolean; when?: 'off' }> = [
  { module: 'auction', keys: ['hasAuction'], exact: true },
  {
    module: 'complaints',
    keys: ['hasTenderComplaints', 'hasAwardComplaints', 'hasCancellationComplaints', 'hasQualificationComplaints'],
    exact: true,
  },
  // Complaint windows and regulations: only meaningful where complaints are filed.
  { module: 'complaints', keys: ['tenderComplainRegulation', 'qualificationComplainDuration', 'cancellationComplainDuration'], exact: false },
  { module: 'qualifications', keys: ['hasPrequalification', 'hasQualificationComplaints'], exact: true },
  // The prequalification period's length.
  { module: 'qualifications', keys: ['qualificationDuration'], exact: false },
  // A separate enquiry stage before tendering (belowThreshold's active.enquiries).
  { module: 'enquiries', keys: ['hasEnquiries'], exact: true },
  // Questions end a regulated number of days before tendering does.
  { module: 'questions', keys: ['enquiryPeriodRegulation'], exact: false },
  // Selection from framework agreements, and several suppliers per agreement.
  { module: 'agreements', keys: ['hasPreSelectionAgreement', 'hasMultiSourcing'], exact: false },
  // Restricted (defence) tenders: their data masked for everyone but the parties.
  { module: 'restrictedAccess', keys: ['restricted'], exact: false },
  // The one key whose off value needs machinery: `hasAwardingOrder: false` awards every bid at once.
  { module: 'simultaneousAwarding', keys: ['hasAwardingOrder'], exact: false, when: 'off' },
];

/** Every config key the boot check ties to a module (the test that no key is read nowhere uses it). */
export const MACHINERY_CONFIG_KEYS: ReadonlySet<string> = new Set(CONFIG_MACHINERY.flatMap((m) => m.keys));

/** Problems between a procedure's config spec and its modules (a key that may be on without its module, or the reverse). */
export function checkConfigModules(spec: TenderConfigSpec, modules: ReadonlySet<ProcedureModule>): string[] {
  const problems: string[] = [];
  for (const { module, keys, exact, when = 'on' } of CONFIG_MACHINERY) {
    const enabled = keys.filter((k) => mayBe(spec, k, when));
    const state = when === 'on' ? 'on' : 'false';
    if (enabled.length > 0 && !modules.has(module)) problems.push(`config: ${enabled.join(', ')} may be ${state} but the ${module} module is absent`);
    if (exact && enabled.length === 0 && modules.has(module)) problems.push(`config: the ${module} module is present but ${keys.join(', ')} cannot be ${state}`);
  }
  return problems;
}
