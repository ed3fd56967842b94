/**
 * Request detail → Grafana's trace frame: a root span per request, under it one span per service/host
 * lane running from that lane's first to its last log, each log a span log. Pure.
 */
import { createDataFrame, FieldType, type DataFrame } from '@grafana/data';
import { LEVELS } from '@logcas/contract/constants';
import type { LogRecord, RequestDetailResponse, RequestSummary } from '@logcas/contract';

interface KeyValue {
  key: string;
  value: string | number;
}

interface SpanRow {
  traceID: string;
  spanID: string;
  parentSpanID: string | undefined;
  operationName: string;
  serviceName: string;
  serviceTags: KeyValue[];
  startTime: number;
  duration: number;
  logs: Array<{ timestamp: number; name?: string; fields: KeyValue[] }>;
  tags: KeyValue[];
  /** OpenTelemetry status: 2 (error) when the span has a log at ERROR or above. */
  statusCode: number;
}

function keyValues(entries: Record<string, string | number | null | undefined>): KeyValue[] {
  return Object.entries(entries)
    .filter(
      (entry): entry is [string, string | number] => entry[1] !== null && entry[1] !== undefined && entry[1] !== '',
    )
    .map(([key, value]) => ({ key, value }));
}

function laneKey(log: LogRecord): string {
  return `${log.service ?? 'unknown'}@${log.host ?? 'unknown'}`;
}

function rootSpan(traceID: string, request: RequestSummary, parent: string | undefined, logs: LogRecord[]): SpanRow {
  const start = Date.parse(request.start);
  const operation =
    request.httpMethod && request.httpPath ? `${request.httpMethod} ${request.httpPath}` : request.requestId;
  return {
    traceID,
    spanID: request.requestId,
    parentSpanID: parent,
    operationName: operation,
    serviceName: logs[0]?.service ?? request.services?.[0] ?? 'unknown',
    serviceTags: keyValues({ hosts: request.hosts?.join(', '), services: request.services?.join(', ') }),
    startTime: start,
    duration: Math.max(0, request.durationMs ?? Date.parse(request.end) - start),
    logs: [],
    tags: keyValues({
      requestId: request.requestId,
      globalRequestId: request.globalRequestId,
      user: request.userName ?? request.userId,
      project: request.projectName ?? request.projectId,
      remoteAddress: request.remoteAddress,
      httpStatus: request.httpStatus,
      maxLevel: request.maxLevelName,
      logs: request.count,
    }),
    statusCode: request.maxLevel >= LEVELS.ERROR ? 2 : 0,
  };
}

function laneSpans(traceID: string, requestId: string, logs: LogRecord[]): SpanRow[] {
  const lanes = new Map<string, LogRecord[]>();
  for (const log of logs) {
    const key = laneKey(log);
    const lane = lanes.get(key) ?? [];
    lane.push(log);
    lanes.set(key, lane);
  }
  return [...lanes.entries()].map(([key, lane]) => {
    const times = lane.map((l) => Date.parse(l.ts));
    const start = Math.min(...times);
    const maxLevel = Math.max(...lane.map((l) => l.level));
    const first = lane[0] as LogRecord;
    return {
      traceID,
      spanID: `${requestId}/${key}`,
      parentSpanID: requestId,
      operationName: key,
      serviceName: first.service ?? 'unknown',
      serviceTags: keyValues({ host: first.host, pid: first.pid }),
      startTime: start,
      duration: Math.max(...times) - start,
      logs: lane.map((l) => ({
        timestamp: Date.parse(l.ts),
        name: l.levelName,
        fields: keyValues({
          message: l.message,
          level: l.levelName,
          logger: l.logger,
          id: l.id,
          traceback: l.traceback,
        }),
      })),
      tags: keyValues({
        host: first.host,
        logs: lane.length,
        maxLevel: lane.find((l) => l.level === maxLevel)?.levelName,
      }),
      statusCode: maxLevel >= LEVELS.ERROR ? 2 : 0,
    };
  });
}

/**
 * One trace from a request detail answer: the request, and each related request whose logs the answer holds
 * (asked with includeRelated) as a child of it, each with its lanes.
 */
export function traceFrame(detail: RequestDetailResponse, refId: string): DataFrame {
  const rootId = detail.request.requestId;
  const traceID = detail.request.globalRequestId ?? rootId;
  const byRequest = new Map<string, LogRecord[]>();
  for (const log of [...detail.logs].sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts))) {
    const id = log.requestId ?? rootId;
    byRequest.set(id, [...(byRequest.get(id) ?? []), log]);
  }
  const rows: SpanRow[] = [];
  const done = new Set<string>();
  // The request first, then each related request whose logs the answer holds, under it.
  for (const request of [detail.request, ...detail.related]) {
    const id = request.requestId;
    const logs = byRequest.get(id) ?? [];
    if (done.has(id) || (id !== rootId && logs.length === 0)) continue;
    done.add(id);
    rows.push(rootSpan(traceID, request, id === rootId ? undefined : rootId, logs));
    rows.push(...laneSpans(traceID, id, logs));
  }
  const column = <K extends keyof SpanRow>(key: K): Array<SpanRow[K]> => rows.map((row) => row[key]);
  return createDataFrame({
    refId,
    name: `trace ${rootId}`,
    fields: [
      { name: 'traceID', type: FieldType.string, values: column('traceID') },
      { name: 'spanID', type: FieldType.string, values: column('spanID') },
      { name: 'parentSpanID', type: FieldType.string, values: column('parentSpanID') },
      { name: 'operationName', type: FieldType.string, values: column('operationName') },
      { name: 'serviceName', type: FieldType.string, values: column('serviceName') },
      { name: 'serviceTags', type: FieldType.other, values: column('serviceTags') },
      { name: 'startTime', type: FieldType.number, values: column('startTime') },
      { name: 'duration', type: FieldType.number, values: column('duration') },
      { name: 'logs', type: FieldType.other, values: column('logs') },
      { name: 'tags', type: FieldType.other, values: column('tags') },
      { name: 'statusCode', type: FieldType.number, values: column('statusCode') },
    ],
    meta: { preferredVisualisationType: 'trace' },
  });
}
