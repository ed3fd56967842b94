/**
 * The one paging tail of every list: run the page's find and the capped count together, and turn the page
 * (limit + 1 rows) and the count into the contract's list response with its next cursor.
 */
import { TOTAL_CAP, type ListResponse } from '@logcas/contract';
import type { Document } from 'mongodb';
import type { DataSet } from '../store/collections';
import type { Store } from '../store/connection';
import { countDocumentsCapped, findDocuments, type FindPlan, type MongoFilter } from '../store/find';
import { nearestLogMinute } from '../store/volume';
import { cursorKeys, encodeCursor, type Cursor } from './cursor';
import type { Paging } from './inputs';
import { axisSliceFilter, canWalk, walkSlices, type SliceAxis } from './slice-walk';

export interface PageRequest<D, T> {
  /** The page's find: one more row than the limit, to know whether a next page exists. */
  plan: FindPlan;
  /** The same filter without the cursor's keyset, for the total. */
  countFilter: MongoFilter;
  paging: Paging;
  cursor: Cursor | undefined;
  /** What the cursor is made for (sort and order); a cursor of another sort is refused. */
  sortName: string;
  /** The key the next cursor is signed with (query/cursor-key.ts). */
  cursorKey: Buffer;
  convert: (row: D) => T;
  /**
   * Read the page and the total in slices along the sort's first key (slice-walk.ts) where the engine reads by
   * index (`capabilities.indexedReads`); omit for one query.
   */
  walk?: SliceAxis;
}

/**
 * A list's walk over `set`, told where live logs lie by the volume rollup (slice-walk.ts, `nearestData`): every
 * time a walk reads — a log's `ts`, a request's start or end — is a live log's time. Archives keep no volume.
 */
export function walkOver(store: Store, set: DataSet, axis: SliceAxis | undefined): SliceAxis | undefined {
  if (!axis || set !== 'live') return axis;
  return { ...axis, nearestData: (edge, farEnd, order) => nearestLogMinute(store, edge, farEnd, order) };
}

/** One page of a list, by page number or keyset cursor. */
export async function runPage<D extends Document, T>(
  store: Store,
  request: PageRequest<D, T>,
): Promise<ListResponse<T>> {
  const { plan, paging, cursor } = request;
  // Slices pay only where a bounded range reads just its own index entries.
  const walk = store.capabilities.indexedReads ? request.walk : undefined;
  const count = () => countCapped(store, plan.collection, request.countFilter, walk);
  // The count runs alongside the page (both round trips overlap); a cursor already carries its total.
  const [rows, counted] = await Promise.all([findPage<D>(store, plan, walk), cursor ? undefined : count()]);
  const totals = await totalFor(paging, cursor, rows.length, async () => counted ?? count());
  const more = rows.length > paging.limit;
  const pageRows = more ? rows.slice(0, paging.limit) : rows;
  const page = cursor ? cursor.page + 1 : paging.page;
  const last = pageRows[pageRows.length - 1];
  const nextCursor =
    more && last
      ? encodeCursor({ sort: request.sortName, keys: cursorKeys(last, plan.sort), page, ...totals }, request.cursorKey)
      : null;
  return { items: pageRows.map(request.convert), page, limit: paging.limit, ...totals, nextCursor };
}

/**
 * The total comes from the cursor when paging by cursor (counted once, on the first page); a first page
 * that is not full is its own exact total; otherwise it is counted, stopping at TOTAL_CAP.
 */
async function totalFor(
  paging: Paging,
  cursor: Cursor | undefined,
  rowCount: number,
  count: () => Promise<number>,
): Promise<{ total: number; totalExact: boolean }> {
  if (cursor) return { total: cursor.total, totalExact: cursor.totalExact };
  if (rowCount <= paging.limit && paging.page === 1) return { total: rowCount, totalExact: true };
  const counted = await count();
  return counted > TOTAL_CAP ? { total: TOTAL_CAP, totalExact: false } : { total: counted, totalExact: true };
}

/** The plan's rows, by one query or slice by slice until `skip + limit` rows are read. */
async function findPage<D extends Document>(store: Store, plan: FindPlan, walk: SliceAxis | undefined): Promise<D[]> {
  if (!walk || !canWalk(plan.filter, walk)) return findDocuments<D>(store, plan);
  const rows: D[] = [];
  await walkSlices(plan.filter, walk, plan.skip + plan.limit, async (slice, want) => {
    const filter = axisSliceFilter(plan.filter, walk, slice);
    const got = await findDocuments<D>(store, { ...plan, filter, skip: 0, limit: want });
    rows.push(...got);
    return got.length;
  });
  return rows.slice(plan.skip);
}

/** Matches counted up to TOTAL_CAP + 1, by one count or slice by slice from the sort end until the cap. */
async function countCapped(
  store: Store,
  collection: string,
  filter: MongoFilter,
  walk: SliceAxis | undefined,
): Promise<number> {
  if (!walk || !canWalk(filter, walk)) return countDocumentsCapped(store, collection, filter, TOTAL_CAP);
  let total = 0;
  await walkSlices(filter, walk, TOTAL_CAP + 1, async (slice, want) => {
    const counted = await countDocumentsCapped(store, collection, axisSliceFilter(filter, walk, slice), want - 1);
    total += counted;
    return counted;
  });
  return total;
}
