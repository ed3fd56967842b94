/**
 * Retention without TTL indexes (FerretDB has none): deletes logs whose event time is before a cutoff,
 * then the derived documents that only described deleted logs. Nothing is rebuilt:
 *   - the cutoff is rounded down to a whole minute, so a volume bucket is either wholly deleted with its
 *     logs or wholly kept, and volume stays exact;
 *   - a request summary goes when its `end` is before the cutoff (all its logs are gone); a request that
 *     straddles the cutoff keeps its summary as it was (its counts then include logs already pruned).
 * Range deletes on `ts` / `end` / `minute` use the indexes `ts_id_level`, `end_start` and `minute`.
 */
import type { Store } from './connection';
import type { DataSet } from './collections';

export interface PruneCounts {
  logs: number;
  requests: number;
  volume: number;
}

/** The cutoff actually applied: `before` rounded down to the minute. */
export function pruneCutoff(before: Date): Date {
  return new Date(Math.floor(before.getTime() / 60000) * 60000);
}

export async function pruneBefore(store: Store, set: DataSet, before: Date): Promise<PruneCounts> {
  const cutoff = pruneCutoff(before);
  const logs = await store.logs(set).deleteMany({ ts: { $lt: cutoff } });
  const requests = await store.requests(set).deleteMany({ end: { $lt: cutoff } });
  const volume = set === 'live' ? await store.volume().deleteMany({ minute: { $lt: cutoff } }) : { deletedCount: 0 };
  return { logs: logs.deletedCount, requests: requests.deletedCount, volume: volume.deletedCount };
}
