/** Adds a batch of newly stored logs to the volume buckets (`volume`: minute × service × host × level). */
import type { Store } from './connection';
import type { StoredLog } from './documents';
import { insertNew } from './insert-new';
import { volumeDeltas, volumeDocument, volumeUpserts } from './rollups';

/**
 * New buckets in one insertMany, then one bulkWrite of `$inc` upserts for the buckets that already existed;
 * returns how many buckets the batch touched.
 */
export async function updateVolume(store: Store, logs: Iterable<StoredLog>): Promise<number> {
  const deltas = volumeDeltas(logs);
  if (deltas.size === 0) return 0;
  const entries = [...deltas];
  const existing = await insertNew(
    store.volume(),
    entries.map(([id, delta]) => volumeDocument(id, delta)),
  );
  if (existing.size > 0) {
    const again = new Map(entries.filter((_entry, index) => existing.has(index)));
    await store.volume().bulkWrite(volumeUpserts(again), { ordered: false });
  }
  return deltas.size;
}
