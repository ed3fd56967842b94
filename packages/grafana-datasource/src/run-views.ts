/** The runners of the error and resource query types (docs/fingerprints.md); run-query.ts dispatches here. */
import type { DataFrame } from '@grafana/data';
import { errorDetailFrames, errorsFrame, resourceHistoryFrame } from './frames';
import { QueryInputError, type RunContext } from './run-query';
import { QUERY_TYPES, type InterpolatedQuery } from './types';

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
        order: query.order,
        newOnly: query.newOnly,
        limit: query.limit,
      });
      return [errorsFrame(list, refId, links)];
    }
    case QUERY_TYPES.errorDetail: {
      if (!query.fingerprint) throw new QueryInputError('Enter an error fingerprint (16 hex characters).');
      const detail = await api.errorDetail(query.fingerprint, {
        collection: query.collection,
        from,
        to,
        limit: query.limit,
      });
      return errorDetailFrames(detail, refId, links);
    }
    case QUERY_TYPES.resourceHistory: {
      if (!query.resource) throw new QueryInputError('Enter a resource uuid (an instance, volume, port…).');
      const detail = await api.resourceDetail(query.resource.trim(), {
        collection: query.collection,
        limit: query.limit,
      });
      return [resourceHistoryFrame(detail, refId, links)];
    }
    default:
      throw new QueryInputError(`Unknown query type "${String(query.queryType)}"`);
  }
}
