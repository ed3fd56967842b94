/** Distinct values of one field over a filter, for dashboard variables. */
import type { MongoFilter } from '../query/plan';
import type { Store } from './connection';
import { withStoreErrors } from './driver-errors';

export function distinctValues(
  store: Store,
  collection: string,
  field: string,
  filter: MongoFilter,
): Promise<unknown[]> {
  return withStoreErrors(() => store.db.collection(collection).distinct(field, filter as never));
}
