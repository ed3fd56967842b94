/**
 * API responses → Grafana data frames. Pure: no HTTP, no Grafana services.
 * Logs follow Grafana's logs data-plane shape (timestamp, body, severity, id, labels + extra fields).
 */
import {
  createDataFrame,
  DataFrameType,
  FieldType,
  type DataFrame,
  type Field,
  type QueryResultMeta,
} from '@grafana/data';
import type { ListResponse, LogRecord, RequestDetailResponse, RequestSummary } from '@logcas/contract';
import { grafanaLevel } from '../levels';
import { fingerprintLinks, rangeWindowLinks, requestIdLinks, type LinkTargets } from '../links';
import { resourceFields } from './resources';

type FieldInput = Partial<Field> & { name: string; type: FieldType; values: unknown[] };

const ms = (iso: string): number => Date.parse(iso);

/**
 * Labels of one log: exactly the values a query can filter by (level, host, service, project and user ids,
 * instance), so "filter for / filter out value" in Log details and ad hoc filters work on every one of them.
 */
function logLabels(log: LogRecord): Record<string, string> {
  const labels: Record<string, string> = { level: log.levelName };
  const add = (key: string, value: string | number | null | undefined): void => {
    if (value !== null && value !== undefined && value !== '') labels[key] = String(value);
  };
  add('host', log.host);
  add('service', log.service);
  add('project', log.projectId);
  add('user', log.userId);
  add('instance', log.instance);
  return labels;
}

/** The body Grafana shows: the message, then the folded traceback when there is one. */
function logBody(log: LogRecord): string {
  return log.traceback ? `${log.message}\n${log.traceback}` : log.message;
}

export interface LogsFrameOptions {
  refId: string;
  links: LinkTargets;
  /** Frame name, e.g. `logs` or `request req-…`. */
  name?: string;
  /** Extra frame meta: paging facts in `custom`, `limit`, `searchWords`, `notices`. */
  meta?: QueryResultMeta;
}

/** A logs frame Grafana's Logs panel and Explore understand (meta.type LogLines). */
export function logsFrame(logs: LogRecord[], options: LogsFrameOptions): DataFrame {
  const fields: FieldInput[] = [
    {
      name: 'timestamp',
      type: FieldType.time,
      values: logs.map((l) => ms(l.ts)),
      config: { links: rangeWindowLinks(options.links) },
    },
    { name: 'body', type: FieldType.string, values: logs.map(logBody) },
    { name: 'severity', type: FieldType.string, values: logs.map((l) => grafanaLevel(l.level)) },
    { name: 'id', type: FieldType.string, values: logs.map((l) => l.id) },
    { name: 'labels', type: FieldType.other, values: logs.map(logLabels) },
    {
      name: 'requestId',
      type: FieldType.string,
      values: logs.map((l) => l.requestId ?? null),
      config: { displayName: 'Request id', links: requestIdLinks(options.links) },
    },
    { name: 'globalRequestId', type: FieldType.string, values: logs.map((l) => l.globalRequestId ?? null) },
    { name: 'logger', type: FieldType.string, values: logs.map((l) => l.logger ?? null) },
    { name: 'projectName', type: FieldType.string, values: logs.map((l) => l.projectName ?? null) },
    { name: 'userName', type: FieldType.string, values: logs.map((l) => l.userName ?? null) },
    { name: 'remoteAddress', type: FieldType.string, values: logs.map((l) => l.remoteAddress ?? null) },
    { name: 'httpStatus', type: FieldType.number, values: logs.map((l) => l.httpStatus ?? null) },
    {
      // The time as text, so log details show it with the range-window link (details hide the time field).
      name: 'time',
      type: FieldType.string,
      values: logs.map((l) => l.ts),
      config: { links: rangeWindowLinks(options.links) },
    },
    {
      name: 'fingerprint',
      type: FieldType.string,
      values: logs.map((l) => l.fingerprint ?? null),
      config: { displayName: 'Error fingerprint', links: fingerprintLinks(options.links) },
    },
    ...resourceFields(logs, options.links),
  ];
  return createDataFrame({
    refId: options.refId,
    name: options.name ?? 'logs',
    fields,
    meta: { ...options.meta, type: DataFrameType.LogLines, preferredVisualisationType: 'logs' },
  });
}

/** Paging facts of a list response, kept in meta.custom for the query inspector. */
export function listMeta<T>(list: ListResponse<T>): Record<string, unknown> {
  return { total: list.total, totalExact: list.totalExact, nextCursor: list.nextCursor, page: list.page };
}

/** The request list as a table, request ids linking to the request detail, start linking to the window. */
export function requestsFrame(
  items: RequestSummary[],
  refId: string,
  links: LinkTargets,
  name = 'requests',
): DataFrame {
  // Summaries of older producers may lack fields: a missing value is an empty cell.
  const text = (pick: (r: RequestSummary) => string | number | null | undefined): Array<string | number | null> =>
    items.map((r) => pick(r) ?? null);
  return createDataFrame({
    refId,
    name,
    fields: [
      {
        name: 'requestId',
        type: FieldType.string,
        values: text((r) => r.requestId),
        config: { displayName: 'Request', links: requestIdLinks(links) },
      },
      {
        name: 'start',
        type: FieldType.time,
        values: items.map((r) => ms(r.start)),
        config: { displayName: 'Start', links: rangeWindowLinks(links) },
      },
      { name: 'end', type: FieldType.time, values: items.map((r) => ms(r.end)), config: { displayName: 'End' } },
      {
        name: 'durationMs',
        type: FieldType.number,
        values: items.map((r) => r.durationMs),
        config: { displayName: 'Elapsed', unit: 'ms' },
      },
      {
        name: 'maxLevel',
        type: FieldType.string,
        values: text((r) => r.maxLevelName),
        config: { displayName: 'Max level' },
      },
      { name: 'count', type: FieldType.number, values: items.map((r) => r.count), config: { displayName: 'Logs' } },
      { name: 'project', type: FieldType.string, values: text((r) => r.projectName ?? r.projectId) },
      { name: 'user', type: FieldType.string, values: text((r) => r.userName ?? r.userId) },
      { name: 'remoteAddress', type: FieldType.string, values: text((r) => r.remoteAddress) },
      { name: 'httpMethod', type: FieldType.string, values: text((r) => r.httpMethod) },
      { name: 'httpPath', type: FieldType.string, values: text((r) => r.httpPath) },
      { name: 'httpStatus', type: FieldType.number, values: text((r) => r.httpStatus) },
      { name: 'services', type: FieldType.string, values: text((r) => r.services?.join(', ')) },
      { name: 'hosts', type: FieldType.string, values: text((r) => r.hosts?.join(', ')) },
      {
        name: 'globalRequestId',
        type: FieldType.string,
        values: text((r) => r.globalRequestId),
        config: { displayName: 'Global request', links: requestIdLinks(links) },
      },
    ],
    meta: { preferredVisualisationType: 'table' },
  });
}

/**
 * Request detail: one logs frame with the logs of the request and of its related requests (time order),
 * and a table of the request and its related summaries.
 */
export function requestDetailFrames(detail: RequestDetailResponse, refId: string, links: LinkTargets): DataFrame[] {
  const logs = [...detail.logs].sort((a, b) => ms(a.ts) - ms(b.ts));
  const summaries = uniqueSummaries([detail.request, ...detail.related]);
  // Grafana says "limit reached" when a logs frame holds meta.limit rows: the API cut this request's logs.
  const meta = detail.truncated ? { limit: logs.length } : undefined;
  return [
    logsFrame(logs, { refId, links, name: `request ${detail.request.requestId}`, meta }),
    requestsFrame(summaries, refId, links, 'related requests'),
  ];
}

function uniqueSummaries(items: RequestSummary[]): RequestSummary[] {
  const byId = new Map<string, RequestSummary>();
  for (const item of items) if (!byId.has(item.requestId)) byId.set(item.requestId, item);
  return [...byId.values()];
}
