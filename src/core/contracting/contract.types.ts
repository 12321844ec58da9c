// The contracting object (contracting.md §1.3), stored in the `contracts` collection.
import type { DocumentRecord } from '../documents/document.types.ts';
import type { MoneyValue, PeriodValue } from './tender-port.ts';

/** Who may act on a contract (contracting.md §1.6); never output. */
export interface ContractAccess {
  role: 'tender' | 'bid' | 'contract';
  owner?: string;
  token?: string;
}

export type ContractValue = MoneyValue & { amountNet?: number };

export interface ContractChange {
  id: string;
  status: string;
  date: string;
  rationale: string;
  rationaleTypes: string[];
  dateSigned?: string;
  contractNumber?: string;
  [key: string]: unknown;
}

export interface Contract {
  id: string;
  awardID: string;
  contractID: string;
  status: string;
  tender_id: string;
  owner?: string;
  mode?: string;
  title?: string;
  description?: string;
  value?: ContractValue;
  amountPaid?: ContractValue;
  items?: Array<Record<string, unknown>>;
  buyer?: Record<string, unknown>;
  suppliers?: Array<Record<string, unknown>>;
  milestones?: Array<Record<string, unknown>>;
  period?: PeriodValue;
  dateSigned?: string;
  contractNumber?: string;
  date?: string;
  dateCreated?: string;
  dateModified?: string;
  documents?: DocumentRecord[];
  changes?: ContractChange[];
  access: ContractAccess[];
  transfer_token?: string;
  config?: { restricted?: boolean };
  [key: string]: unknown;
}
