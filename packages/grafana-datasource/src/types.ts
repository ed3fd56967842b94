/** The query, options and secret shapes of the LogCAS datasource, with their defaults. */
import type { DataQuery, DataSourceApi, DataSourceJsonData } from '@grafana/data';
import {
  DEFAULT_SPAN_SECONDS,
  EXCLUSION_PARAMS,
  type ExcludableFilter,
  type ListFilter,
} from '@logcas/contract/constants';
import type { CollectionName, ErrorSort, RequestSort, SortOrder, ValuesField } from '@logcas/contract';
import type { LogcasApi } from './api';

/** What a query asks for; each maps to one API route (see api.ts). */
export const QUERY_TYPES = {
  logs: 'logs',
  requests: 'requests',
  requestDetail: 'requestDetail',
  requestTrace: 'requestTrace',
  volume: 'volume',
  /** Error fingerprints in the range (docs/fingerprints.md): a table with counts and sparklines. */
  errors: 'errors',
  /** One fingerprint: its records and the requests it failed. */
  errorDetail: 'errorDetail',
  /** OpenStack resources named by logs in the range, failures first (a table to pick one from). */
  resources: 'resources',
  /** One resource (instance, volume, port…): the requests that touched it. */
  resourceHistory: 'resourceHistory',
  /** Used by dashboard annotations only: WARNING+ logs as annotation events. */
  annotations: 'annotations',
} as const;
export type QueryType = (typeof QUERY_TYPES)[keyof typeof QUERY_TYPES];

/** A dashboard variable in a field whose value is otherwise a fixed choice, e.g. `$collection`. */
export type VariableRef = `$${string}`;

/**
 * A filter that takes several values, matched as any of them: one text (possibly a `$variable`, which may
 * itself hold several values) or a list of texts, as the editor's multi-selects store it.
 */
export type FilterValue = string | string[];

/** Filters that take lists of values (repeated API parameters, `host=a&host=b`). */
export { LIST_FILTERS, type ListFilter } from '@logcas/contract/constants';

/**
 * Filters a value can be excluded from ("filter out" in Log details, `!=` ad hoc filters): the labels of
 * a log row. The API's `excludeHost`, `excludeService`… parameters.
 */
export const EXCLUDABLE_FILTERS: readonly ExcludableFilter[] = Object.values(EXCLUSION_PARAMS);
export type { ExcludableFilter };
export type Exclusions = Partial<Record<ExcludableFilter, string[]>>;

/** Number fields: a number, or a text holding a `$variable` that must become a whole number. */
export type NumberValue = number | string;

export interface LogcasQuery extends DataQuery {
  /** Which view to query; default `logs`. */
  queryType?: QueryType;
  /** `live` (default) or `archive`, or a dashboard variable holding one of them. */
  collection?: CollectionName | VariableRef;
  /** Minimum level name or number; the API's default is INFO. Template variables allowed. */
  minLevel?: string;
  /** Exact level names, any of them (e.g. from "filter for level" in Log details). */
  level?: FilterValue;
  /** Exact host names, any of them. Template variables allowed; `*` or empty means any. */
  host?: FilterValue;
  /** Exact service (program) names, e.g. `nova-compute`. */
  service?: FilterValue;
  /** Project ids (the API matches ids, not names). */
  project?: FilterValue;
  /** User ids (the API matches ids, not names). */
  user?: FilterValue;
  /** Values excluded per filter ("filter out value"). */
  exclude?: Exclusions;
  /** Request id (`req-<uuid>`): a filter for logs, the subject of request detail and trace. */
  requestId?: string;
  /** oslo `global_request_id` filter (logs). */
  globalRequestId?: string;
  /** Instance uuid filter (logs). */
  instance?: string;
  /** Case-insensitive literal substring of the message (logs). */
  search?: string;
  /** Range window (logs): a time (ISO 8601 or epoch ms); with it, the dashboard range is ignored. */
  around?: string;
  /** Range window half-width in seconds (1 to MAX_SPAN_SECONDS, default DEFAULT_SPAN_SECONDS). */
  span?: NumberValue;
  /** Most rows to return (1 to MAX_LIMIT). */
  limit?: NumberValue;
  /** Time order of logs; `desc` shows the newest first. */
  order?: SortOrder;
  /** Logs: keep following the query, adding logs as they are stored (Explore's live mode does this too). */
  live?: boolean;
  /** Request list order. */
  sort?: RequestSort;
  /** Request list: only requests with a user (the API's default, true). */
  userOnly?: boolean;
  /** Request detail and trace: also fetch the requests linked by global request ids (default true). */
  includeRelated?: boolean;
  /** Volume step in seconds; default follows the panel's interval. */
  step?: NumberValue;
  /**
   * Volume: one series per Grafana level (AUDIT counted with INFO) instead of per LogCAS level. Set on
   * Explore's logs-volume query, whose colours and level filters know only Grafana's levels.
   */
  grafanaLevels?: boolean;
  /** Error detail: the fingerprint (16 hex characters). */
  fingerprint?: string;
  /** Resource history: the resource uuid. */
  resource?: string;
  /** Errors: only fingerprints first seen inside the dashboard range. */
  newOnly?: boolean;
  /** Errors: count (default), lastSeen or firstSeen. */
  errorSort?: ErrorSort;
}

/**
 * A query ready for the API: variables replaced, lists flattened (undefined = no filter), numbers checked.
 * What the runners see.
 */
export interface InterpolatedQuery extends Omit<
  LogcasQuery,
  'collection' | ListFilter | 'exclude' | 'span' | 'limit' | 'step'
> {
  collection?: CollectionName;
  host?: string[];
  service?: string[];
  level?: string[];
  project?: string[];
  user?: string[];
  exclude: Exclusions;
  span?: number;
  limit?: number;
  step?: number;
}

export const DEFAULT_QUERY = {
  queryType: QUERY_TYPES.logs,
  collection: 'live',
  limit: 1000,
  order: 'desc',
  includeRelated: true,
} as const satisfies Partial<LogcasQuery>;

/**
 * A dashboard variable query: the distinct values of one field in the dashboard's time range. `field` is
 * missing on a variable whose editor was never touched (the editor shows the default, host).
 */
export interface LogcasVariableQuery extends DataQuery {
  field?: ValuesField;
  collection?: CollectionName;
}

export const DEFAULT_VARIABLE_QUERY = { field: 'host', collection: 'live' } as const satisfies Omit<
  LogcasVariableQuery,
  'refId'
>;

/** Settings stored in the datasource's jsonData (not secret). */
export interface LogcasOptions extends DataSourceJsonData {
  /** Root URL of the LogCAS server as Grafana's backend reaches it, e.g. `http://logcas:8080` (no `/api/v1`). */
  apiUrl?: string;
  /** Collection a new query starts with. */
  defaultCollection?: CollectionName;
  /** uid of the request-detail dashboard that request-id links open (default `logcas-request`). */
  requestDashboardUid?: string;
  /** Seconds before and after a row that log context shows (default 60). */
  contextSpan?: number;
}

/** Settings Grafana stores encrypted and never sends back to the browser. */
export interface LogcasSecureJsonData {
  /**
   * The server's LOGCAS_API_READ_TOKEN (it reaches the read routes only, all Grafana needs); Grafana's data
   * proxy adds it as a Bearer header.
   */
  apiToken?: string;
}

export const DEFAULT_REQUEST_DASHBOARD_UID = 'logcas-request';
/** uid of the provisioned Resource history dashboard that resource links open. */
export const RESOURCE_DASHBOARD_UID = 'logcas-resource';
export const DEFAULT_CONTEXT_SPAN = DEFAULT_SPAN_SECONDS;
/** uid of the provisioned Range window dashboard. */
export const DEFAULT_RANGE_DASHBOARD_UID = 'logcas-range';

/** The datasource as editors and variable support see it (avoids an import cycle with datasource.ts). */
export type LogcasDataSourceApi = DataSourceApi<LogcasQuery, LogcasOptions> & { readonly api: LogcasApi };
