// Watches the blobs a store writes, for tests asserting that a refused upload stores nothing
// (stored files are named by ids the service issues, so they cannot be probed by content).
import type { Store } from '../../src/core/storage/store.ts';

export interface BlobWrites {
  /** Keys written since the watch began, in order. */
  readonly keys: string[];
  stop(): void;
}

export function watchBlobWrites(store: Store): BlobWrites {
  const keys: string[] = [];
  const original = store.putBlob;
  store.putBlob = (key, data, opts) => {
    keys.push(key);
    return original.call(store, key, data, opts);
  };
  return { keys, stop: () => void (store.putBlob = original) };
}
