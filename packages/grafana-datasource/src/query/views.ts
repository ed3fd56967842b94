/** The runners of the error and resource query types (docs/fingerprints.md); run.ts dispatches here. */
import type { DataFrame } from '@grafana/data';
import { errorDetailFrames, errorsFrame, resourceHistoryFrame } from '../frames';
import { QUERY_TYPES, type InterpolatedQuery } from '../types';
import { QueryInputError } from './errors';
import type { RunContext } from './run';

const VIEW_TYPES: ReadonlySet<string> = new Set([
  QUERY_TYPES.errors,
  QUERY_TYPES.errorDetail,
  QUERY_TYPES.resourceHistory,
]);

/** True for the query types this file runs. */
export function isViewQuery(query: Pick<InterpolatedQuery, 'queryType'>): boolean {
  return VIEW_TYPES.has(query.queryType ?? '');
}

export async function runViewQuery(query: InterpolatedQuery, context: RunContext): Promise<DataFrame[]> {
  const { api, links, range } = context;
  const call = { requestId: context.requestId };
  const refId = query.refId;
  const from = range.from.valueOf();
  const to = range.to.valueOf();
  switch (query.queryType) {
    case QUERY_TYPES.errors: {
      const list = await api.errors({
        collection: query.collection,
        from,
        to,
        minLevel: query.minLevel,
        host: query.host,
        service: query.service,
        sort: query.errorSort,
        newOnly: query.newOnly,
        limit: query.limit,
      }, call);
      return [errorsFrame(list, refId, links)];
    }
    case QUERY_TYPES.errorDetail: {
      if (!query.fingerprint) throw new QueryInputError('Enter an error fingerprint (16 hex characters).');
      const detail = await api.errorDetail(query.fingerprint, {
        collection: query.collection,
        from,
        to,
        limit: query.limit,
      }, call);
      return errorDetailFrames(detail, refId, links);
    }
    case QUERY_TYPES.resourceHistory: {
      if (!query.resource) throw new QueryInputError('Enter a resource uuid (an instance, volume, port…).');
      const detail = await api.resourceDetail(query.resource.trim(), {
        collection: query.collection,
        limit: query.limit,
      }, call);
      return [resourceHistoryFrame(detail, refId, links)];
    }
    default:
      throw new QueryInputError(`Unknown query type "${String(query.queryType)}"`);
  }
}
