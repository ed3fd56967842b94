/**
 * The LogCAS HTTP API (docs/http-api.md) reached only through Grafana's data proxy: `${instanceSettings.url}/api/…`
 * is the plugin.json route that forwards to `jsonData.apiUrl` and adds the secret Bearer token.
 */
import { getBackendSrv, isFetchError } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { API_PREFIX } from '@logcas/contract/constants';
import type {
  CollectionName,
  ErrorResponse,
  HealthResponse,
  ListParams,
  ListResponse,
  LogRecord,
  RequestDetailResponse,
  RequestSort,
  RequestSummary,
  ValuesField,
  ValuesResponse,
  VolumeResponse,
} from '@logcas/contract';
import type { ExcludableFilter } from './types';

/** Path of the plugin.json route; the API's own prefix follows it. */
const PROXY_ROUTE = 'api';

/** A list becomes a repeated parameter (`host=a&host=b`), as Grafana's backend service serialises arrays. */
type ParamValue = string | number | boolean | readonly string[] | undefined;
type Params = Record<string, ParamValue>;

/** API parameter of each exclusion ("filter out value"). */
export const EXCLUDE_PARAMS: Readonly<Record<ExcludableFilter, string>> = {
  host: 'excludeHost',
  service: 'excludeService',
  level: 'excludeLevel',
  project: 'excludeProject',
  user: 'excludeUser',
  instance: 'excludeInstance',
};

/** Filters of `/logs`, `/volume` and annotations; list filters match any of their values. */
export interface LogFilterParams {
  collection?: CollectionName;
  from?: string | number;
  to?: string | number;
  minLevel?: string | number;
  level?: readonly string[];
  host?: readonly string[];
  service?: readonly string[];
  project?: readonly string[];
  user?: readonly string[];
  requestId?: string;
  globalRequestId?: string;
  instance?: string;
  q?: string;
  /** `excludeHost`, `excludeService`…: values a log must not have. */
  [exclusion: `exclude${string}`]: readonly string[] | undefined;
}

export interface LogsParams extends LogFilterParams, Omit<ListParams, 'collection'> {
  around?: string | number;
  span?: number;
}

export interface RequestsParams extends Omit<ListParams, 'collection'> {
  collection?: CollectionName;
  from?: string | number;
  to?: string | number;
  minLevel?: string | number;
  host?: readonly string[];
  service?: readonly string[];
  project?: readonly string[];
  user?: readonly string[];
  userOnly?: boolean;
  sort?: RequestSort;
}

export interface RequestDetailParams {
  collection?: CollectionName;
  minLevel?: string | number;
  host?: readonly string[];
}

/** `GET /logs/tail`: the logs stored after a cursor, waiting up to `wait` seconds for some. */
export interface TailParams extends Omit<LogFilterParams, 'from' | 'to'> {
  /** `cursor` of the previous answer; without it the tail starts at the logs stored in the last minute. */
  cursor?: string;
  wait?: number;
  limit?: number;
}

export interface TailResponse {
  /** In the order they were stored. */
  items: LogRecord[];
  /** Where the next call continues. */
  cursor: string;
}

/** Per call: Grafana cancels an unfinished request when a newer one with the same id starts. */
export interface CallOptions {
  requestId?: string;
  /** Ends the call (a live tail that Grafana stopped). */
  abortSignal?: AbortSignal;
}

/** An API call that failed, carrying the HTTP status and the API's own error code and message. */
export class LogcasApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'LogcasApiError';
  }
}

export interface VolumeParams extends LogFilterParams {
  step?: number;
}

export interface ValuesParams {
  from?: string | number;
  to?: string | number;
  collection?: CollectionName;
}

export class LogcasApi {
  /** `proxyUrl` is the datasource's `instanceSettings.url` (Grafana's data proxy for this datasource). */
  constructor(private readonly proxyUrl: string) {}

  logs(params: LogsParams, options?: CallOptions): Promise<ListResponse<LogRecord>> {
    return this.get('/logs', { ...params }, options);
  }

  tail(params: TailParams, options?: CallOptions): Promise<TailResponse> {
    return this.get('/logs/tail', { ...params }, options);
  }

  requests(params: RequestsParams, options?: CallOptions): Promise<ListResponse<RequestSummary>> {
    return this.get('/requests', { ...params }, options);
  }

  requestDetail(
    requestId: string,
    params: RequestDetailParams = {},
    options?: CallOptions,
  ): Promise<RequestDetailResponse> {
    return this.get(`/requests/${encodeURIComponent(requestId)}`, { ...params }, options);
  }

  volume(params: VolumeParams, options?: CallOptions): Promise<VolumeResponse> {
    return this.get('/volume', { ...params }, options);
  }

  values(field: ValuesField, params: ValuesParams = {}, options?: CallOptions): Promise<ValuesResponse> {
    return this.get(`/values/${encodeURIComponent(field)}`, { ...params }, options);
  }

  health(): Promise<HealthResponse> {
    return this.get('/health', {});
  }

  /** The URL a path is fetched from: always below the data proxy route. */
  url(path: string): string {
    return `${this.proxyUrl}/${PROXY_ROUTE}${API_PREFIX}${path}`;
  }

  private async get<T>(path: string, params: Params, options: CallOptions = {}): Promise<T> {
    try {
      const response = await lastValueFrom(
        getBackendSrv().fetch<T>({
          url: this.url(path),
          method: 'GET',
          params: withoutEmpty(params),
          requestId: options.requestId,
          abortSignal: options.abortSignal,
          // Errors become query errors in the panel; a toast per failed query would only repeat them.
          showErrorAlert: false,
        }),
      );
      return response.data;
    } catch (error) {
      throw toApiError(error);
    }
  }
}

/** Drops undefined, empty-string and empty-list parameters: the API treats an empty filter as an error. */
export function withoutEmpty(params: Params): Record<string, string | number | boolean | string[]> {
  const out: Record<string, string | number | boolean | string[]> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value)) {
      const values = value.filter((v: string) => v !== '');
      if (values.length > 0) out[key] = values;
      continue;
    }
    out[key] = value as string | number | boolean;
  }
  return out;
}

/**
 * Any fetch failure → LogcasApiError with the most useful message available: the API's
 * `{ error: { message } }`, Grafana's proxy `{ message }` (e.g. bad gateway), or the HTTP status text.
 */
export function toApiError(error: unknown): LogcasApiError {
  if (error instanceof LogcasApiError) return error;
  if (isFetchError(error)) {
    const body = error.data as (Partial<ErrorResponse> & { message?: string }) | string | undefined;
    const apiError = typeof body === 'object' && body !== null ? body.error : undefined;
    const detail =
      (typeof apiError === 'object' && apiError?.message) ||
      (typeof body === 'object' && body !== null && typeof body.message === 'string' && body.message) ||
      (typeof body === 'string' && body.trim()) ||
      error.statusText ||
      error.message ||
      'request failed';
    const code = typeof apiError === 'object' ? apiError?.code : undefined;
    const prefix = error.status ? `LogCAS API error ${error.status}` : 'LogCAS API error';
    return new LogcasApiError(`${prefix}: ${detail}`, error.status, code);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new LogcasApiError(`LogCAS API unreachable: ${message}`, 0);
}
