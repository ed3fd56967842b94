/** Log list and log detail over live or archive (SPEC §2 views 1, 2, 5, 6). */
import { TOTAL_CAP, type CollectionName, type ListResponse, type LogRecord, type LogsParams } from '@logcas/contract';
import { NotFoundError, ValidationError } from '../errors';
import type { Store } from '../store/connection';
import { countDocumentsCapped } from '../store/find-page';
import { findLogById, findLogs } from '../store/find-logs';
import { toLogRecord } from './convert';
import { PLAIN_ID, readCollection } from './inputs';
import { buildLogFilter, buildLogFind, readLogCursor, readLogQuery } from './log-query';
import { assemblePage, totalFor } from './page';

/** `GET /logs`: one page of logs in (ts, id) order, by page number or keyset cursor. */
export async function queryLogs(store: Store, params: LogsParams = {}): Promise<ListResponse<LogRecord>> {
  const query = readLogQuery(params);
  const cursor = readLogCursor(query);
  const plan = buildLogFind(query, cursor);
  const count = () => countDocumentsCapped(store, plan.collection, buildLogFilter(query), TOTAL_CAP);
  // The count runs alongside the page (both round trips overlap); a cursor already carries its total.
  const [rows, counted] = await Promise.all([findLogs(store, plan), cursor ? undefined : count()]);
  const totals = await totalFor(query, cursor, rows.length, async () => counted ?? count());
  return assemblePage(
    { rows, paging: query, cursor, sort: plan.sort, sortName: `ts:${query.order}`, convert: toLogRecord },
    totals,
  );
}

/** `GET /logs/:id`: every stored field of one log; 404 when the id is unknown. */
export async function getLog(store: Store, id: string, collection?: CollectionName): Promise<LogRecord> {
  if (typeof id !== 'string' || !PLAIN_ID.test(id)) throw new ValidationError('id is not a log id', 'id');
  const set = readCollection(collection);
  const doc = await findLogById(store, set, id);
  if (!doc) throw new NotFoundError(`no log with id ${id} in the ${set} collection`);
  return toLogRecord(doc);
}
