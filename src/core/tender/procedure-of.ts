// The procedure serving a stored tender, chosen by its procurementMethodType (platform.md §1.2).
import { notFound } from '../http/errors.ts';
import type { Procedure, ProcedureModule, ProcedureRegistry } from './procedure.ts';
import { ApiError } from '../http/errors.ts';
import { genericError } from '../http/error-handler.ts';
import type { Tender } from './tender.types.ts';

/** The tender's procedure; a tender of a type this server does not serve is not found. */
export function procedureOf(procedures: ProcedureRegistry, tender: Tender): Procedure {
  const p = procedures.get(String(tender.procurementMethodType));
  if (!p) throw notFound('tender_id');
  return p;
}

/**
 * The tender's procedure, when it has `module`. The routes of a module the procedure lacks answer
 * as the reference does for them: its route predicate matches no view, so the URL is not found.
 */
export function procedureWith(procedures: ProcedureRegistry, tender: Tender, module: ProcedureModule): Procedure {
  const p = procedureOf(procedures, tender);
  if (!p.modules.has(module)) throw new ApiError(404, [genericError(404)]);
  return p;
}
