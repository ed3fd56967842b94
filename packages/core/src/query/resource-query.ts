/**
 * `GET /resources` and `GET /resources/:id` as pure builders: typed input, the summary list's find (one of
 * four sorts, optionally of one kind, seen in the range) and the outcome of a request that touched one.
 */
import {
  LEVELS,
  MAX_LIMIT,
  RESOURCE_KINDS,
  type RequestOutcome,
  type ResourceDetailParams,
  type ResourceKind,
  type ResourceSort,
  type ResourcesParams,
} from '@logcas/contract';
import { ValidationError } from '../errors';
import { viewCollection, type DataSet, type StoredRequest } from '../store/collections';
import type { FindPlan, MongoFilter, SortSpec } from '../store/find';
import { decodeCursor, keysetFilter, type Cursor } from './cursor';
import { integerIn, readCollection, readPaging, type Paging } from './inputs';
import { readTimeRange, type TimeRange } from './time';

const SORT_FIELDS: Readonly<Record<ResourceSort, readonly string[]>> = {
  failures: ['maxLevel', 'errorCount', 'lastSeen', '_id'],
  lastSeen: ['lastSeen', '_id'],
  firstSeen: ['firstSeen', '_id'],
  count: ['count', '_id'],
};
const DATE_FIELDS: ReadonlySet<string> = new Set(['firstSeen', 'lastSeen']);

export interface ResourceListQuery extends TimeRange, Paging {
  kind: ResourceKind | undefined;
  sort: ResourceSort;
}

export function readResourceListQuery(params: ResourcesParams): ResourceListQuery {
  const sort = params.sort ?? 'failures';
  if (!Object.prototype.hasOwnProperty.call(SORT_FIELDS, sort)) {
    throw new ValidationError(`sort must be one of ${Object.keys(SORT_FIELDS).join(', ')}`, 'sort');
  }
  if (params.kind !== undefined && !RESOURCE_KINDS.includes(params.kind)) {
    throw new ValidationError(`kind must be one of ${RESOURCE_KINDS.join(', ')}`, 'kind');
  }
  return {
    ...readTimeRange({ from: params.from, to: params.to }),
    ...readPaging({ ...params, order: params.order ?? 'desc' }),
    kind: params.kind,
    sort,
  };
}

export function readResourceCursor(query: ResourceListQuery, key: Buffer): Cursor | undefined {
  if (query.cursor === undefined) return undefined;
  return decodeCursor(query.cursor, `${query.sort}:${query.order}`, SORT_FIELDS[query.sort].length, key);
}

function resourceSort(query: ResourceListQuery): SortSpec {
  const direction = query.order === 'desc' ? -1 : 1;
  return SORT_FIELDS[query.sort].map((field) => [field, direction] as const);
}

/** Resources seen in the range: first seen ≤ to and last seen ≥ from. */
export function buildResourceFilter(query: ResourceListQuery): MongoFilter {
  const filter: MongoFilter = {};
  if (query.kind) filter.kinds = query.kind;
  if (query.to) filter.firstSeen = { $lte: query.to };
  if (query.from) filter.lastSeen = { $gte: query.from };
  return filter;
}

export function buildResourceFind(query: ResourceListQuery, cursor: Cursor | undefined): FindPlan {
  const collection = viewCollection(query.set, 'resources');
  const sort = resourceSort(query);
  const filter = buildResourceFilter(query);
  const page = cursor ? { ...filter, ...keysetFilter(sort, cursor.keys, DATE_FIELDS) } : filter;
  return {
    collection,
    filter: page,
    sort,
    skip: cursor ? 0 : (query.page - 1) * query.limit,
    limit: query.limit + 1,
    shape: {
      collection,
      equality: [],
      sort,
      range: [],
      residual: [
        ...(query.kind ? ['kinds'] : []),
        ...(query.to ? ['firstSeen'] : []),
        ...(query.from ? ['lastSeen'] : []),
      ],
    },
  };
}

export interface ResourceDetailQuery extends TimeRange {
  set: DataSet;
  limit: number;
}

export function readResourceDetailQuery(params: ResourceDetailParams): ResourceDetailQuery {
  return {
    ...readTimeRange({ from: params.from, to: params.to }),
    set: readCollection(params.collection),
    limit: params.limit === undefined ? MAX_LIMIT : integerIn(params.limit, 'limit', 1, MAX_LIMIT),
  };
}

/** `error` when a log reached ERROR or the API answered 5xx; `warning` for WARNING or 4xx; else `ok`. */
export function requestOutcome(request: Pick<StoredRequest, 'maxLevel' | 'httpStatus'>): RequestOutcome {
  const status = request.httpStatus ?? 0;
  if (request.maxLevel >= LEVELS.ERROR || status >= 500) return 'error';
  if (request.maxLevel >= LEVELS.WARNING || status >= 400) return 'warning';
  return 'ok';
}

/** What the request did: its API call when a log told it, else the service that handled it. */
export function requestOperation(request: Pick<StoredRequest, 'httpMethod' | 'httpPath' | 'services'>): string {
  if (request.httpMethod && request.httpPath) return `${request.httpMethod} ${request.httpPath}`;
  return request.services[0] ?? 'unknown';
}
