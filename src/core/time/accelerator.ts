// Sandbox acceleration (platform.md §7.8): `procurementMethodDetails` such as `quick, accelerator=1440`
// divides tender durations by N. The reference finds N with the pattern `.accelerator=(\d+)` — one
// character (any but a newline) must precede `accelerator`, so a value starting with it does not count.
// Only meaningful in sandbox mode; the caller decides whether to ask.

const ACCELERATOR_RE = /[^\n]accelerator=(\d+)/;

/** The acceleration factor, or undefined when absent or 0 (the reference treats 0 as "not accelerated"). */
export function acceleratorOf(procurementMethodDetails?: string): number | undefined {
  if (typeof procurementMethodDetails !== 'string' || procurementMethodDetails === '') return undefined;
  const match = ACCELERATOR_RE.exec(procurementMethodDetails);
  if (!match) return undefined;
  const value = Number(match[1]);
  return value > 0 ? value : undefined;
}
