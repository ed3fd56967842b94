/**
 * `GET /errors` and `GET /errors/:fingerprint` over live or archive (docs/http-api.md). The list counts
 * minute buckets per fingerprint on the server, orders the fingerprints in memory (one row each, so the
 * set is small next to the logs), then reads the page's summaries, samples and sparklines.
 */
import {
  levelName,
  type ErrorDetailParams,
  type ErrorDetailResponse,
  type ErrorSeries,
  type ErrorsParams,
  type ErrorSummary,
  type ListResponse,
} from '@logcas/contract';
import { NotFoundError } from '../errors';
import {
  requestsCollection,
  viewCollection,
  type DataSet,
  type StoredError,
  type StoredLog,
  type StoredPair,
  type StoredRequest,
} from '../store/collections';
import type { Store } from '../store/connection';
import { findErrors, sumErrorBuckets, sumErrorMinutes } from '../store/errors';
import { findByIds, findDocuments } from '../store/find';
import { encodeCursor } from './cursor';
import { readCursorKey } from './cursor-key';
import { toIso, toLogRecord, toRequestSummary } from './convert';
import {
  binSeries,
  buildErrorBucketPlan,
  buildErrorRecordsFind,
  buildPairsFind,
  firstSeenInside,
  orderErrors,
  readErrorCursor,
  readErrorDetailQuery,
  readErrorListQuery,
  seriesGrid,
  type CountedError,
} from './error-query';
import type { TimeRange } from './time';

/** `GET /errors`: fingerprints seen in the range with their counts, top first, by page or cursor. */
export async function queryErrors(store: Store, params: ErrorsParams = {}): Promise<ListResponse<ErrorSummary>> {
  const query = readErrorListQuery(params);
  const cursorKey = await readCursorKey(store);
  const cursor = readErrorCursor(query, cursorKey);
  const counts = await sumErrorBuckets(store, query.set, buildErrorBucketPlan(query).filter);
  const summaries = new Map(
    (
      await findErrors(
        store,
        query.set,
        counts.map((c) => c.fingerprint),
      )
    ).map((s) => [s._id, s]),
  );
  let rows: CountedError[] = counts.flatMap(({ fingerprint, count }) => {
    const summary = summaries.get(fingerprint);
    return summary && count > 0 ? [{ summary, count }] : [];
  });
  if (query.newOnly) rows = rows.filter((row) => firstSeenInside(row.summary, query));
  const after = orderErrors(rows, query, cursor);
  const pageRows = after.slice(0, query.limit);
  const page = cursor ? cursor.page + 1 : query.page;
  const total = cursor ? cursor.total : rows.length;
  const last = pageRows[pageRows.length - 1];
  const sortKey = (row: CountedError): number =>
    query.sort === 'count'
      ? row.count
      : (query.sort === 'lastSeen' ? row.summary.lastSeen : row.summary.firstSeen).getTime();
  const nextCursor =
    after.length > query.limit && last
      ? encodeCursor(
          {
            sort: `errors:${query.sort}:${query.order}`,
            keys: [sortKey(last), last.summary._id],
            page,
            total,
            totalExact: true,
          },
          cursorKey,
        )
      : null;
  const items = await describeErrors(store, query.set, pageRows, query, query.points, query);
  return { items, page, limit: query.limit, total, totalExact: true, nextCursor };
}

/**
 * `GET /errors/:fingerprint`: its summary, the requests that hit it and its records (latest first), and its
 * series over the range (default: first to last seen).
 */
export async function getErrorDetail(
  store: Store,
  fingerprint: string,
  params: ErrorDetailParams = {},
): Promise<ErrorDetailResponse> {
  const query = readErrorDetailQuery(params);
  const [summary] = await findErrors(store, query.set, [fingerprint]);
  if (!summary) throw new NotFoundError(`no error fingerprint ${fingerprint} in the ${query.set} collection`);
  const bucketQuery = { set: query.set, from: query.from, to: query.to, minLevel: undefined, equals: {} };
  const [counted] = await sumErrorBuckets(store, query.set, buildErrorBucketPlan(bucketQuery, [fingerprint]).filter);
  const [error] = await describeErrors(
    store,
    query.set,
    [{ summary, count: counted?.count ?? 0 }],
    bucketQuery,
    query.points,
    query,
  );
  const pairs = await findDocuments<StoredPair>(
    store,
    buildPairsFind(viewCollection(query.set, 'errorRequests'), fingerprint, -1, query.limit, query),
  );
  const [records, requests] = await Promise.all([
    findDocuments<StoredLog>(store, buildErrorRecordsFind(fingerprint, query)),
    findByIds<StoredRequest>(
      store,
      requestsCollection(query.set),
      pairs.map((pair) => pair.requestId),
    ),
  ]);
  return {
    error: error as ErrorSummary,
    requests: requests.map(toRequestSummary),
    records: records.map(toLogRecord),
    series: (error as ErrorSummary).spark,
  };
}

/** The API rows of counted summaries, with sparklines over the range from the buckets. */
async function describeErrors(
  store: Store,
  set: DataSet,
  rows: CountedError[],
  bucketQuery: Parameters<typeof buildErrorBucketPlan>[0],
  points: number,
  range: TimeRange,
): Promise<ErrorSummary[]> {
  if (rows.length === 0) return [];
  const fingerprints = rows.map((row) => row.summary._id);
  const from = range.from ?? new Date(Math.min(...rows.map((row) => row.summary.firstSeen.getTime())));
  const to = range.to ?? new Date(Math.max(...rows.map((row) => row.summary.lastSeen.getTime())));
  const grid = seriesGrid(from, to, points);
  const bucketPlan = buildErrorBucketPlan({ ...bucketQuery, from: grid.from, to }, fingerprints);
  const minutes = await sumErrorMinutes(store, set, bucketPlan.filter);
  return rows.map(({ summary, count }) => {
    const spark: ErrorSeries = binSeries(
      grid,
      minutes.filter((m) => m.fingerprint === summary._id),
    );
    return toErrorSummary(summary, count, firstSeenInside(summary, range), spark);
  });
}

function toErrorSummary(summary: StoredError, count: number, isNew: boolean, spark: ErrorSeries): ErrorSummary {
  return {
    fingerprint: summary._id,
    kind: summary.kind,
    title: summary.title,
    exception: summary.exception,
    location: summary.location,
    template: summary.template,
    loggers: summary.loggers,
    count,
    totalCount: summary.count,
    levelCounts: summary.levelCounts,
    maxLevel: summary.maxLevel,
    maxLevelName: levelName(summary.maxLevel),
    firstSeen: toIso(summary.firstSeen),
    lastSeen: toIso(summary.lastSeen),
    isNew,
    services: summary.services,
    hosts: summary.hosts,
    requestCount: summary.requestCount,
    sample: { ...summary.sample, ts: toIso(summary.sample.ts) },
    spark,
  };
}
