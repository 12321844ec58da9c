// Whether a decimal numeral survives the trip through a double unchanged. Money amounts are doubles
// on the wire and in storage (the reference's FloatType); a numeral with more significant digits
// than a double holds (`12345678901234567890.5`, `0.12345678901234567891`) would be stored as a
// different number, so such amounts are refused instead of silently rounded.

const NUMERAL = /^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** `-0012.3400e1` → `-1234e-1`: sign, significant digits, exponent; null when not a numeral. */
function canonical(text: string): string | null {
  const m = NUMERAL.exec(text.trim());
  if (!m || `${m[2]}${m[3] ?? ''}` === '') return null;
  const fraction = m[3] ?? '';
  let digits = `${m[2]}${fraction}`.replace(/^0+/, '');
  if (digits === '') return '0';
  let exponent = Number(m[4] ?? 0) - fraction.length;
  const trailing = /0*$/.exec(digits)![0].length;
  digits = digits.slice(0, digits.length - trailing);
  exponent += trailing;
  return `${m[1] === '-' ? '-' : ''}${digits}e${exponent}`;
}

/** True when `text` is a numeral whose value a double represents closely enough to print it back. */
export function isExactAsDouble(text: string): boolean {
  const given = canonical(text);
  return given !== null && given === canonical(String(Number(text)));
}
