// Owner tokens are stored only sealed (issue 11 item 7), on both backends:
// - after a full lifecycle (the reliability world: tenders, bids, claims, contracts; plus a tender
//   run through the built-in auction to a completed contract signed with credentials), no token the
//   API ever issued is found in the database: SQLite's files (main db, -wal, blobs) byte for byte,
//   PostgreSQL's tables in every text and bytea column, revisions included;
// - new SQLite files are the owner's only (0700 data dir, 0600 db, -wal, -shm and key files);
// - a database of the older format (plain tokens in documents and revisions, written through the
//   store directly) is sealed when the app opens it, and its owners act with their old tokens.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, TEST_BACKENDS, type TestApp } from '../../helpers/app.ts';
import { openPostgresTestStore } from '../../helpers/backends.ts';
import { openStore } from '../../../src/storage/open-store.ts';
import { PostgresStore } from '../../../src/storage/postgres/postgres-store.ts';
import { isSealedToken } from '../../../src/core/auth/owner-token.ts';
import { isTokenPath } from '../../../src/core/auth/stored-tokens.ts';
import type { CollectionName, Store } from '../../../src/core/storage/store.ts';
import { formatIso, isoToMs } from '../../../src/core/time/iso.ts';
import { api, expectStatus, setClock, type Json } from '../../helpers/api.ts';
import { REFERENCE_DS_KEY, SIGNED_URLS } from '../../helpers/reference-ds.ts';
import { getTender } from '../../procedures/below-threshold/builders.ts';
import { bidAndEndTendering, decideAward, listAwards, publishLotTender } from '../../procedures/below-threshold/awarding.ts';
import { awardClaimsUrl, cancellationData, cancellationsUrl } from '../../procedures/below-threshold/cancelling.ts';
import { bidUrl } from '../../procedures/below-threshold/tendering.ts';
import { BIDDER, buildWorld, fillPattern, type World } from '../../reliability/world.ts';

const SIGNING = { contractNumber: 'N-1', period: { startDate: '2027-02-01T00:00:00+02:00', endDate: '2027-12-31T00:00:00+02:00' } };
const SIGNER = { name: 'Test Testovich', email: 'example@email.com', telephone: '+380950000000', iban: '111111111111111', position: 'Директор', authorizedBy: 'Статут' };
const document = (title: string): Json => ({ title, format: 'application/pdf', ...SIGNED_URLS.notice });

/** Every `access.token` / `access.transfer` the app sends. */
function collectIssuedTokens(app: FastifyInstance, issued: Set<string>): void {
  app.addHook('onSend', async (_req, _reply, payload) => {
    if (typeof payload !== 'string' || !payload.includes('"access"')) return payload;
    const access = (JSON.parse(payload) as { access?: Record<string, unknown> }).access;
    for (const key of ['token', 'transfer']) if (typeof access?.[key] === 'string') issued.add(access[key] as string);
    return payload;
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Every text and bytea value of every table in the store's schema, as bytes. */
async function postgresValues(store: Store): Promise<Buffer[]> {
  const schema = (store as PostgresStore).schema!;
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const { rows: columns } = await client.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = $1 AND data_type IN ('text', 'bytea', 'character varying', 'json', 'jsonb')`,
      [schema],
    );
    assert.ok(columns.some((c) => c.table_name === 'revisions' && c.column_name === 'entry'), 'revisions are searched');
    const values: Buffer[] = [];
    for (const { table_name, column_name } of columns) {
      const { rows } = await client.query(`SELECT "${column_name}" AS v FROM "${schema}"."${table_name}"`);
      for (const { v } of rows as Array<{ v: unknown }>) if (v !== null) values.push(Buffer.isBuffer(v) ? v : Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)));
    }
    return values;
  } finally {
    await client.end();
  }
}

/** The owner tokens in a stored value: [path, value] for every token member. */
function tokenMembers(value: unknown, path: string[] = []): Array<[string, unknown]> {
  if (Array.isArray(value)) return value.flatMap((v, i) => tokenMembers(v, [...path, String(i)]));
  if (typeof value !== 'object' || value === null) return isTokenPath(path) ? [[path.join('/'), value]] : [];
  return Object.entries(value).flatMap(([k, v]) => tokenMembers(v, [...path, k]));
}

for (const backend of TEST_BACKENDS) {
  describe(`owner tokens are stored sealed [${backend}]`, () => {
    let dir: string;
    let dataDir: string;
    let t: TestApp;
    let w: World;
    const issued = new Set<string>();
    const openFresh = async (name: string): Promise<Store> =>
      backend === 'sqlite' ? openStore({ dataDir: join(dir, name) }) : openPostgresTestStore(process.env.DATABASE_URL!);

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'sealed-tokens-'));
      dataDir = join(dir, 'data');
      t = await buildTestApp({ store: await openFresh('data'), trustedDsKeys: [REFERENCE_DS_KEY], register: (app) => collectIssuedTokens(app, issued) });
      w = await buildWorld(t);
    });
    after(async () => {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('a database of the older format (plain tokens) is sealed on open; owners keep their tokens', async () => {
      const worldClock = formatIso(t.deps.clock.now());
      const legacy = await openFresh('legacy');
      // The world's documents and revisions as an older release stored them: tokens in plain text.
      const unseal = (text: string): string => [...issued].reduce((s, token) => s.split(t.deps.tokens.seal(token)).join(token), text);
      const objects: Array<[CollectionName, string]> = [
        ...[w.tender.id, w.otherTender.id, w.awarded.tender.id].map((id): [CollectionName, string] => ['tenders', id]),
        ['contracts', w.contract.id],
      ];
      for (const [collection, id] of objects) {
        const stored = (await t.deps.store.get(collection, id))!;
        const shown = (await t.deps.store.getPublic(collection, id))!;
        const doc = JSON.parse(unseal(JSON.stringify(stored.doc))) as Record<string, unknown>;
        const meta = { isPublic: true, isTest: false, nextCheck: (doc.next_check as string | undefined) ?? null, touchPublicModified: true };
        const base = { doc, publicText: shown.publicText, envelopeExtra: shown.envelopeExtra, meta };
        const [first, ...rest] = await t.deps.store.revisions(collection, id);
        let rev = await legacy.insert(collection, id, { ...base, revision: JSON.parse(unseal(JSON.stringify(first))) });
        for (const entry of rest) rev = await legacy.update(collection, id, rev, { ...base, revision: JSON.parse(unseal(JSON.stringify(entry))) });
      }
      const plainInLegacy = async (): Promise<string[]> => {
        const texts: string[] = [];
        for (const [collection, id] of objects) {
          texts.push(JSON.stringify((await legacy.get(collection, id))!.doc), JSON.stringify(await legacy.revisions(collection, id)));
        }
        return [...issued].filter((token) => texts.some((text) => text.includes(token)));
      };
      const before = await plainInLegacy();
      for (const token of [w.tender.token, w.bid.token, w.awarded.claim.token, w.contract.tenderToken, w.contract.supplierToken]) {
        assert.ok(before.includes(token), 'the fixture holds plain tokens');
      }

      const b = await buildTestApp({ store: legacy, trustedDsKeys: [REFERENCE_DS_KEY] });
      try {
        assert.deepEqual(await plainInLegacy(), [], 'no plain token is left, in documents or revisions');
        for (const [collection, id] of objects) {
          const members = tokenMembers((await legacy.get(collection, id))!.doc);
          assert.ok(members.length > 0);
          for (const [path, value] of members) assert.equal(isSealedToken(value), true, `${collection}/${id} ${path}`);
        }
        if (backend === 'sqlite') {
          const bytes = filesUnder(join(dir, 'legacy')).map((f) => readFileSync(f));
          assert.deepEqual([...issued].filter((token) => bytes.some((b) => b.includes(token))), [], 'not in the files either (freed pages and WAL cleared)');
        }

        await setClock(b.app, worldClock);
        // The bid owner reads its bid; another bid's token does not open it.
        expectStatus(await api(b.app, 'GET', bidUrl(w.tender, w.bid), { auth: BIDDER }), 200);
        expectStatus(await api(b.app, 'GET', bidUrl(w.tender, { id: w.bid.id, token: w.otherBid.token }), { auth: BIDDER }), 403);
        // The tender owner cancels; the stored seal is no token.
        const sealed = (await legacy.get('tenders', w.tender.id))!.doc.owner_token as string;
        expectStatus(await api(b.app, 'POST', cancellationsUrl({ id: w.tender.id, token: encodeURIComponent(sealed) }), { body: { data: cancellationData() } }), 403);
        expectStatus(await api(b.app, 'POST', cancellationsUrl(w.tender), { body: { data: cancellationData() } }), 201);
        // The claim's author adds a document with the claim token.
        const claimDocs = `${awardClaimsUrl({ tender: w.awarded.tender, lotId: w.awarded.lotId, awardId: w.awarded.awardId, bidToken: w.awarded.bidToken, bidId: '' }, `/${w.awarded.claim.id}/documents`)}`;
        expectStatus(await api(b.app, 'POST', `${claimDocs}?acc_token=${w.awarded.claim.token}`, { body: { data: document('claim-2.pdf') } }), 201);
        // The contract's buyer side (the tender token copied into the contract) gets credentials; the new token works.
        const credentials = await api(b.app, 'PATCH', `/api/2.5/contracts/${w.contract.id}/credentials?acc_token=${w.contract.tenderToken}`, { body: { data: '' } });
        expectStatus(credentials, 200);
        const contractToken = String((credentials.json.access as Json).token);
        expectStatus(await api(b.app, 'POST', `/api/2.5/contracts/${w.contract.id}/documents?acc_token=${contractToken}`, { body: { data: document('c.pdf') } }), 201);
      } finally {
        await b.close();
      }
    });

    test('a full lifecycle leaves no issued token in the database', async () => {
      // One more tender through the built-in auction to a completed contract signed with credentials.
      const lt = await publishLotTender(t.app, 1);
      const [, cheaper] = await bidAndEndTendering(t, lt, [[500], [490]]);
      const inAuction = await getTender(t.app, lt.tender.id);
      assert.equal(inAuction.status, 'active.auction');
      const start = isoToMs(String(((inAuction.lots as Json[])[0]!.auctionPeriod as Json).startDate));
      await setClock(t.app, formatIso(start + 40 * 60_000));
      const [award] = await listAwards(t.app, lt.tender.id);
      assert.equal(award!.bid_id, cheaper!.id);
      await decideAward(t.app, lt.tender, String(award!.id), 'active');
      const contractId = String(((await getTender(t.app, lt.tender.id)).contracts as Json[])[0]!.id);
      const contractUrl = (token: string, suffix = '') => `/api/2.5/contracts/${contractId}${suffix}?acc_token=${token}`;
      expectStatus(await api(t.app, 'PUT', contractUrl(cheaper!.token, '/suppliers/signer_info'), { body: { data: SIGNER } }), 200);
      const credentials = await api(t.app, 'PATCH', contractUrl(lt.tender.token, '/credentials'), { body: { data: '' } });
      expectStatus(credentials, 200);
      const contractToken = String((credentials.json.access as Json).token);
      expectStatus(await api(t.app, 'PATCH', contractUrl(contractToken), { body: { data: { ...SIGNING, status: 'active' } } }), 200);
      assert.equal((await getTender(t.app, lt.tender.id)).status, 'complete');

      for (const token of [lt.tender.token, lt.tender.transfer, cheaper!.token, contractToken, w.awarded.claim.token]) assert.ok(issued.has(token));
      assert.ok(issued.size >= 20, `tokens issued: ${issued.size}`);
      const stored = backend === 'sqlite' ? filesUnder(dataDir).map((f) => readFileSync(f)) : await postgresValues(t.deps.store);
      if (backend === 'sqlite') {
        const names = filesUnder(dataDir).map((f) => f.slice(dataDir.length));
        assert.ok(names.includes('/cdb.sqlite') && names.includes('/cdb.sqlite-wal'), names.join(' '));
      }
      assert.deepEqual([...issued].filter((token) => stored.some((bytes) => bytes.includes(token))), [], 'no issued token is stored');
      const seal = Buffer.from(t.deps.tokens.seal(contractToken));
      assert.ok(stored.some((bytes) => bytes.includes(seal)), 'the search does reach the stored documents (the seal is there)');
    });

    test('no read shows a token or its seal, whoever asks', async () => {
      const tokens = [w.tender.token, w.bid.token, w.awarded.tender.token, w.awarded.claim.token, w.contract.tenderToken, w.contract.supplierToken];
      const callers: Array<{ auth: string | null; token?: string }> = [{ auth: null }, ...tokens.flatMap((token) => ['broker', BIDDER].map((auth) => ({ auth, token })))];
      // The bidder page's event stream and the push feeds never end (the push feeds' items are the
      // polling feeds' items, read here); the bidder page's state and page carry no tokens (the fuzz test reaches them).
      const routes = t.app.routeTable.list().filter((r) => r.method === 'GET' && !r.url.startsWith('/auctions/') && !r.url.endsWith('/stream'));
      assert.ok(routes.length > 30, `GET routes: ${routes.length}`);
      let reads = 0;
      for (const route of routes) {
        const url = fillPattern(route.url.replace(/\/\*$/, ''), w, 'a'.repeat(32));
        for (const { auth, token } of callers) {
          const res = await api(t.app, 'GET', token ? `${url}${url.includes('?') ? '&' : '?'}acc_token=${token}` : url, { auth });
          assert.ok(res.status < 500, `${url}: ${res.status}`);
          assert.equal(res.body.includes('hmac-sha256:'), false, `${url} shows a seal`);
          assert.deepEqual([...issued].filter((x) => res.body.includes(x)), [], `${url} shows a token`);
          if (res.status === 200) reads++;
        }
      }
      assert.ok(reads > 100, `successful reads: ${reads}`);
    });

    if (backend === 'sqlite') {
      test('new SQLite files are readable by their owner only', () => {
        assert.equal(statSync(dataDir).mode & 0o777, 0o700, 'data dir');
        const files = filesUnder(dataDir);
        for (const name of ['cdb.sqlite', 'cdb.sqlite-wal', 'cdb.sqlite-shm']) assert.ok(files.includes(join(dataDir, name)), name);
        assert.ok(files.some((f) => f.includes('token-key')), 'the token key is kept under the data dir');
        for (const file of files) assert.equal(statSync(file).mode & 0o777, 0o600, file);
      });
    }
  });
}
