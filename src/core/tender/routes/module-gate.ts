// Routes of tender modules a procedure does not have (Procedure.absentModules) answer what an
// unknown route answers (platform.md §1.2: the reference picks its handlers by the stored tender's
// procurementMethodType, and a procedure without, say, bids has no bid routes).
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../context.ts';
import { notFound } from '../../http/errors.ts';
import type { TenderModule } from '../procedure.ts';
import { API_PREFIX } from './tender.routes.ts';

/** Route url patterns (below /tenders/:tender_id/) → the module serving them. */
const MODULE_ROUTES: ReadonlyArray<[RegExp, TenderModule]> = [
  [/^bids(\/|$)/, 'bids'],
  [/^questions(\/|$)/, 'questions'],
  [/^auction(\/|$)/, 'auction'],
  [/^chronograph(\/|$)/, 'chronograph'],
  [/^complaints(\/|$)/, 'complaints'],
  [/^awards\/:award_id\/complaints(\/|$)/, 'complaints'],
  [/^lots(\/|$)/, 'lots'],
  [/^review_requests(\/|$)/, 'reviewRequests'],
];

const TENDER_ROUTE_PREFIX = `${API_PREFIX}/tenders/:tender_id/`;

/** A tender's procurementMethodType never changes: remembered for the gate (bounded). */
const MAX_REMEMBERED_TYPES = 10_000;

export function moduleOfRoute(url: string): TenderModule | undefined {
  if (!url.startsWith(TENDER_ROUTE_PREFIX)) return undefined;
  const rest = url.slice(TENDER_ROUTE_PREFIX.length);
  return MODULE_ROUTES.find(([re]) => re.test(rest))?.[1];
}

export function registerModuleGate(app: FastifyInstance, deps: AppDeps): void {
  const gated = deps.procedures.list().some((p) => (p.absentModules ?? []).length > 0);
  if (!gated) return;
  const typeOf = new Map<string, string>();
  app.addHook('preHandler', async (req) => {
    const module = moduleOfRoute(req.routeOptions.url ?? '');
    if (module === undefined) return;
    const tenderId = (req.params as { tender_id?: string }).tender_id ?? '';
    let type = typeOf.get(tenderId);
    if (type === undefined) {
      const stored = await deps.store.get('tenders', tenderId);
      // A missing tender is the handler's 404.
      if (!stored) return;
      type = String((stored.doc as { procurementMethodType?: unknown }).procurementMethodType);
      if (typeOf.size >= MAX_REMEMBERED_TYPES) typeOf.delete(typeOf.keys().next().value!);
      typeOf.set(tenderId, type);
    }
    if (deps.procedures.get(type)?.absentModules?.includes(module)) throw notFound('not_found');
  });
}
