// The complaint fee (open-procedures.md §2.3): a share of the contested value in UAH, bounded and
// rounded up to tens. A value in another currency is converted at the National Bank's rate of the
// day, read from its JSON API (EXCHANGE_RATES_URL), with the reference's answers when that fails.
import { ApiError, dataError } from '../../http/errors.ts';
import type { MoneyValue, Tender } from '../tender.types.ts';

/** Rate and bounds while tendering, and afterwards (the "enhanced" fee). */
const TENDERING_FEE = { rate: 0.003, min: 2000, max: 85000 } as const;
const LATER_FEE = { rate: 0.006, min: 3000, max: 170000 } as const;

const conflict = (description: string): ApiError => new ApiError(409, [{ location: 'body', name: 'data', description }]);

export interface ExchangeRate {
  cc: string;
  rate: number;
}

/** Today's rates (`date` as YYYYMMDD) from the bank.gov.ua-style service at `baseUrl`. */
export async function fetchExchangeRates(baseUrl: string, date: string): Promise<ExchangeRate[]> {
  let body: string;
  try {
    const res = await fetch(`${baseUrl}?date=${date}&json`, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    body = await res.text();
  } catch (e) {
    throw conflict(`Error while getting data from bank.gov.ua: ${(e as Error).message}`);
  }
  let rows: unknown;
  try {
    rows = JSON.parse(body);
  } catch {
    throw conflict('Failure of decoding data from bank.gov.ua');
  }
  if (!Array.isArray(rows)) throw conflict('Failure of decoding data from bank.gov.ua');
  return rows.filter((r): r is ExchangeRate => typeof r === 'object' && r !== null && typeof r.cc === 'string' && typeof r.rate === 'number');
}

/** The amount of `value` in UAH; `rates` is asked only for another currency. */
export async function uahAmount(value: MoneyValue, rates: () => Promise<ExchangeRate[]>): Promise<number> {
  const amount = Number(value.amount ?? 0);
  const currency = value.currency ?? 'UAH';
  if (currency === 'UAH') return amount;
  const row = (await rates()).find((r) => r.cc === currency);
  if (!row) throw dataError('data', `Couldn't find currency ${currency} on bank.gov.ua`);
  return amount * row.rate;
}

/** The fee for a contested UAH amount: the share of the tender's stage, bounded, rounded up to tens. */
export function feeFor(baseUah: number, tendering: boolean): number {
  const { rate, min, max } = tendering ? TENDERING_FEE : LATER_FEE;
  const bounded = Math.min(Math.max(baseUah * rate, min), max);
  // Rounded on whole kopiyky first so a product like 2000.0000000001 does not jump a step.
  return Math.ceil(Math.round(bounded * 100) / 1000) * 10;
}

/** The complaint's `value`: the fee on its lot's value (or the tender's), in UAH. */
export async function complaintValue(tender: Tender, lotId: string | undefined, rates: () => Promise<ExchangeRate[]>): Promise<{ amount: number; currency: 'UAH' }> {
  const lot = lotId === undefined ? undefined : (tender.lots ?? []).find((l) => l.id === lotId);
  const contested = (lot?.value ?? tender.value ?? { amount: 0, currency: 'UAH' }) as MoneyValue;
  const base = await uahAmount(contested, rates);
  return { amount: feeFor(base, tender.status === 'active.tendering'), currency: 'UAH' };
}
