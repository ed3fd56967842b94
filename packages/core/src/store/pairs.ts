/**
 * The (key, request) pairs behind exact distinct-request counts (`error_requests`, `resource_requests`):
 * FerretDB 1.24 has no `$addToSet` count nor `$merge`, and an array of request ids per summary would grow
 * without bound. Each pair is a document with a unique `_id`; only the insert that creates it counts it, so
 * a re-ingested, concurrent or rebuilt batch never counts a request twice. Existing pairs widen their span.
 */
import type { AnyBulkWriteOperation } from 'mongodb';
import type { StoredPair } from './collections';
import type { Store } from './connection';
import { insertNew } from './insert-new';
import type { SeenDelta } from './seen';

export function pairId(key: string, requestId: string): string {
  return `${key} ${requestId}`;
}

/**
 * Writes the pairs of every delta and sets each delta's `newRequests` to the number of pairs it created.
 * Pairs already stored get `$min first` / `$max last`.
 */
export async function writePairs(store: Store, collection: string, deltas: Map<string, SeenDelta>): Promise<void> {
  const docs: StoredPair[] = [];
  const owners: SeenDelta[] = [];
  for (const [key, delta] of deltas) {
    delta.newRequests = 0;
    for (const [requestId, span] of delta.requests) {
      docs.push({ _id: pairId(key, requestId), key, requestId, first: span.first, last: span.last });
      owners.push(delta);
    }
  }
  if (docs.length === 0) return;
  const pairs = store.collection<StoredPair>(collection);
  const existing = await insertNew(pairs, docs);
  docs.forEach((_doc, index) => {
    if (!existing.has(index)) (owners[index] as SeenDelta).newRequests += 1;
  });
  if (existing.size === 0) return;
  const updates: AnyBulkWriteOperation<StoredPair>[] = [...existing].map((index) => {
    const doc = docs[index] as StoredPair;
    return {
      updateOne: { filter: { _id: doc._id }, update: { $min: { first: doc.first }, $max: { last: doc.last } } },
    };
  });
  await pairs.bulkWrite(updates, { ordered: false });
}
