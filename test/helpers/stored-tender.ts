// Direct access to the stored tender document for tests: state that the public API of this branch
// cannot create yet (bids), or that tests set up deliberately (a late chronograph). Writes go
// through the real save path (revision check, next_check meta, public text), with plain owner
// tokens a test puts in (stored bids) sealed as the server keeps them.
import { operationCtx } from '../../src/core/context.ts';
import type { Principal } from '../../src/core/auth/principal.ts';
import { sealDocumentTokens } from '../../src/core/auth/stored-tokens.ts';
import { loadTender, saveTender } from '../../src/core/tender/tender.repository.ts';
import type { Tender } from '../../src/core/tender/tender.types.ts';
import type { TestApp } from './app.ts';

const TEST_WRITER: Principal = Object.freeze({ role: 'Administrator', name: 'test-setup', levels: new Set<string>(), permissions: new Set<string>() });

/** The full stored document (private fields and bids included). */
export async function storedTender(t: TestApp, id: string): Promise<Tender> {
  const stored = await t.deps.store.get('tenders', id);
  if (!stored) throw new Error(`no stored tender ${id}`);
  return stored.doc as unknown as Tender;
}

/**
 * Loads, mutates and saves the stored tender (not counted as a modification: dateModified stays).
 * Plain tokens the mutation puts in are stored sealed: their owners act with the plain ones.
 */
export async function updateStoredTender(t: TestApp, id: string, mutate: (tender: Tender) => void): Promise<Tender> {
  const ctx = operationCtx(t.deps, TEST_WRITER, t.app.log);
  const loaded = await loadTender(ctx, id);
  const after = structuredClone(loaded.tender);
  mutate(after);
  sealDocumentTokens(after as unknown as Record<string, unknown>, t.deps.tokens);
  return saveTender(ctx, loaded, after, { modified: false });
}
