/**
 * Finding the columns the timeline needs in any frame: by name (any case) and type, with fallbacks to
 * the keys of a `labels` field, so LogCAS frames and other logs frames (Loki, Elasticsearch…) both work.
 */
import { FieldType, type DataFrame, type Field } from '@grafana/data';

/** Reads one row's value; undefined when the frame has no such column. */
export type Reader = (row: number) => unknown;

/** Candidate names per role, best first; matched case-insensitively. */
export const FIELD_NAMES = {
  time: ['timestamp', 'time', 'ts', '@timestamp', 'date', 'created'],
  level: ['severity', 'levelname', 'level_name', 'level', 'detected_level', 'lvl', 'loglevel'],
  service: ['service', 'service_name', 'binary', 'program', 'app', 'application', 'job', 'component'],
  host: ['host', 'hostname', 'host_name', 'node', 'nodename', 'server'],
  message: ['body', 'message', 'msg', 'line', 'content', 'log'],
  logger: ['logger', 'logger_name', 'name'],
  requestId: ['requestid', 'request_id', 'req_id'],
  globalRequestId: ['globalrequestid', 'global_request_id'],
  start: ['start', 'starttime', 'start_time', 'first'],
  end: ['end', 'endtime', 'end_time', 'last'],
  durationMs: ['durationms', 'duration_ms', 'duration'],
  maxLevel: ['maxlevelname', 'maxlevel', 'max_level', 'level', 'severity'],
  count: ['count', 'logs'],
  services: ['services', 'service'],
  hosts: ['hosts', 'host'],
  httpMethod: ['httpmethod', 'http_method', 'method'],
  httpPath: ['httppath', 'http_path', 'path', 'url'],
  httpStatus: ['httpstatus', 'http_status', 'status'],
  outcome: ['outcome'],
  operation: ['operation'],
} as const;

export type FieldRole = keyof typeof FIELD_NAMES;

/** The first field whose name is one of `names` (any case) and whose type is allowed. */
export function findField(frame: DataFrame, names: readonly string[], types?: readonly FieldType[]): Field | undefined {
  for (const name of names) {
    const field = frame.fields.find(
      (f) => f.name.toLowerCase() === name && (types === undefined || types.includes(f.type)),
    );
    if (field) return field;
  }
  return undefined;
}

/** The labels column: Grafana logs frames keep per-row label objects in a field called `labels`. */
function labelsField(frame: DataFrame): Field | undefined {
  return frame.fields.find((f) => f.name.toLowerCase() === 'labels' && f.type !== FieldType.time);
}

function labelValue(labels: unknown, names: readonly string[]): unknown {
  let object = labels;
  if (typeof labels === 'string' && labels.startsWith('{')) {
    try {
      object = JSON.parse(labels);
    } catch {
      return undefined;
    }
  }
  if (!object || typeof object !== 'object') return undefined;
  const entries = Object.entries(object as Record<string, unknown>);
  for (const name of names) {
    const hit = entries.find(([key]) => key.toLowerCase() === name);
    if (hit) return hit[1];
  }
  return undefined;
}

/**
 * A reader for a role: a matching column, else the same key inside `labels`, else inside the field's own
 * Grafana labels (frames built from Prometheus-style series carry them there).
 */
export function roleReader(frame: DataFrame, role: FieldRole, types?: readonly FieldType[]): Reader | undefined {
  const names = FIELD_NAMES[role];
  const field = findField(frame, names, types);
  if (field) return (row) => field.values[row];
  const labels = labelsField(frame);
  // Labels vary per row (a log without a logger has no `logger` label): look at the first rows, not just one.
  const sample = Math.min(frame.length, 50);
  for (let row = 0; labels && row < sample; row++) {
    if (labelValue(labels.values[row], names) !== undefined) return (r) => labelValue(labels.values[r], names);
  }
  for (const f of frame.fields) {
    const fromSeries = f.labels ? labelValue(f.labels, names) : undefined;
    if (fromSeries !== undefined) return () => fromSeries;
  }
  return undefined;
}

/** The time column: a field of type time with a known name, else any time field, else a named number/string. */
export function timeReader(frame: DataFrame): ((row: number) => number) | undefined {
  const named = findField(frame, FIELD_NAMES.time, [FieldType.time]);
  const anyTime = named ?? frame.fields.find((f) => f.type === FieldType.time);
  const field = anyTime ?? findField(frame, FIELD_NAMES.time, [FieldType.number, FieldType.string]);
  return field ? (row) => toMillis(field.values[row]) : undefined;
}

/**
 * Epoch milliseconds from what frames carry: numbers (seconds are recognised by size), ISO strings, Dates
 * and Grafana's DateTime objects. NaN when it is not a time.
 */
export function toMillis(value: unknown): number {
  if (typeof value === 'number') return value < 1e11 ? value * 1000 : value;
  if (typeof value === 'string') return /^\d+(\.\d+)?$/.test(value) ? toMillis(Number(value)) : Date.parse(value);
  if (value instanceof Date) return value.getTime();
  if (value && typeof value === 'object' && 'valueOf' in value) return Number(value.valueOf());
  return Number.NaN;
}

/** Text of a value, or null for empty values. */
export function text(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  return typeof value === 'string' ? value : String(value);
}

/** A list from an array column or a comma-separated string. */
export function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String).filter(Boolean);
  if (typeof value === 'string' && value)
    return value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return [];
}

/** Names of a frame's fields, for warnings that say what the panel did find. */
export function describeFields(frame: DataFrame): string {
  const names = frame.fields.map((f) => `${f.name} (${f.type})`);
  return names.length ? names.join(', ') : 'no fields';
}
