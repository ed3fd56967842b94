/**
 * Finishes a batch a crashed ingester left half done. The crash may have come anywhere between the insert
 * and the end of the rollups, so some summaries and buckets may hold the batch and others not; adding it
 * again would count it twice. Instead every summary and volume bucket the batch touches is recomputed from
 * the logs themselves (idempotent: a crash during recovery is repaired by the next one).
 */
import type { Store } from './connection';
import type { InFlightBatch } from './checkpoints';
import type { StoredLog } from './documents';
import { MINUTE_MS, requestDeltas, requestDocument, ROLLUP_PROJECTION, volumeDeltas } from './rollups';

export async function recoverInFlight(store: Store, batch: InFlightBatch): Promise<number> {
  if (batch.ids.length === 0) return 0;
  const inserted = await store
    .logs()
    .find({ _id: { $in: batch.ids }, ingestedAt: batch.ingestedAt }, { projection: ROLLUP_PROJECTION })
    .toArray();
  if (inserted.length === 0) return 0;
  await recomputeSummaries(store, [...new Set(inserted.flatMap((log) => (log.requestId ? [log.requestId] : [])))]);
  await recomputeVolume(store, inserted);
  return inserted.length;
}

async function recomputeSummaries(store: Store, requestIds: string[]): Promise<void> {
  if (requestIds.length === 0) return;
  const logs = await store
    .logs()
    .find({ requestId: { $in: requestIds } }, { projection: ROLLUP_PROJECTION })
    .toArray();
  for (const delta of requestDeltas(logs).values()) {
    await store.requests().replaceOne({ _id: delta.requestId }, requestDocument(delta), { upsert: true });
  }
}

async function recomputeVolume(store: Store, inserted: StoredLog[]): Promise<void> {
  const touched = volumeDeltas(inserted);
  const minutes = [...touched.values()].map((bucket) => bucket.minute.getTime());
  const from = new Date(Math.min(...minutes));
  const to = new Date(Math.max(...minutes) + MINUTE_MS);
  const logs = await store
    .logs()
    .find({ ts: { $gte: from, $lt: to } }, { projection: ROLLUP_PROJECTION })
    .toArray();
  const counted = volumeDeltas(logs);
  for (const [id, bucket] of counted) {
    if (!touched.has(id)) continue;
    const { minute, service, host, level, count } = bucket;
    await store.volume().replaceOne({ _id: id }, { minute, service, host, level, count }, { upsert: true });
  }
}
