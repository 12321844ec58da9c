// An in-memory AuctionRunStore with the same compare-and-swap contract a database gives. Every
// call yields once, so concurrent callers interleave as they would against a real database.

import type { AuctionRunStore, StoredAuctionRun } from '../../src/services/auction/auction-run-store.ts';

export class MemoryAuctionRunStore implements AuctionRunStore {
  readonly records = new Map<string, string>();
  saves = 0;

  private read(key: string): StoredAuctionRun | null {
    const text = this.records.get(key);
    return text === undefined ? null : (JSON.parse(text) as StoredAuctionRun);
  }

  async create(record: Omit<StoredAuctionRun, 'revision'>): Promise<boolean> {
    await Promise.resolve();
    if (this.records.has(record.key)) return false;
    this.records.set(record.key, JSON.stringify({ ...record, revision: 1 }));
    return true;
  }

  async load(key: string): Promise<StoredAuctionRun | null> {
    await Promise.resolve();
    return this.read(key);
  }

  async save(record: Omit<StoredAuctionRun, 'revision'>, expectedRevision: number): Promise<number | null> {
    await Promise.resolve();
    const current = this.read(record.key);
    if (!current || current.revision !== expectedRevision) return null;
    const revision = expectedRevision + 1;
    this.records.set(record.key, JSON.stringify({ ...record, revision }));
    this.saves += 1;
    return revision;
  }

  async listDue(nowMs: number, limit: number): Promise<StoredAuctionRun[]> {
    await Promise.resolve();
    return [...this.records.keys()]
      .map((key) => this.read(key)!)
      .filter((r) => r.status !== 'posted' && r.dueAtMs !== null && r.dueAtMs <= nowMs)
      .sort((a, b) => a.dueAtMs! - b.dueAtMs!)
      .slice(0, limit);
  }
}
