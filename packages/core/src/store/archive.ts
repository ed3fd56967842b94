/**
 * The reads and writes of an archive run (archive/run.ts, docs/archive.md). Each read is a `FindPlan` built
 * here and checked against the declared indexes (test/archive-index-fit.test.ts), bounded by an ingest window
 * or a time range, never a scan of a whole collection. Writes go into the archive twins without $merge or
 * transactions (FerretDB has neither): logs are inserted and duplicate-key refusals are the "already
 * archived" answer; summaries are written only when missing or different, so a repeated run changes nothing.
 */
import { COLLECTIONS, type StoredLog, type StoredRequest } from './collections';
import type { Store } from './connection';
import { findDocuments, findInBatches, type FindPlan } from './find';
import { insertNew } from './insert-new';
import { overlapFilter } from './requests';

/** Live logs ingested at or after `since` (the run's window). */
export function ingestedSincePlan(since: Date): FindPlan {
  const collection = COLLECTIONS.logs;
  return {
    collection,
    filter: { ingestedAt: { $gte: since } },
    sort: [],
    skip: 0,
    limit: 0,
    shape: { collection, equality: [], sort: [], range: ['ingestedAt'], residual: [] },
  };
}

/** Every live log of the given requests. */
export function logsOfRequestsPlan(requestIds: readonly string[]): FindPlan {
  const collection = COLLECTIONS.logs;
  return {
    collection,
    filter: { requestId: { $in: [...requestIds] } },
    sort: [],
    skip: 0,
    limit: 0,
    shape: { collection, equality: ['requestId'], sort: [], range: [], residual: [] },
  };
}

/**
 * Live summaries whose lifetime overlaps [from, to], by the request list's own overlap filter; the range
 * the index serves is `start`. The caller checks containment of exact times.
 */
export function overlappingRequestsPlan(from: Date, to: Date, longestMs: number): FindPlan {
  const collection = COLLECTIONS.requests;
  return {
    collection,
    filter: overlapFilter({ from, to }, longestMs),
    sort: [],
    skip: 0,
    limit: 0,
    shape: { collection, equality: [], sort: [], range: ['start'], residual: ['end'] },
  };
}

/** Archived logs at or above `minLevel` within [from, to], ascending by time, times only. */
export function archivedTriggersPlan(from: Date, to: Date, minLevel: number): FindPlan {
  const collection = COLLECTIONS.archiveLogs;
  const sort = [['ts', 1]] as const;
  return {
    collection,
    filter: { ts: { $gte: from, $lte: to }, level: { $gte: minLevel } },
    sort,
    skip: 0,
    limit: 0,
    projection: { ts: 1 },
    shape: { collection, equality: [], sort, range: ['ts', 'level'], residual: [] },
  };
}

/**
 * Logs ingested since `since`, in batches. Whole documents: the triggers among them are copied as read, and
 * the index does not cover the fields the run needs, so a projection would save nothing but bytes.
 */
export function scanIngestedSince(store: Store, since: Date, batchSize: number): AsyncGenerator<StoredLog[]> {
  return findInBatches<StoredLog>(store, ingestedSincePlan(since), batchSize);
}

/** Every live log of the given requests, in batches. */
export async function* findLiveLogsOfRequests(
  store: Store,
  requestIds: string[],
  batchSize: number,
): AsyncGenerator<StoredLog[]> {
  if (requestIds.length > 0) yield* findInBatches<StoredLog>(store, logsOfRequestsPlan(requestIds), batchSize);
}

export function findLiveRequestsOverlapping(
  store: Store,
  from: Date,
  to: Date,
  longestMs: number,
): Promise<StoredRequest[]> {
  return findDocuments<StoredRequest>(store, overlappingRequestsPlan(from, to, longestMs));
}

export async function findArchivedTriggerTimes(
  store: Store,
  from: Date,
  to: Date,
  minLevel: number,
): Promise<number[]> {
  const docs = await findDocuments<StoredLog>(store, archivedTriggersPlan(from, to, minLevel));
  return docs.map((doc) => doc.ts.getTime());
}

/** Live summaries of the given request ids (by `_id`). */
export async function findLiveSummaries(store: Store, requestIds: string[]): Promise<StoredRequest[]> {
  if (requestIds.length === 0) return [];
  return store
    .requests('live')
    .find({ _id: { $in: requestIds } })
    .toArray();
}

/** Which of the given request ids already have an archived summary. */
export async function findArchivedRequestIds(store: Store, requestIds: string[]): Promise<Set<string>> {
  if (requestIds.length === 0) return new Set();
  const docs = await store
    .requests('archive')
    .find({ _id: { $in: requestIds } }, { projection: { _id: 1 } })
    .toArray();
  return new Set(docs.map((doc) => doc._id));
}

/** Inserts the logs that `archive_logs` does not have yet; returns the ones it inserted. */
export async function insertMissingArchiveLogs(store: Store, logs: StoredLog[]): Promise<StoredLog[]> {
  const refused = await insertNew(store.logs('archive'), logs);
  return refused.size === 0 ? logs : logs.filter((_log, index) => !refused.has(index));
}

/** Stores each summary in `archive_requests` unless an identical one is there; returns how many it wrote. */
export async function upsertArchiveSummaries(store: Store, summaries: StoredRequest[]): Promise<number> {
  if (summaries.length === 0) return 0;
  const existing = await store
    .requests('archive')
    .find({ _id: { $in: summaries.map((summary) => summary._id) } })
    .toArray();
  const byId = new Map(existing.map((doc) => [doc._id, doc]));
  const missing = summaries.filter((summary) => !byId.has(summary._id));
  const changed = summaries.filter((summary) => byId.has(summary._id) && !sameDocument(byId.get(summary._id), summary));
  // A summary inserted meanwhile by another writer is the same one (the lease keeps archivers apart), so a
  // duplicate refusal is fine.
  const refused = await insertNew(store.requests('archive'), missing);
  let written = missing.length - refused.size;
  if (changed.length > 0) {
    await store.requests('archive').bulkWrite(
      changed.map((summary) => ({ replaceOne: { filter: { _id: summary._id }, replacement: withoutId(summary) } })),
      { ordered: false },
    );
    written += changed.length;
  }
  return written;
}

function withoutId(summary: StoredRequest): Omit<StoredRequest, '_id'> {
  const { _id: _ignored, ...rest } = summary;
  return rest;
}

/** Deep equality of two stored documents, ignoring key order (servers may reorder fields). */
function sameDocument(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameDocument(item, b[i]))
    );
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const aKeys = Object.keys(a as object).filter((key) => (a as Record<string, unknown>)[key] !== undefined);
  const bKeys = Object.keys(b as object).filter((key) => (b as Record<string, unknown>)[key] !== undefined);
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every((key) => sameDocument((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
