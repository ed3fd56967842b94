/**
 * Finds as plain data, and the one executor of them. The query engine (query/) and the archive build
 * `FindPlan`s with pure functions (no driver types), so builders stay testable without a database and
 * test/index-fit.test.ts can check every plan's shape against the declared indexes.
 */
import type { Document, FindCursor } from 'mongodb';
import { eachLimited } from './concurrency';
import type { Capabilities, Store } from './connection';

/** A MongoDB filter document built only by our builders; user strings only ever appear as literal values. */
export type MongoFilter = Record<string, unknown>;

/** Sort keys in order; `_id` last where the order must be total (keyset cursors). */
export type SortSpec = ReadonlyArray<readonly [field: string, direction: 1 | -1]>;

/**
 * The Equality-Sort-Range shape of one query, checked against the declared indexes (index-fit.ts).
 * - `equality`: fields compared with one literal (or `$in` of literals);
 * - `sort`: the sort the index must deliver (empty when a bounded range is sorted in memory);
 * - `range`: fields with range bounds the index should serve;
 * - `residual`: fields filtered after the index scan (regex, `$ne: null`), never a reason to pick an index.
 */
export interface QueryShape {
  collection: string;
  equality: readonly string[];
  sort: SortSpec;
  range: readonly string[];
  residual: readonly string[];
  /** True when the result is sorted in memory; allowed only when a bounded time range limits the scan. */
  blockingSort?: boolean;
}

/** A ready-to-run find. `limit` 0 means no limit. */
export interface FindPlan {
  collection: string;
  filter: MongoFilter;
  sort: SortSpec;
  skip: number;
  limit: number;
  shape: QueryShape;
  /** Fields to return (default: whole documents). */
  projection?: Readonly<Record<string, 0 | 1>>;
}

/** Mongo's sort document from a spec. */
function sortDocument(sort: SortSpec): Record<string, 1 | -1> {
  const doc: Record<string, 1 | -1> = {};
  for (const [field, direction] of sort) doc[field] = direction;
  return doc;
}

/**
 * The filter as the engine should plan it. "Has a value" (`field: {$ne: null}`, e.g. request lists' default
 * "only requests with a user") is a residual check, yet DocumentDB's planner estimates it as selective and
 * scans the whole index led by that field: `userId_start_id` for every request list, 0.8–1.4 s for a 5-minute
 * slice of 10M logs' requests. Written as `$expr` (string or number > null, as `$ne: null` means for stored
 * fields), no index can serve it, and the planner picks between the time indexes on their own merits: the
 * same slice 55–76 ms, a slice of days-old starts bounded by `end` 17 ms. FerretDB 1.24 has no `$gt` in
 * `$expr` and scans anyway: it keeps the plain form.
 */
export function plannedFilter(
  capabilities: Pick<Capabilities, 'indexedReads' | 'server'>,
  filter: MongoFilter,
): MongoFilter {
  if (!capabilities.indexedReads || capabilities.server === 'ferretdb') return filter;
  const hasValue = Object.keys(filter).filter((field) => {
    const condition = filter[field];
    return (
      !field.startsWith('$') &&
      condition !== null &&
      typeof condition === 'object' &&
      Object.keys(condition).length === 1 &&
      (condition as Record<string, unknown>).$ne === null
    );
  });
  if (hasValue.length === 0) return filter;
  const planned: MongoFilter = { ...filter };
  for (const field of hasValue) delete planned[field];
  const checks = hasValue.map((field) => ({ $gt: [`$${field}`, null] }));
  planned.$expr = checks.length === 1 ? checks[0] : { $and: checks };
  return planned;
}

function cursorOf<T extends Document>(store: Store, plan: FindPlan): FindCursor<T> {
  return store.collection<T>(plan.collection).find(plannedFilter(store.capabilities, plan.filter) as never, {
    sort: sortDocument(plan.sort),
    skip: plan.skip,
    limit: plan.limit,
    ...(plan.projection ? { projection: plan.projection } : {}),
  }) as unknown as FindCursor<T>;
}

/** The plan's documents, in its order. */
export function findDocuments<T extends Document>(store: Store, plan: FindPlan): Promise<T[]> {
  return cursorOf<T>(store, plan).toArray();
}

/** The plan's documents as arrays of up to `batchSize`, closing the cursor however the reader stops. */
export async function* findInBatches<T extends Document>(
  store: Store,
  plan: FindPlan,
  batchSize: number,
): AsyncGenerator<T[]> {
  const cursor = cursorOf<T>(store, plan).batchSize(batchSize);
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

/** Counts matches up to `cap + 1`, so a caller can tell "exactly cap" from "more than cap". */
export function countDocumentsCapped(
  store: Store,
  collection: string,
  filter: MongoFilter,
  cap: number,
): Promise<number> {
  return store
    .collection(collection)
    .countDocuments(plannedFilter(store.capabilities, filter) as never, { limit: cap + 1 });
}

/** One document by `_id`, or null. */
export function findById<T extends Document>(store: Store, collection: string, id: string): Promise<T | null> {
  return store.collection<T>(collection).findOne({ _id: id } as never) as Promise<T | null>;
}

/**
 * Distinct values of one field over a filter, by `$group` rather than the distinct command: FerretDB 1.24
 * refuses `maxTimeMS` on distinct, and every read must carry one (store/deadline.ts).
 */
export async function distinctValues(
  store: Store,
  collection: string,
  field: string,
  filter: MongoFilter,
): Promise<unknown[]> {
  const rows = await store
    .collection(collection)
    .aggregate<{ _id: unknown }>([{ $match: filter }, { $group: { _id: `$${field}` } }])
    .toArray();
  return rows.map((row) => row._id);
}

/** Lookups in flight at once for `findByIds`. */
const ID_LOOKUPS_IN_FLIGHT = 16;

/**
 * Documents by `_id`, in the order of `ids` (missing ones left out). One primary-key lookup each, a few at a
 * time on FerretDB 1.24, which serves `{_id}` by its key but answers `{_id: {$in: …}}` by scanning the
 * collection; one `$in` find elsewhere (MongoDB and FerretDB 2, which plan it on the key: a hundred single
 * lookups took about a second there).
 */
export async function findByIds<T extends Document>(
  store: Store,
  collection: string,
  ids: readonly string[],
): Promise<T[]> {
  const found = new Map<string, T>();
  if (store.capabilities.server === 'ferretdb') {
    await eachLimited(ids, ID_LOOKUPS_IN_FLIGHT, async (id) => {
      const doc = await findById<T>(store, collection, id);
      if (doc) found.set(id, doc);
    });
  } else if (ids.length > 0) {
    const docs = await store
      .collection<T>(collection)
      .find({ _id: { $in: [...ids] } } as never)
      .toArray();
    for (const doc of docs) found.set(String(doc._id), doc as T);
  }
  return ids.flatMap((id) => found.get(id) ?? []);
}
