/**
 * `volume`: log counts per minute × service × host × level. Adding a batch of newly stored logs, recomputing
 * the buckets a crashed batch touched, and summing buckets per minute and level for volume series.
 */
import type { StoredLog } from './collections';
import type { Store } from './connection';
import type { MongoFilter } from './find';
import { insertNew } from './insert-new';
import { MINUTE_MS, ROLLUP_PROJECTION, volumeDeltas, volumeDocument, volumeIdPrefix, volumeUpserts } from './rollups';

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

/** Recomputes, from the logs themselves, every bucket the given logs fall into (crash recovery). */
export async function recomputeVolume(store: Store, touchedBy: StoredLog[]): Promise<void> {
  const touched = volumeDeltas(touchedBy);
  if (touched.size === 0) return;
  const minutes = [...touched.values()].map((bucket) => bucket.minute.getTime());
  const from = new Date(Math.min(...minutes));
  const to = new Date(Math.max(...minutes) + MINUTE_MS);
  const logs = await store
    .logs()
    .find({ ts: { $gte: from, $lt: to } }, { projection: ROLLUP_PROJECTION })
    .toArray();
  for (const [id, bucket] of volumeDeltas(logs)) {
    if (!touched.has(id)) continue;
    const { minute, service, host, level, count } = bucket;
    await store.volume().replaceOne({ _id: id }, { minute, service, host, level, count }, { upsert: true });
  }
}

export interface MinuteLevelCount {
  minute: Date;
  level: number;
  count: number;
}

/** Sums the buckets matching `filter` per (minute, level), on the server ($match/$group/$sum run on FerretDB too). */
export async function sumVolumeBuckets(store: Store, filter: MongoFilter): Promise<MinuteLevelCount[]> {
  const rows = await store
    .volume()
    .aggregate<{ _id: { minute: Date; level: number }; count: number }>([
      { $match: filter },
      { $group: { _id: { minute: '$minute', level: '$level' }, count: { $sum: '$count' } } },
    ])
    .toArray();
  return rows.map((row) => ({ minute: new Date(row._id.minute), level: row._id.level, count: row.count }));
}

/**
 * The minute nearest to `edge` (ascending: at or after it; descending: at or before it), up to `farEnd`, that
 * holds any live log: the first or last volume bucket in `_id` order, which an index reads without sorting
 * on every engine (query/slice-walk.ts uses it to step over stretches without logs).
 */
export async function nearestLogMinute(
  store: Store,
  edge: number,
  farEnd: number | undefined,
  order: 'asc' | 'desc',
): Promise<{ from: number; to: number } | undefined> {
  const minuteOf = (ms: number): number => Math.floor(ms / MINUTE_MS) * MINUTE_MS;
  const key = (ms: number): string => volumeIdPrefix(new Date(ms));
  const [low, high] = order === 'asc' ? [edge, farEnd] : [farEnd, edge];
  const range: Record<string, string> = {};
  if (low !== undefined) range.$gte = key(minuteOf(low));
  if (high !== undefined) range.$lt = key(minuteOf(high) + MINUTE_MS);
  const [bucket] = await store
    .volume()
    .find(Object.keys(range).length > 0 ? { _id: range } : {}, { projection: { minute: 1 } })
    .sort({ _id: order === 'asc' ? 1 : -1 })
    .limit(1)
    .toArray();
  if (!bucket) return undefined;
  const from = new Date(bucket.minute).getTime();
  return { from, to: from + MINUTE_MS };
}
