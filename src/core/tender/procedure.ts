// The Procedure interface: the only extension surface of the tender core (architecture.md §3.2).
// A procedure is a plain value assembled from core defaults plus its own deltas.
import type { ModelSchema } from '../validation/model-validator.ts';
import type { TenderConfigSpec } from './tender-config.ts';
import type { ActivationCheck, TenderRule } from './tender.rules.ts';

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
  };
  /** Validation rules run on every tender write in an editable status (order matters). */
  readonly rules: readonly TenderRule[];
  /** Checks run, in order, when a draft is published; the first failure is reported. */
  readonly activationChecks: readonly ActivationCheck[];
  /** Static fields set once at creation (e.g. `contractChangeRationaleTypes`). */
  readonly creationDefaults: Readonly<Record<string, unknown>>;
}
