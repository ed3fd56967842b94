/**
 * oslo.log's default text format, as a deployment writes it:
 *   logging_context_format_string: `%(asctime)s.%(msecs)03d %(process)d %(levelname)s %(name)s
 *     [%(global_request_id)s %(request_id)s %(user_identity)s] %(instance)s%(message)s`
 *   logging_default_format_string: the same with `[-]` when there is no request context
 *   logging_debug_format_suffix:   `%(funcName)s %(pathname)s:%(lineno)d` after DEBUG messages
 *   logging_exception_prefix:      `%(asctime)s.%(msecs)03d %(process)d ERROR %(name)s %(instance)s` before
 *                                  every traceback line
 * A request without a caller's global id writes `None` in that slot, as oslo does.
 */

/** The request context of a line; null writes `[-]`. */
export interface DemoContext {
  globalRequestId: string | null;
  requestId: string;
  userId: string | null;
  projectId: string | null;
}

export interface DemoLogSpec {
  ts: number;
  pid: number;
  level: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';
  logger: string;
  context: DemoContext | null;
  instance?: string;
  message: string;
  /** DEBUG lines end with `funcName pathname:lineno`. */
  debugSource?: string;
  /** Lines of a Python traceback, written after the record with the exception prefix. */
  traceback?: readonly string[];
}

function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`
  );
}

function formatContext(context: DemoContext | null): string {
  if (context === null) return '[-]';
  const identity = [
    context.userId ?? '-',
    context.projectId ?? '-',
    '-',
    '-',
    context.userId ? 'default' : '-',
    context.projectId ? 'default' : '-',
  ];
  return `[${context.globalRequestId ?? 'None'} ${context.requestId} ${identity.join(' ')}]`;
}

/** The text lines of one record: the record line, then one prefixed line per traceback line. */
export function formatLog(spec: DemoLogSpec): string[] {
  const time = formatTimestamp(spec.ts);
  const instance = spec.instance ? `[instance: ${spec.instance}] ` : '';
  const suffix = spec.level === 'DEBUG' && spec.debugSource ? ` ${spec.debugSource}` : '';
  const lines = [
    `${time} ${spec.pid} ${spec.level} ${spec.logger} ${formatContext(spec.context)} ${instance}${spec.message}${suffix}`,
  ];
  for (const line of spec.traceback ?? []) lines.push(`${time} ${spec.pid} ERROR ${spec.logger} ${instance}${line}`);
  return lines;
}
