/** One read query → API calls → frames, per query type. The datasource reads the query and handles errors. */
import type { DataFrame, TimeRange } from '@grafana/data';
import type { CollectionName, RequestDetailResponse } from '@logcas/contract';
import { EXCLUSION_PARAMS } from '@logcas/contract/constants';
import { LogcasApi, type LogFilterParams, type LogsParams } from '../api';
import {
  annotationsFrame,
  emptyFrame,
  listMeta,
  logsFrame,
  requestDetailFrames,
  requestsFrame,
  traceFrame,
  volumeFrames,
} from '../frames';
import { LEVELS, parseLevel } from '@logcas/contract/constants';
import type { LinkTargets } from '../links';
import { QUERY_TYPES, type InterpolatedQuery } from '../types';
import { QueryInputError } from './errors';
import { matchesNothing } from './read';
import { isViewQuery, runViewQuery } from './views';

export interface RunContext {
  api: LogcasApi;
  links: LinkTargets;
  range: TimeRange;
  /** The panel's interval, for the volume step. */
  intervalMs?: number;
  /**
   * Prefix of the ids Grafana's backend service cancels by: a refresh of the same panel query starts a
   * request with the same id, which cancels the outdated one still running.
   */
  requestId: string;
  /**
   * Answers shared by the queries of one Grafana request: Request detail and Request trace of the same
   * request (one panel feeding a dashboard's timeline, trace and logs) fetch it once.
   */
  shared?: Map<string, Promise<unknown>>;
}

/** What the empty Request detail and trace say, instead of an error, until a request id is chosen. */
export const NO_REQUEST_HINT =
  'No request chosen: enter a request id (req-<uuid>) in the Request box, or click a request id or bar ' +
  'in a Requests table or timeline.';
export const NOTHING_MATCHES_HINT = 'No value matches both the query and the dashboard filters.';

/** `excludeHost`, `excludeService`… parameters of the query's exclusions. */
function exclusions(query: InterpolatedQuery): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [param, field] of Object.entries(EXCLUSION_PARAMS)) {
    const values = query.exclude[field];
    if (values && values.length > 0) out[param] = values;
  }
  return out;
}

/** Filters shared by logs, volume and annotations (readQuery already dropped those the type does not use). */
function logFilters(query: InterpolatedQuery, context: RunContext): LogFilterParams & { collection?: CollectionName } {
  return {
    ...queryFilters(query),
    collection: query.collection,
    from: context.range.from.valueOf(),
    to: context.range.to.valueOf(),
  };
}

/** What a log of the query must match, whatever its time and collection: what a live tail follows. */
export function queryFilters(query: InterpolatedQuery): LogFilterParams {
  return {
    minLevel: query.minLevel,
    level: query.level,
    host: query.host,
    service: query.service,
    project: query.project,
    user: query.user,
    requestId: query.requestId,
    globalRequestId: query.globalRequestId,
    instance: query.instance,
    q: query.search,
    ...exclusions(query),
  };
}

/** Volume step: the panel interval rounded up to whole minutes (the API's volume has minute buckets). */
export function volumeStep(query: InterpolatedQuery, intervalMs: number | undefined): number {
  if (query.step && query.step > 0) return query.step;
  return Math.max(60, Math.ceil((intervalMs ?? 60000) / 60000) * 60);
}

/** One request detail call: the request, its related requests and (when asked) their logs in one list. */
function fetchRequest(
  requestId: string,
  query: InterpolatedQuery,
  context: RunContext,
): Promise<RequestDetailResponse> {
  const params = {
    collection: query.collection,
    minLevel: query.minLevel,
    host: query.host,
    includeRelated: query.includeRelated !== false,
  };
  const key = JSON.stringify([requestId, params]);
  const known = context.shared?.get(key) as Promise<RequestDetailResponse> | undefined;
  if (known) return known;
  const fetched = context.api.requestDetail(requestId, params, { requestId: context.requestId });
  context.shared?.set(key, fetched);
  return fetched;
}

async function runLogs(query: InterpolatedQuery, context: RunContext): Promise<DataFrame[]> {
  const params: LogsParams = { ...logFilters(query, context), limit: query.limit, order: query.order };
  if (query.around) {
    // The range window replaces the dashboard range: around + span set from/to (docs/http-api.md).
    delete params.from;
    delete params.to;
    params.around = /^\d+$/.test(query.around) ? Number(query.around) : query.around;
    params.span = query.span;
  }
  const list = await context.api.logs(params, { requestId: context.requestId });
  const meta = {
    custom: listMeta(list),
    // Grafana tells "limit reached" when a logs frame holds meta.limit rows.
    limit: query.limit,
    searchWords: query.search ? [query.search] : undefined,
  };
  return [logsFrame(list.items, { refId: query.refId, links: context.links, meta })];
}

/** Runs one read query and returns its frames. */
export async function runQuery(query: InterpolatedQuery, context: RunContext): Promise<DataFrame[]> {
  const { api, links } = context;
  const refId = query.refId;
  if (matchesNothing(query)) return [emptyFrame(refId, NOTHING_MATCHES_HINT)];
  if (isViewQuery(query)) return runViewQuery(query, context);
  switch (query.queryType ?? QUERY_TYPES.logs) {
    case QUERY_TYPES.logs:
      return runLogs(query, context);
    case QUERY_TYPES.requests: {
      const list = await api.requests(
        {
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
        },
        { requestId: context.requestId },
      );
      return [requestsFrame(list.items, refId, links)];
    }
    case QUERY_TYPES.requestDetail: {
      if (!query.requestId) return [emptyFrame(refId, NO_REQUEST_HINT, 'logs')];
      return requestDetailFrames(await fetchRequest(query.requestId, query, context), refId, links);
    }
    case QUERY_TYPES.requestTrace: {
      if (!query.requestId) return [emptyFrame(refId, NO_REQUEST_HINT, 'trace')];
      return [traceFrame(await fetchRequest(query.requestId, query, context), refId)];
    }
    case QUERY_TYPES.volume: {
      const volume = await api.volume(
        { ...logFilters(query, context), step: volumeStep(query, context.intervalMs) },
        { requestId: context.requestId },
      );
      return volumeFrames(volume, refId, query.grafanaLevels === true);
    }
    case QUERY_TYPES.annotations: {
      const asked = query.minLevel ? parseLevel(query.minLevel) : undefined;
      const list = await api.logs(
        {
          ...logFilters(query, context),
          minLevel: Math.max(LEVELS.WARNING, asked ?? LEVELS.WARNING),
          limit: query.limit ?? 1000,
          order: 'asc',
        },
        { requestId: context.requestId },
      );
      return [annotationsFrame(list.items, refId)];
    }
    default:
      throw new QueryInputError(`Unknown query type "${String(query.queryType)}"`);
  }
}
