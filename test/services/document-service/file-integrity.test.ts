// Issue 11: a document-service key's bytes can never be replaced. Two different files with the same
// MD5 (a public collision pair) uploaded by different keys each keep serving their own bytes;
// uploads to a key that has bytes are refused; keys stored before (content shared by md5) are
// still served; downloads carry `nosniff`; the per-key daily upload quota. On both backends.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, describeApp, TEST_BACKENDS, type TestApp } from '../../helpers/app.ts';
import { fileUpload } from '../../helpers/multipart.ts';
import { assertCollisionPair, COLLISION_A, COLLISION_B, COLLISION_MD5 } from '../../helpers/md5-collision.ts';
import type { BackendName } from '../../helpers/backends.ts';
import { SandboxClock } from '../../../src/core/time/clock.ts';

/** Path and query of an absolute url (the app is reached through inject). */
const local = (url: string): string => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};
const keyOf = (url: string): string => new URL(url).pathname.split('/').pop()!;

assertCollisionPair();

/** Where blobs live: each backend's table, and files under a directory (SQLite's default deployment). */
const BLOB_HOMES: Array<{ name: string; backend: BackendName; filesDir: boolean }> = [
  ...TEST_BACKENDS.map((backend) => ({ name: backend, backend, filesDir: false })),
  { name: 'sqlite, files directory', backend: 'sqlite', filesDir: true },
];

for (const home of BLOB_HOMES) {
  describe(`document service file integrity [${home.name}]`, () => {
    let t: TestApp;
    let dir: string | undefined;
    before(async () => {
      dir = home.filesDir ? mkdtempSync(join(tmpdir(), 'cdb-ds-integrity-')) : undefined;
      t = await buildTestApp({ backend: home.backend, filesDir: dir });
    });
    after(async () => {
      await t.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const upload = (user: string, content: Buffer, url = '/ds/upload', filename = 'notice.pdf') => {
      const up = fileUpload(content, filename);
      return t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${user}`, ...up.headers }, payload: up.payload });
    };
    const register = async (user: string, hash: string): Promise<{ url: string; uploadUrl: string }> => {
      const r = await t.app.inject({ method: 'POST', url: '/ds/register', headers: { authorization: `Bearer ${user}` }, payload: { data: { hash } } });
      assert.equal(r.statusCode, 201, r.body);
      return { url: r.json().data.url, uploadUrl: r.json().upload_url };
    };
    /** GETs a DS url: the bytes it serves, with the type-sniffing header asserted. */
    const served = async (url: string): Promise<Buffer> => {
      const got = await t.app.inject({ method: 'GET', url: local(url) });
      assert.equal(got.statusCode, 200, got.body);
      assert.equal(got.headers['x-content-type-options'], 'nosniff');
      return got.rawPayload;
    };

    it('two colliding files uploaded by different keys: same md5, different keys, each serves its own bytes', async () => {
      const first = await upload('broker', COLLISION_A);
      const second = await upload('broker1', COLLISION_B);
      assert.equal(first.statusCode, 200, first.body);
      assert.equal(second.statusCode, 200, second.body);
      const [a, b] = [first.json(), second.json()];
      assert.deepEqual([a.data.hash, b.data.hash], [COLLISION_MD5, COLLISION_MD5]);
      assert.notEqual(keyOf(a.data.url), keyOf(b.data.url));
      for (const url of [a.data.url, a.get_url]) assert.deepEqual(await served(url), COLLISION_A);
      for (const url of [b.data.url, b.get_url]) assert.deepEqual(await served(url), COLLISION_B);
    });

    it('a registered key: the colliding file cannot be uploaded over its bytes; another registration of the same md5 gets its own key', async () => {
      const mine = await register('broker', COLLISION_MD5);
      assert.equal((await upload('broker', COLLISION_A, local(mine.uploadUrl))).statusCode, 200);
      for (const user of ['broker', 'broker1']) {
        const again = await upload(user, COLLISION_B, local(mine.uploadUrl));
        assert.deepEqual([again.statusCode, again.json().errors], [403, [{ location: 'url', name: 'doc_id', description: 'Content already uploaded' }]]);
      }
      const theirs = await register('broker1', COLLISION_MD5);
      assert.notEqual(keyOf(theirs.url), keyOf(mine.url));
      assert.equal((await upload('broker1', COLLISION_B, local(theirs.uploadUrl))).statusCode, 200);
      assert.deepEqual(await served(mine.url), COLLISION_A);
      assert.deepEqual(await served(theirs.url), COLLISION_B);
    });

    it('two uploads racing to one registered key: one wins, the other is refused, the winner\'s bytes are served', async () => {
      const key = await register('broker', COLLISION_MD5);
      const answers = await Promise.all([upload('broker', COLLISION_A, local(key.uploadUrl)), upload('broker', COLLISION_B, local(key.uploadUrl))]);
      assert.deepEqual(answers.map((r) => r.statusCode).sort(), [200, 403]);
      const winner = answers[0]!.statusCode === 200 ? COLLISION_A : COLLISION_B;
      assert.deepEqual(await served(key.url), winner);
    });

    it('keys stored before (bytes shared under md5/<hex>) are still served, and a colliding upload leaves them alone', async () => {
      const uuid = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
      const legacyContent = `md5/${COLLISION_MD5.slice(4)}`;
      await t.deps.store.putBlob(`ds-file/${uuid}`, Buffer.from(JSON.stringify({ hash: COLLISION_MD5, uploaded: true, contentType: 'application/pdf', filename: 'old.pdf' })));
      await t.deps.store.putBlob(legacyContent, COLLISION_A);
      const signature = encodeURIComponent(t.deps.dsKeyring.sign(uuid).toString('base64'));
      const url = `http://127.0.0.1:8000/ds/get/${uuid}?Signature=${signature}&KeyID=${t.deps.dsKeyring.keyId}`;
      assert.deepEqual(await served(url), COLLISION_A);
      assert.equal((await upload('broker1', COLLISION_B)).statusCode, 200);
      assert.deepEqual(await served(url), COLLISION_A);
      assert.deepEqual(await t.deps.store.getBlob(legacyContent), COLLISION_A);
    });

    it('an html upload keeps its declared type and is served as an attachment with nosniff', async () => {
      const up = fileUpload('<script>alert(1)</script>', 'page.html', 'text/html');
      const r = await t.app.inject({ method: 'POST', url: '/ds/upload', headers: { authorization: 'Bearer broker', ...up.headers }, payload: up.payload });
      assert.equal(r.statusCode, 200, r.body);
      const got = await t.app.inject({ method: 'GET', url: local(r.json().data.url) });
      assert.match(String(got.headers['content-type']), /^text\/html/);
      assert.equal(got.headers['x-content-type-options'], 'nosniff');
      assert.match(String(got.headers['content-disposition']), /^attachment;/);
    });
  });

}

describeApp('document service upload quota', { env: { UPLOAD_QUOTA_BYTES_PER_DAY: '300' } }, (t) => {

  const upload = (user: string, content: Buffer, url = '/ds/upload') => {
    const up = fileUpload(content);
    return t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${user}`, ...up.headers }, payload: up.payload });
  };
  const QUOTA_ERROR = { status: 'error', errors: [{ location: 'body', name: 'file', description: 'Upload quota exceeded: the limit is 300 bytes per day.' }] };

  it('refuses past the limit with 429 and Retry-After until the next UTC day, per key, and renews the next day', async () => {
    const clock = t.deps.clock as SandboxClock;
    const noon = Date.UTC(2027, 0, 1, 12, 0, 0);
    clock.set(noon, true);
    assert.equal((await upload('broker', COLLISION_A)).statusCode, 200);
    assert.equal((await upload('broker', COLLISION_B)).statusCode, 200);
    const over = await upload('broker', COLLISION_A);
    assert.equal(over.statusCode, 429);
    assert.deepEqual(over.json(), QUOTA_ERROR);
    assert.equal(over.headers['retry-after'], String(12 * 3600));
    // Other keys are not counted against it.
    assert.equal((await upload('broker1', COLLISION_A)).statusCode, 200);
    // A refused upload is not charged: broker1 has 128 bytes used, a wrong checksum changes nothing.
    const reg = await t.app.inject({ method: 'POST', url: '/ds/register', headers: { authorization: 'Bearer broker1' }, payload: { data: { hash: `md5:${'0'.repeat(32)}` } } });
    const wrong = await upload('broker1', COLLISION_B, local(reg.json().upload_url));
    assert.equal(wrong.statusCode, 403);
    assert.equal((await upload('broker1', COLLISION_B)).statusCode, 200);
    assert.equal((await upload('broker1', Buffer.alloc(45, 1))).statusCode, 429);
    assert.equal((await upload('broker1', Buffer.alloc(44, 1))).statusCode, 200);

    clock.set(noon + 86_400_000, true);
    assert.equal((await upload('broker', COLLISION_A)).statusCode, 200);
  });

  it('the loser of a race for one registered key gets its charge back', async () => {
    const reg = await t.app.inject({ method: 'POST', url: '/ds/register', headers: { authorization: 'Bearer broker2' }, payload: { data: { hash: COLLISION_MD5 } } });
    assert.equal(reg.statusCode, 201, reg.body);
    const target = local(reg.json().upload_url);
    // Make the race certain: the first upload's record check has passed when the second one writes.
    const files = t.deps.store;
    const putBlob = files.putBlob.bind(files);
    let raced = false;
    files.putBlob = async (key, data, opts) => {
      if (!raced && key.startsWith('ds-content/')) {
        raced = true;
        assert.equal((await upload('broker2', COLLISION_A, target)).statusCode, 200);
      }
      return putBlob(key, data, opts);
    };
    try {
      const loser = await upload('broker2', COLLISION_A, target);
      assert.equal(loser.statusCode, 403, loser.body);
    } finally {
      files.putBlob = putBlob;
    }
    // 128 bytes charged (the winner's), not 256: 172 more fit into the 300-byte day.
    assert.equal((await upload('broker2', Buffer.alloc(173, 2))).statusCode, 429);
    assert.equal((await upload('broker2', Buffer.alloc(172, 2))).statusCode, 200);
  });
});
