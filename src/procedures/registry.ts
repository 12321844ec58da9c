// procurementMethodType → Procedure. Built and checked once at boot.
import type { Procedure } from '../core/tender/procedure.ts';
import { tenderOwnerTransitions } from '../core/tender/tender.state.ts';
import { tenderTimeTransitions } from '../core/tender/tender.status.ts';
import { awardTransitions } from '../core/tender/award.state.ts';
import { contractTransitions } from '../core/contracting/contract.rules.ts';
import { belowThreshold } from './below-threshold/index.ts';
import { reporting } from './reporting/index.ts';

export interface ProcedureRegistry {
  get(type: string): Procedure | undefined;
  readonly defaultType: string;
  list(): Procedure[];
}

export function buildRegistry(procedures: readonly Procedure[] = [belowThreshold, reporting], defaultType = 'belowThreshold'): ProcedureRegistry {
  const map = new Map(procedures.map((p) => [p.type, p]));
  const problems: string[] = [];
  if (!map.has(defaultType)) problems.push(`default procedure ${defaultType} is not registered`);
  for (const p of procedures) {
    for (const problem of tenderOwnerTransitions(p).check('draft')) problems.push(`${p.type}: ${problem}`);
    for (const problem of tenderTimeTransitions.check(p.publishedStatus)) problems.push(`${p.type} (time-driven): ${problem}`);
  }
  for (const problem of awardTransitions.check('pending')) problems.push(`awards: ${problem}`);
  for (const p of procedures) for (const problem of p.awarding?.transitions.check('pending') ?? []) problems.push(`${p.type} awards: ${problem}`);
  for (const problem of contractTransitions.check('pending')) problems.push(`contracts: ${problem}`);
  if (problems.length > 0) throw new Error(`Procedure registry is invalid:\n${problems.join('\n')}`);
  return { get: (type) => map.get(type), defaultType, list: () => [...map.values()] };
}
