// The reference's status change of a stored object (tender part, bid, award, claim, contract).

export interface StatusDated {
  status?: string;
  date?: string;
  [key: string]: unknown;
}

/** The reference's object status change: `date` moves only when the status really changes. */
export function setObjectStatus(obj: StatusDated, status: string, nowIso: string): void {
  if (obj.status === status) return;
  obj.status = status;
  obj.date = nowIso;
}
