/** The runners of the error and resource query types (docs/fingerprints.md); run.ts dispatches here. */
import type { DataFrame } from '@grafana/data';
import { emptyFrame, errorDetailFrames, errorsFrame, resourceHistoryFrame, resourcesFrame } from '../frames';
import { QUERY_TYPES, type InterpolatedQuery } from '../types';
import { QueryInputError } from './errors';
import type { RunContext } from './run';

/** What Error detail and Resource history say, instead of an error, until a fingerprint or resource is chosen. */
export const NO_FINGERPRINT_HINT =
  'No error chosen: enter a fingerprint (16 hex characters) in the Fingerprint box, or click one in an Errors table.';
export const NO_RESOURCE_HINT =
  "No resource chosen: enter an instance, volume, port, network or image uuid in the Resource box, or click a uuid in a log's details.";

const VIEW_TYPES: ReadonlySet<string> = new Set([
  QUERY_TYPES.errors,
  QUERY_TYPES.errorDetail,
  QUERY_TYPES.resources,
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
      const list = await api.errors(
        {
          collection: query.collection,
          from,
          to,
          minLevel: query.minLevel,
          host: query.host,
          service: query.service,
          sort: query.errorSort,
          newOnly: query.newOnly,
          limit: query.limit,
        },
        call,
      );
      return [errorsFrame(list, refId, links)];
    }
    case QUERY_TYPES.errorDetail: {
      if (!query.fingerprint) return [emptyFrame(refId, NO_FINGERPRINT_HINT)];
      const detail = await api.errorDetail(
        query.fingerprint,
        {
          collection: query.collection,
          from,
          to,
          limit: query.limit,
        },
        call,
      );
      return errorDetailFrames(detail, refId, links);
    }
    case QUERY_TYPES.resources: {
      const list = await api.resources({ collection: query.collection, from, to, limit: query.limit }, call);
      return [resourcesFrame(list, refId, links)];
    }
    case QUERY_TYPES.resourceHistory: {
      if (!query.resource) return [emptyFrame(refId, NO_RESOURCE_HINT)];
      const detail = await api.resourceDetail(
        query.resource.trim(),
        {
          collection: query.collection,
          limit: query.limit,
        },
        call,
      );
      return [resourceHistoryFrame(detail, refId, links)];
    }
    default:
      throw new QueryInputError(`Unknown query type "${String(query.queryType)}"`);
  }
}
