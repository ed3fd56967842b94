/** Request list and request detail over live or archive (docs/http-api.md, `GET /requests`). */
import {
  MAX_LIMIT,
  MAX_RELATED_REQUESTS,
  type ListResponse,
  type RequestDetailParams,
  type RequestDetailResponse,
  type RequestsParams,
  type RequestSummary,
} from '@logcas/contract';
import { NotFoundError } from '../errors';
import type { StoredLog, StoredRequest } from '../store/collections';
import type { Store } from '../store/connection';
import { findDocuments } from '../store/find';
import { findRequestById, maxRequestDuration } from '../store/requests';
import { toLogRecord, toRequestSummary } from './convert';
import { readCursorKey } from './cursor-key';
import { integerIn, normalizeRequestId, readBoolean, readCollection, readLevel, readValues } from './inputs';
import { runPage, walkOver } from './page';
import { buildDetailLogsFind, buildRelatedFind } from './request-detail-query';
import {
  buildRequestFilter,
  buildRequestFind,
  readRequestCursor,
  readRequestQuery,
  requestWalk,
} from './request-query';

/** `GET /requests`: request summaries overlapping from–to, filtered and sorted, by page or cursor. */
export async function queryRequests(store: Store, params: RequestsParams = {}): Promise<ListResponse<RequestSummary>> {
  const query = readRequestQuery(params);
  const cursorKey = await readCursorKey(store);
  const cursor = readRequestCursor(query, cursorKey);
  const maxDuration = query.from || query.to ? await maxRequestDuration(store, query.set) : 0;
  return runPage<StoredRequest, RequestSummary>(store, {
    plan: buildRequestFind(query, maxDuration, cursor),
    countFilter: buildRequestFilter(query, maxDuration),
    paging: query,
    cursor,
    sortName: `${query.sort}:${query.order}`,
    cursorKey,
    convert: toRequestSummary,
    walk: walkOver(store, query.set, requestWalk(query)),
  });
}

/**
 * `GET /requests/:requestId`: the summary, its logs in time order (with `includeRelated`, the related
 * requests' logs among them) and the requests linked to it by global request ids. The id may be
 * `req-<uuid>`, a bare uuid, any case.
 */
export async function getRequestDetail(
  store: Store,
  requestId: string,
  params: RequestDetailParams = {},
): Promise<RequestDetailResponse> {
  const id = normalizeRequestId(requestId, 'requestId');
  const set = readCollection(params.collection);
  const minLevel = readLevel(params.minLevel, 'minLevel');
  const host = readValues(params.host, 'host');
  const limit = params.limit === undefined ? MAX_LIMIT : integerIn(params.limit, 'limit', 1, MAX_LIMIT);
  const withRelated = readBoolean(params.includeRelated, 'includeRelated', false);
  const summary = await findRequestById(store, set, id);
  if (!summary) throw new NotFoundError(`no request ${id} in the ${set} collection`);
  const related = await findDocuments<StoredRequest>(store, buildRelatedFind(set, summary));
  const parent =
    summary.globalRequestId && summary.globalRequestId !== id && !related.some((r) => r._id === summary.globalRequestId)
      ? await findRequestById(store, set, summary.globalRequestId)
      : null;
  const linked = [...(parent ? [parent] : []), ...related.filter((r) => r._id !== id)];
  linked.sort((a, b) => a.start.getTime() - b.start.getTime() || (a._id < b._id ? -1 : 1));
  // One find for the request's logs and, when asked, its related requests' logs, in time order.
  const requestIds = [id, ...(withRelated ? linked.slice(0, MAX_RELATED_REQUESTS).map((r) => r._id) : [])];
  const rows = await findDocuments<StoredLog>(
    store,
    buildDetailLogsFind({ set, requestIds, minLevel, host, limit: limit + 1 }),
  );
  return {
    request: toRequestSummary(summary),
    logs: rows.slice(0, limit).map(toLogRecord),
    related: linked.map(toRequestSummary),
    truncated: rows.length > limit,
  };
}
