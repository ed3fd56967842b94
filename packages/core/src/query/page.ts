/** Turns a fetched page (limit + 1 rows) and a capped count into the contract's list response. */
import { TOTAL_CAP, type ListResponse } from '@logcas/contract';
import { cursorKeys, encodeCursor, type Cursor } from './cursor';
import type { Paging } from './inputs';
import type { SortSpec } from './plan';

export interface PageInput<D, T> {
  rows: D[];
  paging: Paging;
  cursor: Cursor | undefined;
  sort: SortSpec;
  sortName: string;
  convert: (row: D) => T;
}

/**
 * The total comes from the cursor when paging by cursor (counted once, on the first page); a first page
 * that is not full is its own exact total; otherwise it is counted, stopping at TOTAL_CAP.
 */
export async function totalFor(
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

export function assemblePage<D extends object, T>(
  input: PageInput<D, T>,
  totals: { total: number; totalExact: boolean },
): ListResponse<T> {
  const { rows, paging, cursor, sort } = input;
  const more = rows.length > paging.limit;
  const pageRows = more ? rows.slice(0, paging.limit) : rows;
  const page = cursor ? cursor.page + 1 : paging.page;
  const last = pageRows[pageRows.length - 1];
  const nextCursor =
    more && last
      ? encodeCursor({
          sort: input.sortName,
          keys: cursorKeys(last as Record<string, unknown>, sort),
          page,
          ...totals,
        })
      : null;
  return { items: pageRows.map(input.convert), page, limit: paging.limit, ...totals, nextCursor };
}
