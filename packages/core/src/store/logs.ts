/** `logs` / `archive_logs`: storing a batch once each, one log by id, and the streamed scan for volume series. */
import { logsCollection, type DataSet, type StoredLog } from './collections';
import type { Store } from './connection';
import { findById, type MongoFilter } from './find';
import { insertEach } from './insert-new';

export interface InsertLogsResult {
  /** The documents this call stored (the others were already there, or refused). */
  inserted: StoredLog[];
  duplicates: number;
  /** Documents the database refused, by their index in the batch, with its reason. */
  refused: Array<{ index: number; reason: string }>;
}

/**
 * One unordered insertMany, so neither a duplicate nor a refused document stops the rest: an id already
 * stored is a duplicate, a document the database refuses is reported with its reason.
 */
export async function insertLogs(store: Store, docs: StoredLog[]): Promise<InsertLogsResult> {
  const outcome = await insertEach(store.logs(), docs);
  if (outcome.duplicates.size > 0 && outcome.retried) {
    // Split into parts, a first attempt may have stored part of the batch before failing: a "duplicate"
    // that carries this batch's ingestedAt was stored by this call, and its derived data is still due.
    for (const index of await storedByThisBatch(store, docs, outcome.duplicates)) outcome.duplicates.delete(index);
  }
  const refused = [...outcome.refused].map(([index, reason]) => ({ index, reason }));
  if (outcome.duplicates.size === 0 && refused.length === 0) return { inserted: docs, duplicates: 0, refused };
  return {
    inserted: docs.filter((_doc, index) => !outcome.duplicates.has(index) && !outcome.refused.has(index)),
    duplicates: outcome.duplicates.size,
    refused,
  };
}

async function storedByThisBatch(store: Store, docs: StoredLog[], indexes: Set<number>): Promise<number[]> {
  const byId = new Map([...indexes].map((index) => [(docs[index] as StoredLog)._id, index]));
  const found = await store
    .logs()
    .find({ _id: { $in: [...byId.keys()] } }, { projection: { ingestedAt: 1 } })
    .toArray();
  return found.flatMap((doc) => {
    const index = byId.get(doc._id) as number;
    return doc.ingestedAt?.getTime() === (docs[index] as StoredLog).ingestedAt.getTime() ? [index] : [];
  });
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
