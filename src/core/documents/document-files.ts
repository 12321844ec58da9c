// Files of the built-in document service (extensions.md §3), kept in the Store's blobs so that
// every node can serve them: one record per document-service key (`ds-file/<uuid>`) saying which
// md5 it was registered or uploaded with, its type and name, and the key's own bytes
// (`ds-content/<uuid>`), as the reference document service keeps them by the id it issues.
// A key is created by registration (hash known, bytes later) or by a direct upload.
//
// Bytes are written once and never replaced (issue 11): content shared by md5 let a second,
// md5-colliding upload swap the bytes behind every document with that hash while the API kept
// showing the original hash. Keys uploaded before that still name `md5/<hex>`; they are read
// from there, and nothing writes that namespace any more.
import { createHash } from 'node:crypto';
import type { AppDeps } from '../context.ts';
import type { Store } from '../storage/store.ts';
import { UploadQuota } from './upload-quota.ts';
import { newId } from '../ids.ts';

export interface FileRecord {
  /** `md5:<32 hex>`. */
  hash: string;
  /** Set once the bytes are stored. */
  uploaded: boolean;
  contentType?: string;
  filename?: string;
  /** The bytes are the key's own (`ds-content/<uuid>`); absent on keys uploaded before (`md5/<hex>`). */
  ownContent?: true;
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
const contentKey = (uuid: string): string => `ds-content/${uuid}`;
const legacyContentKey = (hash: string): string => `md5/${hash.slice('md5:'.length)}`;
const UUID_HEX = /^[0-9a-f]{32}$/;

export const md5Of = (data: Buffer): string => `md5:${createHash('md5').update(data).digest('hex')}`;

export class DocumentFiles {
  private readonly store: Store;
  private readonly quota: UploadQuota;

  constructor(store: Store, quota: UploadQuota) {
    this.store = store;
    this.quota = quota;
  }

  /** A new key for content with this md5 hash, to be uploaded later (`/register`). */
  async register(hash: string): Promise<string> {
    const uuid = newId();
    await this.writeRecord(uuid, { hash, uploaded: false }, true);
    return uuid;
  }

  /**
   * Stores the bytes under a new key, or under a registered one (`/upload/<uuid>`), whose hash
   * the bytes must match; `uploader` (the API key's user) is charged for them. Nothing is stored
   * when the upload is refused; a key's bytes, once stored, are never replaced.
   */
  async upload(file: { data: Buffer; contentType: string; filename: string }, uploader: string, registeredUuid?: string): Promise<UploadedFile> {
    const hash = md5Of(file.data);
    let uuid = registeredUuid;
    if (uuid !== undefined) {
      const existing = await this.record(uuid);
      if (!existing) throw new UploadRefused('unknown-key');
      if (existing.uploaded) throw new UploadRefused('already-uploaded');
      if (existing.hash !== hash) throw new UploadRefused('hash-mismatch');
    } else {
      uuid = newId();
    }
    const charge = await this.quota.charge(uploader, file.data.length);
    // Content first, record second: a record never names bytes that are not there. Of two
    // uploads racing to one registered key, the first to write its bytes wins; the other is
    // refused here rather than replacing them, and gets its charge back.
    if (!(await this.store.putBlob(contentKey(uuid), file.data, { ifAbsent: true }))) {
      await this.quota.refund(charge);
      throw new UploadRefused('already-uploaded');
    }
    await this.writeRecord(uuid, { hash, uploaded: true, contentType: file.contentType, filename: file.filename, ownContent: true }, false);
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
    return { record, content: await this.store.getBlob(record.ownContent ? contentKey(uuid) : legacyContentKey(record.hash)) };
  }

  private async writeRecord(uuid: string, record: FileRecord, ifAbsent: boolean): Promise<void> {
    await this.store.putBlob(recordKey(uuid), Buffer.from(JSON.stringify(record), 'utf8'), { ifAbsent });
  }
}

/** The document files of this app, charging uploads to the configured per-key quota. */
export function documentFiles(deps: Pick<AppDeps, 'store' | 'clock' | 'config'>): DocumentFiles {
  return new DocumentFiles(deps.store, new UploadQuota(deps.store, deps.clock, deps.config.uploadQuotaBytesPerDay));
}
