// Forcing a write race: requests run concurrently and each is held after loading the tender until
// all of them have loaded it, so they all save against the same revision.
import type { Store } from '../../src/core/storage/store.ts';

/** Runs `requests` with their store loads synchronised; restores the store afterwards. */
export async function raceOnSameRevision<T>(store: Store, requests: ReadonlyArray<() => Promise<T>>): Promise<T[]> {
  const originalGet = store.get.bind(store);
  let waiting: Array<() => void> = [];
  store.get = async (collection, id) => {
    const doc = await originalGet(collection, id);
    await new Promise<void>((resolve) => {
      waiting.push(resolve);
      if (waiting.length === requests.length) {
        for (const r of waiting) r();
        waiting = [];
      }
    });
    return doc;
  };
  try {
    return await Promise.all(requests.map((r) => r()));
  } finally {
    store.get = originalGet;
  }
}
