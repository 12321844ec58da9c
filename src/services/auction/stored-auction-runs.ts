// The AuctionRunStore over the app's Store (its `runs` table, on SQLite or PostgreSQL): the run and
// its posting state as one JSON body, the revision and due time as columns the database compares.
import type { Store } from '../../core/storage/store.ts';
import type { AuctionRunStore, StoredAuctionRun } from './auction-run-store.ts';

type RunBody = Omit<StoredAuctionRun, 'key' | 'revision' | 'dueAtMs'>;

function bodyOf(record: Omit<StoredAuctionRun, 'revision'>): string {
  const body: RunBody = { run: record.run, status: record.status, claim: record.claim };
  return JSON.stringify(body);
}

export function storedAuctionRuns(store: Store): AuctionRunStore {
  const decode = (row: { key: string; body: string; dueAtMs: number | null; revision: number }): StoredAuctionRun => ({
    ...(JSON.parse(row.body) as RunBody),
    key: row.key,
    dueAtMs: row.dueAtMs,
    revision: row.revision,
  });
  return {
    create: (record) => store.insertRun({ key: record.key, body: bodyOf(record), dueAtMs: record.dueAtMs }),
    async load(key) {
      const row = await store.getRun(key);
      return row ? decode(row) : null;
    },
    save: (record, expectedRevision) => store.updateRun({ key: record.key, body: bodyOf(record), dueAtMs: record.dueAtMs }, expectedRevision),
    async listDue(nowMs, limit) {
      return (await store.dueRuns(nowMs, limit)).map(decode).filter((r) => r.status !== 'posted');
    },
  };
}
