// Files of the built-in document service (extensions.md §3), kept in the Store's blobs so that
// every node can serve them: the bytes content-addressed by md5 (`md5/<hex>`), and one record
// per document-service key (`ds-file/<uuid>`) saying which content it names, its type and name.
// A key is created by registration (hash known, bytes later) or by a direct upload.
import { createHash, randomUUID } from 'node:crypto';
import type { Store } from '../storage/store.ts';

export interface FileRecord {
  /** `md5:<32 hex>`. */
  hash: string;
  /** Set once the bytes are stored. */
  uploaded: boolean;
  contentType?: string;
  filename?: string;
}

export interface UploadedFile {
  uuid: string;
  hash: string;
  contentType: string;
  filename: string;
}

/** Why an upload to a registered key was refused (the reference DS's cases). */
export type UploadRefusal = 'unknown-key' | 'already-uploaded' | 'hash-mismatch';

export class UploadRefused extends Error {
  readonly reason: UploadRefusal;
  constructor(reason: UploadRefusal) {
    super(reason);
    this.name = 'UploadRefused';
    this.reason = reason;
  }
}

const recordKey = (uuid: string): string => `ds-file/${uuid}`;
const contentKey = (hash: string): string => `md5/${hash.slice('md5:'.length)}`;
const UUID_HEX = /^[0-9a-f]{32}$/;

export const md5Of = (data: Buffer): string => `md5:${createHash('md5').update(data).digest('hex')}`;

export class DocumentFiles {
  private readonly store: Store;

  constructor(store: Store) {
    this.store = store;
  }

  /** A new key for content with this md5 hash, to be uploaded later (`/register`). */
  async register(hash: string): Promise<string> {
    const uuid = randomUUID().replace(/-/g, '');
    await this.writeRecord(uuid, { hash, uploaded: false });
    return uuid;
  }

  /**
   * Stores the bytes under a new key, or under a registered one (`/upload/<uuid>`), whose hash
   * the bytes must match. Nothing is stored when the upload is refused.
   */
  async upload(file: { data: Buffer; contentType: string; filename: string }, registeredUuid?: string): Promise<UploadedFile> {
    const hash = md5Of(file.data);
    let uuid = registeredUuid;
    if (uuid !== undefined) {
      const existing = await this.record(uuid);
      if (!existing) throw new UploadRefused('unknown-key');
      if (existing.uploaded) throw new UploadRefused('already-uploaded');
      if (existing.hash !== hash) throw new UploadRefused('hash-mismatch');
    } else {
      uuid = randomUUID().replace(/-/g, '');
    }
    // Content first, record second: a record never names bytes that are not there.
    await this.store.putBlob(contentKey(hash), file.data);
    await this.writeRecord(uuid, { hash, uploaded: true, contentType: file.contentType, filename: file.filename });
    return { uuid, hash, contentType: file.contentType, filename: file.filename };
  }

  async record(uuid: string): Promise<FileRecord | null> {
    if (!UUID_HEX.test(uuid)) return null;
    const raw = await this.store.getBlob(recordKey(uuid));
    return raw ? (JSON.parse(raw.toString('utf8')) as FileRecord) : null;
  }

  /** The record and bytes of an uploaded key; null when unknown, `record` only when not uploaded yet. */
  async read(uuid: string): Promise<{ record: FileRecord; content: Buffer | null } | null> {
    const record = await this.record(uuid);
    if (!record) return null;
    if (!record.uploaded) return { record, content: null };
    return { record, content: await this.store.getBlob(contentKey(record.hash)) };
  }

  private async writeRecord(uuid: string, record: FileRecord): Promise<void> {
    await this.store.putBlob(recordKey(uuid), Buffer.from(JSON.stringify(record), 'utf8'));
  }
}
