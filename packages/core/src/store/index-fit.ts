/**
 * The Equality-Sort-Range rule as a pure check: an index fits a query shape when its keys are some of the
 * query's equality fields, then exactly the query's sort keys (all in the same or all in the reverse
 * direction), then every range field the shape wants served (in any order after the sort keys).
 */
import type { QueryShape } from './find';
import type { IndexDeclaration } from './indexes';

export function indexFits(index: IndexDeclaration, shape: QueryShape): boolean {
  if (index.collection !== shape.collection) return false;
  const keys = Object.entries(index.key);
  let at = 0;
  const equality = new Set(shape.equality);
  while (at < keys.length && equality.has((keys[at] as [string, number])[0])) at += 1;
  // Without a selective prefix, a query with equality filters must still be bounded by sort or range keys.
  let flip: number | undefined;
  for (const [field, direction] of shape.sort) {
    const key = keys[at];
    if (!key || key[0] !== field) return false;
    const relation = key[1] === direction ? 1 : -1;
    if (flip !== undefined && flip !== relation) return false;
    flip = relation;
    at += 1;
  }
  const sortFields = new Set(shape.sort.map(([field]) => field));
  const rest = new Set(keys.slice(at).map(([field]) => field));
  const leading = new Set(keys.slice(0, at).map(([field]) => field));
  for (const field of shape.range) {
    if (sortFields.has(field) || rest.has(field)) continue;
    if (leading.has(field)) continue;
    return false;
  }
  // A query sorted in memory must at least bound its scan with the index (a range or equality key).
  if (shape.sort.length === 0 && at === 0 && !shape.range.some((field) => rest.has(field) && keys[0]?.[0] === field)) {
    return false;
  }
  return true;
}

/** The declared indexes that fit a shape (empty when none does). */
export function fittingIndexes(indexes: readonly IndexDeclaration[], shape: QueryShape): IndexDeclaration[] {
  return indexes.filter((index) => indexFits(index, shape));
}
