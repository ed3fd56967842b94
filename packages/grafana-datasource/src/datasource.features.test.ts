// Annotations, log context, logs volume, variables and testDatasource.
import {
  hasQueryModificationSupport,
  hasToggleableQueryFiltersSupport,
  LogRowContextQueryDirection,
  SupplementaryQueryType,
  createDataFrame,
  FieldType,
  type DataFrame,
  type DataQueryResponse,
  type LogRowModel,
} from '@grafana/data';
import { lastValueFrom } from 'rxjs';
import {
  dataRequest,
  FROM,
  instanceSettings,
  list,
  log,
  PROXY_URL,
  TEST_VARIABLES,
  TO,
} from '../test/support/fixtures';
import { installBackend, paramsOf, type FakeBackend } from '../test/support/grafana-services';
import { installDashboardVariables } from '../test/support/scene-templates';
import { LogcasDataSource } from './datasource';
import type { LogcasQuery } from './types';

const API = `${PROXY_URL}/api/api/v1`;

let backend: FakeBackend;
let ds: LogcasDataSource;

beforeAll(async () => {
  await installDashboardVariables(TEST_VARIABLES);
});

beforeEach(() => {
  backend = installBackend(() => ({ data: list([]) }));
  ds = new LogcasDataSource(instanceSettings());
});

const run = (targets: LogcasQuery[], extra = {}): Promise<DataQueryResponse> =>
  lastValueFrom(ds.query(dataRequest(targets, extra)));

describe('annotations', () => {
  test('prepareQuery turns any editor query into a WARNING+ annotations query', () => {
    const prepared = ds.annotations?.prepareQuery?.({
      name: 'errors',
      enable: true,
      iconColor: 'red',
      target: { refId: 'A', queryType: 'logs', host: '$host' },
    } as never);
    expect(prepared).toMatchObject({ queryType: 'annotations', host: '$host', refId: 'A' });
  });

  test('annotation queries fetch logs at WARNING or above and return events', async () => {
    backend.respond(() => ({ data: list([log({ level: 40, levelName: 'ERROR', message: 'boom' })]) }));
    const low = await run([{ refId: 'Anno', queryType: 'annotations', minLevel: 'INFO', host: '$host' }]);
    expect(paramsOf(backend.requests[0])).toMatchObject({
      minLevel: 30,
      host: ['compute-1'],
      from: FROM,
      to: TO,
      order: 'asc',
    });
    await run([{ refId: 'Anno', queryType: 'annotations', minLevel: 'ERROR' }]);
    expect(paramsOf(backend.requests[1]).minLevel).toBe(40);
    const fields = low.data[0].fields.map((f: { name: string }) => f.name);
    expect(fields).toEqual(expect.arrayContaining(['time', 'title', 'text', 'tags']));
  });
});

describe('log context', () => {
  const row = (): LogRowModel => {
    const frame = createDataFrame({
      fields: [
        { name: 'timestamp', type: FieldType.time, values: [Date.parse('2026-11-24T10:41:03.123Z')] },
        { name: 'id', type: FieldType.string, values: ['self'] },
      ],
    });
    return { rowIndex: 0, dataFrame: frame, timeEpochMs: Date.parse('2026-11-24T10:41:03.123Z') } as LogRowModel;
  };

  test('backward context: the span before the row, newest first, without the row itself', async () => {
    backend.respond(() => ({ data: list([log({ id: 'self' }), log({ id: 'before' })]) }));
    const at = Date.parse('2026-11-24T10:41:03.123Z');
    const response = await ds.getLogRowContext(
      row(),
      { direction: LogRowContextQueryDirection.Backward, limit: 20 },
      {
        refId: 'A',
        collection: 'archive',
        host: 'compute-1',
      },
    );
    expect(backend.requests[0]!.url).toBe(`${API}/logs`);
    // The range window: every service and host, so the row's own host filter is not applied.
    expect(paramsOf(backend.requests[0])).toEqual({
      collection: 'archive',
      from: at - 60000,
      to: at,
      order: 'desc',
      limit: 20,
    });
    expect(response.data[0].fields.find((f: { name: string }) => f.name === 'id').values).toEqual(['before']);
  });

  test('forward context: the span after the row, oldest first', async () => {
    const at = Date.parse('2026-11-24T10:41:03.123Z');
    await ds.getLogRowContext(row(), { direction: LogRowContextQueryDirection.Forward });
    expect(paramsOf(backend.requests[0])).toMatchObject({ from: at, to: at + 60000, order: 'asc', limit: 50 });
  });

  test('the context query opens the range window around the row, with variables replaced', async () => {
    const query = await ds.getLogRowContextQuery(row(), undefined, {
      refId: 'A',
      collection: '$collection',
      minLevel: '$level',
      host: '$host',
    });
    expect(query).toEqual({
      refId: 'context-A',
      queryType: 'logs',
      around: '2026-11-24T10:41:03.123Z',
      span: 60,
      order: 'asc',
      limit: 1000,
      collection: 'archive',
      minLevel: 'WARNING',
    });
  });

  test('the context rows come from the collection and level the query names through variables', async () => {
    await ds.getLogRowContext(
      row(),
      { direction: LogRowContextQueryDirection.Forward },
      { refId: 'A', collection: '$collection', minLevel: '$level' },
    );
    expect(paramsOf(backend.requests[0])).toMatchObject({ collection: 'archive', minLevel: 'WARNING' });
  });

  test('the span follows the datasource setting', async () => {
    const wide = new LogcasDataSource(instanceSettings({ apiUrl: 'http://logcas:8080', contextSpan: 300 }));
    const at = Date.parse('2026-11-24T10:41:03.123Z');
    await wide.getLogRowContext(row(), { direction: LogRowContextQueryDirection.Backward });
    expect(paramsOf(backend.requests[0])).toMatchObject({ from: at - 300000 });
  });
});

describe('logs volume (supplementary query)', () => {
  test('is supported for logs and request detail queries only', () => {
    expect(ds.getSupportedSupplementaryQueryTypes()).toEqual([SupplementaryQueryType.LogsVolume]);
    const volume = ds.getSupplementaryQuery(
      { type: SupplementaryQueryType.LogsVolume },
      { refId: 'A', queryType: 'logs', host: '$host', limit: 10 },
    );
    expect(volume).toEqual({ refId: 'log-volume-A', queryType: 'volume', host: '$host', grafanaLevels: true });
    expect(
      ds.getSupplementaryQuery({ type: SupplementaryQueryType.LogsVolume }, { refId: 'B', queryType: 'requests' }),
    ).toBeUndefined();
    expect(ds.getSupplementaryQuery({ type: SupplementaryQueryType.LogsSample }, { refId: 'A' })).toBeUndefined();
  });

  test('the supplementary request runs as volume queries against /volume', async () => {
    const request = ds.getSupplementaryRequest(
      SupplementaryQueryType.LogsVolume,
      dataRequest([
        { refId: 'A', queryType: 'logs', service: '$service' },
        { refId: 'B', queryType: 'requests' },
      ]),
    );
    expect(request?.targets).toEqual([
      { refId: 'log-volume-A', queryType: 'volume', service: '$service', grafanaLevels: true },
    ]);
    backend.respond(() => ({
      data: {
        from: '',
        to: '',
        step: 60,
        levels: ['INFO', 'AUDIT', 'ERROR'],
        buckets: [{ ts: '2026-11-24T10:00:00.000Z', counts: { INFO: 2, AUDIT: 1, ERROR: 4 } }],
      },
    }));
    const response = await lastValueFrom(ds.query(request!));
    expect(backend.requests[0]!.url).toBe(`${API}/volume`);
    expect(paramsOf(backend.requests[0])).toMatchObject({ service: ['nova-compute'], step: 60 });
    // Grafana's levels: AUDIT counts as info, and each frame's value carries the level label.
    expect(response.data.map((f: DataFrame) => [f.name, f.fields[1]!.labels, f.fields[1]!.values])).toEqual([
      ['info', { level: 'info' }, [3]],
      ['error', { level: 'error' }, [4]],
    ]);
  });
});

describe('variables', () => {
  test('metricFindQuery reads /values/:field in the range', async () => {
    backend.respond(() => ({ data: { field: 'host', values: ['compute-1', 'compute-2'] } }));
    const values = await ds.metricFindQuery('values(host, archive)', { range: dataRequest([]).range });
    expect(backend.requests[0]!.url).toBe(`${API}/values/host`);
    expect(paramsOf(backend.requests[0])).toEqual({ collection: 'archive', from: FROM, to: TO });
    expect(values).toEqual([
      { text: 'compute-1', value: 'compute-1' },
      { text: 'compute-2', value: 'compute-2' },
    ]);
  });

  test('an unknown variable field is a clear error', async () => {
    await expect(ds.metricFindQuery('values(flavor)')).rejects.toThrow('Unknown variable query "values(flavor)"');
  });

  const variableQuery = (target: unknown): Promise<DataQueryResponse> => {
    const support = ds.variables as unknown as { query: (r: unknown) => import('rxjs').Observable<DataQueryResponse> };
    return lastValueFrom(support.query(dataRequest([target as never])));
  };

  test('custom variable support returns the values as a text frame', async () => {
    backend.respond(() => ({ data: { field: 'level', values: ['INFO', 'ERROR'] } }));
    const response = await variableQuery({ refId: 'V', field: 'level' });
    expect(backend.requests[0]!.url).toBe(`${API}/values/level`);
    expect(response.data[0].fields[0]).toMatchObject({ name: 'text', values: ['INFO', 'ERROR'] });
  });

  test.each([
    ['a variable whose editor was never touched asks for the default the editor shows', { refId: 'V' }, 'host', 'live'],
    ['the documented text form, as a string', 'values(service, archive)', 'service', 'archive'],
    ['the text form kept in `query`', { refId: 'V', query: 'values(user)' }, 'user', 'live'],
  ])('%s', async (_name, target, field, collection) => {
    backend.respond(() => ({ data: { field, values: ['x'] } }));
    await variableQuery(target);
    expect(backend.requests.map((r) => r.url)).toEqual([`${API}/values/${field}`]);
    expect(paramsOf(backend.requests[0]).collection).toBe(collection);
  });

  test('an empty text query is a clear error, not silently no values', async () => {
    await expect(variableQuery('  ')).rejects.toThrow('The variable query is empty');
    expect(backend.requests).toHaveLength(0);
  });
});

describe('Explore: Log details filters, ad hoc filters, query history', () => {
  test('Grafana finds filter-for/filter-out and toggle support on the datasource', () => {
    expect(hasQueryModificationSupport(ds)).toBe(true);
    expect(hasToggleableQueryFiltersSupport(ds)).toBe(true);
    expect(ds.getSupportedQueryModifications()).toContain('ADD_FILTER_OUT');
    const filtered = ds.toggleQueryFilter({ refId: 'A' }, { type: 'FILTER_OUT', options: { key: 'host', value: 'h' } });
    expect(ds.queryHasFilter(filtered, { key: 'host', value: 'h', type: 'FILTER_OUT' })).toBe(true);
  });

  test('ad hoc filter keys are the filterable labels, their values come from /values in the range', async () => {
    expect((await ds.getTagKeys()).map((k) => k.text)).toEqual(['host', 'service', 'level', 'project', 'user']);
    backend.respond(() => ({ data: { field: 'service', values: ['nova-api', 'nova-compute'] } }));
    const values = await ds.getTagValues({ key: 'service', filters: [], timeRange: dataRequest([]).range });
    expect(backend.requests[0]!.url).toBe(`${API}/values/service`);
    expect(paramsOf(backend.requests[0])).toEqual({ collection: 'live', from: FROM, to: TO });
    expect(values.map((v) => v.text)).toEqual(['nova-api', 'nova-compute']);
  });

  test('query history shows a readable line', () => {
    expect(ds.getQueryDisplayText({ refId: 'A', host: 'compute-1' })).toBe('Logs host=compute-1');
  });
});

describe('testDatasource', () => {
  const healthy = { status: 'ok', database: 'up', version: '0.1.0' };

  test('success when /health is ok and the token is accepted', async () => {
    backend.respond((request) => (request.url.endsWith('/health') ? { data: healthy } : { data: list([]) }));
    const result = await ds.testDatasource();
    expect(result.status).toBe('success');
    expect(result.message).toContain('LogCAS API 0.1.0 at http://logcas:8080 is reachable');
    expect(backend.requests.map((r) => r.url)).toEqual([`${API}/health`, `${API}/logs`]);
  });

  test.each([
    [401, { error: { code: 'UNAUTHORIZED', message: 'missing or wrong bearer token' } }, 'rejected the token (401)'],
    [503, { error: { code: 'UNAVAILABLE', message: 'database unreachable' } }, 'database is down (503)'],
    [502, { message: 'Bad Gateway' }, 'Could not reach the LogCAS API at http://logcas:8080'],
    [404, { message: 'Not found' }, 'without /api/v1'],
  ])('HTTP %s is explained', async (status, data, expected) => {
    backend.respond((request) =>
      status === 401 && request.url.endsWith('/health') ? { data: healthy } : { status, data },
    );
    const result = await ds.testDatasource();
    expect(result.status).toBe('error');
    expect(result.message).toContain(expected);
  });

  test('a degraded health answer reports the database state', async () => {
    backend.respond(() => ({ data: { status: 'degraded', database: 'down', version: '0.1.0' } }));
    expect(await ds.testDatasource()).toEqual({
      status: 'error',
      message: 'The LogCAS API at http://logcas:8080 answers, but its database is down.',
    });
  });

  test('a missing API URL is reported without any request', async () => {
    const unset = new LogcasDataSource(instanceSettings({}));
    expect((await unset.testDatasource()).message).toContain('Set the API URL');
    expect(backend.requests).toHaveLength(0);
  });
});

test('default query starts in the configured collection', () => {
  const archive = new LogcasDataSource(instanceSettings({ apiUrl: 'http://x', defaultCollection: 'archive' }));
  expect(archive.getDefaultQuery('explore' as never)).toMatchObject({ queryType: 'logs', collection: 'archive' });
});
