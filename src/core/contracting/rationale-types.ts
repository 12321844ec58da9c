// The contract change rationales a tender offers its contracts (`contractChangeRationaleTypes`),
// by the legal basis of the tender's cause (open-procedures.md §6.2; below-threshold.md §1.1):
// LAW922 (the procurement law) or DECREE1178 (the martial-law rules, also used for DECREE1275).
import fs from 'node:fs';

export type RationaleTypes = Readonly<Record<string, unknown>>;

const read = (name: string): RationaleTypes =>
  JSON.parse(fs.readFileSync(new URL(`./rationale-types/${name}.json`, import.meta.url), 'utf8')) as RationaleTypes;

export const LAW922_RATIONALE_TYPES: RationaleTypes = read('law922');
export const DECREE1178_RATIONALE_TYPES: RationaleTypes = read('decree1178');

const BY_SCHEME: Readonly<Record<string, RationaleTypes>> = {
  LAW922: LAW922_RATIONALE_TYPES,
  DECREE1178: DECREE1178_RATIONALE_TYPES,
  DECREE1275: DECREE1178_RATIONALE_TYPES,
};

/** The rationales for a cause scheme; `fallback` when the tender has no (known) scheme. */
export function rationaleTypesForScheme(scheme: unknown, fallback: RationaleTypes): RationaleTypes {
  return (typeof scheme === 'string' ? BY_SCHEME[scheme] : undefined) ?? fallback;
}
