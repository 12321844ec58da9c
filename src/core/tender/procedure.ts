// The Procedure interface: the only extension surface of the tender core (architecture.md §3.2).
// A procedure is a plain value assembled from core defaults plus its own deltas.
import type { ModelSchema } from '../validation/model-validator.ts';
import type { WorkingCalendar } from '../time/working-days.ts';
import type { Standards } from '../standards.ts';
import type { TenderConfig, TenderConfigSpec } from './tender-config.ts';
import type { Cancellation, Tender } from './tender.types.ts';
import type { Config } from '../../config.ts';
import type { ProcedureTransitions } from './procedure-transitions.ts';
import type { AwardingStrategy } from './awarding.ts';
import type { ChronographPlan } from './chronograph.events.ts';
import type { CriteriaRuleSet } from './criteria/criteria-activation.ts';
import type { BidFieldsRule } from './bid.view.ts';
import type { PrequalificationDurations } from './prequalification/prequalification.ts';

/** A duration in full days, counted in working or calendar days (open-procedures.md §0.2). */
export interface Duration {
  readonly days: number;
  readonly working: boolean;
  /** The tender `config` key that states these days for each tender (its value wins over `days`). */
  readonly configKey?: string;
}

/** Every duration a procedure's core machinery reads; the procedure's config is their one source. */
export interface ProcedureDurations {
  /** enquiryPeriod ≥ start + this (`config.minEnquiriesDuration`). */
  readonly minEnquiry: Duration;
  /** tenderPeriod ≥ start + this (`config.minTenderingDuration`). */
  readonly minTendering: Duration;
  /** clarificationsUntil = enquiry end + this (`config.clarificationUntilDuration`). */
  readonly clarifications: Duration;
  /** Lot operations need tenderPeriod.endDate ≥ now + this. */
  readonly lotEditExtension: Duration;
  /** The award stand-still (`config.awardComplainDuration`). */
  readonly awardComplaint: Duration;
  /** An answered claim resolves itself after this when its author stays silent (wall-clock days). */
  readonly claimAutoResolution: Duration;
  /** A pending cancellation's complaint period (`config.cancellationComplainDuration`). */
  readonly cancellationComplaint: Duration;
}

/**
 * The one context domain code runs in: the tender's procedure with its config, the calendar and
 * the sandbox accelerator, and one frozen "now" (platform.md §7.2).
 */
export interface TenderCtx {
  readonly procedure: Procedure;
  readonly config: TenderConfig;
  readonly now: number;
  readonly nowIso: string;
  readonly calendar: WorkingCalendar;
  /** Sandbox acceleration of the tender's durations; undefined outside sandbox mode. */
  readonly accelerator: number | undefined;
}

/** A tender write being validated: the TenderCtx plus the write itself. */
export interface RuleContext extends TenderCtx {
  readonly tender: Tender;
  /** The status this write moves the tender to (its current status when it does not move). */
  readonly targetStatus: string;
  /** The stored tender before this write; null on creation. */
  readonly before: Tender | null;
  /** The validated PATCH data (keys the client sent); null on creation. */
  readonly patch: Record<string, unknown> | null;
  readonly standards: Standards;
  readonly sandbox: boolean;
}

export type TenderRule = (rc: RuleContext) => void;
export type ActivationCheck = (rc: RuleContext) => void;

/**
 * Modules a procedure may lack; the routes of an absent module answer as an unknown URL does.
 * `enquiries` (a separate enquiry stage before tendering), `agreements` (framework agreements),
 * `simultaneousAwarding` (awards to every bid at once) and `restrictedAccess` (masked restricted
 * tenders) name machinery without routes of its own; the boot check holds the tender config to them.
 */
export type ProcedureModule =
  | 'lots' | 'questions' | 'bids' | 'auction' | 'claims' | 'complaints' | 'qualifications' | 'reviewRequests' | 'chronograph'
  | 'enquiries' | 'agreements' | 'simultaneousAwarding' | 'restrictedAccess';

/** The procedure's tender statuses grouped by stage, for rules that depend on how far the tender is. */
export interface ProcedureStages {
  /** Statuses before tendering ends (clarificationsUntil still follows the enquiry period). */
  readonly beforeTenderingEnd: readonly string[];
  /** Statuses before awarding starts (auctions are (re)planned). */
  readonly beforeAwarding: readonly string[];
  /** Statuses in which the tender owner decides on awards. */
  readonly awardDecisions: readonly string[];
  /** Statuses of a tender without lots that signed contracts (none pending) complete. */
  readonly completedByContracts: readonly string[];
}

/** What is public in which tender status. */
export interface ProcedureViews {
  /** Statuses before the bids are opened: bids (and bid documents) are sealed, auctions still planned. */
  readonly sealedStatuses: readonly string[];
  /** Where a procedure shows others only part of a bid by stage (prequalification); absent: the default view. */
  readonly bidFields?: (tender: Tender) => BidFieldsRule;
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
  /** Tender PATCH fields allowed then; absent: every field of the PATCH model. */
  readonly fields?: readonly string[];
  /** The patched tenderPeriod.endDate must be at least this far ahead. */
  readonly extension: Duration;
  /** Lot writes need the extension in draft too (the open family's rule). */
  readonly lotsInDraft?: boolean;
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
  /**
   * Whether this cancellation waits out a complaint period before it takes effect (with the
   * tender's cancellation complaints on); when not, the owner activates it directly.
   */
  complaintPeriodApplies(tender: Tender, cancellation: Cancellation): boolean;
  /** Further checks on creating or changing a cancellation (after the core's), in order. */
  readonly extraChecks: ReadonlyArray<(tender: Tender, cancellation: Cancellation) => void>;
}

/** Where review-body complaints are filed (open-procedures.md §2.1); the config flags switch each container on. */
export interface ProcedureComplaintRules {
  /** Tender statuses in which tender-level complaints are filed and updated. */
  readonly tenderStatuses: readonly string[];
  /** Tender statuses in which award complaints are filed and updated. */
  readonly awardStatuses: readonly string[];
  /** Tender statuses in which qualification complaints are updated (filed during the stand-still only). */
  readonly qualificationStatuses: readonly string[];
  /** Tender statuses in which complaint documents of the tender and its awards change. */
  readonly documentStatuses: readonly string[];
  /** Award (and, after tendering, cancellation) complaints come from bid owners only; else any broker. */
  readonly complainantsAreBidders: boolean;
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

/** Where and when tender criteria are written (criteria.md §3), and what publication requires (§2). */
export interface ProcedureCriteriaRules {
  /** Tender statuses for criterion and group writes and requirement POSTs (as the error lists them). */
  readonly writeStatuses: readonly string[];
  /** Tender statuses for requirement PATCHes and eligible-evidence writes. */
  readonly draftStatuses: readonly string[];
  /** Tender statuses for requirement PUTs (new versions). */
  readonly putStatuses: readonly string[];
  /** Exclusion criteria and their groups refuse edits; their requirements' PUT takes status and evidences only. */
  readonly exclusionLocked: boolean;
  /** The current required set, used when the deployment has no standards directory. */
  readonly builtInRules: CriteriaRuleSet;
}

export interface Procedure {
  /** Wire value of `procurementMethodType`. */
  readonly type: string;
  /** The modules this procedure has; the others are absent. */
  readonly modules: ReadonlySet<ProcedureModule>;
  /** Every transition table: core default merged with this procedure's delta. */
  readonly transitions: ProcedureTransitions;
  /** Who creates awards, and what follows an award decision. */
  readonly awarding: AwardingStrategy;
  /** Where the chronograph's events come from, and what holds them back. */
  readonly chronograph: ChronographPlan;
  readonly stages: ProcedureStages;
  readonly views: ProcedureViews;
  /** Tender statuses in which review requests are created and answered. */
  readonly reviewRequestStatuses: readonly string[];
  /** Accreditation levels that may create tenders of this type (any one suffices). */
  readonly createLevels: readonly string[];
  /** Extra level needed when `procuringEntity.kind` is `central`. */
  readonly centralCreateLevels: readonly string[];
  readonly config: TenderConfigSpec;
  readonly durations: ProcedureDurations;
  /** Statuses in which the tender owner may PATCH the tender (and its lots). */
  readonly editableStatuses: readonly string[];
  /** Statuses in which the owner's tender PATCH may only switch the status (the pre-qualification stages). */
  readonly statusOnlyStatuses?: readonly string[];
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
  readonly complaints: ProcedureComplaintRules;
  /** Tender criteria and requirement responses; null: the procedure has none (routes 404). */
  readonly criteria: ProcedureCriteriaRules | null;
  /** Owner edits allowed in active.tendering (they invalidate submitted bids); null: none. */
  readonly tenderingEdit: TenderingEdit | null;
  /** Validation rules run on every tender write in an editable status (order matters). */
  readonly rules: readonly TenderRule[];
  /** Checks run, in order, when a draft is published; the first failure is reported. */
  readonly activationChecks: readonly ActivationCheck[];
  /** Static fields set once at creation (e.g. `contractChangeRationaleTypes`). */
  readonly creationDefaults: Readonly<Record<string, unknown>>;
  /** Prequalification (open-procedures.md §4): tendering ends into it; its durations. */
  readonly prequalification?: PrequalificationDurations;
  /** System data this procedure recomputes on every tender write, before the core's (e.g. the open family's periods). */
  readonly derive?: (t: Tender, tc: TenderCtx) => void;
}

/** procurementMethodType → Procedure; the app's registry implements it (src/procedures/registry.ts). */
export interface ProcedureRegistry {
  get(type: string): Procedure | undefined;
  readonly defaultType: string;
  list(): Procedure[];
}
