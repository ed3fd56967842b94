/** One query → API calls → frames, per query type. The datasource picks the runner and handles errors. */
import type { DataFrame, TimeRange } from '@grafana/data';
import { LEVELS, parseLevel } from '@logcas/contract/constants';
import type { LogsParams, RequestDetailResponse } from '@logcas/contract';
import { LogcasApi } from './api';
import {
  annotationsFrame,
  listMeta,
  logsFrame,
  requestDetailFrames,
  requestsFrame,
  traceFrame,
  volumeFrames,
} from './frames';
import type { LinkTargets } from './links';
import { isViewQuery, runViewQuery } from './run-views';
import { MAX_RELATED_REQUESTS, QUERY_TYPES, type InterpolatedQuery } from './types';

export interface RunContext {
  api: LogcasApi;
  links: LinkTargets;
  range: TimeRange;
  /** The panel's interval, for the volume step. */
  intervalMs?: number;
}

/** A query that cannot run as written (missing request id, bad level…): shown to the user as its message. */
export class QueryInputError extends Error {
  override name = 'QueryInputError';
}

/** Filters shared by logs, volume and annotations. */
function logFilters(query: InterpolatedQuery, context: RunContext): LogsParams {
  return {
    collection: query.collection,
    from: context.range.from.valueOf(),
    to: context.range.to.valueOf(),
    minLevel: query.minLevel,
    host: query.host,
    service: query.service,
    requestId: query.requestId,
    globalRequestId: query.globalRequestId,
    instance: query.instance,
    project: query.project,
    user: query.user,
    q: query.search,
  };
}

/** Volume step: the panel interval rounded up to whole minutes (the API's volume has minute buckets). */
function volumeStep(query: InterpolatedQuery, intervalMs: number | undefined): number {
  if (query.step && query.step > 0) return query.step;
  return Math.max(60, Math.ceil((intervalMs ?? 60000) / 60000) * 60);
}

function requireRequestId(query: InterpolatedQuery): string {
  if (!query.requestId) {
    throw new QueryInputError('Enter a request id (req-<uuid>) to show a request detail or trace.');
  }
  return query.requestId;
}

async function fetchRequest(
  query: InterpolatedQuery,
  context: RunContext,
): Promise<[RequestDetailResponse, RequestDetailResponse[]]> {
  const requestId = requireRequestId(query);
  const primary = await context.api.requestDetail(requestId, {
    collection: query.collection,
    minLevel: query.minLevel,
    host: query.host,
  });
  if (query.includeRelated === false) return [primary, []];
  const related = primary.related
    .filter((r) => r.requestId !== primary.request.requestId)
    .slice(0, MAX_RELATED_REQUESTS);
  const details = await Promise.all(
    related.map((r) =>
      context.api.requestDetail(r.requestId, { collection: query.collection, minLevel: query.minLevel }),
    ),
  );
  return [primary, details];
}

/** Runs one interpolated query and returns its frames. */
export async function runQuery(query: InterpolatedQuery, context: RunContext): Promise<DataFrame[]> {
  const { api, links } = context;
  const refId = query.refId;
  if (isViewQuery(query)) return runViewQuery(query, context);
  switch (query.queryType ?? QUERY_TYPES.logs) {
    case QUERY_TYPES.logs: {
      const params: LogsParams = { ...logFilters(query, context), limit: query.limit, order: query.order };
      if (query.around) {
        // The range window replaces the dashboard range: around ± span sets from and to (docs/http-api.md).
        delete params.from;
        delete params.to;
        params.around = /^\d+$/.test(query.around) ? Number(query.around) : query.around;
        params.span = query.span;
      }
      const list = await api.logs(params);
      return [logsFrame(list.items, { refId, links, custom: listMeta(list) })];
    }
    case QUERY_TYPES.requests: {
      const list = await api.requests({
        collection: query.collection,
        from: context.range.from.valueOf(),
        to: context.range.to.valueOf(),
        minLevel: query.minLevel,
        host: query.host,
        service: query.service,
        project: query.project,
        user: query.user,
        userOnly: query.userOnly,
        sort: query.sort,
        order: query.order,
        limit: query.limit,
      });
      return [requestsFrame(list.items, refId, links)];
    }
    case QUERY_TYPES.requestDetail: {
      const [primary, related] = await fetchRequest(query, context);
      return requestDetailFrames(primary, related, refId, links);
    }
    case QUERY_TYPES.requestTrace: {
      const [primary, related] = await fetchRequest(query, context);
      return [traceFrame(primary, related, refId)];
    }
    case QUERY_TYPES.volume: {
      const volume = await api.volume({ ...logFilters(query, context), step: volumeStep(query, context.intervalMs) });
      return volumeFrames(volume, refId, query.grafanaLevels === true);
    }
    case QUERY_TYPES.annotations: {
      const asked = query.minLevel ? parseLevel(query.minLevel) : undefined;
      const list = await api.logs({
        ...logFilters(query, context),
        minLevel: Math.max(LEVELS.WARNING, asked ?? LEVELS.WARNING),
        limit: query.limit ?? 1000,
        order: 'asc',
      });
      return [annotationsFrame(list.items, refId)];
    }
    default:
      throw new QueryInputError(`Unknown query type "${String(query.queryType)}"`);
  }
}
