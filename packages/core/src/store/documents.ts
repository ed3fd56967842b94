/** The MongoDB documents LogCAS stores. Times are Dates here; the API turns them into ISO strings. */
import type { StoredLog } from '../model/record';
import type { RequestSummary } from '../model/summary';

export type { StoredLog };

/** `requests` / `archive_requests`: `_id` is the request id. */
export interface StoredRequest extends Omit<RequestSummary, 'requestId' | 'start' | 'end' | 'maxLevelName'> {
  _id: string;
  start: Date;
  end: Date;
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
