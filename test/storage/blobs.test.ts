// Blob storage (document-service files) on every backend, and the SQLite file-directory variant.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Store } from '../../src/core/storage/store.ts';
import { SqliteStore } from '../../src/storage/sqlite/sqlite-store.ts';
import { forEachBackend } from '../helpers/backends.ts';

const bytes = Buffer.from([0, 1, 2, 255, 254, 10, 13]);

function blobContract(open: () => Promise<Store>): void {
  let store: Store;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('returns the bytes put, byte-identical; null for an unknown key', async () => {
    await store.putBlob('md5/0123456789abcdef0123456789abcdef', bytes);
    assert.deepEqual(await store.getBlob('md5/0123456789abcdef0123456789abcdef'), bytes);
    assert.equal(await store.getBlob('md5/ffffffffffffffffffffffffffffffff'), null);
  });

  it('replaces an existing value', async () => {
    await store.putBlob('entry/abc', Buffer.from('one'));
    await store.putBlob('entry/abc', Buffer.from('two'));
    assert.equal((await store.getBlob('entry/abc'))?.toString(), 'two');
  });

  it('ifAbsent keeps the first value and says whether it wrote', async () => {
    assert.equal(await store.putBlob('ds-key/signing', Buffer.from('first'), { ifAbsent: true }), true);
    assert.equal(await store.putBlob('ds-key/signing', Buffer.from('second'), { ifAbsent: true }), false);
    assert.equal((await store.getBlob('ds-key/signing'))?.toString(), 'first');
    assert.equal(await store.putBlob('ds-key/signing', Buffer.from('third')), true);
    assert.equal((await store.getBlob('ds-key/signing'))?.toString(), 'third');
  });

  it('refuses keys that are not namespace/name', async () => {
    await assert.rejects(store.putBlob('../etc/passwd', bytes), TypeError);
    await assert.rejects(store.getBlob('md5/../../x'), TypeError);
  });
}

forEachBackend('Store blobs', (backend) => blobContract(() => backend.open()));

describe('SqliteStore blobs in a files directory', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cdb-blobs-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  blobContract(async () => {
    const store = new SqliteStore({ filename: ':memory:', filesDir: join(dir, 'files') });
    await store.init();
    return store;
  });

  it('writes content-addressed files and leaves no temporary file behind', async () => {
    const store = new SqliteStore({ filename: ':memory:', filesDir: join(dir, 'files') });
    await store.init();
    await store.putBlob('md5/0123456789abcdef0123456789abcdef', bytes);
    assert.deepEqual(readdirSync(join(dir, 'files', 'md5', '01')), ['0123456789abcdef0123456789abcdef']);
    await store.close();
  });
});
