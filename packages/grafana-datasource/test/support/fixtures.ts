/** API payloads shaped as @logcas/contract describes them. */
import { dateTime, type DataQueryRequest, type DataSourceInstanceSettings, type TimeRange } from '@grafana/data';
import type { ListResponse, LogRecord, RequestDetailResponse, RequestSummary } from '@logcas/contract';
import type { LogcasOptions, LogcasQuery } from '../../src/types';
import type { DashboardVariable } from './scene-templates';

export const PROXY_URL = '/api/datasources/proxy/uid/logcas-test';

export function instanceSettings(
  jsonData: LogcasOptions = { apiUrl: 'http://logcas:8080' },
): DataSourceInstanceSettings<LogcasOptions> {
  return {
    id: 7,
    uid: 'logcas-test',
    name: 'LogCAS',
    type: 'logcas-logs-datasource',
    access: 'proxy',
    url: PROXY_URL,
    jsonData,
    readOnly: false,
    meta: {} as DataSourceInstanceSettings['meta'],
  } as DataSourceInstanceSettings<LogcasOptions>;
}

const HOSTS = 'compute-1,compute-2,compute-3';

function option(name: string, query: string, value: string): DashboardVariable {
  return { name, type: 'custom', query, current: { value, text: value } };
}

/**
 * Dashboard variables the query tests interpolate, one per state Grafana can give a variable: one option
 * (`$host`), several (`$hosts`), All with the custom all value `*` (`$any`), All without one (`$everyHost`,
 * every option), typed text (`$request`), empty text (`$nothing`), and text that is not a number (`$word`).
 */
export const TEST_VARIABLES: DashboardVariable[] = [
  option('host', HOSTS, 'compute-1'),
  option('service', 'nova-compute,nova-api', 'nova-compute'),
  option('level', 'INFO,WARNING,ERROR', 'WARNING'),
  option('span', '10,60,3600', '10'),
  option('collection', 'live,archive', 'archive'),
  { name: 'request', type: 'textbox', current: { value: 'req-6b2f0c1e-8a3d-4f5e-9b7c-1d2e3f4a5b6c' } },
  { name: 'nothing', type: 'textbox', current: { value: '' } },
  { name: 'word', type: 'textbox', current: { value: 'ten' } },
  { ...option('any', HOSTS, '$__all'), includeAll: true, allValue: '*' },
  { ...option('everyHost', HOSTS, '$__all'), includeAll: true, multi: true, current: { value: ['$__all'] } },
  { ...option('hosts', HOSTS, ''), multi: true, current: { value: ['compute-1', 'compute-2'] } },
];

export const FROM = Date.parse('2026-11-24T10:00:00.000Z');
export const TO = Date.parse('2026-11-24T11:00:00.000Z');

export function range(from = FROM, to = TO): TimeRange {
  return { from: dateTime(from), to: dateTime(to), raw: { from: dateTime(from), to: dateTime(to) } };
}

export function dataRequest(
  targets: LogcasQuery[],
  extra: Partial<DataQueryRequest<LogcasQuery>> = {},
): DataQueryRequest<LogcasQuery> {
  return {
    requestId: 'Q1',
    interval: '1m',
    intervalMs: 60000,
    range: range(),
    scopedVars: {},
    targets,
    timezone: 'utc',
    app: 'explore',
    startTime: FROM,
    ...extra,
  } as DataQueryRequest<LogcasQuery>;
}

let counter = 0;

export function log(overrides: Partial<LogRecord> = {}): LogRecord {
  counter += 1;
  return {
    id: `log-${counter}`,
    ts: '2026-11-24T10:41:03.123Z',
    level: 20,
    levelName: 'INFO',
    host: 'compute-1',
    service: 'nova-compute',
    logger: 'nova.compute.manager',
    pid: 12345,
    message: 'Took 2.31 seconds to spawn the instance on the hypervisor.',
    traceback: null,
    requestId: 'req-6b2f0c1e-8a3d-4f5e-9b7c-1d2e3f4a5b6c',
    globalRequestId: null,
    userId: 'b3f1c2d4e5f60718293a4b5c6d7e8f90',
    projectId: '8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5',
    domain: null,
    userDomain: 'default',
    projectDomain: 'default',
    userName: null,
    projectName: null,
    instance: '5e1d3a2b-7c4f-4e8a-9b0c-1d2e3f4a5b6c',
    remoteAddress: null,
    httpMethod: null,
    httpPath: null,
    httpStatus: null,
    durationMs: null,
    source: { channel: 'file', file: '/var/log/nova/nova-compute.log', offset: 0 },
    extra: null,
    ...overrides,
  };
}

export function summary(overrides: Partial<RequestSummary> = {}): RequestSummary {
  return {
    requestId: 'req-6b2f0c1e-8a3d-4f5e-9b7c-1d2e3f4a5b6c',
    globalRequestId: null,
    start: '2026-11-24T10:41:01.000Z',
    end: '2026-11-24T10:41:04.500Z',
    durationMs: 3500,
    count: 3,
    levelCounts: { INFO: 2, ERROR: 1 },
    maxLevel: 40,
    maxLevelName: 'ERROR',
    services: ['nova-api', 'nova-compute'],
    hosts: ['controller-1', 'compute-1'],
    userId: 'b3f1c2d4e5f60718293a4b5c6d7e8f90',
    projectId: '8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5',
    domain: null,
    userDomain: 'default',
    projectDomain: 'default',
    userName: 'admin',
    projectName: 'demo',
    remoteAddress: '10.0.0.1',
    httpMethod: 'POST',
    httpPath: '/v2.1/servers',
    httpStatus: 202,
    ...overrides,
  };
}

export function list<T>(items: T[], overrides: Partial<ListResponse<T>> = {}): ListResponse<T> {
  return { items, page: 1, limit: 100, total: items.length, totalExact: true, nextCursor: null, ...overrides };
}

/** A request: nova-api on controller-1, then nova-compute on compute-1 with an ERROR. */
export function requestDetail(): RequestDetailResponse {
  const id = 'req-6b2f0c1e-8a3d-4f5e-9b7c-1d2e3f4a5b6c';
  return {
    request: summary(),
    logs: [
      log({
        id: 'a1',
        ts: '2026-11-24T10:41:01.000Z',
        service: 'nova-api',
        host: 'controller-1',
        requestId: id,
        message: 'POST /v2.1/servers',
      }),
      log({ id: 'a2', ts: '2026-11-24T10:41:03.000Z', service: 'nova-compute', host: 'compute-1', requestId: id }),
      log({
        id: 'a3',
        ts: '2026-11-24T10:41:04.500Z',
        service: 'nova-compute',
        host: 'compute-1',
        requestId: id,
        level: 40,
        levelName: 'ERROR',
        message: 'Instance failed to spawn',
        traceback: 'Traceback (most recent call last):\n  File "manager.py", line 2 in spawn\nRescheduledException',
      }),
    ],
    related: [
      summary({
        requestId: 'req-11111111-2222-3333-4444-555555555555',
        globalRequestId: id,
        services: ['neutron-server'],
        hosts: ['network-1'],
      }),
    ],
  };
}

/** The same answer asked with includeRelated: the related request's log (neutron, 10:41:02) among the logs. */
export function requestDetailWithRelated(): RequestDetailResponse {
  const detail = requestDetail();
  const relatedId = detail.related[0]!.requestId;
  const neutron = log({
    id: 'n1',
    ts: '2026-11-24T10:41:02.000Z',
    service: 'neutron-server',
    host: 'network-1',
    requestId: relatedId,
  });
  return { ...detail, logs: [...detail.logs, neutron], truncated: false };
}
