// The bidder page's HTML: the static page (auction-page.html) with the run's headline (titles and
// currency, as JSON the page's script reads) and the chart library's path filled in.
import { readFileSync } from 'node:fs';
import type { PageHeadline } from './auction-page-headline.ts';

const TEMPLATE = readFileSync(new URL('./auction-page.html', import.meta.url), 'utf8');

/**
 * JSON safe inside a <script> element: no `<` can close it or open a comment. The page reads it
 * with JSON.parse, never as script.
 */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

const attribute = (value: string): string => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function renderAuctionPage(headline: PageHeadline, chartScriptPath: string): string {
  // Replacer functions: a `$` in a title must not be read as a replacement pattern.
  return TEMPLATE.replace('{{HEADLINE_JSON}}', () => scriptJson(headline)).replace('{{CHART_SCRIPT_PATH}}', () => attribute(chartScriptPath));
}
