// What every request handler can reach: the app's dependencies and the caller, with one
// frozen "now" per request (platform.md §7.2: all timestamps of one request are equal).
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Store } from './storage/store.ts';
import type { Clock } from './time/clock.ts';
import type { SandboxClockSync } from './time/sandbox-clock-sync.ts';
import type { WorkingCalendar } from './time/working-days.ts';
import type { Standards } from './standards.ts';
import type { Principal } from './auth/principal.ts';
import type { KeyRing } from './auth/key-file.ts';
import type { DsKeyring } from './documents/url-signature.ts';
import type { TokenSealer } from './auth/owner-token.ts';
import type { ProcedureRegistry } from './tender/procedure.ts';
import { formatIso } from './time/iso.ts';
import type { Tender } from './tender/tender.types.ts';

export interface AppDeps {
  config: Config;
  store: Store;
  clock: Clock;
  calendar: WorkingCalendar;
  standards: Standards;
  keyRing: KeyRing;
  dsKeyring: DsKeyring;
  /** Seals owner tokens for storage and checks presented ones (keyed by the shared token key). */
  tokens: TokenSealer;
  procedures: ProcedureRegistry;
  random: () => number;
  /** The built-in auction, when this process runs it (src/services/auction); absent: external runners only. */
  auction?: AuctionHooks;
  /** Sandbox mode: the clock setting shared by every node on the store (absent outside the sandbox). */
  sandboxClockSync?: SandboxClockSync;
}

/** How the built-in auction follows the tenders: told by the chronograph and by the sandbox clock. */
export interface AuctionHooks {
  /** After a chronograph pass over a tender (saved or not): schedule the auctions it needs. */
  afterChronograph(ctx: OperationCtx, tender: Tender): Promise<void>;
  /** After the sandbox clock moved: post the results of the runs that ended; returns how many were posted. */
  afterClockMove(log: FastifyBaseLogger): Promise<number>;
}

/**
 * What an operation on stored objects needs: the app, the acting principal, one frozen "now" and a
 * logger. The chronograph and the sandbox clock act through it without an HTTP request.
 */
export interface OperationCtx {
  deps: AppDeps;
  principal: Principal;
  now: number;
  nowIso: string;
  log: FastifyBaseLogger;
}

export interface RequestCtx extends OperationCtx {
  req: FastifyRequest;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
}

export function requestCtx(deps: AppDeps, req: FastifyRequest): RequestCtx {
  const now = deps.clock.now();
  return { deps, req, principal: req.principal, now, nowIso: formatIso(now), log: req.log };
}

/** A context for work the server does on its own (chronograph, sandbox clock) as `principal`. */
export function operationCtx(deps: AppDeps, principal: Principal, log: FastifyBaseLogger): OperationCtx {
  const now = deps.clock.now();
  return { deps, principal, now, nowIso: formatIso(now), log };
}
