// procurementMethodType → Procedure. Built and checked once at boot: every registered procedure's
// merged transition tables must name only known states and reach every state they list, and its
// config flags must agree with its modules.
import type { Procedure, ProcedureRegistry } from '../core/tender/procedure.ts';
import { checkTransitions } from '../core/tender/procedure-transitions.ts';
import { checkConfigModules } from '../core/tender/tender-config.ts';
import { contractTransitions } from '../core/contracting/contract.rules.ts';
import { belowThreshold } from './below-threshold/index.ts';
import { reporting } from './reporting/index.ts';
import { negotiation, negotiationQuick } from './negotiation/index.ts';
import { aboveThresholdUA } from './above-threshold-ua/index.ts';
import { aboveThreshold } from './above-threshold/index.ts';
import { aboveThresholdEU } from './above-threshold-eu/index.ts';

export type { ProcedureRegistry };

/** The procedures this server serves. */
export const PROCEDURES: readonly Procedure[] = [belowThreshold, reporting, negotiation, negotiationQuick, aboveThresholdUA, aboveThreshold, aboveThresholdEU];

/** Problems of one procedure's merged tables (empty when it is sound). */
export function checkProcedure(p: Procedure): string[] {
  const problems = checkTransitions(p.transitions, { bids: p.modules.has('bids'), claims: p.modules.has('claims'), complaints: p.modules.has('complaints') });
  if (!p.transitions.tenderOwner.find('draft', p.publishedStatus)) problems.push(`tender: no publication edge draft→${p.publishedStatus}`);
  problems.push(...checkConfigModules(p.config, p.modules));
  return problems.map((problem) => `${p.type}: ${problem}`);
}

export function buildRegistry(procedures: readonly Procedure[] = PROCEDURES, defaultType = 'belowThreshold'): ProcedureRegistry {
  const map = new Map(procedures.map((p) => [p.type, p]));
  const problems: string[] = [];
  if (!map.has(defaultType)) problems.push(`default procedure ${defaultType} is not registered`);
  for (const p of procedures) problems.push(...checkProcedure(p));
  for (const problem of contractTransitions.check('pending')) problems.push(`contracts: ${problem}`);
  if (problems.length > 0) throw new Error(`Procedure registry is invalid:\n${problems.join('\n')}`);
  return { get: (type) => map.get(type), defaultType, list: () => [...map.values()] };
}
