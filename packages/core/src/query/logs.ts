/** Log list and log detail over live or archive (docs/http-api.md, `GET /logs`). */
import type { CollectionName, ListResponse, LogRecord, LogsParams } from '@logcas/contract';
import { NotFoundError, ValidationError } from '../errors';
import type { StoredLog } from '../store/collections';
import type { Store } from '../store/connection';
import { findLogById } from '../store/logs';
import { toLogRecord } from './convert';
import { readCursorKey } from './cursor-key';
import { readCollection } from './inputs';
import { buildLogFilter, buildLogFind, logWalk, readLogCursor, readLogQuery } from './log-query';
import { runPage, walkOver } from './page';

/** `GET /logs`: one page of logs in (ts, id) order, by page number or keyset cursor. */
export async function queryLogs(store: Store, params: LogsParams = {}): Promise<ListResponse<LogRecord>> {
  const query = readLogQuery(params);
  const cursorKey = await readCursorKey(store);
  const cursor = readLogCursor(query, cursorKey);
  return runPage<StoredLog, LogRecord>(store, {
    plan: buildLogFind(query, cursor),
    countFilter: buildLogFilter(query),
    paging: query,
    cursor,
    sortName: `ts:${query.order}`,
    cursorKey,
    convert: toLogRecord,
    walk: walkOver(store, query.set, logWalk(query)),
  });
}

/** `GET /logs/:id`: every stored field of one log; 404 when the id is unknown. */
export async function getLog(store: Store, id: string, collection?: CollectionName): Promise<LogRecord> {
  if (typeof id !== 'string' || id.length === 0) throw new ValidationError('id must be a log id', 'id');
  const set = readCollection(collection);
  const doc = await findLogById(store, set, id);
  if (!doc) throw new NotFoundError(`no log with id ${id} in the ${set} collection`);
  return toLogRecord(doc);
}
