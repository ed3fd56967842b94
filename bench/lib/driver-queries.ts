/**
 * The bare-driver side of the API benchmark: for each route, the same database work the API does (same
 * filters, sorts, limits, the capped total alongside a first page, the longest-request bound before a request
 * list), written directly against the driver with none of the API's layers. Written here, not taken from
 * core's builders, so that a builder bug shows up as different rows; only the slice walk (how a list is read,
 * not what it selects) is core's own, so both sides do the same work. Each returns the row ids (or a digest
 * of the answer) to compare with the API's, and can explain its main query.
 */
import type { Document, Filter } from 'mongodb';
import {
  axisSliceFilter,
  canWalk,
  firstSliceWidth,
  maxRequestDuration,
  nearestLogMinute,
  plannedFilter,
  requestWalk,
  walkSlices,
  type SliceAxis,
  type Store,
  type StoredLog,
  type StoredRequest,
} from './core';

export const TOTAL_CAP = 10_000;
const INFO = 20;
const WARNING = 30;

export interface DriverQuery {
  run(): Promise<string[]>;
  /** explain() of the query that does the bulk of the work. */
  explain(): Promise<Document>;
}

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
const ids = (rows: Array<{ _id: unknown }>): string[] => rows.map((row) => String(row._id));

export interface LogsInput {
  from?: Date;
  to?: Date;
  minLevel?: number;
  equals?: Record<string, string>;
  q?: string;
  limit: number;
  order: 'asc' | 'desc';
  /** Keyset position (ts, _id) of the last row of the previous page. */
  after?: { ts: Date; id: string };
}

export function logsFilter(input: Omit<LogsInput, 'limit' | 'order' | 'after'>): Filter<StoredLog> {
  const filter: Document = { ...(input.equals ?? {}) };
  if (input.from || input.to)
    filter.ts = { ...(input.from && { $gte: input.from }), ...(input.to && { $lte: input.to }) };
  const minLevel = input.minLevel ?? INFO;
  if (minLevel > 0) filter.level = { $gte: minLevel };
  if (input.q !== undefined) filter.message = { $regex: escapeRegex(input.q), $options: 'i' };
  return filter as Filter<StoredLog>;
}

/** Core's walk axis, told by the volume rollup where logs lie (the live set has one). */
function withVolumeHint(store: Store, axis: SliceAxis | undefined): SliceAxis | undefined {
  if (!axis) return undefined;
  return { ...axis, nearestData: (edge, farEnd, order) => nearestLogMinute(store, edge, farEnd, order) };
}

/** A sorted find read slice by slice from the sort end, or in one query when the walk does not apply. */
async function walkedFind<T extends Document>(
  store: Store,
  find: (filter: Document, limit: number) => Promise<T[]>,
  filter: Document,
  walk: SliceAxis | undefined,
  need: number,
): Promise<T[]> {
  const axis = withVolumeHint(store, walk);
  if (!axis || !canWalk(filter, axis)) return find(filter, need);
  const rows: T[] = [];
  await walkSlices(filter, axis, need, async (slice, want) => {
    const got = await find(axisSliceFilter(filter, axis, slice), want);
    rows.push(...got);
    return got.length;
  });
  return rows;
}

/** The capped count, slice by slice from the sort end when the list walks. */
async function walkedCount(
  store: Store,
  count: (filter: Document, limit: number) => Promise<number>,
  filter: Document,
  walk: SliceAxis | undefined,
): Promise<number> {
  const axis = withVolumeHint(store, walk);
  if (!axis || !canWalk(filter, axis)) return count(filter, TOTAL_CAP + 1);
  let total = 0;
  await walkSlices(filter, axis, TOTAL_CAP + 1, async (slice, want) => {
    const got = await count(axisSliceFilter(filter, axis, slice), want);
    total += got;
    return got;
  });
  return total;
}

/** The bound on the longest request, as core finds it (how the filter is bounded, not what it selects). */
const longestBound = (store: Store): Promise<number> => maxRequestDuration(store, 'live');

/** `GET /logs`: the page (limit + 1 rows) and, on a first page, the capped count in parallel. */
export function driverLogs(store: Store, input: LogsInput): DriverQuery {
  const base = logsFilter(input) as Document;
  const dir = input.order === 'desc' ? -1 : 1;
  const page = { ...base };
  if (input.after) {
    const { ts, id } = input.after;
    const ts0 = (base.ts ?? {}) as Document;
    page.ts = dir === 1 ? { ...ts0, $gte: later(ts0.$gte, ts) } : { ...ts0, $lte: earlier(ts0.$lte, ts) };
    page.$or = [{ ts: dir === 1 ? { $gt: ts } : { $lt: ts } }, { ts, _id: dir === 1 ? { $gt: id } : { $lt: id } }];
  }
  const find = () =>
    store
      .logs()
      .find(page as Filter<StoredLog>)
      .sort({ ts: dir, _id: dir })
      .limit(input.limit + 1);
  // One request's or instance's logs are few: one query; every other list walks time slices.
  const few = ['requestId', 'globalRequestId', 'instance'].some((field) => input.equals?.[field] !== undefined);
  const narrowed = Object.keys(input.equals ?? {}).length > 0 || (input.minLevel ?? INFO) >= WARNING;
  const walk: SliceAxis | undefined = few
    ? undefined
    : { field: 'ts', order: input.order, firstWidthMs: firstSliceWidth(narrowed) };
  const findIn = (filter: Document, limit: number) =>
    store
      .logs()
      .find(filter as Filter<StoredLog>)
      .sort({ ts: dir, _id: dir })
      .limit(limit)
      .toArray();
  const countIn = (filter: Document, limit: number) =>
    store.logs().countDocuments(filter as Filter<StoredLog>, { limit });
  return {
    run: async () => {
      const [rows] = await Promise.all([
        walkedFind(store, findIn, page, walk, input.limit + 1),
        input.after ? undefined : walkedCount(store, countIn, base, walk),
      ]);
      return ids(rows.slice(0, input.limit));
    },
    explain: () => find().explain('executionStats'),
  };
}

function later(a: unknown, b: Date): Date {
  return a instanceof Date && a > b ? a : b;
}
function earlier(a: unknown, b: Date): Date {
  return a instanceof Date && a < b ? a : b;
}

export interface RequestsInput {
  from: Date;
  to: Date;
  minLevel?: number;
  equals?: Record<string, string>;
  userOnly?: boolean;
  sort: 'start' | 'end' | 'duration' | 'count' | 'maxLevel';
  order: 'asc' | 'desc';
  limit: number;
}

const SORT_FIELDS = {
  start: ['start', '_id'],
  end: ['end', '_id'],
  duration: ['durationMs', '_id'],
  count: ['count', '_id'],
  maxLevel: ['maxLevel', 'start', '_id'],
} as const;

/** `GET /requests`: the longest-duration bound, then the page and the capped count in parallel. */
export function driverRequests(store: Store, input: RequestsInput): DriverQuery {
  const filterFor = async (): Promise<Filter<StoredRequest>> => {
    const max = await longestBound(store);
    const filter: Document = {
      ...(input.equals ?? {}),
      start: { $lte: input.to, $gte: new Date(input.from.getTime() - max) },
      end: { $lte: new Date(input.to.getTime() + max), $gte: input.from },
    };
    if (input.minLevel !== undefined) filter.maxLevel = { $gte: input.minLevel };
    if ((input.userOnly ?? true) && filter.userId === undefined) filter.userId = { $ne: null };
    return filter as Filter<StoredRequest>;
  };
  const dir = input.order === 'desc' ? -1 : 1;
  const sort = Object.fromEntries(SORT_FIELDS[input.sort].map((field) => [field, dir])) as Record<string, 1 | -1>;
  // Sorted by start or end: core's walk (slices, in-flight margins, implied bounds); other sorts sort in memory.
  const walk = requestWalk({ ...input, minLevel: input.minLevel, equals: input.equals ?? {} });
  // Sent as core's executor sends it (store/find.ts, plannedFilter): "has a user" as `$expr` where the engine plans.
  const planned = (filter: Document) => plannedFilter(store.capabilities, filter) as Filter<StoredRequest>;
  const findIn = (filter: Document, limit: number) =>
    store.requests().find(planned(filter)).sort(sort).limit(limit).toArray();
  const countIn = (filter: Document, limit: number) => store.requests().countDocuments(planned(filter), { limit });
  return {
    run: async () => {
      const filter = await filterFor();
      const [rows] = await Promise.all([
        walkedFind(store, findIn, filter, walk, input.limit + 1),
        walkedCount(store, countIn, filter, walk),
      ]);
      return ids(rows.slice(0, input.limit));
    },
    explain: async () =>
      store
        .requests()
        .find(planned(await filterFor()))
        .sort(sort)
        .limit(input.limit + 1)
        .explain('executionStats'),
  };
}

/** `GET /requests/:id`: the summary, then its logs and the linked summaries in parallel, then a parent. */
export function driverRequestDetail(store: Store, requestId: string): DriverQuery {
  const logs = () => store.logs().find({ requestId }).sort({ ts: 1, _id: 1 }).limit(5000);
  return {
    run: async () => {
      const summary = await store.requests().findOne({ _id: requestId });
      if (!summary) return ['missing'];
      const linkIds = [summary._id, ...(summary.globalRequestId ? [summary.globalRequestId] : [])];
      const [rows, related] = await Promise.all([
        logs().toArray(),
        store
          .requests()
          .find({ globalRequestId: { $in: linkIds } })
          .sort({ globalRequestId: 1, start: 1 })
          .limit(5000)
          .toArray(),
      ]);
      if (
        summary.globalRequestId &&
        summary.globalRequestId !== requestId &&
        !related.some((r) => r._id === summary.globalRequestId)
      )
        await store.requests().findOne({ _id: summary.globalRequestId });
      return ids(rows);
    },
    explain: () => logs().explain('executionStats'),
  };
}

/** `GET /logs/:id`. */
export function driverLog(store: Store, id: string): DriverQuery {
  return {
    run: async () => ids([(await store.logs().findOne({ _id: id })) ?? { _id: 'missing' }]),
    explain: () => store.logs().find({ _id: id }).explain('executionStats'),
  };
}

export interface VolumeInput {
  from: Date;
  to: Date;
  minLevel?: number;
  equals?: Record<string, string>;
  q?: string;
  /** True when the API answers from the logs (a filter the minute buckets do not keep). */
  fromLogs: boolean;
}

/** `GET /volume`: minute buckets summed on the server, or (ts, level) of every matching log. */
export function driverVolume(store: Store, input: VolumeInput): DriverQuery {
  const minLevel = input.minLevel ?? INFO;
  if (input.fromLogs) {
    const scan = () =>
      store.logs().find(logsFilter(input), { projection: { _id: 0, ts: 1, level: 1 }, batchSize: 5000 });
    return {
      run: async () => {
        let total = 0;
        for await (const _doc of scan()) total += 1;
        return [String(total)];
      },
      explain: () => scan().explain('executionStats'),
    };
  }
  const match: Document = {
    ...(input.equals ?? {}),
    minute: { $gte: new Date(Math.floor(input.from.getTime() / 60000) * 60000), $lte: input.to },
  };
  if (minLevel > 0) match.level = { $gte: minLevel };
  const pipeline = [
    { $match: match },
    { $group: { _id: { minute: '$minute', level: '$level' }, count: { $sum: '$count' } } },
  ];
  return {
    run: async () => {
      const rows = await store.volume().aggregate(pipeline).toArray();
      return [String(rows.reduce((sum, row) => sum + (row.count as number), 0))];
    },
    explain: () => store.volume().aggregate(pipeline).explain('executionStats'),
  };
}

/** `GET /values/:field`: distinct over the minute buckets (host, service, level) or the summaries. */
export function driverValues(
  store: Store,
  field: 'host' | 'service' | 'level' | 'project' | 'user',
  from: Date,
  to: Date,
): DriverQuery {
  if (field === 'project' || field === 'user') {
    const stored = field === 'project' ? 'projectId' : 'userId';
    const filterFor = async (): Promise<Document> => {
      const max = await longestBound(store);
      return { start: { $gte: new Date(from.getTime() - max), $lte: to }, end: { $gte: from } };
    };
    return {
      run: async () =>
        ((await store.requests().distinct(stored, await filterFor())) as unknown[])
          .filter((v): v is string => typeof v === 'string' && v.length > 0)
          .sort(),
      explain: async () =>
        store.db.command({ explain: { distinct: 'requests', key: stored, query: await filterFor() } }),
    };
  }
  const query = { minute: { $gte: new Date(Math.floor(from.getTime() / 60000) * 60000), $lte: to } };
  return {
    run: async () => {
      const values = (await store.volume().distinct(field, query)) as unknown[];
      return field === 'level'
        ? values
            .map(Number)
            .sort((a, b) => a - b)
            .map(String)
        : values.filter((v): v is string => typeof v === 'string' && v.length > 0).sort();
    },
    explain: () => store.db.command({ explain: { distinct: 'volume', key: field, query } }),
  };
}
