// The Procedure interface: the only extension surface of the tender core (architecture.md §3.2).
// A procedure is a plain value assembled from core defaults plus its own deltas.
import type { ModelSchema } from '../validation/model-validator.ts';
import type { TenderConfigSpec } from './tender-config.ts';
import type { ActivationCheck, TenderRule } from './tender.rules.ts';
import type { Award, Tender } from './tender.types.ts';
import type { Config } from '../../config.ts';
import type { TransitionTable } from '../state/machine.ts';
import type { AwardMove } from './award.state.ts';

/**
 * Parts of the tender API a procedure may lack; their routes answer what an unknown route answers
 * (404 `url`/`not_found`), and the chronograph user's tender PATCH likewise without `chronograph`.
 */
export type TenderModule = 'bids' | 'questions' | 'auction' | 'complaints' | 'lots' | 'reviewRequests' | 'chronograph';

/** How awards come about and are decided (absent on a procedure: the core's ranked awarding). */
export interface ProcedureAwarding {
  /** `ranked`: the system awards bids best first; `owner`: the tender owner posts each award. */
  readonly strategy: 'ranked' | 'owner';
  /** Tender statuses in which awards are created (owner strategy) and decided. */
  readonly decisionStatuses: readonly string[];
  /** The owner's decision moves. */
  readonly transitions: TransitionTable<AwardMove>;
  /** Owner strategy: the POST model, the refusal of a new award now, and the stored award built from the input. */
  readonly createModel?: ModelSchema;
  assertCreatable?(tender: Tender): void;
  newAward?(tender: Tender, input: Record<string, unknown>, id: string, nowIso: string): Award;
  /** Throws the reference's refusal when the owner (or a bot) may not write the award's documents now. */
  assertDocumentWritable(tender: Tender, award: Award, role: string, op: 'add' | 'update'): void;
}

export interface ProcedureDurations {
  /** enquiryPeriod ≥ start + N full working days. */
  minEnquiryWorkingDays: number;
  /** tenderPeriod ≥ start + N full working days. */
  minTenderingWorkingDays: number;
  /** clarificationsUntil = enquiry end + N full working days. */
  clarificationWorkingDays: number;
  /** Lot operations need tenderPeriod.endDate ≥ now + N working days. */
  lotEditExtensionWorkingDays: number;
}

/** Bid rules that differ between procedures (below-threshold.md §3.4). */
export interface ProcedureBidRules {
  /** Accreditation levels that may submit bids (any one suffices). */
  readonly createLevels: readonly string[];
  /** Tender statuses in which nobody but a bid's owner may read bids. */
  readonly hiddenInStatuses: readonly string[];
  /** Bids must price every tender item of their lots (`items`, tenders after 2024-01-01). */
  readonly itemsRequired: boolean;
  /** A `proposal` .p7s document is needed to submit a bid whose tenderer is identified by this scheme. */
  readonly proposalSignatureScheme: string | null;
}

/** Owner edits of a tender during active.tendering, for the tenders a deployment lists (funders). */
export interface TenderingEdit {
  /** Whether this tender may be edited during tendering under this deployment's configuration. */
  appliesTo(tender: Tender, config: Config): boolean;
  /** Tender PATCH fields allowed then. */
  readonly fields: readonly string[];
  /** The patched tenderPeriod.endDate must be at least this many working days ahead. */
  readonly extensionWorkingDays: number;
}

/** Cancellation rules that differ between procedures (below-threshold.md §1.15, §3.8). */
export interface ProcedureCancellationRules {
  /** The `reasonType` choices for this tender (some are date-gated). */
  reasonTypes(tender: Tender): readonly string[];
  /** Statuses a cancellation may be moved to, in the order the error message lists them. */
  readonly statuses: readonly string[];
  /** Tender statuses, besides the terminal ones, in which nothing may be cancelled. */
  readonly forbiddenTenderStatuses: readonly string[];
  /** A signed `cancellationReport` document is needed before a cancellation takes effect. */
  readonly reportRequired: boolean;
}

/** Claim rules that differ between procedures (below-threshold.md §1.11, §3.3). */
export interface ProcedureClaimRules {
  /** Tender statuses in which award claims are filed and updated. */
  readonly awardClaimStatuses: readonly string[];
  /** Tender statuses in which stored tender-level claims may be updated. */
  readonly tenderClaimStatuses: readonly string[];
  /** Tender statuses in which the author may edit a draft tender-level claim. */
  readonly tenderClaimAuthorEditStatuses: readonly string[];
  /** Bid statuses whose owners may file award claims. */
  readonly awardClaimBidStatuses: readonly string[];
}

export interface Procedure {
  /** Wire value of `procurementMethodType`. */
  readonly type: string;
  /** Accreditation levels that may create tenders of this type (any one suffices). */
  readonly createLevels: readonly string[];
  /** Extra level needed when `procuringEntity.kind` is `central`. */
  readonly centralCreateLevels: readonly string[];
  readonly config: TenderConfigSpec;
  readonly durations: ProcedureDurations;
  /** Statuses in which the tender owner may PATCH the tender (and its lots). */
  readonly editableStatuses: readonly string[];
  /** The status a draft moves to on publication. */
  readonly publishedStatus: string;
  /** Create and patch input models (sandbox adds `procurementMethodDetails`). */
  readonly models: {
    tenderCreate(sandbox: boolean): ModelSchema;
    tenderPatch(sandbox: boolean): ModelSchema;
    lotCreate: ModelSchema;
    lotPatch: ModelSchema;
    questionCreate: ModelSchema;
    questionAnswer: ModelSchema;
    bidCreate: ModelSchema;
    bidPatch: ModelSchema;
    cancellationCreate: ModelSchema;
    cancellationPatch: ModelSchema;
    awardPatch: ModelSchema;
  };
  /** Accreditation levels that may ask questions (any one suffices). */
  readonly questionCreateLevels: readonly string[];
  /** Tender statuses in which the owner may answer questions. */
  readonly questionAnswerStatuses: readonly string[];
  readonly bids: ProcedureBidRules;
  readonly cancellations: ProcedureCancellationRules;
  readonly claims: ProcedureClaimRules;
  /** Owner edits allowed in active.tendering (they invalidate submitted bids); null: none. */
  readonly tenderingEdit: TenderingEdit | null;
  /** Validation rules run on every tender write in an editable status (order matters). */
  readonly rules: readonly TenderRule[];
  /** Checks run, in order, when a draft is published; the first failure is reported. */
  readonly activationChecks: readonly ActivationCheck[];
  /** Static fields set once at creation (e.g. `contractChangeRationaleTypes`). */
  readonly creationDefaults: Readonly<Record<string, unknown>>;
  /** Parts of the tender API this procedure does not have (default: none). */
  readonly absentModules?: readonly TenderModule[];
  /** Awarding; absent → the core's ranked awarding. */
  readonly awarding?: ProcedureAwarding;
  /** Whether publication stamps `noticePublicationDate` (default true). */
  readonly stampsNoticePublicationDate?: boolean;
}
