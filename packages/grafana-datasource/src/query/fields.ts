/**
 * Which query fields each query type uses. The editor shows exactly these and the runners send exactly
 * these, so a filter left over from another query type is neither hidden nor silently applied.
 */
import { EXCLUDABLE_FILTERS, QUERY_TYPES, type ExcludableFilter, type LogcasQuery, type QueryType } from '../types';

/** Query fields that filter or shape a query (the rest are type, collection and display flags). */
export type QueryField = keyof Omit<
  LogcasQuery,
  'refId' | 'hide' | 'key' | 'queryType' | 'datasource' | 'collection' | 'grafanaLevels' | 'exclude'
>;

const LOG_FILTERS = [
  'minLevel',
  'level',
  'host',
  'service',
  'project',
  'user',
  'requestId',
  'globalRequestId',
  'instance',
  'search',
] as const satisfies readonly QueryField[];

const ONE_REQUEST = ['requestId', 'minLevel', 'host', 'includeRelated'] as const satisfies readonly QueryField[];

export const QUERY_FIELDS: Readonly<Record<QueryType, readonly QueryField[]>> = {
  [QUERY_TYPES.logs]: [...LOG_FILTERS, 'around', 'span', 'limit', 'order', 'live'],
  [QUERY_TYPES.requests]: ['minLevel', 'host', 'service', 'project', 'user', 'limit', 'order', 'sort', 'userOnly'],
  [QUERY_TYPES.requestDetail]: ONE_REQUEST,
  [QUERY_TYPES.requestTrace]: ONE_REQUEST,
  [QUERY_TYPES.volume]: [...LOG_FILTERS, 'step'],
  [QUERY_TYPES.annotations]: LOG_FILTERS,
  [QUERY_TYPES.errors]: ['minLevel', 'host', 'service', 'limit', 'errorSort', 'newOnly'],
  [QUERY_TYPES.errorDetail]: ['fingerprint', 'limit'],
  [QUERY_TYPES.resources]: ['limit'],
  [QUERY_TYPES.resourceHistory]: ['resource', 'limit'],
};

/** Query types whose filters take exclusions ("filter out"): the ones over individual logs. */
const EXCLUDING_TYPES: ReadonlySet<QueryType> = new Set([
  QUERY_TYPES.logs,
  QUERY_TYPES.volume,
  QUERY_TYPES.annotations,
]);

export function usesField(queryType: QueryType | undefined, field: QueryField): boolean {
  return QUERY_FIELDS[queryType ?? QUERY_TYPES.logs].includes(field);
}

/** The filters whose values a query of this type can exclude. */
export function excludableFields(queryType: QueryType | undefined): readonly ExcludableFilter[] {
  return EXCLUDING_TYPES.has(queryType ?? QUERY_TYPES.logs) ? EXCLUDABLE_FILTERS : [];
}
