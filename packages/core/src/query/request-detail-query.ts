/** Pure builders for the request detail: the request's logs, and the summaries linked by global request ids. */
import { logsCollection, requestsCollection, type DataSet, type StoredRequest } from '../store/collections';
import { MAX_LIMIT } from '@logcas/contract';
import { anyOf } from './inputs';
import { logSort } from './log-query';
import type { FindPlan, MongoFilter } from '../store/find';

export interface DetailLogsInput {
  set: DataSet;
  /** The request, and with related requests theirs too: one find, in time order. */
  requestIds: readonly string[];
  minLevel: number | undefined;
  host: readonly string[] | undefined;
  /** Rows to fetch (the caller asks one more than it returns, to know whether `limit` cut the list). */
  limit: number;
}

export function buildDetailLogsFind(input: DetailLogsInput): FindPlan {
  const collection = logsCollection(input.set);
  const filter: MongoFilter = { requestId: anyOf(input.requestIds) };
  if (input.host !== undefined) filter.host = anyOf(input.host);
  if (input.minLevel !== undefined && input.minLevel > 0) filter.level = { $gte: input.minLevel };
  const sort = logSort('asc');
  return {
    collection,
    filter,
    sort,
    skip: 0,
    limit: input.limit,
    shape: {
      collection,
      equality: Object.keys(filter).filter((field) => field !== 'level'),
      sort,
      range: filter.level ? ['level'] : [],
      residual: [],
    },
  };
}

/** Summaries whose globalRequestId is this request's id or its own globalRequestId. */
export function buildRelatedFind(set: DataSet, summary: Pick<StoredRequest, '_id' | 'globalRequestId'>): FindPlan {
  const collection = requestsCollection(set);
  const ids = [summary._id, ...(summary.globalRequestId ? [summary.globalRequestId] : [])];
  const sort = [
    ['globalRequestId', 1],
    ['start', 1],
  ] as const;
  return {
    collection,
    filter: { globalRequestId: { $in: ids } },
    // Sorted by (globalRequestId, start) to walk the index; the caller orders the merged list by start.
    sort,
    skip: 0,
    limit: MAX_LIMIT,
    shape: { collection, equality: [], sort, range: [], residual: [] },
  };
}
