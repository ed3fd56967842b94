/**
 * The one paging tail of every list: run the page's find and the capped count together, and turn the page
 * (limit + 1 rows) and the count into the contract's list response with its next cursor.
 */
import { TOTAL_CAP, type ListResponse } from '@logcas/contract';
import type { Document } from 'mongodb';
import type { Store } from '../store/connection';
import { countDocumentsCapped, findDocuments, type FindPlan, type MongoFilter } from '../store/find';
import { cursorKeys, encodeCursor, type Cursor } from './cursor';
import type { Paging } from './inputs';

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
}

/** One page of a list, by page number or keyset cursor. */
export async function runPage<D extends Document, T>(
  store: Store,
  request: PageRequest<D, T>,
): Promise<ListResponse<T>> {
  const { plan, paging, cursor } = request;
  const count = () => countDocumentsCapped(store, plan.collection, request.countFilter, TOTAL_CAP);
  // The count runs alongside the page (both round trips overlap); a cursor already carries its total.
  const [rows, counted] = await Promise.all([findDocuments<D>(store, plan), cursor ? undefined : count()]);
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
