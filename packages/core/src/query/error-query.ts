/**
 * `GET /errors` and `GET /errors/:fingerprint` as pure builders: typed input, the bucket filters (counts
 * in a range, per host or service, at or above a level, at minute granularity), the records' find, the
 * in-memory order and keyset of the fingerprint list, and the binning of minute counts into a sparkline.
 */
import {
  DEFAULT_SPARK_POINTS,
  MAX_SPARK_POINTS,
  MAX_LIMIT,
  type ErrorDetailParams,
  type ErrorSeries,
  type ErrorSort,
  type ErrorsParams,
} from '@logcas/contract';
import { ValidationError } from '../errors';
import { logsCollection, viewCollection, type DataSet, type StoredError } from '../store/collections';
import type { FindPlan, MongoFilter, QueryShape } from '../store/find';
import { MINUTE_MS } from '../store/rollups';
import { decodeCursor, type Cursor } from './cursor';
import {
  anyOf,
  integerIn,
  readBoolean,
  readCollection,
  readLevel,
  readPaging,
  readValues,
  type Paging,
} from './inputs';
import { readTimeRange, type TimeRange } from './time';

/** Default window when `from` is missing: the day before `to` (default now), so a list is always a bounded range. */
export const DEFAULT_ERRORS_WINDOW_MS = 86_400_000;

export interface ErrorListQuery extends Paging {
  from: Date;
  to: Date;
  minLevel: number | undefined;
  /** host and service → the values it must be one of. */
  equals: { host?: string[]; service?: string[] };
  sort: ErrorSort;
  newOnly: boolean;
  points: number;
}

const SORTS: readonly ErrorSort[] = ['count', 'lastSeen', 'firstSeen'];

export function readErrorListQuery(params: ErrorsParams, now: Date = new Date()): ErrorListQuery {
  const sort = params.sort ?? 'count';
  if (!SORTS.includes(sort)) throw new ValidationError(`sort must be one of ${SORTS.join(', ')}`, 'sort');
  const equals: ErrorListQuery['equals'] = {};
  const host = readValues(params.host, 'host');
  const service = readValues(params.service, 'service');
  if (host !== undefined) equals.host = host;
  if (service !== undefined) equals.service = service;
  const newOnly = readBoolean(params.newOnly, 'newOnly', false);
  const range = readTimeRange({ from: params.from, to: params.to });
  const to = range.to ?? now;
  const from = range.from ?? new Date(to.getTime() - DEFAULT_ERRORS_WINDOW_MS);
  if (from.getTime() > to.getTime()) throw new ValidationError('from must not be after to', 'from');
  return {
    from,
    to,
    // The top of the list is what an operator wants first: most, latest, newest.
    ...readPaging({ ...params, order: params.order ?? 'desc' }),
    minLevel: readLevel(params.minLevel, 'minLevel'),
    equals,
    sort,
    newOnly,
    points: readPoints(params.points),
  };
}

export function readPoints(points: unknown): number {
  return points === undefined ? DEFAULT_SPARK_POINTS : integerIn(points, 'points', 1, MAX_SPARK_POINTS);
}

export interface BucketPlan {
  collection: string;
  filter: MongoFilter;
  shape: QueryShape;
}

/** A minute bucket counts [minute, minute + 60 s): the buckets whose minute starts inside the range. */
function minuteRange(range: TimeRange): MongoFilter | undefined {
  const bounds: MongoFilter = {};
  if (range.from) bounds.$gte = new Date(Math.floor(range.from.getTime() / MINUTE_MS) * MINUTE_MS);
  if (range.to) bounds.$lte = range.to;
  return Object.keys(bounds).length > 0 ? bounds : undefined;
}

/** The buckets counted by `GET /errors`, or by a sparkline when `fingerprints` is given. */
export function buildErrorBucketPlan(
  query: Pick<ErrorListQuery, 'set' | 'minLevel' | 'equals'> & TimeRange,
  fingerprints?: readonly string[],
): BucketPlan {
  const collection = viewCollection(query.set, 'errorBuckets');
  const filter: MongoFilter = {};
  for (const [field, values] of Object.entries(query.equals)) filter[field] = anyOf(values);
  if (fingerprints) filter.fingerprint = { $in: [...fingerprints] };
  const minutes = minuteRange(query);
  if (minutes) filter.minute = minutes;
  if (query.minLevel !== undefined) filter.level = { $gte: query.minLevel };
  const equality = fingerprints ? ['fingerprint'] : Object.keys(query.equals).slice(0, 1);
  const residual = [
    ...Object.keys(query.equals).filter((field) => !equality.includes(field)),
    ...(query.minLevel !== undefined ? ['level'] : []),
  ];
  return {
    collection,
    filter,
    shape: { collection, equality, sort: [], range: minutes ? ['minute'] : [], residual },
  };
}

/** A fingerprint's summary with its count in the asked range. */
export interface CountedError {
  summary: StoredError;
  count: number;
}

function sortValue(row: CountedError, sort: ErrorSort): number {
  if (sort === 'count') return row.count;
  return (sort === 'lastSeen' ? row.summary.lastSeen : row.summary.firstSeen).getTime();
}

/** Orders the counted fingerprints by the sort (ties by fingerprint) and keeps those after the cursor. */
export function orderErrors(rows: CountedError[], query: ErrorListQuery, cursor: Cursor | undefined): CountedError[] {
  const direction = query.order === 'desc' ? -1 : 1;
  const compare = (a: CountedError, b: CountedError): number =>
    direction * (sortValue(a, query.sort) - sortValue(b, query.sort) || (a.summary._id < b.summary._id ? -1 : 1));
  const sorted = [...rows].sort(compare);
  if (!cursor) return sorted.slice((query.page - 1) * query.limit);
  const [value, id] = cursor.keys as [number, string];
  return sorted.filter((row) => {
    const v = sortValue(row, query.sort);
    return direction * (v - value) > 0 || (v === value && direction * (row.summary._id < id ? -1 : 1) > 0);
  });
}

export function readErrorCursor(query: ErrorListQuery, key: Buffer): Cursor | undefined {
  if (query.cursor === undefined) return undefined;
  return decodeCursor(query.cursor, `errors:${query.sort}:${query.order}`, 2, key);
}

/** Whether a summary was first seen inside the range. */
export function firstSeenInside(summary: StoredError, range: TimeRange): boolean {
  const first = summary.firstSeen.getTime();
  return (!range.from || first >= range.from.getTime()) && (!range.to || first <= range.to.getTime());
}

/** Equal steps over [from, to], whole minutes (the buckets' grain), at most `points` of them. */
export function seriesGrid(from: Date, to: Date, points: number): { from: Date; stepMs: number; points: number } {
  const start = Math.floor(from.getTime() / MINUTE_MS) * MINUTE_MS;
  const span = Math.max(MINUTE_MS, to.getTime() - start + 1);
  const stepMs = Math.ceil(span / points / MINUTE_MS) * MINUTE_MS;
  return { from: new Date(start), stepMs, points: Math.ceil(span / stepMs) };
}

/** Minute counts summed into the grid's steps. */
export function binSeries(
  grid: ReturnType<typeof seriesGrid>,
  minutes: ReadonlyArray<{ minute: Date; count: number }>,
): ErrorSeries {
  const counts = new Array<number>(grid.points).fill(0);
  for (const { minute, count } of minutes) {
    const index = Math.floor((minute.getTime() - grid.from.getTime()) / grid.stepMs);
    if (index >= 0 && index < counts.length) counts[index] = (counts[index] as number) + count;
  }
  return { from: grid.from.toISOString(), stepMs: grid.stepMs, counts };
}

export interface ErrorDetailQuery extends TimeRange {
  set: DataSet;
  limit: number;
  points: number;
}

export function readErrorDetailQuery(params: ErrorDetailParams): ErrorDetailQuery {
  return {
    ...readTimeRange({ from: params.from, to: params.to }),
    set: readCollection(params.collection),
    limit: params.limit === undefined ? 100 : integerIn(params.limit, 'limit', 1, MAX_LIMIT),
    points: readPoints(params.points),
  };
}

/** A fingerprint's records in the range, latest first. */
export function buildErrorRecordsFind(fingerprint: string, query: ErrorDetailQuery): FindPlan {
  const collection = logsCollection(query.set);
  const sort = [
    ['ts', -1],
    ['_id', -1],
  ] as const;
  const filter: MongoFilter = { fingerprint };
  const ts: MongoFilter = {};
  if (query.from) ts.$gte = query.from;
  if (query.to) ts.$lte = query.to;
  if (Object.keys(ts).length > 0) filter.ts = ts;
  return {
    collection,
    filter,
    sort,
    skip: 0,
    limit: query.limit,
    shape: { collection, equality: ['fingerprint'], sort, range: filter.ts ? ['ts'] : [], residual: [] },
  };
}

/** The request pairs of a key (fingerprint or resource), by first log, newest or oldest first. */
export function buildPairsFind(
  collection: string,
  key: string,
  direction: 1 | -1,
  limit: number,
  range: TimeRange = {},
): FindPlan {
  const sort = [['first', direction]] as const;
  const filter: MongoFilter = { key };
  if (range.to) filter.first = { $lte: range.to };
  if (range.from) filter.last = { $gte: range.from };
  return {
    collection,
    filter,
    sort,
    skip: 0,
    limit,
    shape: { collection, equality: ['key'], sort, range: [], residual: range.from ? ['last'] : [] },
  };
}
