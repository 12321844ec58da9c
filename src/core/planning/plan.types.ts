// A stored plan (plans.md §1.1): the annual procurement plan brokers publish before a tender.
import type { DocumentRecord } from '../documents/document.types.ts';

export type PlanStatus = 'draft' | 'scheduled' | 'cancelled' | 'complete';

export interface PlanIdentifier {
  scheme?: string;
  id?: string;
  [k: string]: unknown;
}

export interface PlanOrganization {
  id?: string;
  name?: string;
  identifier?: PlanIdentifier;
  address?: { countryName?: string; region?: string; addressDetails?: Array<{ scheme?: string; id?: string }> };
  kind?: string;
  [k: string]: unknown;
}

export interface BudgetBreakdown {
  id: string;
  title: string;
  description?: string;
  value: { amount: number; currency: string };
  address?: PlanOrganization['address'];
  classification?: { scheme: string; id: string; description: string };
  [k: string]: unknown;
}

export interface Budget {
  id: string;
  description: string;
  amount: number;
  amountNet?: number;
  currency: string;
  project?: { id: string; name: string; name_en?: string; scheme?: string };
  period?: { startDate: string; endDate: string };
  breakdown?: BudgetBreakdown[];
  [k: string]: unknown;
}

export interface PlanMilestone {
  id: string;
  title: string;
  description: string;
  type: string;
  dueDate: string;
  status: 'scheduled' | 'met' | 'notMet' | 'invalid';
  author: PlanOrganization;
  documents?: DocumentRecord[];
  dateModified: string;
  dateMet?: string;
  owner?: string;
  owner_token?: string;
  [k: string]: unknown;
}

export interface Plan {
  id: string;
  planID: string;
  status: PlanStatus;
  procuringEntity: PlanOrganization;
  buyers: PlanOrganization[];
  tender: { procurementMethod: string; procurementMethodType: string; tenderPeriod: { startDate?: string; endDate?: string } };
  budget: Budget;
  classification: { scheme: string; id: string; description: string };
  additionalClassifications?: Array<{ scheme: string; id: string; description: string }>;
  items?: Array<Record<string, unknown> & { id: string; classification: { id: string } }>;
  project?: Record<string, unknown>;
  rationale?: { description: string; date?: string };
  cancellation?: { id: string; reason: string; reason_en?: string; status: 'pending' | 'active'; date: string };
  milestones?: PlanMilestone[];
  documents?: DocumentRecord[];
  tender_id?: string;
  mode?: 'test';
  owner?: string;
  owner_token?: string;
  transfer_token?: string;
  dateCreated: string;
  dateModified: string;
  datePublished: string;
}
