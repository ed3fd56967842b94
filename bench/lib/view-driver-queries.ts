/**
 * The bare-driver side of the error and resource views (docs/fingerprints.md) in the API benchmark: for each
 * route the reads the API makes, in the same order, written here with the driver and the collections named
 * literally, not taken from core's builders, so that a builder bug shows up as different rows. Each returns
 * the ids the API answers (fingerprints, resource ids, request and record ids, in order) and can explain
 * the query that does the bulk of the work.
 */
import type { Document } from 'mongodb';
import { TOTAL_CAP, type DriverQuery } from './driver-queries';
import type {
  Store,
  StoredError,
  StoredErrorBucket,
  StoredLog,
  StoredPair,
  StoredRequest,
  StoredResource,
} from './core';

const MINUTE = 60_000;
const floorMinute = (d: Date): Date => new Date(Math.floor(d.getTime() / MINUTE) * MINUTE);

/** Documents by `_id` in the order of `ids`, missing ones left out: one `$in`, or lookups one by one on FerretDB 1.24. */
async function byIds<T extends { _id: string }>(store: Store, collection: string, ids: string[]): Promise<T[]> {
  if (ids.length === 0) return [];
  const docs =
    store.capabilities.server === 'ferretdb'
      ? (await Promise.all(ids.map((_id) => store.collection<T>(collection).findOne({ _id } as never)))).flatMap(
          (doc) => (doc ? [doc as T] : []),
        )
      : ((await store
          .collection<T>(collection)
          .find({ _id: { $in: ids } } as never)
          .toArray()) as T[]);
  const found = new Map(docs.map((doc) => [doc._id, doc]));
  return ids.flatMap((id) => found.get(id) ?? []);
}

export interface ErrorsInput {
  from: Date;
  to: Date;
  host?: string;
  service?: string;
  minLevel?: number;
  sort: 'count' | 'lastSeen' | 'firstSeen';
  newOnly?: boolean;
  limit: number;
}

/** The bucket filter of a range: minutes starting in it, of the host/service/level asked. */
function bucketMatch(input: Omit<ErrorsInput, 'sort' | 'limit'>, fingerprints?: string[]): Document {
  const match: Document = { minute: { $gte: floorMinute(input.from), $lte: input.to } };
  if (input.host !== undefined) match.host = input.host;
  if (input.service !== undefined) match.service = input.service;
  if (input.minLevel !== undefined) match.level = { $gte: input.minLevel };
  if (fingerprints) match.fingerprint = { $in: fingerprints };
  return match;
}

/** Counts per fingerprint, then per fingerprint × minute for the sparklines. */
const sumBuckets = (store: Store, match: Document, perMinute: boolean) =>
  store
    .collection<StoredErrorBucket>('error_buckets')
    .aggregate<{ _id: string | { fingerprint: string; minute: Date }; count: number }>([
      { $match: match },
      {
        $group: {
          _id: perMinute ? { fingerprint: '$fingerprint', minute: '$minute' } : '$fingerprint',
          count: { $sum: '$count' },
        },
      },
    ]);

/**
 * `GET /errors`: the range's bucket counts per fingerprint, their summaries, the order in memory (desc, ties by
 * fingerprint desc), then the page's sparkline buckets.
 */
export function driverErrors(store: Store, input: ErrorsInput): DriverQuery {
  return {
    run: async () => {
      const counts = await sumBuckets(store, bucketMatch(input), false).toArray();
      const summaries = await byIds<StoredError>(
        store,
        'errors',
        counts.map((c) => c._id as string),
      );
      const countOf = new Map(counts.map((c) => [c._id as string, c.count]));
      const key = (s: StoredError): number =>
        input.sort === 'count' ? (countOf.get(s._id) ?? 0) : s[input.sort].getTime();
      const rows = summaries
        .filter((s) => (countOf.get(s._id) ?? 0) > 0)
        .filter((s) => !input.newOnly || (s.firstSeen >= input.from && s.firstSeen <= input.to))
        .sort((a, b) => key(b) - key(a) || (a._id < b._id ? 1 : -1))
        .slice(0, input.limit);
      const fingerprints = rows.map((s) => s._id);
      if (fingerprints.length > 0) await sumBuckets(store, bucketMatch(input, fingerprints), true).toArray();
      return fingerprints;
    },
    explain: () => sumBuckets(store, bucketMatch(input), false).explain('executionStats'),
  };
}

/**
 * `GET /errors/:fingerprint` over a range: the summary, its count and its sparkline buckets, its request pairs
 * (latest first), then its records (latest first) and the pairs' request summaries together. Returns the
 * request ids, then the record ids.
 */
export function driverErrorDetail(
  store: Store,
  fingerprint: string,
  range: { from: Date; to: Date },
  limit: number,
): DriverQuery {
  const records = () =>
    store
      .collection<StoredLog>('logs')
      .find({ fingerprint, ts: { $gte: range.from, $lte: range.to } })
      .sort({ ts: -1, _id: -1 })
      .limit(limit);
  return {
    run: async () => {
      const [summary] = await byIds<StoredError>(store, 'errors', [fingerprint]);
      if (!summary) return ['missing'];
      await sumBuckets(store, bucketMatch(range, [fingerprint]), false).toArray();
      await sumBuckets(store, bucketMatch(range, [fingerprint]), true).toArray();
      const pairs = await store
        .collection<StoredPair>('error_requests')
        .find({ key: fingerprint, first: { $lte: range.to }, last: { $gte: range.from } })
        .sort({ first: -1 })
        .limit(limit)
        .toArray();
      const [logs, requests] = await Promise.all([
        records().toArray(),
        byIds<StoredRequest>(
          store,
          'requests',
          pairs.map((p) => p.requestId),
        ),
      ]);
      return [...requests.map((r) => r._id), ...logs.map((l) => l._id)];
    },
    explain: () => records().explain('executionStats'),
  };
}

export interface ResourcesInput {
  from: Date;
  to: Date;
  kind?: string;
  limit: number;
  /** The last row of the previous page (failures order), for a cursor page. */
  after?: { maxLevel: number; errorCount: number; lastSeen: Date; id: string };
}

/** `GET /resources`, failures first: the page (limit + 1) and, on a first page, the capped count together. */
export function driverResources(store: Store, input: ResourcesInput): DriverQuery {
  const filter: Document = { firstSeen: { $lte: input.to }, lastSeen: { $gte: input.from } };
  if (input.kind) filter.kinds = input.kind;
  const page: Document = { ...filter };
  const a = input.after;
  if (a)
    page.$or = [
      { maxLevel: { $lt: a.maxLevel } },
      { maxLevel: a.maxLevel, errorCount: { $lt: a.errorCount } },
      { maxLevel: a.maxLevel, errorCount: a.errorCount, lastSeen: { $lt: a.lastSeen } },
      { maxLevel: a.maxLevel, errorCount: a.errorCount, lastSeen: a.lastSeen, _id: { $lt: a.id } },
    ];
  const find = () =>
    store
      .collection<StoredResource>('resources')
      .find(page)
      .sort({ maxLevel: -1, errorCount: -1, lastSeen: -1, _id: -1 })
      .limit(input.limit + 1);
  return {
    run: async () => {
      const [rows] = await Promise.all([
        find().toArray(),
        a ? undefined : store.collection('resources').countDocuments(filter, { limit: TOTAL_CAP + 1 }),
      ]);
      return rows.slice(0, input.limit).map((r) => r._id);
    },
    explain: () => find().explain('executionStats'),
  };
}

/** `GET /resources/:id`: the resource, its request pairs oldest first (limit + 1), the shown ones' summaries. */
export function driverResourceDetail(store: Store, id: string, limit: number): DriverQuery {
  const pairs = () =>
    store
      .collection<StoredPair>('resource_requests')
      .find({ key: id })
      .sort({ first: 1 })
      .limit(limit + 1);
  return {
    run: async () => {
      const resource = await store.collection<StoredResource>('resources').findOne({ _id: id });
      if (!resource) return ['missing'];
      const shown = (await pairs().toArray()).slice(0, limit).map((p) => p.requestId);
      await byIds<StoredRequest>(store, 'requests', shown);
      return shown;
    },
    explain: () => pairs().explain('executionStats'),
  };
}
