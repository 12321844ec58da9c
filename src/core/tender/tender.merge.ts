// PATCH merge for the tender (platform.md §2.8): shallow replace per top-level key, `null` deletes,
// and `lots` merged element by element by position (plain zip: surplus PATCH entries are ignored,
// stored lots beyond the PATCH length are dropped); a lot's status and date never change this way.
import type { Tender, Lot } from './tender.types.ts';

export function mergeTenderPatch(stored: Tender, patch: Record<string, unknown>): Tender {
  const out: Tender = structuredClone(stored);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || (Array.isArray(value) && value.length === 0)) {
      delete out[key];
    } else if (key === 'lots') {
      const storedLots = stored.lots ?? [];
      const patchLots = value as Record<string, unknown>[];
      const n = Math.min(storedLots.length, patchLots.length);
      const merged: Lot[] = [];
      for (let i = 0; i < n; i++) {
        const base = structuredClone(storedLots[i]!);
        for (const [k, v] of Object.entries(patchLots[i]!)) {
          if (k === 'status' || k === 'date') continue;
          if (v === null) delete base[k];
          else base[k] = structuredClone(v);
        }
        merged.push(base);
      }
      if (merged.length > 0) out.lots = merged;
      else delete out.lots;
    } else {
      out[key] = structuredClone(value);
    }
  }
  return out;
}
