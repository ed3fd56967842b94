/**
 * `errors`, `error_buckets`, `error_requests` and their archive twins: folding logs into them, recomputing
 * the ones a crashed batch touched, and the reads of the error views. docs/fingerprints.md.
 */
import { viewCollection, type DataSet, type StoredError, type StoredErrorBucket } from './collections';
import type { Store } from './connection';
import { errorBucketDeltas, errorDeltas, errorDocument, errorUpdate, type ErrorRollupLog } from './error-rollups';
import type { MongoFilter } from './find';
import { insertOrFold } from './insert-new';
import { writePairs } from './pairs';

/** Folds logs newly stored in `set` into its error summaries, buckets and request pairs. */
export async function updateErrors(store: Store, set: DataSet, logs: readonly ErrorRollupLog[]): Promise<void> {
  const deltas = errorDeltas(logs);
  if (deltas.size === 0) return;
  // Pairs first: the summaries' distinct-request counts are the pairs this batch created.
  await writePairs(store, viewCollection(set, 'errorRequests'), new Map([...deltas].map(([fp, d]) => [fp, d.seen])));
  await insertOrFold(
    store.collection<StoredError>(viewCollection(set, 'errors')),
    [...deltas].map(([fingerprint, delta]) => ({ doc: errorDocument(fingerprint, delta), update: errorUpdate(delta) })),
  );
  await insertOrFold(
    store.collection<StoredErrorBucket>(viewCollection(set, 'errorBuckets')),
    [...errorBucketDeltas(logs).values()].map((bucket) => ({ doc: bucket, update: { $inc: { count: bucket.count } } })),
  );
}

/**
 * Replaces everything derived for `fingerprints` by what their logs say now (crash recovery): deletes the
 * summaries, buckets and pairs, then folds all of their logs again. Repeating it is harmless.
 */
export async function recomputeErrors(store: Store, set: DataSet, fingerprints: string[]): Promise<void> {
  if (fingerprints.length === 0) return;
  const logs = await store
    .logs(set)
    .find({ fingerprint: { $in: fingerprints } })
    .toArray();
  await store.collection(viewCollection(set, 'errors')).deleteMany({ _id: { $in: fingerprints } } as never);
  await store.collection(viewCollection(set, 'errorBuckets')).deleteMany({ fingerprint: { $in: fingerprints } });
  await store.collection(viewCollection(set, 'errorRequests')).deleteMany({ key: { $in: fingerprints } });
  await updateErrors(store, set, logs);
}

/** Error summaries by fingerprint. */
export function findErrors(store: Store, set: DataSet, fingerprints: readonly string[]): Promise<StoredError[]> {
  if (fingerprints.length === 0) return Promise.resolve([]);
  return store
    .collection<StoredError>(viewCollection(set, 'errors'))
    .find({ _id: { $in: [...fingerprints] } })
    .toArray();
}

export interface FingerprintCount {
  fingerprint: string;
  count: number;
}

/** Sums the buckets matching `filter` per fingerprint, on the server ($match/$group/$sum run on FerretDB). */
export async function sumErrorBuckets(store: Store, set: DataSet, filter: MongoFilter): Promise<FingerprintCount[]> {
  const rows = await store
    .collection(viewCollection(set, 'errorBuckets'))
    .aggregate<{ _id: string; count: number }>([
      { $match: filter },
      { $group: { _id: '$fingerprint', count: { $sum: '$count' } } },
    ])
    .toArray();
  return rows.map((row) => ({ fingerprint: row._id, count: row.count }));
}

export interface FingerprintMinuteCount extends FingerprintCount {
  minute: Date;
}

/** Sums the buckets matching `filter` per fingerprint and minute (sparklines and series). */
export async function sumErrorMinutes(
  store: Store,
  set: DataSet,
  filter: MongoFilter,
): Promise<FingerprintMinuteCount[]> {
  const rows = await store
    .collection(viewCollection(set, 'errorBuckets'))
    .aggregate<{ _id: { fingerprint: string; minute: Date }; count: number }>([
      { $match: filter },
      { $group: { _id: { fingerprint: '$fingerprint', minute: '$minute' }, count: { $sum: '$count' } } },
    ])
    .toArray();
  return rows.map((row) => ({ fingerprint: row._id.fingerprint, minute: new Date(row._id.minute), count: row.count }));
}
