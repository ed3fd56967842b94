/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
/**
 * (jsdom for @grafana/runtime, but Node's package exports so that the MongoDB driver loads its Node build.)
 *
 * DataSource.query against the real LogCAS API (core's buildApp listening on 127.0.0.1) over the real test
 * database, with only Grafana's data proxy played by a fetch stand-in. Needs MONGODB_URI (or a FerretDB
 * that core's test support can start).
 */
import type { AddressInfo } from 'node:net';
import {
  DataFrameType,
  LoadingState,
  LogRowContextQueryDirection,
  type DataFrame,
  type DataQueryResponse,
  type LogRowModel,
} from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { buildApp } from '../../core/src/api/app';
import type { ApiApp } from '../../core/src/api/types';
import { ingest } from '../../core/src/ingest/ingest';
import { emptyContext } from '@logcas/contract';
import type { ParsedLog } from '../../core/src/model/record';
import { openStore, type Store } from '../../core/src/store/connection';
import { testDatabaseName } from '../../core/test/support/database';
import { findOrStartServer, type RunningServer } from '../../../scripts/local-server';
import { LogcasDataSource } from '../src/datasource';
import type { LogcasQuery } from '../src/types';
import { dataRequest, instanceSettings, PROXY_URL, range } from './support/fixtures';
import { installBackend } from './support/grafana-services';
import { installDashboardVariables } from './support/scene-templates';
import { proxyTo } from './support/proxy-standin';

/** The API's two tokens; Grafana holds the read token, as the stack provisions it. */
const FULL_TOKEN = 'integration-full-token';
const TOKEN = 'integration-read-token';
const PRIMARY = 'req-0a1b2c3d-0000-4000-8000-000000000001';
const RELATED = 'req-0a1b2c3d-0000-4000-8000-000000000002';
const USER = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const PROJECT = '0123456789abcdef0123456789abcdef';
const T0 = Date.parse('2026-11-24T10:41:00.000Z');

function record(offsetMs: number, fields: Partial<ParsedLog>): ParsedLog {
  const base: ParsedLog = {
    ...emptyContext(),
    ts: new Date(T0 + offsetMs),
    level: 20,
    levelName: 'INFO',
    host: 'controller-1',
    service: 'nova-api',
    logger: 'nova.api.openstack.requestlog',
    pid: 4242,
    message: 'message',
    traceback: null,
    source: { channel: 'import' },
    extra: null,
    raw: '',
    ...fields,
  };
  return { ...base, raw: base.raw || `${base.ts.toISOString()} ${base.service} ${base.host} ${base.message}` };
}

const identity = { userId: USER, projectId: PROJECT };

/** A server create: nova-api → nova-compute (fails), neutron-server called with the global request id. */
const SEED: ParsedLog[] = [
  record(0, {
    ...identity,
    requestId: PRIMARY,
    message: '10.0.0.1 "POST /v2.1/servers HTTP/1.1" status: 202 len: 1893 time: 0.2477829',
    remoteAddress: '10.0.0.1',
    httpMethod: 'POST',
    httpPath: '/v2.1/servers',
    httpStatus: 202,
  }),
  record(1500, {
    ...identity,
    requestId: PRIMARY,
    host: 'compute-1',
    service: 'nova-compute',
    logger: 'nova.compute.manager',
    message: 'Attempting claim on node compute-1',
  }),
  record(2000, {
    ...identity,
    requestId: RELATED,
    globalRequestId: PRIMARY,
    host: 'network-1',
    service: 'neutron-server',
    logger: 'neutron.wsgi',
    message: 'POST /v2.0/ports HTTP/1.1 status: 201',
  }),
  record(4000, {
    ...identity,
    requestId: PRIMARY,
    host: 'compute-1',
    service: 'nova-compute',
    logger: 'nova.compute.manager',
    level: 40,
    levelName: 'ERROR',
    message: 'Instance failed to spawn',
    traceback: 'Traceback (most recent call last):\nnova.exception.RescheduledException: Build of instance aborted',
  }),
  record(5000, {
    host: 'compute-2',
    service: 'nova-compute',
    logger: 'nova.compute.resource_tracker',
    level: 30,
    levelName: 'WARNING',
    message: 'Disk usage at 91%',
  }),
  record(30000, {
    host: 'controller-1',
    service: 'cinder-scheduler',
    logger: 'cinder.scheduler.host_manager',
    message: 'Received volume service update from compute-2',
  }),
];

let mongo: RunningServer;
let store: Store;
let app: ApiApp;
let ds: LogcasDataSource;

beforeAll(async () => {
  mongo = await findOrStartServer();
  store = await openStore({ mongodbUri: mongo.uri, database: testDatabaseName() });
  const result = await ingest(store, SEED);
  expect(result.inserted).toBe(SEED.length);
  app = await buildApp({ store, config: { apiToken: FULL_TOKEN, apiReadToken: TOKEN } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const apiUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  await installDashboardVariables([
    { name: 'host', type: 'custom', query: 'compute-1,compute-2', current: { value: 'compute-1' } },
    {
      name: 'hosts',
      type: 'custom',
      query: 'compute-1,compute-2,network-1',
      multi: true,
      current: { value: ['compute-2', 'network-1'] },
    },
    {
      name: 'allHosts',
      type: 'custom',
      query: 'compute-1,compute-2',
      includeAll: true,
      multi: true,
      current: { value: ['$__all'] },
    },
    { name: 'request', type: 'textbox', current: { value: PRIMARY } },
  ]);
  installBackend(proxyTo(PROXY_URL, apiUrl, TOKEN));
  ds = new LogcasDataSource(instanceSettings({ apiUrl }));
});

afterAll(async () => {
  await app?.close();
  await store?.db.dropDatabase().catch(() => undefined);
  await store?.close();
  await mongo?.stop();
});

const window = range(T0 - 60000, T0 + 60000);

async function run(query: Omit<LogcasQuery, 'refId'>): Promise<DataQueryResponse> {
  const response = await lastValueFrom(ds.query(dataRequest([{ refId: 'A', ...query }], { range: window })));
  if (response.state === LoadingState.Error) throw new Error(JSON.stringify(response.errors));
  return response;
}

const values = (frame: DataFrame | undefined, name: string): unknown[] =>
  Array.from(frame?.fields.find((f) => f.name === name)?.values ?? []);

/** One label of each row of a logs frame. */
const labels = (frame: DataFrame | undefined, key: string): unknown[] =>
  values(frame, 'labels').map((l) => (l as Record<string, string>)[key]);

/** First line of each body (the message; a traceback follows it). */
const messages = (frame: DataFrame | undefined): string[] =>
  values(frame, 'body').map((b) => String(b).split('\n')[0] ?? '');

test('testDatasource passes against the real API with the token', async () => {
  const result = await ds.testDatasource();
  expect(result.status).toBe('success');
});

test('testDatasource reports a wrong token as 401', async () => {
  const port = (app.server.address() as AddressInfo).port;
  installBackend(proxyTo(PROXY_URL, `http://127.0.0.1:${port}`, 'wrong'));
  try {
    const result = await ds.testDatasource();
    expect(result.status).toBe('error');
    expect(result.message).toContain('rejected the token (401)');
  } finally {
    installBackend(proxyTo(PROXY_URL, `http://127.0.0.1:${port}`, TOKEN));
  }
});

test('Logs: a LogLines frame of the range, newest first, with variables interpolated', async () => {
  const all = await run({ queryType: 'logs', minLevel: 'INFO', order: 'desc' });
  const frame = all.data[0] as DataFrame;
  expect(frame.meta?.type).toBe(DataFrameType.LogLines);
  expect(values(frame, 'body')[0]).toBe('Received volume service update from compute-2');
  expect(values(frame, 'id')).toHaveLength(SEED.length);

  const onHost = await run({ queryType: 'logs', host: '$host', order: 'asc' });
  const hostFrame = onHost.data[0] as DataFrame;
  expect(labels(hostFrame, 'host')).toEqual(['compute-1', 'compute-1']);
  expect(values(hostFrame, 'severity')).toEqual(['info', 'error']);
  expect(String(values(hostFrame, 'body')[1])).toContain('RescheduledException');
  expect(values(hostFrame, 'requestId')).toEqual([PRIMARY, PRIMARY]);
});

test('Logs: the range window around a time ignores the dashboard range', async () => {
  const response = await run({ queryType: 'logs', around: String(T0 + 4000), span: 2, order: 'asc' });
  expect(messages(response.data[0])).toEqual([
    'POST /v2.0/ports HTTP/1.1 status: 201',
    'Instance failed to spawn',
    'Disk usage at 91%',
  ]);
});

test('Logs: a multi-value variable is any of its hosts; All without a custom value, any of all of them', async () => {
  const several = await run({ queryType: 'logs', host: '$hosts', order: 'asc' });
  expect(labels(several.data[0], 'host')).toEqual(['network-1', 'compute-2']);
  const all = await run({ queryType: 'logs', host: '$allHosts', order: 'asc' });
  expect(new Set(labels(all.data[0], 'host'))).toEqual(new Set(['compute-1', 'compute-2']));
});

test('Logs: filter out a value (Log details) excludes it', async () => {
  const filtered = ds.toggleQueryFilter(
    { refId: 'A', queryType: 'logs', order: 'asc' },
    { type: 'FILTER_OUT', options: { key: 'service', value: 'nova-compute' } },
  );
  const response = await run(filtered);
  expect(labels(response.data[0], 'service')).toEqual(['nova-api', 'neutron-server', 'cinder-scheduler']);
});

test('Requests: user requests with their summaries', async () => {
  const response = await run({ queryType: 'requests', sort: 'start', order: 'asc' });
  const frame = response.data[0] as DataFrame;
  expect(values(frame, 'requestId')).toEqual([PRIMARY, RELATED]);
  expect(values(frame, 'maxLevel')).toEqual(['ERROR', 'INFO']);
  expect(values(frame, 'count')).toEqual([3, 1]);
  expect(values(frame, 'durationMs')[0]).toBe(4000);
});

test('Request detail: one call brings the logs of the request and its related request, and the summaries', async () => {
  const response = await run({ queryType: 'requestDetail', requestId: '$request' });
  const [logs, table] = response.data as DataFrame[];
  expect(labels(logs, 'service')).toEqual(['nova-api', 'nova-compute', 'neutron-server', 'nova-compute']);
  expect(values(table, 'requestId')).toEqual([PRIMARY, RELATED]);
});

test('Request trace: a root span per request and a span per service/host lane', async () => {
  const response = await run({ queryType: 'requestTrace', requestId: PRIMARY });
  const frame = response.data[0] as DataFrame;
  expect(frame.meta?.preferredVisualisationType).toBe('trace');
  const spans = values(frame, 'spanID');
  expect(spans).toEqual([
    PRIMARY,
    `${PRIMARY}/nova-api@controller-1`,
    `${PRIMARY}/nova-compute@compute-1`,
    RELATED,
    `${RELATED}/neutron-server@network-1`,
  ]);
  expect(values(frame, 'parentSpanID')).toEqual([undefined, PRIMARY, PRIMARY, PRIMARY, RELATED]);
  expect(values(frame, 'duration')[2]).toBe(2500);
});

test('Volume: counts per level', async () => {
  const response = await run({ queryType: 'volume', step: 60 });
  const byLevel = Object.fromEntries(
    (response.data as DataFrame[]).map((f) => [f.name, (values(f, 'value') as number[]).reduce((a, b) => a + b, 0)]),
  );
  expect(byLevel).toMatchObject({ INFO: 4, WARNING: 1, ERROR: 1 });
});

test('Variables: distinct hosts in the range', async () => {
  const hosts = await ds.metricFindQuery('host', { range: window });
  expect(hosts.map((h) => h.text).sort()).toEqual(['compute-1', 'compute-2', 'controller-1', 'network-1']);
});

test('Annotations: WARNING+ logs only', async () => {
  const response = await run({ queryType: 'annotations' });
  expect(values(response.data[0], 'text')).toEqual([`Instance failed to spawn (${PRIMARY})`, 'Disk usage at 91%']);
});

test('Log context: the logs just before a row', async () => {
  const at = T0 + 4000;
  const row = { rowIndex: 0, rowId: 'none', timeEpochMs: at, dataFrame: { fields: [] } } as unknown as LogRowModel;
  const response = await ds.getLogRowContext(row, { direction: LogRowContextQueryDirection.Backward, limit: 2 });
  expect(messages(response.data[0])).toEqual(['Instance failed to spawn', 'POST /v2.0/ports HTTP/1.1 status: 201']);
});

test("API errors reach the user with the API's message", async () => {
  const response = await lastValueFrom(
    ds.query(dataRequest([{ refId: 'B', queryType: 'logs', minLevel: 'LOUD' }], { range: window })),
  );
  expect(response.state).toBe(LoadingState.Error);
  expect(response.errors?.[0]).toMatchObject({ refId: 'B', status: 400 });
  expect(response.errors?.[0]?.message).toMatch(/^LogCAS API error 400: .*minLevel/);
});

test('writes through the data proxy find no route, so they never reach the API with the token', async () => {
  for (const path of ['/archive', '/ingest']) {
    const call = lastValueFrom(
      getBackendSrv().fetch({ url: `${PROXY_URL}/api/api/v1${path}`, method: 'POST', data: '' }),
    );
    await expect(call).rejects.toMatchObject({ status: 502 });
  }
  // Reads still go through.
  expect((await ds.testDatasource()).status).toBe('success');
});
