/** The query, options and secret shapes of the LogCAS datasource, with their defaults. */
import type { DataQuery, DataSourceApi, DataSourceJsonData } from '@grafana/data';
import { DEFAULT_SPAN_SECONDS } from '@logcas/contract/constants';
import type { CollectionName, ErrorSort, RequestSort, SortOrder, ValuesField } from '@logcas/contract';

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
  /** One resource (instance, volume, port…): the requests that touched it. */
  resourceHistory: 'resourceHistory',
  /** Used by dashboard annotations only: WARNING+ logs as annotation events. */
  annotations: 'annotations',
} as const;
export type QueryType = (typeof QUERY_TYPES)[keyof typeof QUERY_TYPES];

/** A dashboard variable in a field whose value is otherwise a fixed choice, e.g. `$collection`. */
export type VariableRef = `$${string}`;

export interface LogcasQuery extends DataQuery {
  /** Which view to query; default `logs`. */
  queryType?: QueryType;
  /** `live` (default) or `archive`, or a dashboard variable holding one of them. */
  collection?: CollectionName | VariableRef;
  /** Minimum level name or number; the API's default is INFO. Template variables allowed. */
  minLevel?: string;
  /** Exact host name. Template variables allowed; `*` or empty means any. */
  host?: string;
  /** Exact service (program) name, e.g. `nova-compute`. */
  service?: string;
  /** Project id or name. */
  project?: string;
  /** User id or name. */
  user?: string;
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
  span?: number;
  /** Most rows to return (1 to MAX_LIMIT). */
  limit?: number;
  /** Time order of logs; `desc` shows the newest first. */
  order?: SortOrder;
  /** Request list order. */
  sort?: RequestSort;
  /** Request list: only requests with a user (the API's default, true). */
  userOnly?: boolean;
  /** Request detail and trace: also fetch the requests linked by global request ids (default true). */
  includeRelated?: boolean;
  /** Volume step in seconds; default follows the panel's interval. */
  step?: number;
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

/** A query after template variables were replaced: what the runners and the API see. */
export type InterpolatedQuery = Omit<LogcasQuery, 'collection'> & { collection?: CollectionName };

export const DEFAULT_QUERY: Partial<InterpolatedQuery> = {
  queryType: QUERY_TYPES.logs,
  collection: 'live',
  limit: 1000,
  order: 'desc',
  includeRelated: true,
};

/** A dashboard variable query: the distinct values of one field in the dashboard's time range. */
export interface LogcasVariableQuery extends DataQuery {
  field: ValuesField;
  collection?: CollectionName;
}

export const DEFAULT_VARIABLE_QUERY: Omit<LogcasVariableQuery, 'refId'> = { field: 'host', collection: 'live' };

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
  /** The server's LOGCAS_API_TOKEN; Grafana's data proxy adds it as a Bearer header. */
  apiToken?: string;
}

export const DEFAULT_REQUEST_DASHBOARD_UID = 'logcas-request';
/** uid of the provisioned Resource history dashboard that resource links open. */
export const RESOURCE_DASHBOARD_UID = 'logcas-resource';
export const DEFAULT_CONTEXT_SPAN = DEFAULT_SPAN_SECONDS;
/** Request detail and trace fetch at most this many related requests, to bound the number of calls. */
export const MAX_RELATED_REQUESTS = 20;

/** The datasource as editors and variable support see it (avoids an import cycle with datasource.ts). */
export type LogcasDataSourceApi = DataSourceApi<LogcasQuery, LogcasOptions>;
