// Every transition table a procedure runs on: the core default merged with the procedure's delta
// (architecture.md §3.2 (c), (d)), and the boot check of the merged graphs.
import { TransitionTable, type TableDelta } from '../state/machine.ts';
import { coreAwardTransitions, type AwardMove } from './award.state.ts';
import { coreBidTransitions, type BidTables } from './bid.state.ts';
import { coreCancellationTransitions, type CancellationMove } from './cancellation.state.ts';
import { CLAIM_INITIAL_STATUSES, coreClaimTransitions, serverClaimTransitions, type ClaimMove, type ClaimTables } from './claim.state.ts';
import {
  COMPLAINT_INITIAL_STATUSES, coreCancellationComplaintTransitions, coreComplaintTransitions, serverComplaintTransitions, type ComplaintMove, type ComplaintTables,
} from './complaints/complaint.state.ts';
import { coreTenderOwnerTransitions, type TenderTransitionCtx } from './tender.state.ts';
import { coreTenderTimeTransitions, type TenderStatusMove } from './tender.status.ts';

export interface ProcedureTransitions {
  /** Owner PATCH of the tender status (publication). */
  readonly tenderOwner: TransitionTable<TenderTransitionCtx>;
  /** Moves of the tender status by time, auctions, awarding and cancellations. */
  readonly tenderTime: TransitionTable<TenderStatusMove>;
  readonly bid: BidTables;
  readonly award: TransitionTable<AwardMove>;
  readonly cancellation: TransitionTable<CancellationMove>;
  readonly claim: ClaimTables;
  /** Review-body complaints on the tender and its awards, per actor. */
  readonly complaint: ComplaintTables;
  /** Review-body complaints on cancellations, per actor. */
  readonly cancellationComplaint: ComplaintTables;
}

/** What a procedure changes in each core table; an absent key keeps the core table as it is. */
export interface TransitionDeltas {
  readonly tenderOwner?: TableDelta<TenderTransitionCtx>;
  readonly tenderTime?: TableDelta<TenderStatusMove>;
  readonly bidOwner?: TableDelta<unknown>;
  readonly bidServer?: TableDelta<unknown>;
  readonly award?: TableDelta<AwardMove>;
  readonly cancellation?: TableDelta<CancellationMove>;
  readonly claimAuthor?: TableDelta<ClaimMove>;
  readonly claimTenderOwner?: TableDelta<ClaimMove>;
  /** Per actor, applied to both complaint tables. */
  readonly complaint?: Partial<Record<keyof ComplaintTables, TableDelta<ComplaintMove>>>;
}

function mergedComplaintTables(core: ComplaintTables, deltas: TransitionDeltas['complaint'] = {}): ComplaintTables {
  const out = {} as Record<keyof ComplaintTables, ComplaintTables[keyof ComplaintTables]>;
  for (const actor of Object.keys(core) as Array<keyof ComplaintTables>) out[actor] = core[actor].merge(deltas[actor]);
  return out;
}

/** The procedure's tables: each core default merged with the procedure's delta. */
export function procedureTransitions(deltas: TransitionDeltas = {}): ProcedureTransitions {
  return {
    tenderOwner: coreTenderOwnerTransitions.merge(deltas.tenderOwner),
    tenderTime: coreTenderTimeTransitions.merge(deltas.tenderTime),
    bid: { owner: coreBidTransitions.owner.merge(deltas.bidOwner), server: coreBidTransitions.server.merge(deltas.bidServer) },
    award: coreAwardTransitions.merge(deltas.award),
    cancellation: coreCancellationTransitions.merge(deltas.cancellation),
    claim: {
      complaint_owner: coreClaimTransitions.complaint_owner.merge(deltas.claimAuthor),
      tender_owner: coreClaimTransitions.tender_owner.merge(deltas.claimTenderOwner),
    },
    complaint: mergedComplaintTables(coreComplaintTransitions, deltas.complaint),
    cancellationComplaint: mergedComplaintTables(coreCancellationComplaintTransitions, deltas.complaint),
  };
}

/** Which object tables a procedure uses: the tables of absent modules are not checked. */
export interface CheckedObjects {
  bids: boolean;
  claims: boolean;
  complaints: boolean;
}

/**
 * Problems of the merged graphs: edges naming unknown states, states nothing reaches. The tender's
 * owner and time-driven edges form one graph from `draft`; each object's actors share its graph.
 */
export function checkTransitions(t: ProcedureTransitions, objects: CheckedObjects): string[] {
  const named = (what: string, problems: string[]): string[] => problems.map((p) => `${what}: ${p}`);
  return [
    ...named('tender', t.tenderOwner.check('draft', [t.tenderTime as TransitionTable<unknown>])),
    ...(objects.bids ? named('bid', t.bid.owner.check(['draft', 'pending'], [t.bid.server])) : []),
    ...named('award', t.award.check('pending')),
    ...named('cancellation', t.cancellation.check('draft')),
    ...(objects.claims
      ? named('claim', t.claim.complaint_owner.check(CLAIM_INITIAL_STATUSES, [t.claim.tender_owner as TransitionTable<unknown>, serverClaimTransitions]))
      : []),
    ...(objects.complaints
      ? [
          ...named('complaint', complaintGraph(t.complaint)),
          ...named('cancellation complaint', complaintGraph(t.cancellationComplaint)),
        ]
      : []),
  ];
}

/** One complaint graph: every actor's edges and the server's, from the draft a complaint starts in. */
function complaintGraph(tables: ComplaintTables): string[] {
  const [first, ...rest] = Object.values(tables);
  return first!.check(COMPLAINT_INITIAL_STATUSES, [...rest.map((x) => x as TransitionTable<unknown>), serverComplaintTransitions]);
}
