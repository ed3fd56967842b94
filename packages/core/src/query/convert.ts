/** Stored documents → the API's records: `_id` becomes `id`, Dates become ISO strings, bookkeeping is dropped. */
import { levelName, type LogRecord, type RequestSummary } from '@logcas/contract';
import type { StoredLog, StoredRequest } from '../store/collections';

export function toLogRecord(doc: StoredLog): LogRecord {
  const { _id, ts, ingestedAt: _ingestedAt, ...fields } = doc;
  return { id: _id, ts: toIso(ts), ...fields };
}

export function toRequestSummary(doc: StoredRequest): RequestSummary {
  const { _id, start, end, ...fields } = doc;
  return {
    requestId: _id,
    ...fields,
    start: toIso(start),
    end: toIso(end),
    maxLevelName: levelName(doc.maxLevel),
  };
}

export function toIso(value: Date | string | number): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
