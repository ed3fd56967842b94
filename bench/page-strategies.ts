/**
 * Design evidence for O(page) reads: on the seeded database, each of today's expensive query shapes next to a
 * prototype written here (not in core), checked to return the same rows, timed interleaved (p50/p95 of --runs
 * calls) and, on realdb, with the documents and index entries the engine read for one call:
 *   - log lists and deep cursor pages: slice walk on ts (lib/slices.ts) instead of one sorted query;
 *   - request lists: the longest-duration seek kept in a stored value instead of a sorted read, then a slice
 *     walk on the sort key (start, end, durationMs, count; maxLevel level by level);
 *   - totals: the capped count at 10,000 / 1,000 / 100, and counts summed from a (minute, level) rollup;
 *   - volume: the minute × service × host × level buckets against coarser rollups without the host;
 *   - values: distinct over the minute buckets against a small (field, value, first, last) collection.
 * The rollup prototypes are built once from the existing buckets into `bench_*` collections (build time is
 * reported, and the count of documents each keeps per hour of traffic, which is what it costs at ingest).
 */
import type { Document, Filter } from 'mongodb';
import { readFlags } from './lib/args';
import type { Store, StoredLog, StoredRequest } from './lib/core';
import { analyze, engineName, ScanMeter, type RealDb, type ScanCounters } from './lib/engine';
import { formatCount, machine, saveRun, summarize } from './lib/run';
import { openSeeded } from './lib/seed';
import { sliceRange, sliceWalk } from './lib/slices';

const flags = readFlags(
  `
Today's expensive reads against O(page) prototypes, on the seeded database (seed it with bench/seed.ts).
  MONGODB_URI=... npx tsx bench/page-strategies.ts [--runs 7] [--only totals]`,
  {
    db: { fallback: 'logcas_bench', help: 'seeded database' },
    runs: { fallback: 7, help: 'timed calls of each side per experiment' },
    only: { fallback: '', help: 'run only experiments whose group or name matches this regular expression' },
    'no-examined': { help: 'skip the engine statistics per side (each needs a few idle seconds)' },
    rebuild: { help: 'rebuild the bench_* rollup collections even when they exist' },
  },
);

const HOUR = 3_600_000;
const TOTAL_CAP = 10_000;

interface Experiment {
  group: string;
  name: string;
  current: () => Promise<unknown>;
  proposed: () => Promise<unknown>;
  /** Compare answers (default: JSON of both). */
  same?: (a: unknown, b: unknown) => boolean;
  note?: string;
}

const ids = (rows: Array<{ _id: unknown }>): string[] => rows.map((r) => String(r._id));

/** Today's log page: one query sorted by (ts, _id), limit + 1. */
function logsCurrent(store: Store, filter: Document, order: 1 | -1, need: number) {
  return async () =>
    ids(
      await store
        .logs()
        .find(filter as Filter<StoredLog>)
        .sort({ ts: order, _id: order })
        .limit(need)
        .toArray(),
    );
}

/** The same page by a slice walk on ts; `after` is a keyset position (deep cursor). */
function logsSliced(
  store: Store,
  filter: Document,
  range: { from: number; to: number },
  order: 1 | -1,
  need: number,
  after?: { ts: Date; id: string },
  counter?: { queries: number },
) {
  return async () => {
    const high = order === -1 && after ? after.ts.getTime() : range.to;
    const low = order === 1 && after ? after.ts.getTime() : range.from;
    // First slice: the page's worth at the collection's average density (~1,000 logs a minute here).
    const result = await sliceWalk({
      low,
      high,
      order: order === -1 ? 'desc' : 'asc',
      need,
      firstWidth: 60_000,
      slice: async (bounds, limit) => {
        const slice: Document = { ...filter, ts: sliceRange(bounds, true) };
        if (after) {
          const cmp = order === -1 ? '$lt' : '$gt';
          slice.$or = [{ ts: { [cmp]: after.ts } }, { ts: after.ts, _id: { [cmp]: after.id } }];
        }
        return store
          .logs()
          .find(slice as Filter<StoredLog>)
          .sort({ ts: order, _id: order })
          .limit(limit)
          .toArray();
      },
    });
    if (counter) counter.queries = result.queries;
    return ids(result.rows);
  };
}

async function longestDuration(store: Store): Promise<number> {
  const longest = await store.requests().find({}).sort({ durationMs: -1, _id: -1 }).limit(1).toArray();
  return longest[0]?.durationMs ?? 0;
}

function requestFilter(from: Date, to: Date, maxDuration: number, extra: Document = {}): Document {
  return {
    ...extra,
    start: { $lte: to, $gte: new Date(from.getTime() - maxDuration) },
    end: { $lte: new Date(to.getTime() + maxDuration), $gte: from },
    userId: extra.userId ?? { $ne: null },
  };
}

type RequestSort = 'start' | 'end' | 'duration' | 'count' | 'maxLevel';
const SORT_KEYS: Record<RequestSort, string[]> = {
  start: ['start', '_id'],
  end: ['end', '_id'],
  duration: ['durationMs', '_id'],
  count: ['count', '_id'],
  maxLevel: ['maxLevel', 'start', '_id'],
};

/** Today's request page: the longest-duration seek, then one sorted query. */
function requestsCurrent(
  store: Store,
  from: Date,
  to: Date,
  sort: RequestSort,
  order: 1 | -1,
  need: number,
  seek: boolean,
  cached: number,
) {
  return async () => {
    const max = seek ? await longestDuration(store) : cached;
    const sortDoc = Object.fromEntries(SORT_KEYS[sort].map((k) => [k, order]));
    return ids(
      await store
        .requests()
        .find(requestFilter(from, to, max) as Filter<StoredRequest>)
        .sort(sortDoc)
        .limit(need)
        .toArray(),
    );
  };
}

/** The same page by slices on the sort key, with the longest duration read from a stored value. */
function requestsSliced(
  store: Store,
  from: Date,
  to: Date,
  sort: RequestSort,
  order: 1 | -1,
  need: number,
  maxDuration: number,
  maxCount: number,
) {
  const base = requestFilter(from, to, maxDuration);
  const sortDoc = Object.fromEntries(SORT_KEYS[sort].map((k) => [k, order]));
  const walk = (
    field: string,
    low: number,
    high: number,
    firstWidth: number,
    extra: Document,
    want: number,
    asDate: boolean,
    hint?: string,
  ) =>
    sliceWalk({
      low,
      high,
      order: order === -1 ? 'desc' : 'asc',
      need: want,
      firstWidth,
      slice: (bounds, limit) => {
        const range = sliceRange(bounds, asDate);
        const current = (base[field] ?? {}) as Document;
        const filter = { ...base, ...extra, [field]: { ...current, ...range } };
        // On the sort key's own index a high threshold reads only the few longest or biggest requests.
        const cursor = store.requests().find(filter as Filter<StoredRequest>, hint ? { hint } : {});
        return cursor.sort(sortDoc).limit(limit).toArray();
      },
    });
  return async () => {
    const low = from.getTime() - maxDuration;
    if (sort === 'start') return ids((await walk('start', low, to.getTime(), 60_000, {}, need, true)).rows);
    if (sort === 'end')
      return ids((await walk('end', from.getTime(), to.getTime() + maxDuration, 60_000, {}, need, true)).rows);
    if (sort === 'duration')
      return ids(
        (await walk('durationMs', 0, maxDuration, Math.max(1, maxDuration / 64), {}, need, false, 'durationMs_id'))
          .rows,
      );
    if (sort === 'count')
      return ids((await walk('count', 0, maxCount, Math.max(1, maxCount / 16), {}, need, false, 'count_id')).rows);
    // maxLevel: level by level in sort order, each walked on start.
    const rows: StoredRequest[] = [];
    const levels = [10, 20, 25, 30, 40, 50];
    for (const level of order === -1 ? [...levels].reverse() : levels) {
      if (rows.length >= need) break;
      rows.push(
        ...(await walk('start', low, to.getTime(), 60_000, { maxLevel: level }, need - rows.length, true)).rows,
      );
    }
    return ids(rows);
  };
}

/** Builds the rollup prototypes from today's minute buckets (once; --rebuild to redo). */
async function buildRollups(
  store: Store,
  pg: RealDb | null,
): Promise<Record<string, { docs: number; seconds: number }>> {
  const built: Record<string, { docs: number; seconds: number }> = {};
  const existing = new Set((await store.db.listCollections().toArray()).map((c) => c.name));
  const build = async (name: string, pipeline: Document[], indexes: Array<Record<string, 1>>): Promise<void> => {
    if (existing.has(name) && !flags.has('rebuild')) {
      built[name] = { docs: await store.db.collection(name).countDocuments({}), seconds: Number.NaN };
      return;
    }
    await store.db
      .collection(name)
      .drop()
      .catch(() => undefined);
    const started = performance.now();
    await store
      .volume()
      .aggregate([...pipeline, { $out: name }], { allowDiskUse: true })
      .toArray();
    for (const key of indexes) await store.db.collection(name).createIndex(key);
    built[name] = {
      docs: await store.db.collection(name).countDocuments({}),
      seconds: (performance.now() - started) / 1000,
    };
  };
  const minute10 = { $dateTrunc: { date: '$minute', unit: 'minute', binSize: 10 } };
  await build(
    'bench_volume_level',
    [
      { $group: { _id: { minute: '$minute', level: '$level' }, count: { $sum: '$count' } } },
      { $project: { _id: 0, minute: '$_id.minute', level: '$_id.level', count: 1 } },
    ],
    [{ minute: 1 }],
  );
  await build(
    'bench_volume_service',
    [
      { $group: { _id: { minute: '$minute', service: '$service', level: '$level' }, count: { $sum: '$count' } } },
      { $project: { _id: 0, minute: '$_id.minute', service: '$_id.service', level: '$_id.level', count: 1 } },
    ],
    [{ minute: 1 }, { service: 1, minute: 1 }],
  );
  await build(
    'bench_volume_10m_level',
    [
      { $group: { _id: { minute: minute10, level: '$level' }, count: { $sum: '$count' } } },
      { $project: { _id: 0, minute: '$_id.minute', level: '$_id.level', count: 1 } },
    ],
    [{ minute: 1 }],
  );
  await build(
    'bench_volume_10m_host',
    [
      {
        $group: {
          _id: { minute: minute10, host: '$host', service: '$service', level: '$level' },
          count: { $sum: '$count' },
        },
      },
      {
        $project: {
          _id: 0,
          minute: '$_id.minute',
          host: '$_id.host',
          service: '$_id.service',
          level: '$_id.level',
          count: 1,
        },
      },
    ],
    [{ minute: 1 }, { host: 1, minute: 1 }],
  );
  await build(
    'bench_values',
    [
      { $group: { _id: '$host', first: { $min: '$minute' }, last: { $max: '$minute' } } },
      { $project: { _id: 0, field: 'host', value: '$_id', first: 1, last: 1 } },
    ],
    [{ field: 1, last: 1 }],
  );
  if (pg) analyze(pg);
  return built;
}

function volumeFrom(store: Store, collection: string, from: Date, to: Date, minLevel: number, extra: Document = {}) {
  return async () => {
    const rows = await store.db
      .collection(collection)
      .aggregate([
        { $match: { ...extra, minute: { $gte: from, $lte: to }, level: { $gte: minLevel } } },
        { $group: { _id: { minute: '$minute', level: '$level' }, count: { $sum: '$count' } } },
      ])
      .toArray();
    return rows.reduce((sum, row) => sum + (row.count as number), 0);
  };
}

async function main(): Promise<void> {
  const database = flags.text('db');
  const { store, pg, state, span } = await openSeeded(database);
  const end = span.to;
  const ago = (hours: number): Date => new Date(Math.max(span.from.getTime(), end.getTime() - hours * HOUR));
  const engine = await engineName(store.db, pg);
  console.error(`${engine}; ${database}: ${formatCount(state.logs)} logs; ${machine()}`);
  const maxDuration = await longestDuration(store);
  const maxCount = (await store.requests().find({}).sort({ count: -1, _id: -1 }).limit(1).toArray())[0]?.count ?? 1;
  const rollups = await buildRollups(store, pg);

  const experiments: Experiment[] = [];
  // Logs: the pages the dashboards ask for, and a deep cursor page.
  for (const [label, hours, minLevel, limit, extra] of [
    ['INFO+, 1 h, 1000 desc', 1, 20, 1000, {}],
    ['INFO+, 7 d, 1000 desc', 168, 20, 1000, {}],
    ['WARNING+, 1 h, 500 desc', 1, 30, 500, {}],
    ['ERROR+, 7 d, 500 desc', 168, 40, 500, {}],
    ['host, 7 d, 1000 desc', 168, 20, 1000, { host: 'compute-042' }],
    ['service nova-api, 24 h, 1000 desc', 24, 20, 1000, { service: 'nova-api' }],
  ] as const) {
    const from = ago(hours);
    const filter = { ...extra, ts: { $gte: from, $lte: end }, level: { $gte: minLevel } };
    const counter = { queries: 0 };
    experiments.push({
      group: 'logs',
      name: `logs ${label}`,
      current: logsCurrent(store, filter, -1, limit + 1),
      proposed: logsSliced(
        store,
        { ...extra, level: { $gte: minLevel } },
        { from: from.getTime(), to: end.getTime() },
        -1,
        limit + 1,
        undefined,
        counter,
      ),
      note: 'slices',
    });
  }
  {
    const from = span.from;
    const middle = new Date((span.from.getTime() + end.getTime()) / 2);
    const anchor = await store
      .logs()
      .find({ ts: { $lte: middle, $gte: new Date(middle.getTime() - HOUR) }, level: { $gte: 20 } })
      .sort({ ts: -1, _id: -1 })
      .limit(1)
      .toArray();
    const after = { ts: anchor[0]?.ts as Date, id: anchor[0]?._id as string };
    const filter = {
      level: { $gte: 20 },
      ts: { $gte: from, $lte: after.ts },
      $or: [{ ts: { $lt: after.ts } }, { ts: after.ts, _id: { $lt: after.id } }],
    };
    experiments.push({
      group: 'logs',
      name: 'logs INFO+, whole range, 1000 desc, cursor page mid-range',
      current: logsCurrent(store, filter, -1, 1001),
      proposed: logsSliced(
        store,
        { level: { $gte: 20 } },
        { from: from.getTime(), to: end.getTime() },
        -1,
        1001,
        after,
      ),
    });
  }

  // Requests: the seek alone, then each sort with and without it, against slices.
  experiments.push({
    group: 'requests',
    name: 'longest request duration (seek before every request list)',
    current: () => longestDuration(store),
    proposed: async () => maxDuration,
    note: 'proposed: a stored value ($max at ingest)',
  });
  for (const [sort, order, hours] of [
    ['start', -1, 1],
    ['start', 1, 1],
    ['start', -1, 24],
    ['start', -1, 168],
    ['end', -1, 24],
    ['duration', -1, 24],
    ['count', -1, 24],
    ['maxLevel', -1, 24],
  ] as const) {
    const from = ago(hours);
    const need = (sort === 'start' && order === 1 ? 1000 : 500) + 1;
    experiments.push({
      group: 'requests',
      name: `requests ${sort} ${order === 1 ? 'asc' : 'desc'}, ${hours === 168 ? '7 d' : `${hours} h`}, ${need - 1} (today, without the seek)`,
      current: requestsCurrent(store, from, end, sort, order, need, true, maxDuration),
      proposed: requestsCurrent(store, from, end, sort, order, need, false, maxDuration),
      note: 'proposed = same query, longest duration stored',
    });
    experiments.push({
      group: 'requests',
      name: `requests ${sort} ${order === 1 ? 'asc' : 'desc'}, ${hours === 168 ? '7 d' : `${hours} h`}, ${need - 1} (slices)`,
      current: requestsCurrent(store, from, end, sort, order, need, true, maxDuration),
      proposed: requestsSliced(store, from, end, sort, order, need, maxDuration, maxCount),
    });
  }

  // Totals of a first page (INFO+): capped counts, and the (minute, level) rollup.
  for (const hours of [1, 24, 168]) {
    const from = ago(hours);
    const filter = { ts: { $gte: from, $lte: end }, level: { $gte: 20 } } as Filter<StoredLog>;
    const label = hours === 168 ? '7 d' : `${hours} h`;
    for (const cap of [1_000, 100])
      experiments.push({
        group: 'totals',
        name: `total INFO+ ${label}: count capped at ${formatCount(TOTAL_CAP)} vs ${formatCount(cap)}`,
        current: () => store.logs().countDocuments(filter, { limit: TOTAL_CAP + 1 }),
        proposed: () => store.logs().countDocuments(filter, { limit: cap + 1 }),
        same: () => true,
      });
    experiments.push({
      group: 'totals',
      name: `total INFO+ ${label}: capped count vs sum of (minute, level) rollup (exact, whole minutes)`,
      current: () => store.logs().countDocuments(filter, { limit: TOTAL_CAP + 1 }),
      proposed: volumeFrom(store, 'bench_volume_level', from, end, 20),
      same: () => true,
    });
  }

  // Volume: today's buckets against rollups without the host dimension.
  for (const [hours, collection] of [
    [1, 'bench_volume_level'],
    [24, 'bench_volume_level'],
    [168, 'bench_volume_10m_level'],
  ] as const) {
    const from = new Date(Math.floor(ago(hours).getTime() / 600_000) * 600_000);
    experiments.push({
      group: 'volume',
      name: `volume INFO+ ${hours === 168 ? '7 d' : `${hours} h`}: minute×service×host×level vs ${collection.replace('bench_', '')}`,
      current: volumeFrom(store, 'volume', from, end, 20),
      proposed: volumeFrom(store, collection, from, end, 20),
    });
  }
  {
    const from = new Date(Math.floor(ago(24).getTime() / 600_000) * 600_000);
    experiments.push({
      group: 'volume',
      name: 'volume INFO+ 24 h, service nova-api: minute buckets vs volume_service',
      current: volumeFrom(store, 'volume', from, end, 20, { service: 'nova-api' }),
      proposed: volumeFrom(store, 'bench_volume_service', from, end, 20, { service: 'nova-api' }),
    });
    experiments.push({
      group: 'volume',
      name: 'volume INFO+ 7 d, host: minute buckets vs 10-minute host buckets',
      current: volumeFrom(store, 'volume', new Date(Math.floor(ago(168).getTime() / 600_000) * 600_000), end, 20, {
        host: 'compute-042',
      }),
      proposed: volumeFrom(
        store,
        'bench_volume_10m_host',
        new Date(Math.floor(ago(168).getTime() / 600_000) * 600_000),
        end,
        20,
        { host: 'compute-042' },
      ),
    });
  }

  // Values for dashboard variables.
  for (const hours of [1, 24, 168]) {
    const from = ago(hours);
    experiments.push({
      group: 'values',
      name: `values host ${hours === 168 ? '7 d' : `${hours} h`}: distinct over minute buckets vs values collection`,
      current: async () =>
        (
          (await store.volume().distinct('host', {
            minute: { $gte: new Date(Math.floor(from.getTime() / 60000) * 60000), $lte: end },
          })) as string[]
        )
          .filter(Boolean)
          .sort(),
      proposed: async () =>
        (
          await store.db
            .collection('bench_values')
            .find({
              field: 'host',
              last: { $gte: new Date(Math.floor(from.getTime() / 60000) * 60000) },
              first: { $lte: end },
            })
            .toArray()
        )
          .map((d) => d.value as string)
          .filter(Boolean)
          .sort(),
    });
  }

  const only = flags.text('only') ? new RegExp(flags.text('only')) : null;
  const selected = experiments.filter((e) => !only || only.test(e.group) || only.test(e.name));
  const results = [];
  for (const e of selected) {
    const a = await e.current();
    const b = await e.proposed();
    const same = e.same ? e.same(a, b) : JSON.stringify(a) === JSON.stringify(b);
    const current: number[] = [];
    const proposed: number[] = [];
    for (let i = 0; i < flags.number('runs'); i += 1) {
      let t = performance.now();
      await e.current();
      current.push(performance.now() - t);
      t = performance.now();
      await e.proposed();
      proposed.push(performance.now() - t);
    }
    const row = {
      ...e,
      same,
      current: summarize(current),
      proposed: summarize(proposed),
      reads: null as null | { current: ScanCounters; proposed: ScanCounters },
    };
    results.push(row);
    console.error(
      `${e.name}: ${row.current.p50.toFixed(1)} → ${row.proposed.p50.toFixed(1)} ms${same ? '' : ' (DIFFERENT ROWS)'}`,
    );
  }

  // What each side read, measured back to back once every timing is done (see ScanMeter).
  if (pg && !flags.has('no-examined')) {
    const meter = new ScanMeter(pg, database);
    for (const [i, e] of selected.entries()) {
      const row = results[i];
      if (row) row.reads = { current: await meter.measure(e.current), proposed: await meter.measure(e.proposed) };
    }
  }

  console.log(
    `\n${engine}; ${database}: ${formatCount(state.logs)} logs (${span.from.toISOString()} – ${end.toISOString()}); ${flags.number('runs')} calls per side; ${machine()}\n`,
  );
  console.log(
    '| experiment | today p50 ms | today p95 ms | prototype p50 ms | prototype p95 ms | speed-up (p50) | today docs / index entries | prototype docs / index entries | same answer |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of results) {
    const reads = (side: 'current' | 'proposed'): string =>
      r.reads ? `${formatCount(r.reads[side].documents)} / ${formatCount(r.reads[side].indexEntries)}` : '—';
    console.log(
      `| ${r.name} | ${r.current.p50.toFixed(1)} | ${r.current.p95.toFixed(1)} | ${r.proposed.p50.toFixed(1)} | ${r.proposed.p95.toFixed(1)} | ${(r.current.p50 / r.proposed.p50).toFixed(1)}× | ${reads('current')} | ${reads('proposed')} | ${r.same ? 'yes' : 'NO'} |`,
    );
  }
  const hours = state.hours;
  console.log(
    `\nRollup prototypes (documents; per hour of traffic; build seconds): ${Object.entries(rollups)
      .map(
        ([name, r]) =>
          `${name} ${formatCount(r.docs)} (${formatCount(r.docs / hours)}/h; ${Number.isNaN(r.seconds) ? 'reused' : `${r.seconds.toFixed(0)} s`})`,
      )
      .join('; ')}`,
  );
  console.log(
    `today's volume buckets: ${formatCount(await store.volume().countDocuments({}))} (${formatCount((await store.volume().countDocuments({})) / hours)}/h); requests: ${formatCount(await store.requests().countDocuments({}))}, of which without a user: ${formatCount(await store.requests().countDocuments({ userId: null }))}`,
  );
  saveRun(`page-strategies-${database}`, { engine, state, machine: machine(), rollups, results });
  await store.close();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
