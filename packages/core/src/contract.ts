/**
 * The HTTP contract of `/api/v1` (SPEC §5) as plain types, with no runtime code, so the Grafana plugins
 * can `import type` it without pulling Node code into a browser bundle.
 */
import type { LogRecord } from './model/record';
import type { RequestSummary } from './model/summary';

export type { LogRecord, LogSource } from './model/record';
export type { RequestSummary, VolumeBucket } from './model/summary';

export const API_PREFIX = '/api/v1';

export type CollectionName = 'live' | 'archive';
export type SortOrder = 'asc' | 'desc';
export type RequestSort = 'start' | 'end' | 'duration' | 'count' | 'maxLevel';
export type ValuesField = 'host' | 'service' | 'project' | 'user' | 'level';

/** Every list response. `total` may stop counting at a cap; `totalExact` tells whether it did. */
export interface ListResponse<T> {
  items: T[];
  page: number;
  limit: number;
  total: number;
  totalExact: boolean;
  nextCursor: string | null;
}

/** Query parameters shared by every list route. Times are ISO 8601 or epoch milliseconds. */
export interface ListParams {
  limit?: number;
  page?: number;
  cursor?: string;
  order?: SortOrder;
  collection?: CollectionName;
}

/** `GET /logs` */
export interface LogsParams extends ListParams {
  from?: string | number;
  to?: string | number;
  minLevel?: string | number;
  host?: string;
  service?: string;
  requestId?: string;
  globalRequestId?: string;
  instance?: string;
  project?: string;
  user?: string;
  q?: string;
  around?: string | number;
  span?: number;
}

/** `GET /requests` */
export interface RequestsParams extends ListParams {
  from?: string | number;
  to?: string | number;
  minLevel?: string | number;
  host?: string;
  service?: string;
  project?: string;
  user?: string;
  userOnly?: boolean;
  sort?: RequestSort;
}

/** `GET /requests/:requestId` */
export interface RequestDetailResponse {
  request: RequestSummary;
  logs: LogRecord[];
  related: RequestSummary[];
}

/** `GET /volume`: one row per time step, counts per level name. */
export interface VolumeResponse {
  from: string;
  to: string;
  step: number;
  levels: string[];
  buckets: Array<{ ts: string; counts: Record<string, number> }>;
}

/** `GET /values/:field` */
export interface ValuesResponse {
  field: ValuesField;
  values: Array<string | number>;
}

/** `POST /archive` */
export interface ArchiveRunResponse {
  logsCopied: number;
  requestsCopied: number;
  triggers: number;
  durationMs: number;
}

/** `POST /ingest` */
export interface IngestResponse {
  inserted: number;
  duplicates: number;
  rejected: Array<{ index: number; reason: string }>;
}

/** `GET /health` */
export interface HealthResponse {
  status: 'ok' | 'degraded';
  database: 'up' | 'down';
  version: string;
}

/** Every error body. */
export interface ErrorResponse {
  error: { code: string; message: string; parameter?: string };
}
