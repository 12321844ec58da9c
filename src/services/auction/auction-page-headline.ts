// The bidder page's headline: the tender's and the lot's titles, in Ukrainian and English, and the
// currency of the offers, read from the tender's public text (nothing the API does not show anyone).
// Titles change rarely, and without a cache every page load — hundreds of watchers arrive at once
// when an auction starts — would read and parse the whole tender; so each run's headline is kept for
// a while (`ttlMs`, wall time: the sandbox clock may jump), and loads of one key at once are shared.

export interface PageTitles {
  uk: string | null;
  en: string | null;
}

export interface PageHeadline {
  tender: PageTitles;
  /** Null for an auction of a tender without lots. */
  lot: PageTitles | null;
  /** ISO 4217 code of the offers, when the tender gives one. */
  currency: string | null;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);
const titlesOf = (holder: Json): PageTitles => ({ uk: text(holder.title), en: text(holder.title_en) });
const currencyOf = (holder: Json | undefined): string | null => {
  const currency = isObject(holder?.value) ? holder.value.currency : undefined;
  return typeof currency === 'string' && /^[A-Z]{3}$/.test(currency) ? currency : null;
};

/** The headline of the auction of `lotId` (null: the tender's own) from the tender's public data. */
export function headlineOf(publicTender: Json, lotId: string | null): PageHeadline {
  const lots = Array.isArray(publicTender.lots) ? publicTender.lots.filter(isObject) : [];
  const lot = lotId === null ? undefined : lots.find((l) => l.id === lotId);
  return {
    tender: titlesOf(publicTender),
    lot: lotId === null ? null : lot ? titlesOf(lot) : { uk: null, en: null },
    currency: currencyOf(lot) ?? currencyOf(publicTender),
  };
}

export interface HeadlineCacheOptions {
  load(key: string): Promise<PageHeadline | null>;
  ttlMs: number;
  /** Keys kept at most; the oldest entry goes first. */
  maxEntries: number;
  /** Wall time, ms. */
  now(): number;
}

export interface HeadlineCache {
  get(key: string): Promise<PageHeadline | null>;
}

export function createHeadlineCache(options: HeadlineCacheOptions): HeadlineCache {
  const entries = new Map<string, { value: Promise<PageHeadline | null>; untilMs: number }>();
  return {
    get(key) {
      const cached = entries.get(key);
      if (cached && cached.untilMs > options.now()) return cached.value;
      entries.delete(key);
      const value = options.load(key);
      entries.set(key, { value, untilMs: options.now() + options.ttlMs });
      // Neither a failed load nor an unknown key is kept: the next page asks again (and keys that
      // name no auction cannot crowd the real ones out).
      const forget = (): void => {
        if (entries.get(key)?.value === value) entries.delete(key);
      };
      value.then((headline) => headline ?? forget(), forget);
      while (entries.size > options.maxEntries) entries.delete(entries.keys().next().value!);
      return value;
    },
  };
}
