/**
 * Every index LogCAS declares, as data. Queries follow MongoDB's Equality-Sort-Range rule: equality keys
 * first, then the sort keys, then range keys. `test/index-fit.test.ts` checks every query shape the engine
 * issues against this list. All of these are plain ascending/compound indexes so FerretDB accepts them.
 */
import type { Db, IndexSpecification } from 'mongodb';
import { COLLECTIONS } from './collections';

export interface IndexDeclaration {
  collection: string;
  name: string;
  key: Record<string, 1 | -1>;
}

// Log views sort by (ts, _id) and filter `level >= minLevel` as a range after the sort keys.
const LOG_EQUALITY_FIELDS = ['host', 'service', 'requestId', 'globalRequestId', 'instance', 'projectId', 'userId'];

function logIndexes(collection: string): IndexDeclaration[] {
  return [
    { collection, name: 'ts_id_level', key: { ts: 1, _id: 1, level: 1 } },
    ...LOG_EQUALITY_FIELDS.map((field) => ({
      collection,
      name: `${field}_ts_id_level`,
      key: { [field]: 1, ts: 1, _id: 1, level: 1 } as Record<string, 1>,
    })),
    { collection, name: 'ingestedAt_level', key: { ingestedAt: 1, level: 1 } },
  ];
}

// Request lists select by time overlap (start <= to, end >= from) and sort by one of the sort keys.
const REQUEST_EQUALITY_FIELDS = ['userId', 'projectId', 'hosts', 'services'];

function requestIndexes(collection: string): IndexDeclaration[] {
  return [
    { collection, name: 'start_id', key: { start: 1, _id: 1 } },
    { collection, name: 'end_start', key: { end: 1, start: 1 } },
    // Request lists sorted by end (keyset on end, _id).
    { collection, name: 'end_id', key: { end: 1, _id: 1 } },
    { collection, name: 'globalRequestId_start', key: { globalRequestId: 1, start: 1 } },
    { collection, name: 'durationMs_id', key: { durationMs: 1, _id: 1 } },
    { collection, name: 'count_id', key: { count: 1, _id: 1 } },
    { collection, name: 'maxLevel_start_id', key: { maxLevel: 1, start: 1, _id: 1 } },
    ...REQUEST_EQUALITY_FIELDS.map((field) => ({
      collection,
      name: `${field}_start_id`,
      key: { [field]: 1, start: 1, _id: 1 } as Record<string, 1>,
    })),
  ];
}

export const INDEXES: readonly IndexDeclaration[] = [
  ...logIndexes(COLLECTIONS.logs),
  // The live tail reads live logs in stored order, after a cursor.
  { collection: COLLECTIONS.logs, name: 'ingestedAt_id_level', key: { ingestedAt: 1, _id: 1, level: 1 } },
  ...logIndexes(COLLECTIONS.archiveLogs),
  ...requestIndexes(COLLECTIONS.requests),
  ...requestIndexes(COLLECTIONS.archiveRequests),
  { collection: COLLECTIONS.volume, name: 'minute', key: { minute: 1 } },
  { collection: COLLECTIONS.volume, name: 'service_minute', key: { service: 1, minute: 1 } },
  { collection: COLLECTIONS.volume, name: 'host_minute', key: { host: 1, minute: 1 } },
];

/**
 * Creates the declared indexes that do not exist yet; safe to run at every start. Existing ones are listed
 * first because FerretDB 1.24 drops the connection when createIndexes names an index that already exists.
 */
export async function ensureIndexes(db: Db): Promise<void> {
  const byCollection = new Map<string, IndexDeclaration[]>();
  for (const index of INDEXES) {
    byCollection.set(index.collection, [...(byCollection.get(index.collection) ?? []), index]);
  }
  for (const [collection, indexes] of byCollection) {
    const existing = new Set(
      (
        await db
          .collection(collection)
          .listIndexes()
          .toArray()
          .catch(() => [])
      ).map((index) => String(index.name)),
    );
    const missing = indexes.filter((index) => !existing.has(index.name));
    if (missing.length === 0) continue;
    await db
      .collection(collection)
      .createIndexes(missing.map((index) => ({ key: index.key as IndexSpecification, name: index.name }) as never));
  }
}
