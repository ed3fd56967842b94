// DataSource.query per query type: the request through the proxy, its parameters, variables, frames, errors.
import { DataFrameType, LoadingState, type DataQueryResponse } from '@grafana/data';
import { lastValueFrom } from 'rxjs';
import {
  dataRequest,
  FROM,
  instanceSettings,
  list,
  log,
  PROXY_URL,
  requestDetail,
  requestDetailWithRelated,
  summary,
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

const firstParams = async (query: Omit<LogcasQuery, 'refId'>, extra = {}): Promise<Record<string, unknown>> => {
  const response = await run([{ refId: 'A', ...query }], extra);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return paramsOf(backend.requests[0]);
};

describe('query: Logs', () => {
  test('GETs /logs through the data proxy with the dashboard range and interpolated filters', async () => {
    backend.respond(() => ({ data: list([log({ id: 'l1' })], { total: 1 }) }));
    const response = await run([
      {
        refId: 'A',
        queryType: 'logs',
        host: '$host',
        service: '${service}',
        minLevel: '$level',
        search: 'spawn',
        project: '$any',
        limit: 50,
        order: 'asc',
        collection: 'archive',
      },
    ]);
    expect(backend.requests).toHaveLength(1);
    expect(backend.requests[0]!.url).toBe(`${API}/logs`);
    expect(backend.requests[0]!.method).toBe('GET');
    expect(paramsOf(backend.requests[0])).toEqual({
      collection: 'archive',
      from: FROM,
      to: TO,
      minLevel: 'WARNING',
      host: ['compute-1'],
      service: ['nova-compute'],
      q: 'spawn',
      limit: 50,
      order: 'asc',
    });
    expect(response.state).toBe(LoadingState.Done);
    expect(response.data).toHaveLength(1);
    expect(response.data[0].meta).toMatchObject({ type: DataFrameType.LogLines, limit: 50, searchWords: ['spawn'] });
    expect(response.data[0].fields.find((f: { name: string }) => f.name === 'id').values).toEqual(['l1']);
  });

  test.each([
    ['one option', '$host', ['compute-1']],
    ['several options', '$hosts', ['compute-1', 'compute-2']],
    ['All without a custom all value: every option', '$everyHost', ['compute-1', 'compute-2', 'compute-3']],
    ['All with the custom all value *: no filter', '$any', undefined],
    ['an empty variable: no filter', '$nothing', undefined],
    [
      'a typed list mixing a variable and a value',
      ['$hosts', 'compute-3', 'compute-1'],
      ['compute-1', 'compute-2', 'compute-3'],
    ],
  ])('a list filter from %s', async (_state, host, expected) => {
    const params = await firstParams({ host });
    expect(params.host).toEqual(expected);
  });

  test('scoped variables (a repeated panel) win over dashboard variables', async () => {
    const params = await firstParams(
      { host: '$hosts', service: '$service' },
      { scopedVars: { service: { text: 'cinder-volume', value: 'cinder-volume' } } },
    );
    expect(params).toMatchObject({ host: ['compute-1', 'compute-2'], service: ['cinder-volume'] });
  });

  test('a range window (around + span) replaces the dashboard range; span may be a variable', async () => {
    const params = await firstParams({ queryType: 'logs', around: '1795516863123', span: '$span', limit: '$span' });
    expect(params).toMatchObject({ around: 1795516863123, span: 10, limit: 10 });
    expect(params).not.toHaveProperty('from');
    expect(params).not.toHaveProperty('to');
  });

  test.each([
    [{ span: '$word', around: '1795516863123' }, 'Span must be a whole number, but "$word" became "ten"'],
    [{ limit: 'many' }, 'Limit must be a whole number, but it is "many"'],
    [{ host: '$nope' }, 'Host uses a variable this view does not define: $nope'],
    [{ collection: '$nope' }, 'Collection uses a variable this view does not define: $nope'],
    [{ requestId: '$hosts' }, 'Request id takes one value, but "$hosts" has 2: compute-1, compute-2'],
    [{ collection: 'attic' }, 'Collection must be live or archive, not "attic"'],
  ] as Array<[Partial<LogcasQuery>, string]>)(
    '%j is a query error naming the field, sent nowhere',
    async (query, message) => {
      const response = await run([{ refId: 'A', queryType: 'logs', ...query }]);
      expect(backend.requests).toHaveLength(0);
      expect(response.state).toBe(LoadingState.Error);
      expect(response.errors?.[0]).toEqual({ refId: 'A', message });
    },
  );

  test('the collection may be a dashboard variable', async () => {
    expect((await firstParams({ collection: '$collection' })).collection).toBe('archive');
  });

  test('excluded values ("filter out") are sent as excludeHost, excludeLevel…', async () => {
    const params = await firstParams({ exclude: { host: ['$hosts'], level: ['DEBUG'] } });
    expect(params).toMatchObject({ excludeHost: ['compute-1', 'compute-2'], excludeLevel: ['DEBUG'] });
  });

  test("the dashboard's ad hoc filters narrow the query and add exclusions", async () => {
    const params = await firstParams(
      { host: '$hosts' },
      {
        filters: [
          { key: 'host', operator: '=', value: 'compute-2' },
          { key: 'service', operator: '!=', value: 'nova-api' },
          { key: 'level', operator: '=|', value: '', values: ['ERROR', 'CRITICAL'] },
        ],
      },
    );
    expect(params).toMatchObject({ host: ['compute-2'], excludeService: ['nova-api'], level: ['ERROR', 'CRITICAL'] });
  });

  test('an ad hoc filter that shares no value with the query gives an empty result without a call', async () => {
    const response = await run([{ refId: 'A', host: '$host' }], {
      filters: [{ key: 'host', operator: '=', value: 'compute-3' }],
    });
    expect(backend.requests).toHaveLength(0);
    expect(response.state).toBe(LoadingState.Done);
    expect(response.data[0].length).toBe(0);
    expect(response.data[0].meta.notices[0].text).toContain('No value matches');
  });

  test('an ad hoc operator LogCAS cannot match is a query error', async () => {
    const response = await run([{ refId: 'A' }], { filters: [{ key: 'host', operator: '=~', value: 'comp.*' }] });
    expect(response.errors?.[0]?.message).toBe('Ad hoc filter "host =~": LogCAS matches exact values (=, !=, one of)');
  });

  test('filters the query type does not show are not sent (no hidden filters)', async () => {
    const logs = await firstParams({ queryType: 'logs', step: 120, includeRelated: false, sort: 'count' });
    expect(logs).not.toHaveProperty('step');
    expect(logs).not.toHaveProperty('sort');
    backend.requests.length = 0;
    backend.respond(() => ({ data: { from: '', to: '', step: 60, levels: [], buckets: [] } }));
    const volume = await firstParams({ queryType: 'volume', around: '1795516863123', limit: 5, order: 'asc' });
    expect(Object.keys(volume).sort()).toEqual(['collection', 'from', 'step', 'to']);
  });

  test('each call carries a request id, so a refresh cancels the outdated call', async () => {
    await run([{ refId: 'B' }], { requestId: 'panel-7' });
    expect(backend.requests[0]!.requestId).toBe('panel-7_B');
  });

  test('hidden queries do not run', async () => {
    const response = await run([{ refId: 'A', hide: true }]);
    expect(backend.requests).toHaveLength(0);
    expect(response.data).toEqual([]);
  });
});

describe('query: Requests', () => {
  test('GETs /requests with range, filters, sort and userOnly, and returns a table', async () => {
    backend.respond(() => ({ data: list([summary()]) }));
    const response = await run([
      {
        refId: 'B',
        queryType: 'requests',
        minLevel: 'ERROR',
        host: '$host',
        sort: 'duration',
        order: 'desc',
        userOnly: false,
        limit: 20,
      },
    ]);
    expect(backend.requests[0]!.url).toBe(`${API}/requests`);
    expect(paramsOf(backend.requests[0])).toEqual({
      from: FROM,
      to: TO,
      minLevel: 'ERROR',
      host: ['compute-1'],
      sort: 'duration',
      order: 'desc',
      userOnly: false,
      limit: 20,
      collection: 'live',
    });
    expect(response.data[0].meta.preferredVisualisationType).toBe('table');
    expect(response.data[0].fields[0].config.links[0].url).toContain('/d/logcas-request?var-request=');
  });
});

describe('query: Request detail and trace', () => {
  const relatedId = 'req-11111111-2222-3333-4444-555555555555';
  beforeEach(() => {
    backend.respond((request) => ({
      data: request.params?.includeRelated ? requestDetailWithRelated() : requestDetail(),
    }));
  });

  test("Request detail is one call: GET /requests/:id (interpolated) with the related requests' logs", async () => {
    const response = await run([{ refId: 'C', queryType: 'requestDetail', requestId: '$request', host: '$hosts' }]);
    expect(backend.requests.map((r) => r.url)).toEqual([`${API}/requests/req-6b2f0c1e-8a3d-4f5e-9b7c-1d2e3f4a5b6c`]);
    expect(paramsOf(backend.requests[0])).toEqual({
      host: ['compute-1', 'compute-2'],
      collection: 'live',
      includeRelated: true,
    });
    const [logs, table] = response.data;
    expect(logs.meta.type).toBe(DataFrameType.LogLines);
    expect(logs.fields.find((f: { name: string }) => f.name === 'id').values).toEqual(['a1', 'n1', 'a2', 'a3']);
    expect(table.name).toBe('related requests');
  });

  test('Request detail and trace of the same request in one Grafana request fetch it once', async () => {
    const common = { requestId: '$request', host: '$host', includeRelated: false };
    const response = await run([
      { refId: 'A', queryType: 'requestDetail', ...common },
      { refId: 'B', queryType: 'requestTrace', ...common },
    ]);
    expect(backend.requests).toHaveLength(1);
    expect(response.data.map((frame: { refId: string }) => frame.refId)).toEqual(['A', 'A', 'B']);
  });

  test("Request detail without related requests asks for the request's own logs", async () => {
    await run([
      {
        refId: 'C',
        queryType: 'requestDetail',
        requestId: 'req-6b2f0c1e-8a3d-4f5e-9b7c-1d2e3f4a5b6c',
        includeRelated: false,
      },
    ]);
    expect(backend.requests).toHaveLength(1);
    expect(paramsOf(backend.requests[0]).includeRelated).toBe(false);
  });

  test('Request trace returns a trace frame', async () => {
    const response = await run([{ refId: 'D', queryType: 'requestTrace', requestId: '$request' }]);
    expect(response.data).toHaveLength(1);
    expect(response.data[0].meta.preferredVisualisationType).toBe('trace');
    expect(response.data[0].fields.find((f: { name: string }) => f.name === 'spanID').values).toContain(relatedId);
  });

  test.each([
    ['requestDetail', 'logs'],
    ['requestTrace', 'trace'],
  ] as const)(
    '%s without a request id (an empty Request box) is an empty state with a hint, not an error',
    async (queryType, visualisation) => {
      const response = await run([{ refId: 'C', queryType, requestId: '$nothing' }]);
      expect(backend.requests).toHaveLength(0);
      expect(response.state).toBe(LoadingState.Done);
      expect(response.errors).toBeUndefined();
      expect(response.data).toHaveLength(1);
      expect(response.data[0].length).toBe(0);
      expect(response.data[0].meta.preferredVisualisationType).toBe(visualisation);
      expect(response.data[0].meta.notices).toEqual([
        { severity: 'info', text: expect.stringMatching(/^No request chosen/) },
      ]);
    },
  );
});

describe('query: Volume', () => {
  test('GETs /volume with a step of whole minutes from the panel interval', async () => {
    backend.respond(() => ({
      data: {
        from: '',
        to: '',
        step: 300,
        levels: ['WARNING'],
        buckets: [{ ts: '2026-11-24T10:00:00.000Z', counts: { WARNING: 3 } }],
      },
    }));
    const response = await run([{ refId: 'E', queryType: 'volume', service: '$service' }], { intervalMs: 250000 });
    expect(backend.requests[0]!.url).toBe(`${API}/volume`);
    expect(paramsOf(backend.requests[0])).toEqual({
      from: FROM,
      to: TO,
      service: ['nova-compute'],
      step: 300,
      collection: 'live',
    });
    expect(response.data[0].name).toBe('WARNING');
    expect(response.data[0].fields[1].values).toEqual([3]);
  });

  test('an explicit step is sent as given', async () => {
    backend.respond(() => ({ data: { from: '', to: '', step: 60, levels: [], buckets: [] } }));
    await run([{ refId: 'E', queryType: 'volume', step: 120 }]);
    expect(paramsOf(backend.requests[0]).step).toBe(120);
  });
});

describe('API errors reach the user', () => {
  test('a 400 shows the API message on the query, other queries keep their data', async () => {
    backend.respond((request) =>
      request.url.endsWith('/requests')
        ? { status: 400, data: { error: { code: 'VALIDATION', message: 'minLevel: "LOUD" is not a level' } } }
        : { data: list([log()]) },
    );
    const response = await run([
      { refId: 'A', queryType: 'logs' },
      { refId: 'B', queryType: 'requests', minLevel: 'LOUD' },
    ]);
    expect(response.state).toBe(LoadingState.Error);
    expect(response.data).toHaveLength(1);
    expect(response.errors).toEqual([
      { refId: 'B', status: 400, message: 'LogCAS API error 400: minLevel: "LOUD" is not a level' },
    ]);
    expect(response.error).toEqual(response.errors?.[0]);
  });

  test("the data proxy's own error (API unreachable) is reported with its message", async () => {
    backend.respond(() => ({
      status: 502,
      data: { message: 'Bad Gateway: dial tcp 10.0.0.9:8080: connect: connection refused' },
    }));
    const response = await run([{ refId: 'A' }]);
    expect(response.errors?.[0]?.message).toBe(
      'LogCAS API error 502: Bad Gateway: dial tcp 10.0.0.9:8080: connect: connection refused',
    );
  });
});

describe('interpolateVariablesInQueries (Explore from a dashboard panel, shared links)', () => {
  test('replaces every variable, lists and numbers included, and keeps the datasource', () => {
    const [query] = ds.interpolateVariablesInQueries(
      [
        {
          refId: 'A',
          collection: '$collection',
          host: '$hosts',
          service: '$any',
          minLevel: '$level',
          requestId: '$request',
          around: '1795516863123',
          span: '$span',
          exclude: { level: ['$level'] },
        },
      ],
      {},
    );
    expect(query).toEqual({
      refId: 'A',
      collection: 'archive',
      host: ['compute-1', 'compute-2'],
      minLevel: 'WARNING',
      requestId: 'req-6b2f0c1e-8a3d-4f5e-9b7c-1d2e3f4a5b6c',
      around: '1795516863123',
      span: 10,
      exclude: { level: ['WARNING'] },
      datasource: { type: 'logcas-logs-datasource', uid: 'logcas-test' },
    });
  });

  test('merges the ad hoc filters Grafana passes', () => {
    const [query] = ds.interpolateVariablesInQueries([{ refId: 'A' }], {}, [
      { key: 'host', operator: '!=', value: 'compute-3' },
    ]);
    expect(query?.exclude).toEqual({ host: ['compute-3'] });
  });
});
