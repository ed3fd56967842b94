/**
 * Prototype of an O(page) list read for engines that sort matches after finding them (FerretDB 2 /
 * DocumentDB): walk the sort key in slices from the sort end, each slice a bounded query sorted and limited
 * on its own, growing the next slice from the density the last one showed, until the page is full or the
 * range is exhausted. Slices are half-open and ordered, so their rows concatenated are exactly the rows of
 * the one big sorted query. Not used by core; bench/page-strategies.ts measures it against today's queries.
 */

export interface SliceWalkInput<T> {
  /** The key range to walk, inclusive at both ends (epoch ms for times, plain numbers otherwise). */
  low: number;
  high: number;
  order: 'asc' | 'desc';
  /** Rows wanted (a page's limit + 1). */
  need: number;
  /** Width of the first slice. */
  firstWidth: number;
  /** Slice widths grow at most this many times per step. */
  maxGrowth?: number;
  /**
   * One slice's rows in page order, at most `limit`: keys within [from, to], where `fromOpen` / `toOpen`
   * exclude that end (the walk's edges between slices).
   */
  slice(bounds: { from: number; to: number; fromOpen: boolean; toOpen: boolean }, limit: number): Promise<T[]>;
}

export interface SliceWalkResult<T> {
  rows: T[];
  /** Queries sent. */
  queries: number;
}

export async function sliceWalk<T>(input: SliceWalkInput<T>): Promise<SliceWalkResult<T>> {
  const rows: T[] = [];
  const maxGrowth = input.maxGrowth ?? 16;
  let width = Math.max(1, input.firstWidth);
  let queries = 0;
  // The walk's edge: the next slice starts here (inclusive only for the very first slice).
  let edge = input.order === 'desc' ? input.high : input.low;
  let first = true;
  while (rows.length < input.need) {
    const desc = input.order === 'desc';
    const far = desc ? Math.max(input.low, edge - width) : Math.min(input.high, edge + width);
    // Each slice includes its far end and excludes the edge the previous slice already covered.
    const bounds = desc
      ? { from: far, to: edge, fromOpen: false, toOpen: !first }
      : { from: edge, to: far, fromOpen: !first, toOpen: false };
    const got = await input.slice(bounds, input.need - rows.length);
    queries += 1;
    rows.push(...got);
    const exhausted = desc ? far <= input.low : far >= input.high;
    if (exhausted) break;
    // Next width from this slice's density; an empty slice grows the width by the most allowed.
    const missing = input.need - rows.length;
    const estimate = got.length === 0 ? width * maxGrowth : (missing / (got.length / width)) * 1.25;
    width = Math.min(width * maxGrowth, Math.max(width, estimate));
    edge = far;
    first = false;
  }
  return { rows: rows.slice(0, input.need), queries };
}

/** Mongo range operators for a slice's bounds on `field` (times given as epoch ms become Dates). */
export function sliceRange(
  bounds: { from: number; to: number; fromOpen: boolean; toOpen: boolean },
  asDate: boolean,
): Record<string, unknown> {
  const value = (n: number): unknown => (asDate ? new Date(n) : n);
  return {
    [bounds.fromOpen ? '$gt' : '$gte']: value(bounds.from),
    [bounds.toOpen ? '$lt' : '$lte']: value(bounds.to),
  };
}
