/**
 * `resources`, `resource_requests` and their archive twins: folding logs into them and recomputing the ones
 * a crashed batch touched. docs/fingerprints.md, "Resources".
 */
import { viewCollection, type DataSet, type StoredResource } from './collections';
import type { Store } from './connection';
import { insertOrFold } from './insert-new';
import { writePairs } from './pairs';
import { resourceDeltas, resourceDocument, resourceUpdate, type ResourceRollupLog } from './resource-rollups';

/** Folds logs newly stored in `set` into its resource summaries and request pairs. */
export async function updateResources(store: Store, set: DataSet, logs: readonly ResourceRollupLog[]): Promise<void> {
  const deltas = resourceDeltas(logs);
  if (deltas.size === 0) return;
  await writePairs(store, viewCollection(set, 'resourceRequests'), new Map([...deltas].map(([id, d]) => [id, d.seen])));
  await insertOrFold(
    store.collection<StoredResource>(viewCollection(set, 'resources')),
    [...deltas].map(([id, delta]) => ({ doc: resourceDocument(id, delta), update: resourceUpdate(delta) })),
  );
}

/** Replaces what is derived for `ids` by what their logs say now (crash recovery). */
export async function recomputeResources(store: Store, set: DataSet, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const logs = await store
    .logs(set)
    .find({ 'resources.id': { $in: ids } } as never)
    .toArray();
  await store.collection(viewCollection(set, 'resources')).deleteMany({ _id: { $in: ids } } as never);
  await store.collection(viewCollection(set, 'resourceRequests')).deleteMany({ key: { $in: ids } });
  await updateResources(store, set, logs);
}
