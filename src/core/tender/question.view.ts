// Public view of a question (below-threshold.md §1.10): the author is never shown, only a hash
// of its identifier salted with the tender's stored owner token, so one asker's questions can be
// grouped without revealing who asked. The reference salts with the plain token; we keep only its
// seal (owner-token.ts), which is as secret and as stable, so the hash differs in value, not in use.
import { createHash } from 'node:crypto';
import type { Question, Tender } from './tender.types.ts';

function authorHash(question: Question, tender: Tender): Record<string, string> {
  const id = question.author?.identifier?.id;
  if (!id) return {};
  return { hash: createHash('md5').update(`${id}_${tender.owner_token ?? ''}`, 'utf8').digest('hex') };
}

export function questionView(question: Question, tender: Tender): Record<string, unknown> {
  return { ...question, author: authorHash(question, tender) };
}
