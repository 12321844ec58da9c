// /api/2.5/releases (a feed of OCDS release packages, paged like the tenders feed) and
// /api/2.5/records/{ocid} (the record of a contracting process: its releases, the compiled and
// the versioned release). Releases are served as stored, never re-serialized.

import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../context.ts';
import { API_PREFIX } from '../http/api-prefix.ts';
import { baseUrl, sendJsonText } from '../http/envelope.ts';
import { notFound } from '../http/errors.ts';
import { formatIso } from '../time/iso.ts';
import { readFeedPage } from '../storage/feed-page.ts';
import type { Json } from './ocds-snapshot.ts';
import { PROCESS_EXTENSIONS } from './process-release.ts';
import { compiledRelease, versionedRelease } from './record-merge.ts';

export const RELEASES_PATH = `${API_PREFIX}/releases`;
export const RECORDS_PATH = `${API_PREFIX}/records`;

/** The package members before `releases` / `records`, as JSON text (`"uri":…,…,"publisher":…`). */
function packageHead(deps: AppDeps, uri: string, publishedDate: string): string {
  const publisher = { name: deps.config.ocdsPublisherName };
  return `"uri":${JSON.stringify(uri)},"version":"1.1","extensions":${JSON.stringify(PROCESS_EXTENSIONS)},"publishedDate":${JSON.stringify(publishedDate)},"publisher":${JSON.stringify(publisher)}`;
}

export function registerOcdsRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get(RELEASES_PATH, async (req, reply) => {
    const base = baseUrl(req, deps.config.publicUrl);
    const page = await readFeedPage<string>({
      store: deps.store,
      collection: 'tenders',
      read: (query) => deps.store.releaseFeed(query),
      item: (row) => row.feedText,
      query: req.query as Record<string, string>,
      basePath: RELEASES_PATH,
      baseUrl: base,
      optFieldsWhitelist: [],
      watermarkSeconds: deps.config.feedWatermarkSeconds,
    });
    // The feed itself, not the request line (which may carry an acc_token or any other parameter).
    const uri = `${base}${RELEASES_PATH}`;
    const prev = page.prev_page ? `,"prev_page":${JSON.stringify(page.prev_page)}` : '';
    const body = `{${packageHead(deps, uri, formatIso(deps.clock.now()))},"releases":[${page.data.join(',')}],"next_page":${JSON.stringify(page.next_page)}${prev}}`;
    return sendJsonText(reply, 200, body);
  });

  app.get<{ Params: { ocid: string } }>(`${RECORDS_PATH}/:ocid`, async (req, reply) => {
    const texts = await deps.store.releasesOf(req.params.ocid);
    if (texts.length === 0) throw notFound('ocid');
    const releases = texts.map((t) => JSON.parse(t) as Json);
    const base = baseUrl(req, deps.config.publicUrl);
    const record = { ocid: req.params.ocid, compiledRelease: compiledRelease(releases), versionedRelease: versionedRelease(releases) };
    const recordText = `{"ocid":${JSON.stringify(record.ocid)},"releases":[${texts.join(',')}],"compiledRelease":${JSON.stringify(record.compiledRelease)},"versionedRelease":${JSON.stringify(record.versionedRelease)}}`;
    const published = String(releases.at(-1)?.date ?? '');
    const uri = `${base}${RECORDS_PATH}/${encodeURIComponent(req.params.ocid)}`;
    return sendJsonText(reply, 200, `{${packageHead(deps, uri, published)},"packages":[${JSON.stringify(`${base}${RELEASES_PATH}`)}],"records":[${recordText}]}`);
  });
}
