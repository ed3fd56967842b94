/** Runs a built find plan: one shared path for every list (logs, requests, live or archive). */
import type { Document } from 'mongodb';
import { sortDocument, type FindPlan, type MongoFilter } from '../query/plan';
import type { Store } from './connection';
import { withStoreErrors } from './driver-errors';

/** The page's documents in the plan's order. */
export function findDocuments<T extends Document>(store: Store, plan: FindPlan): Promise<T[]> {
  return withStoreErrors(
    () =>
      store.db
        .collection<T>(plan.collection)
        .find(plan.filter as never, { sort: sortDocument(plan.sort), skip: plan.skip, limit: plan.limit })
        .toArray() as Promise<T[]>,
  );
}

/** Counts matches up to `cap + 1`, so a caller can tell "exactly cap" from "more than cap". */
export function countDocumentsCapped(
  store: Store,
  collection: string,
  filter: MongoFilter,
  cap: number,
): Promise<number> {
  return withStoreErrors(() => store.db.collection(collection).countDocuments(filter as never, { limit: cap + 1 }));
}

/** One document by `_id`, or null. */
export function findById<T extends Document>(store: Store, collection: string, id: string): Promise<T | null> {
  return withStoreErrors(
    () => store.db.collection<Document>(collection).findOne({ _id: id } as never) as Promise<T | null>,
  );
}
