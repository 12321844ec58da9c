// The built-in document service over HTTP (extensions.md §3, platform.md §6.3): register, upload,
// get; signature, expiry and checksum refusals with the reference DS's messages; on both backends.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { describeApp, buildTestApp } from '../../helpers/app.ts';
import { fileUpload } from '../../helpers/multipart.ts';
import { watchBlobWrites } from '../../helpers/blob-writes.ts';
import { SandboxClock } from '../../../src/core/time/clock.ts';

const BROKER = { authorization: 'Bearer broker' };
const md5 = (b: Buffer): string => `md5:${createHash('md5').update(b).digest('hex')}`;
/** Path and query of an absolute url (the app is reached through inject). */
const local = (url: string): string => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

describeApp('document service', {}, (t) => {

  it('POST /ds/upload stores a file; the returned urls read it back byte-identical', async () => {
    const content = randomBytes(3000);
    const up = await t.app.inject({ method: 'POST', url: '/ds/upload', headers: { ...BROKER, ...fileUpload(content, 'звіт.pdf').headers }, payload: fileUpload(content, 'звіт.pdf').payload });
    assert.equal(up.statusCode, 200, up.body);
    const body = up.json();
    assert.deepEqual(Object.keys(body).sort(), ['data', 'get_url']);
    assert.equal(body.data.hash, md5(content));
    assert.equal(body.data.format, 'application/pdf');
    assert.equal(body.data.title, 'звіт.pdf');
    assert.equal(up.headers.location, body.get_url);
    assert.match(body.get_url, /^http:\/\/127\.0\.0\.1:8000\/ds\/get\/[0-9a-f]{32}\?KeyID=[0-9a-f]{8}&Expires=\d+&Signature=/);
    for (const url of [body.get_url, body.data.url]) {
      const got = await t.app.inject({ method: 'GET', url: local(url) });
      assert.equal(got.statusCode, 200);
      assert.deepEqual(got.rawPayload, content);
      assert.equal(got.headers['content-type'], 'application/pdf');
      assert.match(String(got.headers['content-disposition']), /^attachment; filename="____\.pdf"; filename\*=utf-8''%D0%B7%D0%B2%D1%96%D1%82\.pdf$/);
    }
  });

  it('register, then upload to the signed upload_url; a wrong md5 is refused and stores nothing', async () => {
    const content = Buffer.from('registered content');
    const reg = await t.app.inject({ method: 'POST', url: '/ds/register', headers: BROKER, payload: { data: { hash: md5(content) } } });
    assert.equal(reg.statusCode, 201, reg.body);
    const { data, upload_url } = reg.json();
    assert.equal(data.hash, md5(content));
    assert.equal(reg.headers.location, upload_url);
    // Nothing uploaded yet: the reference answers 204.
    const early = await t.app.inject({ method: 'GET', url: local(data.url) });
    assert.equal(early.statusCode, 204);

    const wrong = fileUpload('other bytes');
    const bad = await t.app.inject({ method: 'POST', url: local(upload_url), headers: { ...BROKER, ...wrong.headers }, payload: wrong.payload });
    assert.equal(bad.statusCode, 403);
    assert.deepEqual(bad.json(), { status: 'error', errors: [{ location: 'body', name: 'file', description: 'Invalid checksum' }] });
    assert.equal((await t.app.inject({ method: 'GET', url: local(data.url) })).statusCode, 204);

    const good = fileUpload(content);
    const ok = await t.app.inject({ method: 'POST', url: local(upload_url), headers: { ...BROKER, ...good.headers }, payload: good.payload });
    assert.equal(ok.statusCode, 200, ok.body);
    const again = await t.app.inject({ method: 'POST', url: local(upload_url), headers: { ...BROKER, ...good.headers }, payload: good.payload });
    assert.deepEqual(again.json().errors, [{ location: 'url', name: 'doc_id', description: 'Content already uploaded' }]);
    const got = await t.app.inject({ method: 'GET', url: local(data.url) });
    assert.deepEqual(got.rawPayload, content);
  });

  it('register refuses bad hashes with the reference messages, and anonymous callers', async () => {
    const cases: Array<[unknown, unknown]> = [
      ['sha1:00', ['Hash type is not supported.']],
      ['md5:00', ['Hash value is wrong length.']],
      [`md5:${'z'.repeat(32)}`, ['Hash value is not hexadecimal.']],
    ];
    for (const [hash, description] of cases) {
      const r = await t.app.inject({ method: 'POST', url: '/ds/register', headers: BROKER, payload: { data: { hash } } });
      assert.equal(r.statusCode, 422);
      assert.deepEqual(r.json().errors, [{ location: 'body', name: 'hash', description }]);
    }
    const missing = await t.app.inject({ method: 'POST', url: '/ds/register', headers: BROKER, payload: { data: {} } });
    assert.deepEqual([missing.statusCode, missing.json().errors], [404, [{ location: 'body', name: 'hash', description: 'Not Found' }]]);
    const anon = await t.app.inject({ method: 'POST', url: '/ds/register', payload: { data: { hash: md5(Buffer.from('x')) } } });
    assert.equal(anon.statusCode, 403);
    const form = await t.app.inject({ method: 'POST', url: '/ds/register', headers: { ...BROKER, 'content-type': 'application/x-www-form-urlencoded' }, payload: `hash=${md5(Buffer.from('x'))}` });
    assert.equal(form.statusCode, 201);
  });

  it('upload without a file part → 404 file; empty file → 422; too large → 413; nothing stored', async () => {
    const none = await t.app.inject({ method: 'POST', url: '/ds/upload', headers: BROKER, payload: { data: {} } });
    assert.deepEqual([none.statusCode, none.json().errors], [404, [{ location: 'body', name: 'file', description: 'Not Found' }]]);
    const empty = fileUpload(Buffer.alloc(0));
    const e = await t.app.inject({ method: 'POST', url: '/ds/upload', headers: { ...BROKER, ...empty.headers }, payload: empty.payload });
    assert.deepEqual([e.statusCode, e.json().errors], [422, [{ location: 'body', name: 'file', description: 'File is empty.' }]]);
    const small = await buildTestApp({ backend: t.backend, env: { MAX_UPLOAD_BYTES: '10' } });
    const writes = watchBlobWrites(small.deps.store);
    try {
      const big = fileUpload(Buffer.alloc(11, 1));
      const r = await small.app.inject({ method: 'POST', url: '/ds/upload', headers: { ...BROKER, ...big.headers }, payload: big.payload });
      assert.equal(r.statusCode, 413);
      assert.deepEqual(r.json().errors, [{ location: 'body', name: 'file', description: 'File is too large: the limit is 10 bytes.' }]);
      assert.deepEqual(writes.keys, []);
    } finally {
      writes.stop();
      await small.close();
    }
  });

  it('GET refuses tampered, expired and foreign urls with the reference messages', async () => {
    const up = fileUpload('secret');
    const body = (await t.app.inject({ method: 'POST', url: '/ds/upload', headers: { ...BROKER, ...up.headers }, payload: up.payload })).json();
    const getUrl = new URL(body.get_url);
    const tampered = new URL(getUrl);
    const sig = Buffer.from(decodeURIComponent(tampered.searchParams.get('Signature')!), 'base64');
    sig[0] ^= 1;
    tampered.searchParams.set('Signature', sig.toString('base64'));
    const r1 = await t.app.inject({ method: 'GET', url: local(tampered.href) });
    assert.deepEqual([r1.statusCode, r1.json().errors], [403, [{ location: 'url', name: 'Signature', description: 'Signature does not match' }]]);

    const foreign = new URL(getUrl);
    foreign.searchParams.set('KeyID', 'deadbeef');
    const r2 = await t.app.inject({ method: 'GET', url: local(foreign.href) });
    assert.deepEqual([r2.statusCode, r2.json().errors], [403, [{ location: 'url', name: 'KeyID', description: 'Key Id does not exist' }]]);

    const clock = t.deps.clock as SandboxClock;
    clock.set(clock.now() + 301_000, true);
    const r3 = await t.app.inject({ method: 'GET', url: local(body.get_url) });
    assert.deepEqual([r3.statusCode, r3.json().errors], [403, [{ location: 'url', name: 'Expires', description: 'Request has expired' }]]);

    const unknown = await t.app.inject({ method: 'GET', url: `/ds/get/${'0'.repeat(32)}?KeyID=${t.deps.dsKeyring.keyId}&Signature=${encodeURIComponent(t.deps.dsKeyring.sign('0'.repeat(32)).toString('base64'))}` });
    assert.deepEqual([unknown.statusCode, unknown.json().errors], [404, [{ location: 'url', name: 'doc_id', description: 'Not Found' }]]);
  });
});

describe('document service with the default SQLite deployment (files under DATA_DIR)', () => {
  it('stores uploads under DATA_DIR/files by the id it issued and keeps its key across restarts', async () => {
    const { mkdtempSync, readdirSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { loadConfig } = await import('../../../src/config.ts');
    const { buildApp, createDeps } = await import('../../../src/app.ts');
    const dir = mkdtempSync(join(tmpdir(), 'cdb-ds-'));
    try {
      const start = async () => {
        const app = await buildApp(await createDeps(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' })), { logger: false });
        await app.ready();
        return app;
      };
      const content = Buffer.from('persisted bytes');
      const first = await start();
      const up = fileUpload(content);
      const body = (await first.inject({ method: 'POST', url: '/ds/upload', headers: { ...BROKER, ...up.headers }, payload: up.payload })).json();
      await first.close();
      const uuid = new URL(body.data.url).pathname.split('/').pop()!;
      assert.deepEqual(readdirSync(join(dir, 'files', 'ds-content', uuid.slice(0, 2))), [uuid]);
      assert.deepEqual(readdirSync(join(dir, 'files')).sort(), ['ds-content', 'ds-file', 'ds-key']);
      const second = await start();
      try {
        const got = await second.inject({ method: 'GET', url: local(body.data.url) });
        assert.equal(got.statusCode, 200, got.body);
        assert.deepEqual(got.rawPayload, content);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
