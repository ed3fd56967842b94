/**
 * Log list: typed input from the contract's parameters, and the pure filter/sort builder (`GET /logs`). This is
 * where a request id becomes a MongoDB filter: normalised by `normalizeRequestId`, compared by equality.
 */
import type { LogFilterParams, LogsParams } from '@logcas/contract';
import { logsCollection } from '../store/collections';
import { decodeCursor, keysetFilter, type Cursor } from './cursor';
import { escapeRegex, readPaging, readValue, type Paging } from './inputs';
import { buildMatchFilter, equalityFields, exclusionOnlyFields, readLogMatch, type LogMatch } from './log-match';
import type { FindPlan, MongoFilter, QueryShape, SortSpec } from '../store/find';
import { readTimeRange, type TimeRange } from './time';

/** The log filters shared by `/logs` and `/volume`: a time range, a match, a message search. */
export interface LogFilterInput extends TimeRange, LogMatch {
  q: string | undefined;
}

export interface LogQuery extends LogFilterInput, Paging {}

const LOG_DATE_FIELDS: ReadonlySet<string> = new Set(['ts']);

export function readLogFilter(params: LogFilterParams): LogFilterInput {
  return { ...readTimeRange(params), ...readLogMatch(params), q: readValue(params.q, 'q') };
}

export function readLogQuery(params: LogsParams): LogQuery {
  return { ...readLogFilter(params), ...readPaging(params) };
}

export function logSort(order: 'asc' | 'desc'): SortSpec {
  const direction = order === 'desc' ? -1 : 1;
  return [
    ['ts', direction],
    ['_id', direction],
  ];
}

/** The filter without paging: used for the page, the total and the volume from logs. */
export function buildLogFilter(input: LogFilterInput): MongoFilter {
  const filter: MongoFilter = buildMatchFilter(input);
  if (input.from || input.to) {
    filter.ts = { ...(input.from ? { $gte: input.from } : {}), ...(input.to ? { $lte: input.to } : {}) };
  }
  if (input.q !== undefined) filter.message = { $regex: escapeRegex(input.q), $options: 'i' };
  return filter;
}

export function logShape(input: LogFilterInput, collection: string, sort: SortSpec): QueryShape {
  const levelFiltered = input.minLevel > 0 || input.levels !== undefined || 'level' in input.excludes;
  return {
    collection,
    equality: equalityFields(input),
    sort,
    range: [...(input.from || input.to || sort.length > 0 ? ['ts'] : []), ...(levelFiltered ? ['level'] : [])],
    residual: [...exclusionOnlyFields(input), ...(input.q !== undefined ? ['message'] : [])],
  };
}

/** The query's cursor, checked against the server's cursor key. */
export function readLogCursor(query: LogQuery, key: Buffer): Cursor | undefined {
  return query.cursor === undefined ? undefined : decodeCursor(query.cursor, `ts:${query.order}`, 2, key);
}

/** The page's find: one more row than the limit, to know whether a next page exists. */
export function buildLogFind(query: LogQuery, cursor: Cursor | undefined): FindPlan {
  const collection = logsCollection(query.set);
  const sort = logSort(query.order);
  const filter = buildLogFilter(query);
  if (cursor) {
    const after = keysetFilter(sort, cursor.keys, LOG_DATE_FIELDS);
    // Also narrow ts itself so the index range starts at the cursor, not at `from`.
    const ts = (filter.ts ?? {}) as Record<string, unknown>;
    const bound = new Date(cursor.keys[0] as number);
    filter.ts =
      query.order === 'asc' ? { ...ts, $gte: maxDate(ts.$gte, bound) } : { ...ts, $lte: minDate(ts.$lte, bound) };
    Object.assign(filter, after);
  }
  return {
    collection,
    filter,
    sort,
    skip: cursor ? 0 : (query.page - 1) * query.limit,
    limit: query.limit + 1,
    shape: logShape(query, collection, sort),
  };
}

function maxDate(a: unknown, b: Date): Date {
  return a instanceof Date && a.getTime() > b.getTime() ? a : b;
}

function minDate(a: unknown, b: Date): Date {
  return a instanceof Date && a.getTime() < b.getTime() ? a : b;
}
