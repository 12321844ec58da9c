// The procedure serving a stored tender, chosen by its procurementMethodType (platform.md §1.2).
import type { AppDeps } from '../../context.ts';
import { notFound } from '../../http/errors.ts';
import type { Procedure } from '../procedure.ts';
import type { Tender } from '../tender.types.ts';

export function procedureOf(deps: AppDeps, tender: Tender): Procedure {
  const p = deps.procedures.get(String(tender.procurementMethodType));
  if (!p) throw notFound('tender_id');
  return p;
}
