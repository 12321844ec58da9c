// The price chart's library, Chart.js (an npm dependency), served by this server from its
// node_modules: the bidder page loads nothing from elsewhere. The file name carries the library's
// version, so browsers may keep the file for a year and an upgrade still reaches them; the route
// (`/auctions/static/{asset}`) does not, so the API document stays the same across upgrades.
import { readFileSync } from 'node:fs';
import { AUCTION_PAGE_PREFIX } from './participation-signature.ts';

export const AUCTION_ASSETS_PREFIX = `${AUCTION_PAGE_PREFIX}/static`;

export interface StaticAsset {
  /** The file name under AUCTION_ASSETS_PREFIX. */
  name: string;
  path: string;
  contentType: string;
  cacheControl: string;
  body: string;
}

export function chartLibraryAsset(): StaticAsset {
  const entry = import.meta.resolve('chart.js'); // <package>/dist/chart.js
  const { version } = JSON.parse(readFileSync(new URL('../package.json', entry), 'utf8')) as { version: string };
  // The source map is not served, so the file does not point browsers at it.
  const body = readFileSync(new URL('./chart.umd.min.js', entry), 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  const name = `chart.js-${version}.umd.min.js`;
  return {
    name,
    path: `${AUCTION_ASSETS_PREFIX}/${name}`,
    contentType: 'text/javascript; charset=utf-8',
    cacheControl: 'public, max-age=31536000, immutable',
    body,
  };
}
