/**
 * oslo.log's JSONFormatter lines and FluentFormatter records. Both carry `message`, `error_summary` (what the
 * text formatter appends to the message after `: `), `name`, `hostname`, `traceback`, `context` (oslo.context's
 * get_logging_values) and `extra`; JSONFormatter has `levelname`/`levelno`, `created` (epoch seconds), `msecs`
 * and `process`, FluentFormatter `level` and `time` (formatted local time without a zone).
 */
import { isObject, text } from './fields';
import type { StructuredFields } from './structured';

// Formatter fields that repeat something already mapped (or the unformatted msg/args, which may hold
// values the message left out) and are not kept in `extra`.
const DROPPED = new Set([
  'asctime',
  'msg',
  'args',
  'msecs',
  'relative_created',
  'created',
  'time',
  'levelno',
  'levelname',
  'level',
  'name',
  'message',
  'hostname',
  'process',
  'traceback',
  'context',
  'extra',
  'funcname',
  'error_summary',
]);

// Context keys mapped to record fields (the rest of the context is kept under extra.context).
const CONTEXT_MAPPED = new Set([
  'request_id',
  'global_request_id',
  'user',
  'user_id',
  'tenant',
  'project',
  'project_id',
  'domain',
  'domain_id',
  'user_domain',
  'user_domain_id',
  'project_domain',
  'project_domain_id',
  'user_name',
  'project_name',
  'remote_address',
]);

function first(...values: unknown[]): string | null {
  for (const value of values) {
    const found = text(value);
    if (found !== null) return found;
  }
  return null;
}

/** The instance uuid a nova record names, in any of the ways oslo passes it. */
function instanceOf(extra: Record<string, unknown>, context: Record<string, unknown>): string | null {
  const instance = extra.instance;
  if (isObject(instance)) return first(instance.uuid);
  return first(instance, extra.instance_uuid, context.instance_uuid, context.resource_uuid);
}

/** Maps a JSONFormatter or FluentFormatter record (an object) to the record fields. */
export function readOsloJson(record: Record<string, unknown>): StructuredFields {
  const context = isObject(record.context) ? record.context : {};
  const given = isObject(record.extra) ? record.extra : {};
  const fluent = !('levelname' in record) && 'level' in record;
  const hasCreated = typeof record.created === 'number';

  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (!DROPPED.has(key) && value !== null && value !== undefined) extra[key] = value;
  }
  if (typeof record.funcname === 'string') extra.funcName = record.funcname;
  for (const [key, value] of Object.entries(given)) {
    if (key !== 'instance' && key !== 'instance_uuid') extra[key] = value;
  }
  const restOfContext: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(context)) {
    if (!CONTEXT_MAPPED.has(key)) restOfContext[key] = value;
  }
  if (Object.keys(restOfContext).length > 0) extra.context = restOfContext;

  return {
    timeField: hasCreated ? 'created' : fluent || 'time' in record ? 'time' : 'created',
    time: hasCreated ? record.created : (record.time ?? record.asctime ?? record.created),
    msecs: record.msecs,
    levelField: 'levelname' in record ? 'levelname' : 'level' in record ? 'level' : 'levelno',
    level: record.levelname ?? record.level ?? record.levelno,
    message: record.message,
    errorSummary: record.error_summary,
    logger: record.name,
    host: record.hostname,
    service: given.binary ?? record.uwsgi_name,
    pid: record.process,
    traceback: record.traceback,
    requestId: first(context.request_id),
    globalRequestId: first(context.global_request_id),
    userId: first(context.user_id, context.user),
    projectId: first(context.project_id, context.tenant, context.project),
    domain: first(context.domain_id, context.domain),
    userDomain: first(context.user_domain_id, context.user_domain),
    projectDomain: first(context.project_domain_id, context.project_domain),
    userName: first(context.user_name),
    projectName: first(context.project_name),
    remoteAddress: first(context.remote_address),
    instance: instanceOf(given, context),
    extra,
  };
}
