// Seeds the feed benchmark: copies of one stored tender, made public, inserted through the Store
// interface (the same path the API's writes take), with fresh ids.
import { randomUUID } from 'node:crypto';
import { openStore } from '../src/storage/open-store.ts';
import type { BatchWrite } from '../src/core/storage/store.ts';
import { feedTextOf } from '../src/core/storage/feed-page.ts';
import { TENDER_FEED_FIELDS } from '../src/core/tender/tender.view.ts';

export interface SeedOptions {
  dataDir: string;
  databaseUrl: string | undefined;
  count: number;
  /** Stored tender to copy. */
  templateId: string;
}

export interface SeedResult {
  perSecond: number;
}

export async function seedFeed(opts: SeedOptions): Promise<SeedResult> {
  const store = await openStore({ databaseUrl: opts.databaseUrl, dataDir: opts.dataDir });
  try {
    const template = await store.get('tenders', opts.templateId);
    if (!template) throw new Error(`template tender ${opts.templateId} not found`);
    const publicText = template.publicText.replace('"status":"draft"', '"status":"active.enquiries"');
    const feedText = feedTextOf(JSON.parse(publicText) as Record<string, unknown>, TENDER_FEED_FIELDS);
    const envelopeExtra = (await store.getPublic('tenders', opts.templateId))?.envelopeExtra ?? '';
    const started = performance.now();
    // One transaction per batch (Store.writeAll): the seed measures the store, not fsyncs per row.
    const BATCH = 500;
    for (let done = 0; done < opts.count; done += BATCH) {
      const writes: BatchWrite[] = [];
      for (let i = done; i < Math.min(done + BATCH, opts.count); i++) {
        const id = randomUUID().replace(/-/g, '');
        writes.push({
          kind: 'insert',
          collection: 'tenders',
          id,
          write: {
            doc: { ...template.doc, id, status: 'active.enquiries' },
            publicText: publicText.replaceAll(opts.templateId, id),
            envelopeExtra,
            feedText,
            meta: { isPublic: true, isTest: false, nextCheck: null, touchPublicModified: true },
            revision: { author: 'bench', changes: [], date: '2027-01-01T00:00:00+02:00' },
          },
        });
      }
      await store.writeAll(writes);
    }
    return { perSecond: opts.count / ((performance.now() - started) / 1000) };
  } finally {
    await store.close();
  }
}
