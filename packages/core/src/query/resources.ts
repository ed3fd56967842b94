/** Resource list and resource history over live or archive (docs/http-api.md, `GET /resources`). */
import {
  levelName,
  type ListResponse,
  type ResourceDetailParams,
  type ResourceDetailResponse,
  type ResourceRequest,
  type ResourcesParams,
  type ResourceSummary,
} from '@logcas/contract';
import { NotFoundError } from '../errors';
import {
  requestsCollection,
  viewCollection,
  type StoredPair,
  type StoredRequest,
  type StoredResource,
} from '../store/collections';
import type { Store } from '../store/connection';
import { findById, findByIds, findDocuments } from '../store/find';
import { resourceKind } from '../store/resource-rollups';
import { toIso } from './convert';
import { buildPairsFind } from './error-query';
import { runPage } from './page';
import { readCursorKey } from './cursor-key';
import {
  buildResourceFilter,
  buildResourceFind,
  readResourceCursor,
  readResourceDetailQuery,
  readResourceListQuery,
  requestOperation,
  requestOutcome,
} from './resource-query';

/** `GET /resources`: resources seen in the range, failures first by default, by page or cursor. */
export async function queryResources(
  store: Store,
  params: ResourcesParams = {},
): Promise<ListResponse<ResourceSummary>> {
  const query = readResourceListQuery(params);
  const cursorKey = await readCursorKey(store);
  const cursor = readResourceCursor(query, cursorKey);
  return runPage<StoredResource, ResourceSummary>(store, {
    plan: buildResourceFind(query, cursor),
    countFilter: buildResourceFilter(query),
    paging: query,
    cursor,
    sortName: `${query.sort}:${query.order}`,
    cursorKey,
    convert: toResourceSummary,
  });
}

/** `GET /resources/:id`: the resource and the requests that touched it, oldest first. */
export async function getResourceDetail(
  store: Store,
  id: string,
  params: ResourceDetailParams = {},
): Promise<ResourceDetailResponse> {
  const query = readResourceDetailQuery(params);
  const resourceId = id.toLowerCase();
  const resource = await findById<StoredResource>(store, viewCollection(query.set, 'resources'), resourceId);
  if (!resource) throw new NotFoundError(`no resource ${resourceId} in the ${query.set} collection`);
  const pairs = await findDocuments<StoredPair>(
    store,
    buildPairsFind(viewCollection(query.set, 'resourceRequests'), resourceId, 1, query.limit + 1, query),
  );
  const shown = pairs.slice(0, query.limit);
  const requests = requestsCollection(query.set);
  const found = await findByIds<StoredRequest>(
    store,
    requests,
    shown.map((pair) => pair.requestId),
  );
  const summaries = new Map(found.map((request) => [request._id, request]));
  return {
    resource: toResourceSummary(resource),
    requests: shown.map((pair) => toResourceRequest(pair, summaries.get(pair.requestId))),
    truncated: pairs.length > query.limit,
  };
}

function toResourceSummary(doc: StoredResource): ResourceSummary {
  return {
    id: doc._id,
    kind: resourceKind(doc.kinds),
    kinds: doc.kinds,
    firstSeen: toIso(doc.firstSeen),
    lastSeen: toIso(doc.lastSeen),
    count: doc.count,
    levelCounts: doc.levelCounts,
    maxLevel: doc.maxLevel,
    maxLevelName: levelName(doc.maxLevel),
    errorCount: doc.errorCount,
    requestCount: doc.requestCount,
    services: doc.services,
    hosts: doc.hosts,
  };
}

/** A request of a resource's history; a pair whose summary is gone (pruned) still shows its mentions. */
function toResourceRequest(pair: StoredPair, request: StoredRequest | undefined): ResourceRequest {
  const start = request?.start ?? pair.first;
  const end = request?.end ?? pair.last;
  const maxLevel = request?.maxLevel ?? 0;
  return {
    requestId: pair.requestId,
    start: toIso(start),
    end: toIso(end),
    durationMs: end.getTime() - start.getTime(),
    operation: request ? requestOperation(request) : 'unknown',
    outcome: request ? requestOutcome(request) : 'ok',
    httpStatus: request?.httpStatus ?? null,
    maxLevel,
    maxLevelName: levelName(maxLevel),
    services: request?.services ?? [],
    hosts: request?.hosts ?? [],
    firstMention: toIso(pair.first),
    lastMention: toIso(pair.last),
  };
}
