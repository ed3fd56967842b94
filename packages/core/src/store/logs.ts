/** Read-side log operations: pages, single logs, and a streamed scan of (ts, level) for volume series. */
import type { FindPlan, MongoFilter } from '../query/plan';
import type { Store } from './connection';
import type { DataSet } from './collections';
import { logsCollection } from './collections';
import type { StoredLog } from './documents';
import { withStoreErrors } from './driver-errors';
import { findById, findDocuments } from './find-page';

export function findLogs(store: Store, plan: FindPlan): Promise<StoredLog[]> {
  return findDocuments<StoredLog>(store, plan);
}

export function findLogById(store: Store, set: DataSet, id: string): Promise<StoredLog | null> {
  return findById<StoredLog>(store, logsCollection(set), id);
}

/**
 * Calls `visit` with the time and level of every matching log, streaming so memory stays flat however
 * many logs the (bounded) range holds.
 */
export function scanLogLevels(
  store: Store,
  set: DataSet,
  filter: MongoFilter,
  visit: (ts: Date, level: number) => void,
): Promise<void> {
  return withStoreErrors(async () => {
    const cursor = store.logs(set).find(filter as never, { projection: { _id: 0, ts: 1, level: 1 }, batchSize: 5000 });
    for await (const doc of cursor) visit(doc.ts, doc.level);
  });
}
