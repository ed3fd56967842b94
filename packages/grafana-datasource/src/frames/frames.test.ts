import { DataFrameType, FieldType, LogLevel, type DataFrame } from '@grafana/data';
import type { LogRecord, RequestSummary } from '@logcas/contract';
import { list, log, requestDetail, requestDetailWithRelated, summary } from '../../test/support/fixtures';
import type { LinkTargets } from '../links';
import { annotationsFrame, logsFrame, requestDetailFrames, requestsFrame, traceFrame, volumeFrames } from './index';

const links: LinkTargets = {
  datasourceUid: 'logcas-test',
  datasourceName: 'LogCAS',
  requestDashboardUid: 'logcas-request',
  collection: 'archive',
  span: 60,
};

const field = (frame: DataFrame, name: string) => {
  const found = frame.fields.find((f) => f.name === name);
  if (!found) throw new Error(`no field ${name} in ${frame.fields.map((f) => f.name).join(',')}`);
  return found;
};

describe('logsFrame', () => {
  const records = [
    log({ id: 'x1', level: 21, levelName: 'AUDIT', projectName: 'demo', userName: null }),
    log({ id: 'x2', level: 40, levelName: 'ERROR', message: 'boom', traceback: 'Traceback...\nValueError' }),
  ];
  const frame = logsFrame(records, { refId: 'A', links, meta: { custom: { total: 2 } } });

  test('is a LogLines frame Grafana shows in the Logs panel', () => {
    expect(frame.meta?.type).toBe(DataFrameType.LogLines);
    expect(frame.meta?.preferredVisualisationType).toBe('logs');
    expect(frame.meta?.custom).toEqual({ total: 2 });
    expect(frame.refId).toBe('A');
    expect(frame.fields.slice(0, 5).map((f) => [f.name, f.type])).toEqual([
      ['timestamp', FieldType.time],
      ['body', FieldType.string],
      ['severity', FieldType.string],
      ['id', FieldType.string],
      ['labels', FieldType.other],
    ]);
  });

  test('carries time, body with traceback, Grafana severity, id and labels', () => {
    expect(field(frame, 'timestamp').values).toEqual([Date.parse(records[0]!.ts), Date.parse(records[1]!.ts)]);
    expect(field(frame, 'body').values[1]).toBe('boom\nTraceback...\nValueError');
    expect(field(frame, 'severity').values).toEqual([LogLevel.info, LogLevel.error]);
    expect(field(frame, 'id').values).toEqual(['x1', 'x2']);
    // Labels are exactly what a query can filter by, so Log details' filter buttons work on each of them.
    expect(field(frame, 'labels').values[0]).toEqual({
      level: 'AUDIT',
      host: 'compute-1',
      service: 'nova-compute',
      project: '8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5',
      user: 'b3f1c2d4e5f60718293a4b5c6d7e8f90',
      instance: '5e1d3a2b-7c4f-4e8a-9b0c-1d2e3f4a5b6c',
    });
    expect(field(frame, 'logger').values[0]).toBe('nova.compute.manager');
    expect(field(frame, 'projectName').values[0]).toBe('demo');
    expect(frame.fields.map((f) => f.name)).not.toContain('host');
  });

  test('has request id and time fields with links to the request detail and range window', () => {
    const requestLinks = field(frame, 'requestId').config.links ?? [];
    expect(requestLinks[0]?.url).toBe(
      '/d/logcas-request?var-request=${__value.raw}&var-collection=archive&${__url_time_range}',
    );
    expect(requestLinks[1]?.internal).toMatchObject({
      datasourceUid: 'logcas-test',
      query: { queryType: 'requestDetail', requestId: '${__value.raw}', collection: 'archive' },
    });
    const windowLink = field(frame, 'time').config.links?.[0];
    expect(windowLink?.internal?.query).toMatchObject({ queryType: 'logs', around: '${__value.raw}', span: 60 });
    expect(field(frame, 'timestamp').config.links?.[0]?.title).toBe('Range window ±60s');
  });
});

describe('requestsFrame', () => {
  test('is a table of summaries whose request ids link to the request detail', () => {
    const frame = requestsFrame([summary()], 'B', links);
    expect(frame.meta?.preferredVisualisationType).toBe('table');
    expect(field(frame, 'requestId').values).toEqual(['req-6b2f0c1e-8a3d-4f5e-9b7c-1d2e3f4a5b6c']);
    expect(field(frame, 'start').type).toBe(FieldType.time);
    expect(field(frame, 'durationMs').values).toEqual([3500]);
    expect(field(frame, 'durationMs').config.unit).toBe('ms');
    expect(field(frame, 'maxLevel').values).toEqual(['ERROR']);
    expect(field(frame, 'user').values).toEqual(['admin']);
    expect(field(frame, 'services').values).toEqual(['nova-api, nova-compute']);
    expect(field(frame, 'requestId').config.links?.[0]?.url).toContain('var-request=${__value.raw}');
    expect(field(frame, 'start').config.links?.[0]?.internal?.query).toMatchObject({ around: '${__value.raw}' });
  });
});

describe('requestDetailFrames', () => {
  test('a cut list says so: meta.limit is the number of rows shown', () => {
    const [logs] = requestDetailFrames({ ...requestDetail(), truncated: true }, 'C', links);
    expect(logs?.meta?.limit).toBe(3);
  });

  test('shows the logs of the request and its related requests in time order, plus a summaries table', () => {
    const [logs, table] = requestDetailFrames(requestDetailWithRelated(), 'C', links);
    expect(logs?.meta?.type).toBe(DataFrameType.LogLines);
    expect(field(logs!, 'id').values).toEqual(['a1', 'n1', 'a2', 'a3']);
    expect(logs?.meta?.limit).toBeUndefined();
    expect(table?.name).toBe('related requests');
    expect(field(table!, 'requestId').values).toEqual([
      'req-6b2f0c1e-8a3d-4f5e-9b7c-1d2e3f4a5b6c',
      'req-11111111-2222-3333-4444-555555555555',
    ]);
  });
});

describe('traceFrame', () => {
  const detail = requestDetail();
  const frame = traceFrame(detail, 'D');
  const rows = Array.from({ length: frame.length }, (_, i) =>
    Object.fromEntries(frame.fields.map((f) => [f.name, f.values[i]])),
  );

  test('has the fields Grafana trace view reads', () => {
    expect(frame.meta?.preferredVisualisationType).toBe('trace');
    expect(frame.fields.map((f) => f.name)).toEqual([
      'traceID',
      'spanID',
      'parentSpanID',
      'operationName',
      'serviceName',
      'serviceTags',
      'startTime',
      'duration',
      'logs',
      'tags',
      'statusCode',
    ]);
  });

  test('has one root span for the request and a child span per service/host lane', () => {
    expect(rows).toHaveLength(3);
    const [root, api, compute] = rows;
    expect(root).toMatchObject({
      spanID: 'req-6b2f0c1e-8a3d-4f5e-9b7c-1d2e3f4a5b6c',
      parentSpanID: undefined,
      operationName: 'POST /v2.1/servers',
      startTime: Date.parse('2026-11-24T10:41:01.000Z'),
      duration: 3500,
      statusCode: 2,
    });
    expect(api).toMatchObject({ parentSpanID: root!.spanID, serviceName: 'nova-api', duration: 0 });
    expect(compute).toMatchObject({
      parentSpanID: root!.spanID,
      operationName: 'nova-compute@compute-1',
      startTime: Date.parse('2026-11-24T10:41:03.000Z'),
      duration: 1500,
      statusCode: 2,
    });
    expect(compute!.logs).toHaveLength(2);
    expect(compute!.logs[1].fields).toEqual(
      expect.arrayContaining([
        { key: 'message', value: 'Instance failed to spawn' },
        { key: 'level', value: 'ERROR' },
      ]),
    );
    expect(new Set(rows.map((r) => r.traceID))).toEqual(new Set(['req-6b2f0c1e-8a3d-4f5e-9b7c-1d2e3f4a5b6c']));
  });

  test('puts related requests under the primary root with their own lanes', () => {
    const withRelated = traceFrame(requestDetailWithRelated(), 'D');
    const spanIds = withRelated.fields.find((f) => f.name === 'spanID')!.values;
    const parents = withRelated.fields.find((f) => f.name === 'parentSpanID')!.values;
    const index = spanIds.indexOf('req-11111111-2222-3333-4444-555555555555');
    expect(parents[index]).toBe('req-6b2f0c1e-8a3d-4f5e-9b7c-1d2e3f4a5b6c');
    expect(spanIds).toContain('req-11111111-2222-3333-4444-555555555555/neutron-server@network-1');
  });
});

describe('volumeFrames', () => {
  test('gives one series per level with Grafana level labels and colours', () => {
    const frames = volumeFrames(
      {
        from: '2026-11-24T10:00:00.000Z',
        to: '2026-11-24T10:02:00.000Z',
        step: 60,
        levels: ['INFO', 'ERROR'],
        buckets: [
          { ts: '2026-11-24T10:00:00.000Z', counts: { INFO: 5 } },
          { ts: '2026-11-24T10:01:00.000Z', counts: { INFO: 2, ERROR: 1 } },
        ],
      },
      'E',
    );
    expect(frames.map((f) => f.name)).toEqual(['INFO', 'ERROR']);
    const error = frames[1]!;
    expect(error.fields[0]!.values).toEqual([
      Date.parse('2026-11-24T10:00:00.000Z'),
      Date.parse('2026-11-24T10:01:00.000Z'),
    ]);
    expect(error.fields[1]!.values).toEqual([0, 1]);
    expect(error.fields[1]!.labels).toEqual({ level: 'error' });
    expect(error.fields[1]!.config.color).toEqual({ mode: 'fixed', fixedColor: 'red' });
  });
});

describe('annotationsFrame', () => {
  test('maps logs to time, title, text and tags', () => {
    const frame = annotationsFrame([log({ level: 30, levelName: 'WARNING', message: 'disk low' })], 'Anno');
    expect(field(frame, 'title').values).toEqual(['WARNING nova-compute@compute-1']);
    expect(field(frame, 'text').values[0]).toBe('disk low (req-6b2f0c1e-8a3d-4f5e-9b7c-1d2e3f4a5b6c)');
    expect(field(frame, 'tags').values[0]).toEqual(['WARNING', 'nova-compute', 'compute-1']);
  });
});

test('list fixtures keep the contract shape', () => {
  expect(list([1])).toMatchObject({ items: [1], totalExact: true, nextCursor: null });
});

describe('documents of older producers', () => {
  // What the contract allows to be missing: every nullable field of a log, and a summary's levelCounts,
  // services and hosts.
  const bare: LogRecord = { id: 'b1', ts: '2026-11-24T10:41:02.000Z', level: 40, levelName: 'ERROR', message: 'boom' };
  const old: RequestSummary = {
    requestId: 'req-old',
    start: '2026-11-24T10:41:01.000Z',
    end: '2026-11-24T10:41:04.000Z',
    durationMs: 3000,
    count: 1,
    maxLevel: 40,
    maxLevelName: 'ERROR',
  };

  test('logs and annotations frames show missing fields as empty', () => {
    const frame = logsFrame([bare], { refId: 'A', links });
    expect(field(frame, 'logger').values).toEqual([null]);
    expect(field(frame, 'requestId').values).toEqual([null]);
    // No host or service label at all: Log details offers no filter for a value the log does not have.
    expect(field(frame, 'labels').values).toEqual([{ level: 'ERROR' }]);
    expect(field(annotationsFrame([bare], 'Anno'), 'title').values).toEqual(['ERROR unknown@unknown']);
  });

  test('request list, detail and trace take summaries without levelCounts, services or hosts', () => {
    const table = requestsFrame([old], 'A', links);
    expect(field(table, 'services').values).toEqual([null]);
    expect(field(table, 'hosts').values).toEqual([null]);
    expect(field(table, 'project').values).toEqual([null]);
    const detail = { request: old, logs: [bare], related: [] };
    expect(requestDetailFrames(detail, 'A', links).map((f) => f.length)).toEqual([1, 1]);
    const trace = traceFrame(detail, 'A');
    expect(field(trace, 'serviceName').values).toEqual(['unknown', 'unknown']);
    expect(field(trace, 'serviceTags').values[0]).toEqual([]);
  });
});
