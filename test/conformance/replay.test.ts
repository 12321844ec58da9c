// The replay machinery against a test double (no real server): a "mirror"
// that answers each request with the next recorded response, every 32-hex
// value replaced by another one (as a different server would generate), and
// that checks each request arrives with those replaced values in its path and
// body. A faithful replay must then match 100%.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Fastify from 'fastify';
import { readHttpExchange, type HttpExchange } from './http-file.ts';
import { conformanceDir, createDsSigner, EMULATION_HEADER, readOrder, Replayer } from './replay.ts';

const HEX_RUN = /(?<![0-9A-Za-z:])[0-9a-f]{32}(?![0-9A-Za-z])/g;
/** md5 → original, for every value the mirror handed out. */
const issued = new Map<string, string>();
const md5 = (s: string): string => {
  const h = createHash('md5').update(s).digest('hex');
  issued.set(h, s);
  return h;
};
const alterHex = (text: string): string => text.replace(HEX_RUN, md5);
const restoreHex = (text: string): string => text.replace(HEX_RUN, (h) => issued.get(h) ?? h);

const issuedOriginals = new Set<string>();
const issuedFor = (original: string): boolean => issuedOriginals.has(original);

const dir = conformanceDir();

describe('replay against a mirror of the recordings', { skip: dir === undefined ? 'conformance dir not found' : false }, () => {
  test('ORDER replays with full match, requests carry the mapped ids and tokens', async () => {
    const btDir = join(dir!, 'below-threshold');
    // Up to the award stage: award ids first appear in requests (the reference's
    // auction created them outside HTTP), which only a real server can resolve.
    const order = readOrder(btDir);
    const files = order.slice(0, order.indexOf('unsuccessful-qualified-award.http'));
    const queue: HttpExchange[] = files.map((f) => readHttpExchange(join(btDir, f)));
    const mismatches: string[] = [];
    const app = Fastify();
    app.route({
      method: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
      url: '*',
      handler: async (req, reply) => {
        if (req.url === '/api/2.5/sandbox/clock') return { data: { now: (req.body as { data: { now: string } }).data.now } };
        if (req.headers[EMULATION_HEADER]) return reply.code(404).send({ status: 'error', errors: [] });
        const ex = queue.shift();
        if (!ex) return reply.code(500).send({ status: 'error', errors: [{ description: 'queue empty' }] });
        // The request must carry, instead of each recorded id/token, the one the mirror issued.
        const wanted = ex.request.path.replace(HEX_RUN, (h) => (issuedFor(h) ? md5(h) : h));
        if (req.url !== wanted) mismatches.push(`${req.url} != ${wanted}`);
        if (ex.request.json !== undefined) {
          try {
            assert.deepEqual(JSON.parse(restoreHex(JSON.stringify(req.body))), ex.request.json);
          } catch {
            mismatches.push(`body of ${ex.request.method} ${ex.request.path}`);
          }
        }
        const loc = ex.response.headers['location'];
        if (loc) reply.header('location', alterHex(loc));
        reply.code(ex.response.status).header('content-type', 'application/json');
        const out = alterHex(ex.response.bodyText);
        for (const [, orig] of issued) issuedOriginals.add(orig);
        return out;
      },
    });
    const replayer = new Replayer({ app, dir: btDir, signer: createDsSigner() });
    const results = await replayer.runFiles(files);
    await app.close();
    assert.deepEqual(mismatches, []);
    const bad = results.filter((r) => !(r.statusOk && r.shapeOk && r.valuesOk)).map((r) => `${r.file}: ${r.problems[0]}`);
    assert.deepEqual(bad, []);
  });
});
