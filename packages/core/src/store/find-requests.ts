/** Read-side request-summary operations. */
import { sortDocument, type FindPlan } from '../query/plan';
import { requestsCollection, type DataSet } from './collections';
import type { Store } from './connection';
import type { StoredRequest } from './documents';
import { withStoreErrors } from './driver-errors';
import { findById, findDocuments } from './find-page';

export function findRequests(store: Store, plan: FindPlan): Promise<StoredRequest[]> {
  return findDocuments<StoredRequest>(store, plan);
}

export function findRequestById(store: Store, set: DataSet, id: string): Promise<StoredRequest | null> {
  return findById<StoredRequest>(store, requestsCollection(set), id);
}

/** Sort that reads the longest request first, from the end of the `durationMs_id` index. */
export const LONGEST_REQUEST_SORT = [
  ['durationMs', -1],
  ['_id', -1],
] as const;

/** The longest stored request duration (ms), read from the end of the durationMs index; 0 when empty. */
export function maxRequestDuration(store: Store, set: DataSet): Promise<number> {
  return withStoreErrors(async () => {
    const longest = await store
      .requests(set)
      .find({}, { sort: sortDocument(LONGEST_REQUEST_SORT), limit: 1, projection: { durationMs: 1 } })
      .toArray();
    const value = longest[0]?.durationMs;
    return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
  });
}
