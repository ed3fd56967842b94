/** Request list and request detail over live or archive (SPEC §2 views 3, 4). */
import {
  MAX_LIMIT,
  TOTAL_CAP,
  type ListResponse,
  type RequestDetailParams,
  type RequestDetailResponse,
  type RequestsParams,
  type RequestSummary,
} from '@logcas/contract';
import { NotFoundError, ValidationError } from '../errors';
import type { Store } from '../store/connection';
import { countDocumentsCapped } from '../store/find-page';
import { findLogs } from '../store/find-logs';
import { findRequestById, findRequests, maxRequestDuration } from '../store/find-requests';
import { toLogRecord, toRequestSummary } from './convert';
import { readCollection, readLevel, readValue, normalizeRequestId } from './inputs';
import { buildDetailLogsFind, buildRelatedFind } from './request-detail-query';
import { buildRequestFilter, buildRequestFind, readRequestCursor, readRequestQuery } from './request-query';
import { assemblePage, totalFor } from './page';

/** `GET /requests`: request summaries overlapping from–to, filtered and sorted, by page or cursor. */
export async function queryRequests(store: Store, params: RequestsParams = {}): Promise<ListResponse<RequestSummary>> {
  const query = readRequestQuery(params);
  const cursor = readRequestCursor(query);
  const maxDuration = query.from || query.to ? await maxRequestDuration(store, query.set) : 0;
  const plan = buildRequestFind(query, maxDuration, cursor);
  const count = () => countDocumentsCapped(store, plan.collection, buildRequestFilter(query, maxDuration), TOTAL_CAP);
  // The count runs alongside the page (both round trips overlap); a cursor already carries its total.
  const [rows, counted] = await Promise.all([findRequests(store, plan), cursor ? undefined : count()]);
  const totals = await totalFor(query, cursor, rows.length, async () => counted ?? count());
  return assemblePage(
    {
      rows,
      paging: query,
      cursor,
      sort: plan.sort,
      sortName: `${query.sort}:${query.order}`,
      convert: toRequestSummary,
    },
    totals,
  );
}

/**
 * `GET /requests/:requestId`: the summary, its logs in time order and the requests linked to it by global
 * request ids. The id may be `req-<uuid>`, a bare uuid, any case.
 */
export async function getRequestDetail(
  store: Store,
  requestId: string,
  params: RequestDetailParams = {},
): Promise<RequestDetailResponse> {
  const id = normalizeRequestId(requestId, 'requestId');
  const set = readCollection(params.collection);
  const minLevel = readLevel(params.minLevel, 'minLevel');
  const host = readValue(params.host, 'host');
  const limit = params.limit ?? MAX_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new ValidationError(`limit must be an integer from 1 to ${MAX_LIMIT}`, 'limit');
  }
  const summary = await findRequestById(store, set, id);
  if (!summary) throw new NotFoundError(`no request ${id} in the ${set} collection`);
  const [logs, related] = await Promise.all([
    findLogs(store, buildDetailLogsFind({ set, requestId: id, minLevel, host, limit })),
    findRequests(store, buildRelatedFind(set, summary)),
  ]);
  const parent =
    summary.globalRequestId && summary.globalRequestId !== id && !related.some((r) => r._id === summary.globalRequestId)
      ? await findRequestById(store, set, summary.globalRequestId)
      : null;
  const linked = [...(parent ? [parent] : []), ...related.filter((r) => r._id !== id)];
  linked.sort((a, b) => a.start.getTime() - b.start.getTime() || (a._id < b._id ? -1 : 1));
  return { request: toRequestSummary(summary), logs: logs.map(toLogRecord), related: linked.map(toRequestSummary) };
}
