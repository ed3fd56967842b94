/**
 * What a query builder hands to the store: a MongoDB filter, sort, paging and the query's shape, all as plain
 * data (no driver types), so builders stay pure and the index-fit test can check every shape without a database.
 */

/** A MongoDB filter document built only by our builders; user strings only ever appear as literal values. */
export type MongoFilter = Record<string, unknown>;

/** Sort keys in order; `_id` always last so the order is total and keyset cursors are exact. */
export type SortSpec = ReadonlyArray<readonly [field: string, direction: 1 | -1]>;

/**
 * The Equality-Sort-Range shape of one query, checked against the declared indexes.
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

/** A ready-to-run find. */
export interface FindPlan {
  collection: string;
  filter: MongoFilter;
  sort: SortSpec;
  skip: number;
  limit: number;
  shape: QueryShape;
}

/** Mongo's sort document from a spec. */
export function sortDocument(sort: SortSpec): Record<string, 1 | -1> {
  const doc: Record<string, 1 | -1> = {};
  for (const [field, direction] of sort) doc[field] = direction;
  return doc;
}
