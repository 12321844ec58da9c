// No secret reaches a log line (issue 11 item 3): a whole tender lifecycle with the built-in auction
// runs with the logger at trace level into a captured stream; every token the API issued or was
// shown (owner and transfer tokens of tenders, bids, claims; auction participation signatures;
// document-service signatures) and every key presented must be absent from the log.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import net, { type AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, describeApp } from '../../helpers/app.ts';
import { api, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { REFERENCE_DS_KEY } from '../../helpers/reference-ds.ts';
import { getTender } from '../../procedures/below-threshold/builders.ts';
import { bidAndEndTendering, decideAward, listAwards, publishLotTender } from '../../procedures/below-threshold/awarding.ts';
import { claimData } from '../../procedures/below-threshold/cancelling.ts';
import { formatIso, isoToMs } from '../../../src/core/time/iso.ts';
import { redactUrl } from '../../../src/core/http/log-redaction.ts';

/** Every secret-looking value in a response body: tokens, transfers, signed URL parameters. */
function collectSecrets(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    for (const m of value.matchAll(/[?&](?:Signature|signature|KeyID|acc_token)=([^&#\s"]+)/g)) {
      into.add(m[1]!);
      into.add(decodeURIComponent(m[1]!));
    }
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collectSecrets(v, into);
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'token' || k === 'transfer') && typeof v === 'string') into.add(v);
      collectSecrets(v, into);
    }
  }
}

/** Records the secrets each request presented and each response revealed. */
function watchSecrets(app: FastifyInstance, secrets: Set<string>): void {
  app.addHook('onRequest', async (req) => {
    const auth = req.headers.authorization;
    if (auth) secrets.add(auth);
    const header = req.headers['x-access-token'];
    if (typeof header === 'string') secrets.add(header);
    collectSecrets(req.url, secrets);
  });
  app.addHook('onSend', async (_req, _reply, payload) => {
    if (typeof payload === 'string' && payload.startsWith('{')) {
      try {
        collectSecrets(JSON.parse(payload), secrets);
      } catch {
        // not JSON
      }
    }
    return payload;
  });
}

describe('redactUrl', () => {
  test('keeps the path and harmless parameters, hides every other value and odd names', () => {
    assert.equal(redactUrl('/api/2.5/tenders'), '/api/2.5/tenders');
    assert.equal(redactUrl('/api/2.5/tenders?offset=1&limit=10&descending=1'), '/api/2.5/tenders?offset=1&limit=10&descending=1');
    assert.equal(redactUrl('/api/2.5/tenders/x?acc_token=abc123'), '/api/2.5/tenders/x?acc_token=[redacted]');
    assert.equal(redactUrl('/ds/get/u?KeyID=a8&Signature=s%2F1&Expires=9'), '/ds/get/u?KeyID=[redacted]&Signature=[redacted]&Expires=[redacted]');
    assert.equal(redactUrl('/x?0123456789abcdef0123456789abcdef'), '/x?[redacted]=[redacted]');
    assert.equal(redactUrl('/x?acc%5Ftoken=abc'), '/x?[redacted]=[redacted]');
  });
});

const lines: string[] = [];
const secrets = new Set<string>();
describeApp(
  'log redaction over a full lifecycle',
  {
    trustedDsKeys: [REFERENCE_DS_KEY],
    env: { LOG_LEVEL: 'trace' },
    logStream: { write: (line: string) => void lines.push(line) },
    register: (app) => watchSecrets(app, secrets),
  },
  (t) => {
    test('no issued or presented token appears in any log line', async () => {
      lines.length = 0;
      secrets.clear();
      const lt = await publishLotTender(t.app, 1);
      const bids = await bidAndEndTendering(t, lt, [[480], [500]]);
      // Tokens in every position: header, body, query (the helpers use the query).
      const bid = bids[0]!;
      expectStatus(await api(t.app, 'GET', `/api/2.5/tenders/${lt.tender.id}/bids/${bid.id}`, { headers: { 'x-access-token': bid.token } }), 200);
      // The built-in auction: participation URLs (with signatures) are shown to each bidder.
      const auctioning = await getTender(t.app, lt.tender.id);
      assert.equal(auctioning.status, 'active.auction');
      for (const b of bids) expectStatus(await api(t.app, 'GET', `/api/2.5/tenders/${lt.tender.id}/bids/${b.id}?acc_token=${b.token}`), 200);
      const start = isoToMs(String(((auctioning.lots as Json[])[0]!.auctionPeriod as Json).startDate));
      await setClock(t.app, formatIso(start + 40 * 60_000));
      const [award] = await listAwards(t.app, lt.tender.id);
      await decideAward(t.app, lt.tender, String(award!.id), 'active');
      const winner = bids.find((b) => b.id === award!.bid_id)!;
      // A claim (its own owner token), answered and resolved with the body-carried token.
      const claimRes = await api(t.app, 'POST', `/api/2.5/tenders/${lt.tender.id}/awards/${award!.id}/complaints?acc_token=${winner.token}`, { body: { data: claimData() } });
      expectStatus(claimRes, 201);
      const claim = claimRes.json.data as Json;
      const claimToken = (claimRes.json.access as { token: string }).token;
      expectStatus(
        await api(t.app, 'PATCH', `/api/2.5/tenders/${lt.tender.id}/awards/${award!.id}/complaints/${claim.id}`, {
          body: { data: { status: 'cancelled', cancellationReason: 'withdrawn' }, access: { token: claimToken } },
        }),
        200,
      );
      // The contract, signed with the tender token in the X-Access-Token header.
      const tender = await getTender(t.app, lt.tender.id);
      for (const mirror of tender.contracts as Json[]) {
        const res = await api(t.app, 'PATCH', `/api/2.5/contracts/${mirror.id}`, {
          headers: { 'x-access-token': lt.tender.token },
          body: { data: { contractNumber: 'N-1', period: { startDate: '2027-02-01T00:00:00+02:00', endDate: '2027-12-31T00:00:00+02:00' }, status: 'active' } },
        });
        expectStatus(res, 200);
      }
      assert.equal((await getTender(t.app, lt.tender.id)).status, 'complete');
      // The document service: signed upload and download URLs.
      const registered = await api(t.app, 'POST', '/ds/register', { body: { data: { hash: 'md5:00000000000000000000000000000000' } } });
      expectStatus(registered, 201);
      const uploadUrl = new URL(String(registered.json.upload_url));
      await api(t.app, 'GET', `${uploadUrl.pathname}${uploadUrl.search}`);
      // Keys never valid anywhere still must not be logged.
      const strayKey = randomBytes(24).toString('hex');
      await api(t.app, 'GET', '/api/2.5/tenders', { auth: strayKey });
      await api(t.app, 'GET', `/api/2.5/tenders?acc_token=${strayKey}x`, { headers: { authorization: `Basic ${Buffer.from(`${strayKey}y:`).toString('base64')}` } });

      assert.ok(secrets.size >= 10, `secrets were collected (${secrets.size})`);
      assert.ok([...secrets].some((s) => s === claimToken), 'the claim token was collected');
      assert.ok([...secrets].some((s) => /^[0-9a-f]{32}$/.test(s)), 'owner tokens were collected');
      const log = lines.join('');
      assert.ok(lines.length > 40, `the lifecycle was logged (${lines.length} lines)`);
      assert.match(log, /acc_token=\[redacted\]/, 'query tokens are logged as redacted');
      assert.match(log, /"url":"\/api\/2\.5\/tenders\//, 'request URLs are still logged');
      for (const secret of secrets) {
        if (secret.length < 8) continue;
        assert.ok(!log.includes(secret), `a secret reached the log: ${secret.slice(0, 6)}… in ${lines.find((l) => l.includes(secret))?.slice(0, 300)}`);
      }
      for (const key of [strayKey, `${strayKey}x`, `${strayKey}y`]) assert.ok(!log.includes(key), 'a stray key reached the log');
      assert.ok(!/Bearer |Basic /.test(log), 'no Authorization value is logged');
    });
  },
);

describe('log redaction of client errors', () => {
  test("an unparsable request's raw bytes (with its Authorization header) are not logged", async () => {
    const lines: string[] = [];
    const t = await buildTestApp({ env: { LOG_LEVEL: 'trace' }, logStream: { write: (line: string) => void lines.push(line) } });
    try {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = t.app.server.address() as AddressInfo;
      const key = randomBytes(16).toString('hex');
      const answer = await new Promise<string>((resolve) => {
        const socket = net.connect(port, '127.0.0.1');
        let data = '';
        socket.on('data', (c) => (data += String(c)));
        socket.on('close', () => resolve(data));
        socket.on('error', () => {});
        socket.write(`GET /api/2.5/tenders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nBad Header Line\r\n\r\n`);
      });
      assert.match(answer, /^HTTP\/1\.1 400 /);
      const log = lines.join('');
      assert.match(log, /client error/, 'the client error was logged');
      assert.ok(!log.includes(key) && !log.includes(Buffer.from(`Bearer ${key}`).toJSON().data.join(',')), 'the raw request is not in the log');
    } finally {
      await t.close();
    }
  });
});
