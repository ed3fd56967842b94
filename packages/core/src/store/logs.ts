/** `logs` / `archive_logs`: storing a batch once each, one log by id, and the streamed scan for volume series. */
import { logsCollection, type DataSet, type StoredLog } from './collections';
import type { Store } from './connection';
import { findById, type MongoFilter } from './find';
import { insertNew } from './insert-new';

export interface InsertLogsResult {
  /** The documents this call stored (the others were already there). */
  inserted: StoredLog[];
  duplicates: number;
}

/** One unordered insertMany, so one duplicate does not stop the rest: an id already stored is a duplicate. */
export async function insertLogs(store: Store, docs: StoredLog[]): Promise<InsertLogsResult> {
  const existing = await insertNew(store.logs(), docs);
  if (existing.size === 0) return { inserted: docs, duplicates: 0 };
  return { inserted: docs.filter((_doc, index) => !existing.has(index)), duplicates: existing.size };
}

export function findLogById(store: Store, set: DataSet, id: string): Promise<StoredLog | null> {
  return findById<StoredLog>(store, logsCollection(set), id);
}

/**
 * Calls `visit` with the time and level of every matching log, streaming so memory stays flat however
 * many logs the (bounded) range holds.
 */
export async function scanLogLevels(
  store: Store,
  set: DataSet,
  filter: MongoFilter,
  visit: (ts: Date, level: number) => void,
): Promise<void> {
  const cursor = store.logs(set).find(filter as never, { projection: { _id: 0, ts: 1, level: 1 }, batchSize: 5000 });
  for await (const doc of cursor) visit(doc.ts, doc.level);
}
