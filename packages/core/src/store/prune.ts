/**
 * Retention without TTL indexes (FerretDB has none): deletes logs whose event time is before a cutoff,
 * then the derived documents that only described deleted logs. Nothing is rebuilt:
 *   - the cutoff is rounded down to a whole minute, so a volume bucket is either wholly deleted with its
 *     logs or wholly kept, and volume stays exact;
 *   - a request summary goes when its `end` is before the cutoff (all its logs are gone); a request that
 *     straddles the cutoff keeps its summary as it was (its counts then include logs already pruned);
 *   - the error and resource views alike: error buckets by minute, summaries by last seen, request pairs
 *     by their last log.
 * Each delete is a range on an indexed field (test/archive-index-fit.test.ts checks `pruneDeletes`).
 */
import { COLLECTIONS, logsCollection, requestsCollection, viewCollection, type DataSet } from './collections';
import type { Store } from './connection';
import type { MongoFilter, QueryShape } from './find';

export interface PruneCounts {
  logs: number;
  requests: number;
  volume: number;
  /** Documents of the error and resource views (summaries, buckets, request pairs). */
  views: number;
}

export interface DeletePlan {
  collection: string;
  filter: MongoFilter;
  shape: QueryShape;
}

/** The cutoff actually applied: `before` rounded down to the minute. */
export function pruneCutoff(before: Date): Date {
  return new Date(Math.floor(before.getTime() / 60000) * 60000);
}

function rangeDelete(collection: string, field: string, cutoff: Date): DeletePlan {
  return {
    collection,
    filter: { [field]: { $lt: cutoff } },
    shape: { collection, equality: [], sort: [], range: [field], residual: [] },
  };
}

/** The deletes of one data set (the archive has no volume). */
export function pruneDeletes(set: DataSet, cutoff: Date): { [K in keyof PruneCounts]: DeletePlan[] } {
  return {
    logs: [rangeDelete(logsCollection(set), 'ts', cutoff)],
    requests: [rangeDelete(requestsCollection(set), 'end', cutoff)],
    volume: set === 'live' ? [rangeDelete(COLLECTIONS.volume, 'minute', cutoff)] : [],
    views: [
      rangeDelete(viewCollection(set, 'errorBuckets'), 'minute', cutoff),
      rangeDelete(viewCollection(set, 'errors'), 'lastSeen', cutoff),
      rangeDelete(viewCollection(set, 'errorRequests'), 'last', cutoff),
      rangeDelete(viewCollection(set, 'resources'), 'lastSeen', cutoff),
      rangeDelete(viewCollection(set, 'resourceRequests'), 'last', cutoff),
    ],
  };
}

async function runDeletes(store: Store, plans: DeletePlan[]): Promise<number> {
  let deleted = 0;
  for (const plan of plans)
    deleted += (await store.collection(plan.collection).deleteMany(plan.filter as never)).deletedCount;
  return deleted;
}

export async function pruneBefore(store: Store, set: DataSet, before: Date): Promise<PruneCounts> {
  const deletes = pruneDeletes(set, pruneCutoff(before));
  const run = (plans: DeletePlan[]): Promise<number> => runDeletes(store, plans);
  // In this order: logs first, so a crash in between leaves derived data that is at worst too wide.
  const logs = await run(deletes.logs);
  const requests = await run(deletes.requests);
  const volume = await run(deletes.volume);
  const views = await run(deletes.views);
  return { logs, requests, volume, views };
}

/** Only the error and resource views' deletes (they have no TTL indexes: store/ttl.ts covers the rest). */
export function pruneViewsBefore(store: Store, set: DataSet, before: Date): Promise<number> {
  return runDeletes(store, pruneDeletes(set, pruneCutoff(before)).views);
}
