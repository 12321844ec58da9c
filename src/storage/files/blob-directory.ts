// Blobs as files under a directory (SQLite deployments keep document-service files next to the
// database, extensions.md §3): `<dir>/<namespace>/<first two chars>/<name>`. Writes go to a
// temporary file in the same directory, are flushed, then renamed over the target, so a reader
// sees either the old bytes or the new ones, never a partial file.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { BLOB_KEY } from '../../core/storage/store.ts';

export class BlobDirectory {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  private pathOf(key: string): { folder: string; file: string } {
    if (!BLOB_KEY.test(key)) throw new TypeError(`invalid blob key: ${key}`);
    const [namespace, name] = key.split('/') as [string, string];
    const folder = join(this.dir, namespace, name.slice(0, 2));
    return { folder, file: join(folder, name) };
  }

  /** Writes atomically; with `ifAbsent` an existing file is kept (hard link, which fails when the name exists). */
  async put(key: string, data: Buffer, ifAbsent = false): Promise<boolean> {
    const { folder, file } = this.pathOf(key);
    await fsp.mkdir(folder, { recursive: true });
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await fsp.open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      if (!ifAbsent) {
        await fsp.rename(tmp, file);
        return true;
      }
      try {
        await fsp.link(tmp, file);
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw err;
      }
    } finally {
      await fsp.rm(tmp, { force: true });
    }
  }

  async get(key: string): Promise<Buffer | null> {
    const { file } = this.pathOf(key);
    try {
      return await fsp.readFile(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }
}
