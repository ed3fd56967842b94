/**
 * Documents of the 2013 LogCAS `logs` collection, so an existing database (or its mongoexport) can be
 * imported: `created` (epoch seconds) and `time`, `levelno`/`levelname`, `hostname`, `binary` (service),
 * `name`, `funcname`, `process`, `traceback` as a list of lines, and the request identity under `extra`
 * (`request_id`, `user_id`, `project_id`, `user_name`, `project_name`, `remote_address`, `instance`…).
 */
import { isObject, text } from './fields';
import type { StructuredFields } from './structured';

// Top-level fields mapped to record fields or repeating them.
const MAPPED = new Set([
  '_id',
  'created',
  'time',
  'levelno',
  'levelname',
  'hostname',
  'binary',
  'name',
  'message',
  'msg',
  'args',
  'process',
  'traceback',
  'extra',
  'funcname',
  'msecs',
  'relative_created',
  'asctime',
]);

// Keys of `extra` mapped to record fields.
const EXTRA_MAPPED: Readonly<Record<string, string>> = {
  request_id: 'requestId',
  global_request_id: 'globalRequestId',
  user_id: 'userId',
  user: 'userId',
  project_id: 'projectId',
  tenant_id: 'projectId',
  tenant: 'projectId',
  user_name: 'userName',
  project_name: 'projectName',
  tenant_name: 'projectName',
  domain: 'domain',
  user_domain: 'userDomain',
  project_domain: 'projectDomain',
  remote_address: 'remoteAddress',
  instance: 'instance',
  instance_uuid: 'instance',
};

/** mongoexport writes dates as `{ "$date": … }` and ids as `{ "$oid": … }`. */
function unwrapExtendedJson(value: unknown): unknown {
  if (!isObject(value)) return value;
  if ('$date' in value) {
    const inner = value.$date;
    if (isObject(inner) && typeof inner.$numberLong === 'string') return new Date(Number(inner.$numberLong));
    return typeof inner === 'string' || typeof inner === 'number' ? new Date(inner) : inner;
  }
  if (typeof value.$oid === 'string') return value.$oid;
  return value;
}

/** Maps a 2013 LogCAS document to the record fields. */
export function readLegacyLogcas(record: Record<string, unknown>): StructuredFields {
  const given = isObject(record.extra) ? record.extra : {};
  const fields: Partial<StructuredFields> & Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(given)) {
    const target = EXTRA_MAPPED[key];
    const found = target === undefined ? null : text(isObject(value) ? value.uuid : value);
    if (target !== undefined && found !== null) {
      if (fields[target] === undefined) fields[target] = found;
    } else if (value !== null && value !== undefined) {
      extra[key] = value;
    }
  }
  for (const [key, value] of Object.entries(record)) {
    if (!MAPPED.has(key) && value !== null && value !== undefined) extra[key] = value;
  }
  if (typeof record.funcname === 'string') extra.funcName = record.funcname;
  const id = unwrapExtendedJson(record._id);
  if (typeof id === 'string') extra.legacyId = id;
  const created = typeof record.created === 'number';
  return {
    ...fields,
    timeField: created ? 'created' : 'time',
    time: created ? record.created : unwrapExtendedJson(record.time),
    msecs: record.msecs,
    levelField: 'levelname' in record ? 'levelname' : 'levelno',
    level: record.levelname ?? record.levelno,
    message: record.message ?? record.msg,
    errorSummary: undefined,
    logger: record.name,
    host: record.hostname,
    service: record.binary,
    pid: record.process,
    traceback: record.traceback,
    extra,
  };
}
