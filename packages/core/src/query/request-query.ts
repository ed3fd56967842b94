/**
 * Request list: typed input and the pure filter/sort builder over request summaries (`GET /requests`). The
 * time range selects the requests whose lifetime overlaps it (store/requests.ts `overlapFilter`).
 */
import type { RequestSort, RequestsParams } from '@logcas/contract';
import { requestsCollection } from '../store/collections';
import { overlapFilter } from '../store/requests';
import { decodeCursor, keysetFilter, type Cursor } from './cursor';
import { ValidationError } from '../errors';
import { anyOf, readBoolean, readLevel, readPaging, readValues, type Paging } from './inputs';
import type { FindPlan, MongoFilter, QueryShape, SortSpec } from '../store/find';
import { readTimeRange, type TimeRange } from './time';

export const REQUEST_EQUALITY_PARAMS = {
  host: 'hosts',
  service: 'services',
  project: 'projectId',
  user: 'userId',
} as const;

const SORT_FIELDS: Readonly<Record<RequestSort, readonly string[]>> = {
  start: ['start', '_id'],
  end: ['end', '_id'],
  duration: ['durationMs', '_id'],
  count: ['count', '_id'],
  maxLevel: ['maxLevel', 'start', '_id'],
};

const REQUEST_DATE_FIELDS: ReadonlySet<string> = new Set(['start', 'end']);

export interface RequestQuery extends TimeRange, Paging {
  minLevel: number | undefined;
  /** Stored field → values it must hold (any of; `hosts` and `services` are arrays, matched by element). */
  equals: Record<string, string[]>;
  userOnly: boolean;
  sort: RequestSort;
}

export function readRequestQuery(params: RequestsParams): RequestQuery {
  const range = readTimeRange({ from: params.from, to: params.to });
  const sort = params.sort ?? 'start';
  if (!Object.prototype.hasOwnProperty.call(SORT_FIELDS, sort)) {
    throw new ValidationError(`sort must be one of ${Object.keys(SORT_FIELDS).join(', ')}`, 'sort');
  }
  const equals: Record<string, string[]> = {};
  for (const [param, field] of Object.entries(REQUEST_EQUALITY_PARAMS)) {
    const values = readValues(params[param as keyof typeof REQUEST_EQUALITY_PARAMS], param);
    if (values !== undefined) equals[field] = values;
  }
  return {
    ...range,
    ...readPaging(params),
    minLevel: readLevel(params.minLevel, 'minLevel'),
    equals,
    userOnly: readBoolean(params.userOnly, 'userOnly', true),
    sort,
  };
}

function requestSort(query: Pick<RequestQuery, 'sort' | 'order'>): SortSpec {
  const direction = query.order === 'desc' ? -1 : 1;
  return SORT_FIELDS[query.sort].map((field) => [field, direction] as const);
}

/** Whether the sort can come from an index; otherwise a bounded time range is sorted in memory. */
function indexSorted(query: RequestQuery): boolean {
  if (query.sort === 'start' || query.sort === 'end') return true;
  return !query.from && !query.to;
}

/** The filter without paging. `maxDurationMs` is the longest stored request (store/requests.ts overlapFilter). */
export function buildRequestFilter(query: RequestQuery, maxDurationMs: number): MongoFilter {
  const filter: MongoFilter = { ...overlapFilter(query, maxDurationMs) };
  for (const [field, values] of Object.entries(query.equals)) filter[field] = anyOf(values);
  if (query.minLevel !== undefined) filter.maxLevel = { $gte: query.minLevel };
  if (query.userOnly && filter.userId === undefined) filter.userId = { $ne: null };
  return filter;
}

function requestShape(query: RequestQuery, collection: string): QueryShape {
  const sorted = indexSorted(query);
  const bounded = Boolean(query.from || query.to);
  // The range the index serves: the sort's own time field, or `start` for an in-memory sort.
  const range = !bounded ? [] : query.sort === 'end' ? ['end'] : ['start'];
  if (query.minLevel !== undefined && sorted && query.sort === 'maxLevel') range.push('maxLevel');
  const filtered = [...(bounded ? ['start', 'end'] : []), ...(query.minLevel !== undefined ? ['maxLevel'] : [])];
  const residual = filtered.filter((field) => !range.includes(field));
  // `userId: {$ne: null}` is not an equality: it is checked on the fetched summaries.
  if (query.userOnly && query.equals.userId === undefined) residual.push('userId');
  return {
    collection,
    equality: Object.keys(query.equals),
    sort: sorted ? requestSort(query) : [],
    range,
    residual,
    blockingSort: !sorted,
  };
}

/** The query's cursor, checked against the server's cursor key. */
export function readRequestCursor(query: RequestQuery, key: Buffer): Cursor | undefined {
  if (query.cursor === undefined) return undefined;
  return decodeCursor(query.cursor, `${query.sort}:${query.order}`, SORT_FIELDS[query.sort].length, key);
}

export function buildRequestFind(query: RequestQuery, maxDurationMs: number, cursor: Cursor | undefined): FindPlan {
  const collection = requestsCollection(query.set);
  const sort = requestSort(query);
  const filter = buildRequestFilter(query, maxDurationMs);
  if (cursor) {
    Object.assign(filter, keysetFilter(sort, cursor.keys, REQUEST_DATE_FIELDS));
  }
  return {
    collection,
    filter,
    sort,
    skip: cursor ? 0 : (query.page - 1) * query.limit,
    limit: query.limit + 1,
    shape: requestShape(query, collection),
  };
}
