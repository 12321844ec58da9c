// Exact rationals on BigInt. The auction compares money amounts and MEAT-weighted amounts; the
// reference does this with Python `Fraction`, so binary floating point must not decide who is
// cheaper or whether a bid clears the minimal step.

export interface Fraction {
  /** Sign lives here. */
  readonly num: bigint;
  /** Always > 0; the pair is kept in lowest terms. */
  readonly den: bigint;
}

/** JSON-safe form (BigInt does not serialise). */
export interface FractionJson {
  num: string;
  den: string;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function fraction(num: bigint, den: bigint = 1n): Fraction {
  if (den === 0n) throw new RangeError('Fraction with a zero denominator');
  const sign = den < 0n ? -1n : 1n;
  const g = gcd(num, den) || 1n;
  return { num: (sign * num) / g, den: (sign * den) / g };
}

export const ZERO = fraction(0n);
export const ONE = fraction(1n);

const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * The exact value of a decimal literal. A JS number is read through its shortest round-trip
 * spelling (`String(0.1)` is "0.1"), so 0.1 means 1/10 — the amount the client wrote — and not
 * the binary double nearest to it.
 */
export function fromDecimal(value: number | string): Fraction {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`);
  const text = typeof value === 'number' ? String(value) : value.trim();
  const match = DECIMAL_RE.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) throw new RangeError(`Not a decimal: ${JSON.stringify(text)}`);
  const [, sign, whole, fractional = '', exponentText = '0'] = match;
  const digits = BigInt(`${whole}${fractional}` || '0');
  const exponent = Number(exponentText) - fractional.length;
  const magnitude = exponent >= 0 ? fraction(digits * 10n ** BigInt(exponent)) : fraction(digits, 10n ** BigInt(-exponent));
  return sign === '-' ? negate(magnitude) : magnitude;
}

export function negate(a: Fraction): Fraction {
  return { num: -a.num, den: a.den };
}

export function add(a: Fraction, b: Fraction): Fraction {
  return fraction(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function sub(a: Fraction, b: Fraction): Fraction {
  return add(a, negate(b));
}

export function mul(a: Fraction, b: Fraction): Fraction {
  return fraction(a.num * b.num, a.den * b.den);
}

export function div(a: Fraction, b: Fraction): Fraction {
  if (b.num === 0n) throw new RangeError('Division by zero');
  return fraction(a.num * b.den, a.den * b.num);
}

export function sum(values: readonly Fraction[]): Fraction {
  return values.reduce(add, ZERO);
}

/** Negative, zero or positive as a < b, a = b, a > b. */
export function compare(a: Fraction, b: Fraction): number {
  const diff = a.num * b.den - b.num * a.den;
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}

export function toJson(a: Fraction): FractionJson {
  return { num: a.num.toString(), den: a.den.toString() };
}

export function fromJson(json: FractionJson): Fraction {
  return fraction(BigInt(json.num), BigInt(json.den));
}

/** Nearest double (for wire fields that are floats, such as `weightedValue.denominator`). */
export function toNumber(a: Fraction): number {
  // Dividing two huge BigInt-derived doubles loses range; scale through a decimal string instead.
  return Number(toFixedHalfEven(a, 17));
}

/**
 * Decimal string with `places` digits after the point, rounded half to even — what Python's
 * `round(x, n)` does for a value that is exactly representable.
 */
export function toFixedHalfEven(a: Fraction, places: number): string {
  const scale = 10n ** BigInt(places);
  const negative = a.num < 0n;
  const scaled = (negative ? -a.num : a.num) * scale;
  let quotient = scaled / a.den;
  const twiceRemainder = (scaled % a.den) * 2n;
  if (twiceRemainder > a.den || (twiceRemainder === a.den && quotient % 2n === 1n)) quotient += 1n;
  const digits = quotient.toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const part = places > 0 ? `.${digits.slice(digits.length - places)}` : '';
  return `${negative && quotient !== 0n ? '-' : ''}${whole}${part}`;
}
