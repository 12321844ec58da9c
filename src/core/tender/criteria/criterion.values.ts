// Requirement and response values are any JSON on input and are converted to the requirement's
// dataType (criteria.md §1.3, §5.1) with the reference's conversion messages.

export type Converted = { ok: true; value: unknown } | { ok: false; error: string };

const ok = (value: unknown): Converted => ({ ok: true, value });
const fail = (error: string): Converted => ({ ok: false, error });

/** Python's str() of a JSON value, as the reference prints it inside messages. */
export function pyStr(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null) return 'None';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return JSON.stringify(v);
}

export function convertToDataType(v: unknown, dataType: string): Converted {
  switch (dataType) {
    case 'integer': {
      if (typeof v === 'number' && Number.isFinite(v)) return ok(Math.trunc(v));
      if (typeof v === 'boolean') return ok(v ? 1 : 0);
      if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return ok(Number(v));
      return fail(`Value '${pyStr(v)}' is not int.`);
    }
    case 'number': {
      if (typeof v === 'number' && Number.isFinite(v)) return ok(v);
      if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return ok(Number(v));
      return fail(`Number '${pyStr(v)}' failed to convert to a decimal.`);
    }
    case 'boolean': {
      if (typeof v === 'boolean') return ok(v);
      if (typeof v === 'string') {
        const s = v.toLowerCase();
        if (['true', 'yes', 'y', 'on', '1'].includes(s)) return ok(true);
        if (['false', 'no', 'n', 'off', '0'].includes(s)) return ok(false);
      }
      if (v === 1 || v === 0) return ok(v === 1);
      return fail('Must be either true or false.');
    }
    case 'string':
    case 'date-time':
      return ok(typeof v === 'string' ? v : pyStr(v));
    default:
      return ok(v);
  }
}
