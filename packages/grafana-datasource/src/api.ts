/**
 * The LogCAS HTTP API (docs/http-api.md) reached only through Grafana's data proxy: `${instanceSettings.url}/api/…`
 * is the plugin.json route that forwards to `jsonData.apiUrl` and adds the secret Bearer token.
 */
import { getBackendSrv, isFetchError } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { API_PREFIX } from '@logcas/contract/constants';
import type {
  ErrorDetailParams,
  ErrorDetailResponse,
  ErrorResponse,
  ErrorsParams,
  ErrorSummary,
  ResourceDetailParams,
  ResourcesParams,
  ResourceSummary,
  ResourceDetailResponse,
  HealthResponse,
  ListResponse,
  LogFilterParams,
  LogRecord,
  LogsParams,
  RequestDetailParams,
  RequestDetailResponse,
  RequestsParams,
  RequestSummary,
  TailParams,
  TailResponse,
  ValuesField,
  ValuesParams,
  ValuesResponse,
  VolumeParams,
  VolumeResponse,
} from '@logcas/contract';

/** Path of the plugin.json route; the API's own prefix follows it. */
const PROXY_ROUTE = 'api';

/** A list becomes a repeated parameter (`host=a&host=b`), as Grafana's backend service serialises arrays. */
type ParamValue = string | number | boolean | ReadonlyArray<string | number> | undefined;
type Params = Record<string, ParamValue>;

export type { LogFilterParams, LogsParams, TailParams };

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

  errors(params: ErrorsParams, options?: CallOptions): Promise<ListResponse<ErrorSummary>> {
    return this.get('/errors', { ...params }, options);
  }

  errorDetail(
    fingerprint: string,
    params: ErrorDetailParams = {},
    options?: CallOptions,
  ): Promise<ErrorDetailResponse> {
    return this.get(`/errors/${encodeURIComponent(fingerprint)}`, { ...params }, options);
  }

  resources(params: ResourcesParams, options?: CallOptions): Promise<ListResponse<ResourceSummary>> {
    return this.get('/resources', { ...params }, options);
  }

  resourceDetail(
    id: string,
    params: ResourceDetailParams = {},
    options?: CallOptions,
  ): Promise<ResourceDetailResponse> {
    return this.get(`/resources/${encodeURIComponent(id)}`, { ...params }, options);
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
export function withoutEmpty(params: Params): Record<string, string | number | boolean | Array<string | number>> {
  const out: Record<string, string | number | boolean | Array<string | number>> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value)) {
      const values = (value as Array<string | number>).filter((v) => v !== '');
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
