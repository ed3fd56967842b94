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
  summary,
  TEST_VARIABLES,
  TO,
} from '../test/support/fixtures';
import { installBackend, installTemplates, paramsOf, type FakeBackend } from '../test/support/grafana-services';
import { LogcasDataSource } from './datasource';
import type { LogcasQuery } from './types';

const API = `${PROXY_URL}/api/api/v1`;

let backend: FakeBackend;
let ds: LogcasDataSource;

beforeEach(() => {
  installTemplates(TEST_VARIABLES);
  backend = installBackend(() => ({ data: list([]) }));
  ds = new LogcasDataSource(instanceSettings());
});

const run = (targets: LogcasQuery[], extra = {}): Promise<DataQueryResponse> =>
  lastValueFrom(ds.query(dataRequest(targets, extra)));

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
      host: 'compute-1',
      service: 'nova-compute',
      q: 'spawn',
      limit: 50,
      order: 'asc',
    });
    expect(response.state).toBe(LoadingState.Done);
    expect(response.data).toHaveLength(1);
    expect(response.data[0].meta.type).toBe(DataFrameType.LogLines);
    expect(response.data[0].fields.find((f: { name: string }) => f.name === 'id').values).toEqual(['l1']);
  });

  test('scoped variables win over dashboard variables, multi-values become a list', async () => {
    await run([{ refId: 'A', host: '$hosts', service: '$service' }], {
      scopedVars: { service: { text: 'cinder-volume', value: 'cinder-volume' } },
    });
    expect(paramsOf(backend.requests[0])).toMatchObject({ host: 'compute-1,compute-2', service: 'cinder-volume' });
  });

  test('a range window (around + span) replaces the dashboard range', async () => {
    await run([{ refId: 'A', queryType: 'logs', around: '1795516863123', span: 10 }]);
    const params = paramsOf(backend.requests[0]);
    expect(params).toMatchObject({ around: 1795516863123, span: 10 });
    expect(params).not.toHaveProperty('from');
    expect(params).not.toHaveProperty('to');
  });

  test('the collection may be a dashboard variable', async () => {
    installTemplates({ collection: 'archive' });
    await run([{ refId: 'A', queryType: 'logs', collection: '$collection' }]);
    expect(paramsOf(backend.requests[0]).collection).toBe('archive');
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
      host: 'compute-1',
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
    backend.respond((request) => {
      if (request.url.endsWith(encodeURIComponent(relatedId))) {
        return {
          data: {
            request: summary({ requestId: relatedId }),
            logs: [log({ id: 'r1', service: 'neutron-server', host: 'network-1' })],
            related: [],
          },
        };
      }
      return { data: requestDetail() };
    });
  });

  test('Request detail GETs /requests/:id (interpolated) and each related request', async () => {
    const response = await run([{ refId: 'C', queryType: 'requestDetail', requestId: '$request', host: 'compute-1' }]);
    expect(backend.requests.map((r) => r.url)).toEqual([
      `${API}/requests/req-6b2f0c1e-8a3d-4f5e-9b7c-1d2e3f4a5b6c`,
      `${API}/requests/${relatedId}`,
    ]);
    expect(paramsOf(backend.requests[0])).toEqual({ host: 'compute-1', collection: 'live' });
    const [logs, table] = response.data;
    expect(logs.meta.type).toBe(DataFrameType.LogLines);
    expect(logs.fields.find((f: { name: string }) => f.name === 'id').values).toEqual(['a1', 'a2', 'r1', 'a3']);
    expect(table.name).toBe('related requests');
  });

  test('Request detail without related requests makes one call', async () => {
    await run([
      {
        refId: 'C',
        queryType: 'requestDetail',
        requestId: 'req-6b2f0c1e-8a3d-4f5e-9b7c-1d2e3f4a5b6c',
        includeRelated: false,
      },
    ]);
    expect(backend.requests).toHaveLength(1);
  });

  test('Request trace returns a trace frame', async () => {
    const response = await run([{ refId: 'D', queryType: 'requestTrace', requestId: '$request' }]);
    expect(response.data).toHaveLength(1);
    expect(response.data[0].meta.preferredVisualisationType).toBe('trace');
    expect(response.data[0].fields.find((f: { name: string }) => f.name === 'spanID').values).toContain(relatedId);
  });

  test('a missing request id is a clear query error, not "No data"', async () => {
    const response = await run([{ refId: 'C', queryType: 'requestTrace' }]);
    expect(backend.requests).toHaveLength(0);
    expect(response.state).toBe(LoadingState.Error);
    expect(response.errors?.[0]).toMatchObject({ refId: 'C', message: expect.stringContaining('request id') });
  });
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
      service: 'nova-compute',
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
