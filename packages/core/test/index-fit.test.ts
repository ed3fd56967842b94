/**
 * Every query shape the engine issues, produced by the same pure builders the queries use, must have a fitting
 * index in INDEXES by the Equality-Sort-Range rule. No database: builders and declarations only.
 */
import type { LogsParams, RequestSort, RequestsParams, TailParams, ValuesField } from '@logcas/contract';
import { indexFits, fittingIndexes } from '../src/store/index-fit';
import { encodeCursor } from '../src/query/cursor';
import { buildLogFind, readLogCursor, readLogQuery } from '../src/query/log-query';
import type { QueryShape } from '../src/store/find';
import { buildDetailLogsFind, buildRelatedFind } from '../src/query/request-detail-query';
import { buildRequestFind, readRequestCursor, readRequestQuery } from '../src/query/request-query';
import { buildTailFind, encodeTailCursor, readTailQuery } from '../src/query/tail-query';
import { buildValuesPlan } from '../src/query/values';
import { buildVolumePlan } from '../src/query/volume-query';
import type { DataSet } from '../src/store/collections';
import { longerThanPlan } from '../src/store/requests';
import { INDEXES, type IndexDeclaration } from '../src/store/indexes';
import {
  buildErrorBucketPlan,
  buildErrorRecordsFind,
  buildPairsFind,
  readErrorDetailQuery,
  readErrorListQuery,
} from '../src/query/error-query';
import { buildResourceFind, readResourceCursor, readResourceListQuery } from '../src/query/resource-query';
import { viewCollection } from '../src/store/collections';
import { RESOURCE_SORTS, type ErrorsParams, type ResourcesParams } from '@logcas/contract';

/** Any key: these tests check query shapes, not signatures. */
const KEY = Buffer.alloc(32, 7);

const SETS: DataSet[] = ['live', 'archive'];
const FROM = '2026-11-24T10:00:00Z';
const TO = '2026-11-24T11:00:00Z';

function logShapes(): Array<[string, QueryShape]> {
  const filters: Array<Partial<LogsParams>> = [
    {},
    { host: 'compute-1' },
    { service: 'nova-api' },
    { requestId: 'req-6f0b1c1e-3a61-4d39-9a1f-0a3d2b1f4c55' },
    { globalRequestId: 'req-6f0b1c1e-3a61-4d39-9a1f-0a3d2b1f4c55' },
    { instance: '8d1c2f10-5a0e-4b8e-9d7c-2f4e6a1b3c5d' },
    { project: 'p1' },
    { user: 'u1' },
    { host: 'compute-1', service: 'nova-compute', user: 'u1' },
    { q: 'timed out' },
    // Lists (any of, $in) and exclusions ($nin, checked on the rows the index found).
    { host: ['compute-1', 'compute-2'] },
    { service: ['nova-api', 'nova-compute'], project: ['p1', 'p2'] },
    { user: ['u1', 'u2'], level: ['ERROR', 'CRITICAL'] },
    { level: ['WARNING'] },
    { excludeHost: ['compute-3'], excludeService: 'nova-api' },
    { host: ['compute-1', 'compute-2'], excludeHost: 'compute-2', excludeLevel: ['DEBUG'] },
    { excludeProject: 'p1', excludeUser: 'u1', excludeInstance: 'i-1' },
  ];
  const times: Array<Partial<LogsParams>> = [
    {},
    { from: FROM },
    { to: TO },
    { from: FROM, to: TO },
    { around: FROM, span: 10 },
  ];
  const out: Array<[string, QueryShape]> = [];
  for (const collection of ['live', 'archive'] as const)
    for (const order of ['asc', 'desc'] as const)
      for (const filter of filters)
        for (const time of times)
          for (const minLevel of [undefined, 'TRACE', 'error'])
            for (const paging of ['page', 'cursor'] as const) {
              const params: LogsParams = { collection, order, ...filter, ...time, ...(minLevel ? { minLevel } : {}) };
              if (paging === 'cursor') {
                params.cursor = encodeCursor(
                  { sort: `ts:${order}`, keys: [Date.parse(FROM), 'abc'], page: 1, total: 5, totalExact: true },
                  KEY,
                );
              }
              const query = readLogQuery(params);
              out.push([`logs ${JSON.stringify(params)}`, buildLogFind(query, readLogCursor(query, KEY)).shape]);
              const volume = buildVolumePlan({ ...params, cursor: undefined, order: undefined } as never, new Date(TO));
              out.push([`volume ${JSON.stringify(params)}`, volume.shape]);
            }
  for (const step of [1, 60, 300])
    out.push([`volume step ${step}`, buildVolumePlan({ from: FROM, to: TO, step, host: 'compute-1' }).shape]);
  return out;
}

function requestShapes(): Array<[string, QueryShape]> {
  const sorts: RequestSort[] = ['start', 'end', 'duration', 'count', 'maxLevel'];
  const filters: Array<Partial<RequestsParams>> = [
    {},
    { host: 'compute-1' },
    { service: 'nova-api' },
    { project: 'p1' },
    { user: 'u1' },
    { userOnly: false },
    { minLevel: 'WARNING' },
    { host: 'compute-1', user: 'u1', minLevel: 'ERROR' },
    { host: ['compute-1', 'compute-2'] },
    { service: ['nova-api', 'nova-compute'], project: ['p1', 'p2'], user: ['u1', 'u2'] },
  ];
  const times: Array<Partial<RequestsParams>> = [{}, { from: FROM }, { to: TO }, { from: FROM, to: TO }];
  const out: Array<[string, QueryShape]> = [];
  for (const collection of ['live', 'archive'] as const)
    for (const sort of sorts)
      for (const order of ['asc', 'desc'] as const)
        for (const filter of filters)
          for (const time of times)
            for (const paging of ['page', 'cursor'] as const) {
              const params: RequestsParams = { collection, sort, order, ...filter, ...time };
              if (paging === 'cursor') {
                const keys = sort === 'maxLevel' ? [30, Date.parse(FROM), 'req-x'] : [Date.parse(FROM), 'req-x'];
                params.cursor = encodeCursor(
                  { sort: `${sort}:${order}`, keys, page: 1, total: 5, totalExact: true },
                  KEY,
                );
              }
              const query = readRequestQuery(params);
              out.push([
                `requests ${JSON.stringify(params)}`,
                buildRequestFind(query, 60_000, readRequestCursor(query, KEY)).shape,
              ]);
            }
  for (const set of SETS) {
    for (const requestIds of [['req-a'], ['req-a', 'req-b', 'req-c']])
      for (const host of [undefined, ['compute-1'], ['compute-1', 'compute-2']])
        for (const minLevel of [undefined, 30]) {
          const plan = buildDetailLogsFind({ set, requestIds, host, minLevel, limit: 5001 });
          out.push([`detail logs ${set} ${requestIds} ${host} ${minLevel}`, plan.shape]);
        }
    out.push([`related ${set}`, buildRelatedFind(set, { _id: 'req-a', globalRequestId: 'req-b' }).shape]);
    out.push([`longest request ${set} (probe: any as long as 2^20 ms?)`, longerThanPlan(set, 2 ** 20).shape]);
    for (const field of ['host', 'service', 'project', 'user', 'level'] as ValuesField[]) {
      out.push([
        `values ${field} ${set}`,
        buildValuesPlan(field, { from: FROM, to: TO, collection: set }, 60_000).shape,
      ]);
    }
  }
  return out;
}

function viewShapes(): Array<[string, QueryShape]> {
  const out: Array<[string, QueryShape]> = [];
  const filters: Array<Partial<ErrorsParams>> = [
    {},
    { host: 'cmp-04' },
    { service: 'nova-compute' },
    { minLevel: 'ERROR' },
  ];
  const times: Array<Partial<ErrorsParams>> = [{}, { from: FROM }, { to: TO }, { from: FROM, to: TO }];
  for (const collection of SETS)
    for (const filter of filters)
      for (const time of times) {
        const query = readErrorListQuery({ collection, ...filter, ...time });
        out.push([
          `error buckets ${JSON.stringify({ collection, ...filter, ...time })}`,
          buildErrorBucketPlan(query).shape,
        ]);
        out.push([
          `error sparkline ${JSON.stringify({ collection, ...filter, ...time })}`,
          buildErrorBucketPlan(query, ['a', 'b']).shape,
        ]);
        const detail = readErrorDetailQuery({ collection, ...time });
        out.push([
          `error records ${collection} ${JSON.stringify(time)}`,
          buildErrorRecordsFind('0123456789abcdef', detail).shape,
        ]);
        for (const view of ['errorRequests', 'resourceRequests'] as const)
          for (const direction of [1, -1] as const)
            out.push([
              `request pairs ${view} ${collection} ${direction} ${JSON.stringify(time)}`,
              buildPairsFind(viewCollection(collection, view), 'k', direction, 10, detail).shape,
            ]);
      }
  for (const collection of SETS)
    for (const sort of RESOURCE_SORTS)
      for (const order of ['asc', 'desc'] as const)
        for (const kind of [undefined, 'volume'] as const)
          for (const time of times)
            for (const paging of ['page', 'cursor'] as const) {
              const params: ResourcesParams = { collection, sort, order, ...(kind ? { kind } : {}), ...time };
              if (paging === 'cursor') {
                const keys = sort === 'failures' ? [40, 2, Date.parse(FROM), 'x'] : [Date.parse(FROM), 'x'];
                params.cursor = encodeCursor(
                  { sort: `${sort}:${order}`, keys, page: 1, total: 5, totalExact: true },
                  KEY,
                );
              }
              const query = readResourceListQuery(params);
              out.push([
                `resources ${JSON.stringify(params)}`,
                buildResourceFind(query, readResourceCursor(query, KEY)).shape,
              ]);
            }
  return out;
}

function tailShapes(): Array<[string, QueryShape]> {
  const now = new Date(TO);
  const filters: TailParams[] = [
    {},
    { host: ['compute-1', 'compute-2'], minLevel: 'WARNING' },
    { requestId: 'req-6f0b1c1e-3a61-4d39-9a1f-0a3d2b1f4c55' },
    { service: 'nova-api', excludeHost: 'compute-3', level: ['ERROR'], q: 'fail' },
  ];
  return filters.flatMap((filter) =>
    [undefined, encodeTailCursor({ at: new Date(FROM), id: 'abc' }, KEY)].map((cursor): [string, QueryShape] => {
      const query = readTailQuery({ ...filter, cursor }, now, KEY);
      return [`tail ${JSON.stringify(filter)} ${cursor ?? ''}`, buildTailFind(query, now).shape];
    }),
  );
}

describe('index fit (Equality-Sort-Range)', () => {
  const shapes = [...logShapes(), ...requestShapes(), ...tailShapes(), ...viewShapes()];

  it('covers many query shapes', () => {
    expect(shapes.length).toBeGreaterThan(1000);
  });

  it.each([
    'logs',
    'volume',
    'requests',
    'detail logs',
    'related',
    'longest request',
    'values',
    'error buckets',
    'error sparkline',
    'error records',
    'request pairs',
    'resources',
    'tail',
  ])('every %s shape has a fitting index', (family) => {
    const mine = shapes.filter(([name]) => name.startsWith(`${family} `));
    expect(mine.length).toBeGreaterThan(0);
    const unfit = mine.filter(([, shape]) => fittingIndexes(INDEXES, shape).length === 0);
    expect(unfit.map(([name, shape]) => `${name} → ${JSON.stringify(shape)}`)).toEqual([]);
    // An in-memory sort is only allowed where a bounded time range limits the scan.
    const unbounded = mine.filter(([, shape]) => shape.blockingSort && shape.range.length === 0);
    expect(unbounded.map(([name]) => name)).toEqual([]);
  });

  it('fails a query whose sort no index delivers', () => {
    const shape: QueryShape = {
      collection: 'logs',
      equality: [],
      sort: [
        ['message', 1],
        ['_id', 1],
      ],
      range: [],
      residual: [],
    };
    expect(fittingIndexes(INDEXES, shape)).toEqual([]);
  });

  it('fails when the index puts a range key before the sort keys (ESR order)', () => {
    const wrong: IndexDeclaration = { collection: 'logs', name: 'level_ts', key: { level: 1, ts: 1, _id: 1 } };
    const shape: QueryShape = {
      collection: 'logs',
      equality: [],
      sort: [
        ['ts', 1],
        ['_id', 1],
      ],
      range: ['level'],
      residual: [],
    };
    expect(indexFits(wrong, shape)).toBe(false);
  });

  it('fails mixed directions an index can not walk', () => {
    const index: IndexDeclaration = { collection: 'logs', name: 'ts_id', key: { ts: 1, _id: 1 } };
    expect(
      indexFits(index, {
        collection: 'logs',
        equality: [],
        sort: [
          ['ts', 1],
          ['_id', -1],
        ],
        range: [],
        residual: [],
      }),
    ).toBe(false);
    expect(
      indexFits(index, {
        collection: 'logs',
        equality: [],
        sort: [
          ['ts', -1],
          ['_id', -1],
        ],
        range: [],
        residual: [],
      }),
    ).toBe(true);
  });

  it('fails request lists sorted by end without the end_id index', () => {
    const without = INDEXES.filter((index) => index.name !== 'end_id');
    const query = readRequestQuery({ sort: 'end', from: FROM, to: TO });
    expect(fittingIndexes(without, buildRequestFind(query, 0, undefined).shape)).toEqual([]);
    expect(fittingIndexes(INDEXES, buildRequestFind(query, 0, undefined).shape).map((i) => i.name)).toEqual(['end_id']);
  });

  it('fails an in-memory sort that no range bounds', () => {
    const shape: QueryShape = {
      collection: 'requests',
      equality: [],
      sort: [],
      range: [],
      residual: ['durationMs'],
      blockingSort: true,
    };
    expect(fittingIndexes(INDEXES, shape)).toEqual([]);
  });
});
