/**
 * The reads of an archive run. Each is index-backed (store/indexes.ts) and bounded by an ingest window or
 * a time range, never a scan of a whole collection:
 *   - logs ingested since the watermark: `ingestedAt_level` (range);
 *   - requests whose lifetime contains a time: `start_id` (range start ∈ [t − longest request, t]);
 *   - the logs of a set of requests: `requestId_ts_id_level` (equality);
 *   - archived logs at/above the threshold in a time range: `ts_id_level` (range, level checked in the index).
 */
import type { FindCursor } from 'mongodb';
import type { Store } from './connection';
import type { StoredLog, StoredRequest } from './documents';

/**
 * Logs ingested at or after `since`, in batches of `batchSize`. Whole documents: the triggers among them are
 * copied as read, and the index does not cover the fields the run needs, so a projection would save nothing
 * but bytes on the wire.
 */
export async function* scanIngestedSince(store: Store, since: Date, batchSize: number): AsyncGenerator<StoredLog[]> {
  const cursor = store
    .logs('live')
    .find({ ingestedAt: { $gte: since } })
    .batchSize(batchSize);
  yield* inBatches(cursor, batchSize);
}

/** Every live log of the given requests, in batches of `batchSize`. */
export async function* findLiveLogsOfRequests(
  store: Store,
  requestIds: string[],
  batchSize: number,
): AsyncGenerator<StoredLog[]> {
  if (requestIds.length === 0) return;
  const cursor = store
    .logs('live')
    .find({ requestId: { $in: requestIds } })
    .batchSize(batchSize);
  yield* inBatches(cursor, batchSize);
}

/** Live summaries of the given request ids. */
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

/** The longest live request's duration in ms (0 when none): bounds how far before a time a request may start. */
export async function longestRequestMs(store: Store): Promise<number> {
  const [longest] = await store
    .requests('live')
    .find({}, { projection: { durationMs: 1 } })
    .sort({ durationMs: -1 })
    .limit(1)
    .toArray();
  return Math.max(0, Number(longest?.durationMs ?? 0));
}

/**
 * Live summaries whose lifetime overlaps [from, to]: start ∈ [from − longestMs, to] (index range) and
 * end ≥ from. The caller checks containment of exact times.
 */
export async function findLiveRequestsOverlapping(
  store: Store,
  from: Date,
  to: Date,
  longestMs: number,
): Promise<StoredRequest[]> {
  return store
    .requests('live')
    .find({ start: { $gte: new Date(from.getTime() - longestMs), $lte: to }, end: { $gte: from } })
    .toArray();
}

/** Times of archived logs at or above `minLevel` within [from, to], ascending. */
export async function findArchivedTriggerTimes(
  store: Store,
  from: Date,
  to: Date,
  minLevel: number,
): Promise<number[]> {
  const docs = await store
    .logs('archive')
    .find({ ts: { $gte: from, $lte: to }, level: { $gte: minLevel } }, { projection: { ts: 1 } })
    .sort({ ts: 1 })
    .toArray();
  return docs.map((doc) => doc.ts.getTime());
}

/** Reads a cursor as arrays of up to `batchSize` documents, closing it however the reader stops. */
async function* inBatches<T>(cursor: FindCursor<T>, batchSize: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  try {
    for await (const doc of cursor) {
      batch.push(doc);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  } finally {
    await cursor.close();
  }
}
