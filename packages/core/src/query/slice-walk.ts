/**
 * Lists whose cost follows the page, not the matches (docs/scaling.md, "Cost proportional to the page"). An
 * engine that finds matches by index but sorts them afterwards (FerretDB 2 / DocumentDB, PostgreSQL below)
 * pays for every match of a wide range before it can return the first 100. Reading the range in time slices
 * from the sort end — each slice a bounded query sorted and limited on its own, the next slice sized from
 * the density the last one showed — stops as soon as the page is full. Slices are disjoint and ordered on
 * the sort's first key, so their rows concatenated are exactly the rows of the one sorted query; MongoDB,
 * which reads the sort from index order anyway, pays a few more round trips at most.
 */
import type { MongoFilter } from '../store/find';

/** The sort's first key, a Date field, and which end of its range the list starts from. */
export interface SliceAxis {
  field: string;
  order: 'asc' | 'desc';
  /** Width of the first slice, ms. */
  firstWidthMs: number;
  /** Where rows of the collection lie (a rollup), to step over stretches without any; omit where none is kept. */
  nearestData?: NearestData;
  /**
   * A slice's filter without the conditions its own range implies, so the planner is not led to an index
   * by a bound that selects nothing within the slice.
   */
  implied?: (sliceFilter: MongoFilter) => MongoFilter;
  /**
   * Where the list's rows are dense on the axis (epoch ms, either end open). Outside it lie margins of few rows
   * that a slice of the axis cannot find cheaply — the requests already in flight when a time range starts — so
   * each margin is read as one slice of its own, by whatever index its other bounds lead the planner to.
   */
  dense?: { low?: number; high?: number };
}

/**
 * The stretch of time, nearest to `edge` toward `farEnd` (ascending: at or after `edge`; descending: at or before
 * it), that holds any row of the collection at all, whatever the list's filter; undefined when no stretch in
 * that direction does. A hint for sizing slices only: the walk reads every slice in full, so a stale hint costs
 * time, never rows.
 */
export type NearestData = (
  edge: number,
  farEnd: number | undefined,
  order: 'asc' | 'desc',
) => Promise<{ from: number; to: number } | undefined>;

/** One slice of the axis in epoch ms; an undefined end is open (unbounded). */
export interface SliceBounds {
  from: number | undefined;
  to: number | undefined;
  /** Exclude `to` (a later slice of a descending walk: the previous slice read it). */
  toOpen: boolean;
  /** Exclude `from` (a later slice of an ascending walk). */
  fromOpen: boolean;
}

/**
 * The first slice's width: 15 s of everything holds a page of a few hundred at a thousand logs a minute; a
 * list narrowed to one host, service, user or project, or to warnings and worse, holds a few hundred times
 * fewer, so it starts at 5 minutes rather than spend round trips growing.
 */
export function firstSliceWidth(narrowed: boolean): number {
  return narrowed ? 300_000 : 15_000;
}

/** After this many slices the next one takes all that is left, so a sparse filter costs few round trips. */
const MAX_SLICES = 8;
/** A slice is at most this many times wider than the one before. */
const MAX_GROWTH = 16;

interface FieldBounds {
  low: number | undefined;
  high: number | undefined;
}

/** The inclusive range a filter puts on `field` ($gte/$gt/$lte/$lt of Dates). */
export function boundsOf(filter: MongoFilter, field: string): FieldBounds {
  const condition = filter[field];
  const time = (value: unknown): number | undefined => (value instanceof Date ? value.getTime() : undefined);
  if (condition === null || typeof condition !== 'object' || condition instanceof Date) {
    return { low: undefined, high: undefined };
  }
  const ops = condition as Record<string, unknown>;
  return { low: time(ops.$gte) ?? time(ops.$gt), high: time(ops.$lte) ?? time(ops.$lt) };
}

/** Whether walking pays: a descending list always can (it starts at the range's end or now); ascending needs a start. */
export function canWalk(filter: MongoFilter, axis: SliceAxis): boolean {
  return axis.order === 'desc' || boundsOf(filter, axis.field).low !== undefined;
}

/**
 * The filter narrowed to one slice: on each side the tighter of the slice's bound and the filter's own (at the
 * range's ends the filter's own operator stays, so an exclusive bound stays exclusive).
 */
export function sliceFilter(filter: MongoFilter, field: string, slice: SliceBounds): MongoFilter {
  const own = filter[field];
  const condition: Record<string, unknown> =
    own !== null && typeof own === 'object' && !(own instanceof Date) ? { ...(own as Record<string, unknown>) } : {};
  const { low, high } = boundsOf(filter, field);
  if (slice.from !== undefined && (low === undefined || slice.from > low)) {
    delete condition.$gte;
    delete condition.$gt;
    condition[slice.fromOpen ? '$gt' : '$gte'] = new Date(slice.from);
  }
  if (slice.to !== undefined && (high === undefined || slice.to < high)) {
    delete condition.$lte;
    delete condition.$lt;
    condition[slice.toOpen ? '$lt' : '$lte'] = new Date(slice.to);
  }
  return { ...filter, [field]: condition };
}

/** The filter of one slice of the axis, as sent: narrowed to the slice, then without what the slice implies. */
export function axisSliceFilter(filter: MongoFilter, axis: SliceAxis, slice: SliceBounds): MongoFilter {
  const narrowed = sliceFilter(filter, axis.field, slice);
  return axis.implied ? axis.implied(narrowed) : narrowed;
}

/**
 * Walks the filter's range on the axis in slices from the sort end until `readSlice` has produced `need` items or
 * the range is exhausted. `readSlice(slice, want)` returns how many items it produced (at most `want`). A range
 * open at the sort end starts from now (a descending list) — the first slice is then open-ended, so rows
 * stamped in the future are still read first; a range open at the far end is read whole by the last slice.
 * Margins outside `axis.dense` are read as one slice each, in their place in the order.
 */
export async function walkSlices(
  filter: MongoFilter,
  axis: SliceAxis,
  need: number,
  readSlice: (slice: SliceBounds, want: number) => Promise<number>,
  now: number = Date.now(),
): Promise<void> {
  const { low, high } = boundsOf(filter, axis.field);
  if (axis.order === 'asc' && low === undefined) throw new Error('an ascending walk needs the start of its range');
  const denseLow = axis.dense?.low;
  const denseHigh = axis.dense?.high;
  // A margin exists where the dense part starts strictly inside the filter's range.
  const below =
    denseLow !== undefined && low !== undefined && denseLow > low && (high === undefined || denseLow <= high);
  const above =
    denseHigh !== undefined && high !== undefined && denseHigh < high && (low === undefined || denseHigh >= low);
  const belowSlice: SliceBounds = { from: low, to: denseLow, fromOpen: false, toOpen: true };
  const aboveSlice: SliceBounds = { from: denseHigh, to: high, fromOpen: true, toOpen: false };
  const core = { low: below ? denseLow : low, high: above ? denseHigh : high };
  const [first, last] =
    axis.order === 'asc' ? [below && belowSlice, above && aboveSlice] : [above && aboveSlice, below && belowSlice];
  let got = 0;
  if (first) got += await readSlice(first, need);
  if (got < need) got += await walkRange(core.low, core.high, axis, need - got, readSlice, now);
  if (got < need && last) await readSlice(last, need - got);
}

/**
 * Walks [low, high] (inclusive; either end open) in slices, returning how many items `readSlice` produced: the
 * dense part of `walkSlices`' range.
 *
 * An empty slice usually means a sparse filter, and the next slice grows. But a dense filter also sees empty
 * slices where the collection has no rows at all — a range reaching past the first or last log, a logging
 * outage — and growing there would land the next slice deep in dense rows, all of which the engine sorts (7 days
 * of everything: seconds). So after an empty slice the walk asks `axis.nearestData` where rows resume: when they may
 * resume past the slice, the next slice steps over to the end of that stretch and keeps its width; when the
 * collection had rows inside the slice, the filter is sparse and the walk stops asking.
 */
async function walkRange(
  low: number | undefined,
  high: number | undefined,
  axis: SliceAxis,
  need: number,
  readSlice: (slice: SliceBounds, want: number) => Promise<number>,
  now: number,
): Promise<number> {
  const desc = axis.order === 'desc';
  const farEnd = desc ? low : high;
  const toward = (from: number, distance: number): number => (desc ? from - distance : from + distance);
  // `width` is the part of a slice expected to hold rows; `gap` is the empty stretch the slice steps over first.
  let width = Math.max(1, Math.ceil(axis.firstWidthMs));
  let gap = 0;
  // Asked after empty slices until one shows the filter is sparse.
  let nearestData = axis.nearestData;
  let got = 0;
  // The edge the next slice starts from; the first slice includes it (or is open past it).
  let edge = desc ? (high ?? Math.max(now, low ?? now)) : (low as number);
  for (let index = 0; got < need; index += 1) {
    const first = index === 0;
    let far = toward(edge, gap + width);
    const exhausted =
      index === MAX_SLICES - 1 ||
      !Number.isFinite(far) ||
      (farEnd !== undefined && (desc ? far <= farEnd : far >= farEnd));
    if (exhausted) far = farEnd as number;
    const slice: SliceBounds = desc
      ? { from: exhausted ? farEnd : far, to: first ? high : edge, toOpen: !first, fromOpen: false }
      : { from: first ? low : edge, to: exhausted ? farEnd : far, fromOpen: !first, toOpen: false };
    const read = await readSlice(slice, need - got);
    got += read;
    if (exhausted) return got;
    // The next width from this slice's density; an empty slice grows it by the most allowed.
    const missing = need - got;
    const estimate = read === 0 ? width * MAX_GROWTH : (missing * width * 1.25) / read;
    const grown = Math.ceil(Math.min(width * MAX_GROWTH, Math.max(width, estimate)));
    gap = 0;
    if (read === 0 && nearestData) {
      const rows = await nearestData(edge, farEnd, axis.order);
      // Rows may lie past the slice: the next slice steps over to the end of that stretch and keeps its width.
      const inGap = rows === undefined || (desc ? rows.from < far : rows.to > far);
      if (!inGap) nearestData = undefined;
      // No rows anywhere ahead: one last slice takes the rest (a stale hint still reads every row).
      else if (rows === undefined) gap = Infinity;
      else gap = Math.max(0, desc ? far - rows.from : rows.to - far);
      if (inGap) {
        edge = far;
        continue;
      }
    }
    width = grown;
    edge = far;
  }
  return got;
}
