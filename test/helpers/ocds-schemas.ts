// The OCDS 1.1 schemas of ../shared/data/ocds-1.1 as Ajv 8 validators (skipped where the data is absent).
import { existsSync, readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';

type Json = Record<string, unknown>;

export const OCDS_DIR = process.env.OCDS_SCHEMA_DIR ?? '/work/shared/data/ocds-1.1';
export const hasSchemas = existsSync(`${OCDS_DIR}/release-package-schema.json`);

/** The standard's draft-04 schemas read by Ajv 8: `id` becomes `$id`, `$schema` goes. */
function draft04(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(draft04);
  if (!s || typeof s !== 'object') return s;
  const out: Json = {};
  for (const [k, v] of Object.entries(s as Json)) {
    if (k === '$schema') continue;
    out[k === 'id' && typeof v === 'string' && v.startsWith('http') ? '$id' : k] = draft04(v);
  }
  return out;
}

export function packageValidator(kind: 'release' | 'record'): (data: unknown) => string[] {
  if (!hasSchemas) return () => [];
  const load = (f: string) => draft04(JSON.parse(readFileSync(`${OCDS_DIR}/${f}`, 'utf8'))) as object;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema(load('release-schema.json'));
  ajv.addSchema(load('versioned-release-validation-schema.json'));
  const validate = ajv.compile(load(`${kind}-package-schema.json`));
  return (data) => (validate(data) ? [] : (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath} ${e.message}`));
}

