/**
 * Every index LogCAS declares, as data. Queries follow MongoDB's Equality-Sort-Range rule: equality keys
 * first, then the sort keys, then range keys. `test/index-fit.test.ts` checks every query shape the engine
 * issues against this list. All of these are plain ascending/compound indexes so FerretDB accepts them.
 */
import type { Db, IndexSpecification } from 'mongodb';
import { COLLECTIONS, viewCollection, type DataSet } from './collections';

export interface IndexDeclaration {
  collection: string;
  name: string;
  key: Record<string, 1 | -1>;
}

// Log views sort by (ts, _id) and filter `level >= minLevel` as a range after the sort keys.
const LOG_EQUALITY_FIELDS = [
  'host',
  'service',
  'requestId',
  'globalRequestId',
  'instance',
  'projectId',
  'userId',
  // The records of one error fingerprint, and of one resource (crash recovery of the views).
  'fingerprint',
  'resources.id',
];

function logIndexes(collection: string): IndexDeclaration[] {
  return [
    { collection, name: 'ts_id_level', key: { ts: 1, _id: 1, level: 1 } },
    ...LOG_EQUALITY_FIELDS.map((field) => ({
      collection,
      name: `${field.replace('.', '_')}_ts_id_level`,
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

/**
 * The error and resource views (docs/fingerprints.md). `GET /errors` sums buckets over a minute range,
 * optionally per service or host (like volume), and per fingerprint for sparklines; summaries are read by
 * `_id`, resources listed by one of their sorts; pairs by key in time order.
 */
const RESOURCE_SORT_KEYS: ReadonlyArray<Record<string, 1>> = [
  { maxLevel: 1, errorCount: 1, lastSeen: 1, _id: 1 },
  { lastSeen: 1, _id: 1 },
  { firstSeen: 1, _id: 1 },
  { count: 1, _id: 1 },
];

function indexName(key: Record<string, 1>): string {
  return Object.keys(key).join('_').replace(/^_/, '');
}

function viewIndexes(set: DataSet): IndexDeclaration[] {
  const buckets = viewCollection(set, 'errorBuckets');
  const resources = viewCollection(set, 'resources');
  return [
    { collection: buckets, name: 'minute', key: { minute: 1 } },
    { collection: buckets, name: 'service_minute', key: { service: 1, minute: 1 } },
    { collection: buckets, name: 'host_minute', key: { host: 1, minute: 1 } },
    { collection: buckets, name: 'fingerprint_minute', key: { fingerprint: 1, minute: 1 } },
    // No `kinds` prefix: a kind is a residual filter on the sort index (docs/fingerprints.md, "Resources").
    ...RESOURCE_SORT_KEYS.map((key) => ({ collection: resources, name: indexName(key), key })),
    // Prune deletes summaries by last seen and pairs by their last log.
    { collection: viewCollection(set, 'errors'), name: 'lastSeen', key: { lastSeen: 1 } },
    ...(['errorRequests', 'resourceRequests'] as const).flatMap((view) => [
      { collection: viewCollection(set, view), name: 'key_first', key: { key: 1, first: 1 } as Record<string, 1> },
      { collection: viewCollection(set, view), name: 'last', key: { last: 1 } as Record<string, 1> },
    ]),
  ];
}

export const INDEXES: readonly IndexDeclaration[] = [
  ...viewIndexes('live'),
  ...viewIndexes('archive'),
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
 * Indexes earlier versions declared and this one dropped: every index costs each write (the `kinds_…`
 * resource indexes cost nearly half of the resource views' ingest time on DocumentDB; bench/RESULTS.md).
 */
const RETIRED_INDEXES: ReadonlyArray<{ collection: string; name: string }> = (['live', 'archive'] as const).flatMap(
  (set) =>
    RESOURCE_SORT_KEYS.map((key) => ({
      collection: viewCollection(set, 'resources'),
      name: `kinds_${indexName(key)}`,
    })),
);

/**
 * Creates the declared indexes that do not exist yet and drops retired ones; safe to run at every start.
 * Existing ones are listed first because FerretDB 1.24 drops the connection when createIndexes names an index
 * that already exists.
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
    for (const retired of RETIRED_INDEXES) {
      if (retired.collection === collection && existing.has(retired.name)) {
        await db.collection(collection).dropIndex(retired.name);
      }
    }
    const missing = indexes.filter((index) => !existing.has(index.name));
    if (missing.length === 0) continue;
    await db
      .collection(collection)
      .createIndexes(missing.map((index) => ({ key: index.key as IndexSpecification, name: index.name }) as never));
  }
}
