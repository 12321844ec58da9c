// A bid's qualification in prequalification (open-procedures.md §4.3), stored in `tender.qualifications`.
import type { DocumentRecord } from '../tender.types.ts';

export interface Qualification {
  id: string;
  bidID: string;
  lotID?: string;
  status: string;
  date: string;
  qualified?: boolean;
  eligible?: boolean;
  title?: string;
  description?: string;
  documents?: DocumentRecord[];
  complaints?: unknown[];
  complaintPeriod?: { startDate?: string; endDate?: string };
  [key: string]: unknown;
}

export const qualificationsOf = (t: { qualifications?: unknown }): Qualification[] => (Array.isArray(t.qualifications) ? (t.qualifications as Qualification[]) : []);
