// Stored shapes of the tender aggregate. Wire names are kept exactly (architecture.md §3.4).
// Where a stored shape is exactly a model's, its type is derived from the TypeBox model.
import type { Static } from 'typebox';
import type { DocumentRecord } from '../documents/document.types.ts';
import type { Milestone, Period, Value } from './schemas/common.schema.ts';
import type { ParameterInput } from './schemas/bid.schema.ts';

export type { DocumentRecord };

export type PeriodValue = Static<typeof Period>;

export interface EnquiryPeriod extends PeriodValue {
  clarificationsUntil?: string;
  invalidationDate?: string;
}

export interface AuctionPeriod extends PeriodValue {
  shouldStartAfter?: string;
}

/** Every money value as stored: the `Value` model's fields, each optional (guarantees lack VAT, estimates the amount). */
export type MoneyValue = Partial<Static<typeof Value>>;

export interface Lot {
  id: string;
  title?: string;
  status?: string;
  date?: string;
  value?: MoneyValue;
  minimalStep?: MoneyValue;
  guarantee?: MoneyValue;
  auctionPeriod?: AuctionPeriod;
  auctionUrl?: string;
  [key: string]: unknown;
}

export interface Item {
  id?: string;
  relatedLot?: string;
  quantity?: number;
  classification?: unknown;
  unit?: unknown;
  deliveryDate?: unknown;
  [key: string]: unknown;
}

/** A feature as stored (the model's `Enum` helper does not carry a static type for `featureOf`, so this stays written out). */
export interface Feature {
  code?: string;
  featureOf?: string;
  relatedItem?: string;
  enum: Array<{ value: number; title?: string }>;
  [key: string]: unknown;
}

export type MilestoneRecord = Static<typeof Milestone> & { [key: string]: unknown };

export interface Question {
  id: string;
  author: { identifier?: { id?: string }; [key: string]: unknown };
  title: string;
  description?: string;
  questionOf: string;
  relatedItem?: string;
  date: string;
  answer?: string;
  dateAnswered?: string;
}

export interface LotValue {
  relatedLot: string;
  value: MoneyValue;
  status?: string;
  date?: string;
  subcontractingDetails?: string;
  [key: string]: unknown;
}

/** A bid as stored inside the tender (tokens are private; below-threshold.md §1.12). */
export interface Bid {
  id: string;
  status: string;
  owner?: string;
  owner_token?: string;
  transfer_token?: string;
  tenderers: Array<{ identifier?: { scheme?: string; id?: string }; [key: string]: unknown }>;
  value?: MoneyValue;
  lotValues?: LotValue[];
  parameters?: Array<Static<typeof ParameterInput>>;
  items?: Array<{ id: string; quantity?: number; unit?: { code?: string; name?: string; value?: MoneyValue }; [key: string]: unknown }>;
  documents?: DocumentRecord[];
  date: string;
  submissionDate?: string;
  participationUrl?: string;
  [key: string]: unknown;
}

/** A cancellation of the tender or of one lot (below-threshold.md §1.15). */
export interface Cancellation {
  id: string;
  status: string;
  date: string;
  reason: string;
  reason_en?: string;
  reason_ru?: string;
  reasonType?: string;
  cancellationOf: 'tender' | 'lot';
  relatedLot?: string;
  documents?: DocumentRecord[];
  /** While `pending` with complaints on: the window for cancellation complaints. */
  complaintPeriod?: { startDate?: string; endDate?: string };
  complaints?: Claim[];
  [key: string]: unknown;
}

/**
 * A claim (the only complaint type of belowThreshold; below-threshold.md §1.11), tender- or
 * award-level. Legacy stored claims may lack fields new ones always have.
 */
export interface Claim {
  id: string;
  complaintID?: string;
  type?: string;
  status: string;
  date?: string;
  title?: string;
  description?: string;
  author?: Record<string, unknown>;
  relatedLot?: string;
  documents?: DocumentRecord[];
  dateSubmitted?: string;
  dateAnswered?: string;
  dateCanceled?: string;
  /** Legacy: when a `pending` claim was escalated. */
  dateEscalated?: string;
  resolution?: string;
  resolutionType?: string;
  tendererAction?: string;
  satisfied?: boolean;
  cancellationReason?: string;
  owner?: string;
  owner_token?: string;
  transfer_token?: string;
  [key: string]: unknown;
}

export interface Tender {
  id: string;
  tenderID?: string;
  /** Tender criteria (criteria.md §1); read through `criteriaOf`. */
  criteria?: unknown;
  /** Prequalification (open-procedures.md §4): the bids' qualifications and the period they run in. */
  qualifications?: unknown;
  qualificationPeriod?: { startDate?: string; endDate?: string; reportingDatePublication?: string };
  status: string;
  owner?: string;
  owner_token?: string;
  transfer_token?: string;
  mode?: string;
  title?: string;
  procurementMethod?: string;
  procurementMethodType?: string;
  procurementMethodDetails?: string;
  submissionMethod?: string;
  submissionMethodDetails?: string;
  awardCriteria?: string;
  procuringEntity?: { kind?: string; [key: string]: unknown };
  buyers?: unknown[];
  value?: MoneyValue;
  guarantee?: MoneyValue;
  minimalStep?: MoneyValue;
  enquiryPeriod?: EnquiryPeriod;
  tenderPeriod?: PeriodValue;
  auctionPeriod?: AuctionPeriod;
  awardPeriod?: PeriodValue;
  items?: Item[];
  lots?: Lot[];
  features?: Feature[];
  milestones?: MilestoneRecord[];
  documents?: DocumentRecord[];
  questions?: Question[];
  bids?: Bid[];
  cancellations?: Cancellation[];
  complaints?: Claim[];
  funders?: unknown[];
  inspector?: unknown;
  contractTemplateName?: string;
  date?: string;
  dateCreated?: string;
  dateModified?: string;
  noticePublicationDate?: string;
  next_check?: string;
  config?: Record<string, boolean | number>;
  [key: string]: unknown;
}

/** An award inside the tender (below-threshold.md §1.13). `complaints` belong to the claims module. */
export interface Award {
  id: string;
  bid_id: string;
  lotID?: string;
  status: string;
  date: string;
  value?: MoneyValue;
  weightedValue?: MoneyValue & { denominator?: number };
  suppliers: Array<Record<string, unknown>>;
  period?: PeriodValue;
  complaintPeriod?: PeriodValue;
  qualified?: boolean;
  documents?: DocumentRecord[];
  complaints?: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

/** The tender-side mirror of a contract (below-threshold.md §1.14); the full one lives in `contracts`. */
export interface ContractMirror {
  id: string;
  awardID: string;
  contractID: string;
  status: string;
  date: string;
  title?: string;
  title_en?: string;
  description?: string;
  description_en?: string;
  value?: MoneyValue & { amountNet?: number };
  [key: string]: unknown;
}

export const awardsOf = (t: Tender): Award[] => (Array.isArray(t.awards) ? (t.awards as Award[]) : []);
export const contractMirrorsOf = (t: Tender): ContractMirror[] => (Array.isArray(t.contracts) ? (t.contracts as ContractMirror[]) : []);
