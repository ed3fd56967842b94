/** Frames → request bars, for requests mode: a requests table, or logs grouped by request id. */
import { FieldType, type DataFrame } from '@grafana/data';
import { describeFields, findField, FIELD_NAMES, list, roleReader, text, timeReader, toMillis } from './fields';
import { maxLevel, parseLevel } from './levels';
import type { Prepared, RequestBar } from './model';

/** `GET GET /v2/servers → 200`-style label, else the first message, else the services. */
function labelOf(method: string | null, path: string | null, status: string | null, fallback: string | null): string {
  if (method || path) return [method, path, status ? `→ ${status}` : null].filter(Boolean).join(' ');
  return fallback ?? '';
}

/** Rows of a requests table (LogCAS `Requests` query): one bar per row. */
function fromTable(frame: DataFrame, frameIndex: number): RequestBar[] {
  const id = roleReader(frame, 'requestId');
  const start = findField(frame, FIELD_NAMES.start);
  const end = findField(frame, FIELD_NAMES.end);
  const duration = roleReader(frame, 'durationMs', [FieldType.number]);
  const level = roleReader(frame, 'maxLevel');
  const count = roleReader(frame, 'count', [FieldType.number]);
  const services = roleReader(frame, 'services');
  const hosts = roleReader(frame, 'hosts');
  const method = roleReader(frame, 'httpMethod');
  const path = roleReader(frame, 'httpPath');
  const status = roleReader(frame, 'httpStatus');
  const message = roleReader(frame, 'message');
  const bars: RequestBar[] = [];
  for (let row = 0; row < frame.length; row++) {
    const s = toMillis(start?.values[row]);
    const d = duration ? Number(duration(row)) : Number.NaN;
    const e = end ? toMillis(end.values[row]) : s + d;
    if (!Number.isFinite(s)) continue;
    const svc = services ? list(services(row)) : [];
    const requestId = (id ? text(id(row)) : null) ?? `row ${row + 1}`;
    const fallback = (message ? text(message(row)) : null) ?? (svc.length ? svc.join(', ') : requestId);
    bars.push({
      requestId,
      ref: { frame: frameIndex, row },
      start: s,
      end: Number.isFinite(e) ? Math.max(e, s) : s,
      level: level ? parseLevel(level(row)) : 'UNKNOWN',
      label: labelOf(
        method ? text(method(row)) : null,
        path ? text(path(row)) : null,
        status ? text(status(row)) : null,
        fallback,
      ),
      count: count ? Number(count(row)) : null,
      services: svc,
      hosts: hosts ? list(hosts(row)) : [],
    });
  }
  return bars;
}

/** Logs grouped by request id: first to last log, highest level, first message as the label. */
function fromLogs(frame: DataFrame, frameIndex: number): RequestBar[] {
  const time = timeReader(frame);
  const id = roleReader(frame, 'requestId');
  if (!time || !id) return [];
  const level = roleReader(frame, 'level');
  const message = roleReader(frame, 'message');
  const service = roleReader(frame, 'service');
  const host = roleReader(frame, 'host');
  const byId = new Map<string, RequestBar & { firstAt: number }>();
  for (let row = 0; row < frame.length; row++) {
    const t = time(row);
    const requestId = text(id(row));
    if (!Number.isFinite(t) || !requestId) continue;
    const msg = message ? text(message(row)) : null;
    let bar = byId.get(requestId);
    if (!bar) {
      bar = {
        requestId,
        ref: { frame: frameIndex, row },
        start: t,
        end: t,
        level: 'UNKNOWN',
        label: msg ?? requestId,
        count: 0,
        services: [],
        hosts: [],
        firstAt: t,
      };
      byId.set(requestId, bar);
    }
    if (t < bar.firstAt && msg) [bar.firstAt, bar.label] = [t, msg];
    bar.start = Math.min(bar.start, t);
    bar.end = Math.max(bar.end, t);
    bar.count = (bar.count ?? 0) + 1;
    if (level) bar.level = maxLevel(bar.level, parseLevel(level(row)));
    const svc = service ? text(service(row)) : null;
    const hst = host ? text(host(row)) : null;
    if (svc && !bar.services.includes(svc)) bar.services.push(svc);
    if (hst && !bar.hosts.includes(hst)) bar.hosts.push(hst);
  }
  return [...byId.values()].map(({ firstAt: _firstAt, ...bar }) => bar);
}

/** True when a frame looks like a requests table (start and end or duration columns). */
export function isRequestsTable(frame: DataFrame): boolean {
  return Boolean(
    findField(frame, FIELD_NAMES.start) &&
    (findField(frame, FIELD_NAMES.end) || findField(frame, FIELD_NAMES.durationMs)),
  );
}

/** True for logs frames: Grafana's LogLines type or logs visualisation, or time + service/host and no start/end. */
export function isLogsFrame(frame: DataFrame): boolean {
  if (frame.meta?.type === 'log-lines' || frame.meta?.preferredVisualisationType === 'logs') return true;
  if (isRequestsTable(frame) || !timeReader(frame)) return false;
  return Boolean(roleReader(frame, 'service') ?? roleReader(frame, 'host'));
}

/**
 * Requests mode: every request as a bar from start to end, ordered by start. Requests tables win over logs
 * (a Request detail answer carries both, and the table has the exact start and end).
 */
export function prepareRequests(frames: DataFrame[]): Prepared {
  const bars: RequestBar[] = [];
  const problems: string[] = [];
  const hasTable = frames.some((f) => f.length > 0 && isRequestsTable(f));
  frames.forEach((frame, i) => {
    if (frame.length === 0 || (hasTable && !isRequestsTable(frame))) return;
    const found = isRequestsTable(frame) ? fromTable(frame, i) : fromLogs(frame, i);
    if (found.length === 0) {
      const name = frame.refId ?? frame.name ?? `#${i + 1}`;
      problems.push(
        `frame ${name} has neither start/end columns nor time and request id (found ${describeFields(frame)})`,
      );
    }
    bars.push(...found);
  });
  if (bars.length === 0) {
    return {
      ok: false,
      warning: problems.length
        ? `Cannot draw requests: ${problems.join('; ')}.`
        : 'No requests in the selected time range.',
    };
  }
  bars.sort((a, b) => a.start - b.start || a.end - b.end);
  const from = bars[0]?.start ?? 0;
  const to = bars.reduce((max, b) => Math.max(max, b.end), from);
  return { ok: true, view: { kind: 'requests', bars, from, to } };
}

/** Requests running at a time (start ≤ t ≤ end): the answer to "what was in flight at 10:41?". */
export function inFlightAt(bars: readonly RequestBar[], time: number): RequestBar[] {
  return bars.filter((b) => b.start <= time && b.end >= time);
}
