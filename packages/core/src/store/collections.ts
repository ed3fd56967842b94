/**
 * What is stored where (docs/design.md, "Collections"): the collection names, the live/archive twins and the
 * MongoDB document of each. Times are Dates here; the API turns them into ISO strings.
 */
import type { CollectionName, LogContextFields, SummaryContextField } from '@logcas/contract';
import type { StoredLog } from '../model/record';

export type { StoredLog };

export const COLLECTIONS = {
  logs: 'logs',
  requests: 'requests',
  volume: 'volume',
  archiveLogs: 'archive_logs',
  archiveRequests: 'archive_requests',
  checkpoints: 'checkpoints',
  leases: 'leases',
  meta: 'meta',
} as const;

/** Which copy of the data a view reads: the live collections or the archive. */
export type DataSet = CollectionName;

export function logsCollection(set: DataSet): string {
  return set === 'archive' ? COLLECTIONS.archiveLogs : COLLECTIONS.logs;
}

export function requestsCollection(set: DataSet): string {
  return set === 'archive' ? COLLECTIONS.archiveRequests : COLLECTIONS.requests;
}

/** `requests` / `archive_requests`: one request id's summary, derived from its logs; `_id` is the request id. */
export interface StoredRequest extends Pick<LogContextFields, SummaryContextField> {
  _id: string;
  start: Date;
  end: Date;
  durationMs: number;
  count: number;
  /** Count of logs per level name, e.g. `{ INFO: 12, ERROR: 1 }`. */
  levelCounts: Record<string, number>;
  maxLevel: number;
  services: string[];
  hosts: string[];
}

/** `volume`: one minute × service × host × level. */
export interface StoredVolume {
  _id: string;
  minute: Date;
  service: string | null;
  host: string | null;
  level: number;
  count: number;
}

/** `checkpoints`: how far `logcas ingest` has read one file, keyed by the file's identity. */
export interface StoredCheckpoint {
  _id: string;
  path: string;
  offset: number;
  updatedAt: Date;
  /** Anything else the reader needs to resume exactly (e.g. same-millisecond duplicate counters). */
  state: Record<string, unknown>;
}

/** `leases`: one generation of a named lease (`<name>#<generation>`); the highest generation holds it. */
export interface StoredLease {
  _id: string;
  name: string;
  generation: number;
  holder: string;
  expiresAt: Date;
}

/** `meta`: small named documents such as the archive's watermark. */
export interface StoredMeta {
  _id: string;
  [key: string]: unknown;
}
