// Public view of a question (below-threshold.md §1.10): the author is never shown, only a hash
// of its identifier salted with the tender owner token, so one asker's questions can be grouped
// without revealing who asked.
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
