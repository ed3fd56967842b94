/**
 * What is stored where (docs/design.md, "Collections"): the collection names, the live/archive twins and the
 * MongoDB document of each. Times are Dates here; the API turns them into ISO strings.
 */
import type { CollectionName, LogContextFields, ResourceKind, SummaryContextField } from '@logcas/contract';
import type { StoredLog } from '../model/record';

export type { StoredLog };

export const COLLECTIONS = {
  logs: 'logs',
  requests: 'requests',
  volume: 'volume',
  archiveLogs: 'archive_logs',
  archiveRequests: 'archive_requests',
  errors: 'errors',
  errorBuckets: 'error_buckets',
  errorRequests: 'error_requests',
  resources: 'resources',
  resourceRequests: 'resource_requests',
  checkpoints: 'checkpoints',
  leases: 'leases',
  meta: 'meta',
  ingestBatches: 'ingest_batches',
  deadLetters: 'dead_letters',
} as const;

/** Which copy of the data a view reads: the live collections or the archive. */
export type DataSet = CollectionName;

export function logsCollection(set: DataSet): string {
  return set === 'archive' ? COLLECTIONS.archiveLogs : COLLECTIONS.logs;
}

export function requestsCollection(set: DataSet): string {
  return set === 'archive' ? COLLECTIONS.archiveRequests : COLLECTIONS.requests;
}

/**
 * The views derived from logs by their fingerprints and resources. Unlike request summaries they exist for
 * both data sets, each folded from its own logs: the archive's from the logs an archive run copied.
 */
export type ViewCollection = 'errors' | 'errorBuckets' | 'errorRequests' | 'resources' | 'resourceRequests';

/** The collection name of a view in a data set: `errors` or `archive_errors`, and so on. */
export function viewCollection(set: DataSet, view: ViewCollection): string {
  const name = COLLECTIONS[view];
  return set === 'archive' ? `archive_${name}` : name;
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

/** `errors`: one error fingerprint's summary, derived from its logs; `_id` is the fingerprint. */
export interface StoredError {
  _id: string;
  kind: 'traceback' | 'message';
  title: string;
  exception: string | null;
  location: string | null;
  template: string | null;
  loggers: string[];
  count: number;
  levelCounts: Record<string, number>;
  maxLevel: number;
  firstSeen: Date;
  lastSeen: Date;
  services: string[];
  hosts: string[];
  /**
   * The log with the smallest id, so every arrival order and a rebuild pick the same one: `$min` compares
   * embedded documents field by field, and `id` comes first.
   */
  sample: ErrorSample;
  /** Distinct requests, counted by the `error_requests` pairs this summary's logs created. */
  requestCount: number;
}

/** What an error summary keeps of its sample log (the message cut at SAMPLE_MESSAGE_LENGTH). */
export interface ErrorSample {
  id: string;
  ts: Date;
  level: number;
  levelName: string;
  host: string | null;
  service: string | null;
  logger: string | null;
  requestId: string | null;
  message: string;
}

/** `error_buckets`: one fingerprint's count per minute × service × host × level. */
export interface StoredErrorBucket {
  _id: string;
  fingerprint: string;
  minute: Date;
  service: string | null;
  host: string | null;
  level: number;
  count: number;
}

/**
 * `error_requests` / `resource_requests`: one (fingerprint or resource, request) pair, `_id` = `<key> <requestId>`.
 * Its unique id is what keeps the distinct-request counts exact: only the write that creates a pair counts it.
 */
export interface StoredPair {
  _id: string;
  key: string;
  requestId: string;
  /** The first and last log of the request with this key. */
  first: Date;
  last: Date;
}

/** `resources`: one OpenStack resource (uuid) named by logs; `_id` is the lowercase uuid. */
export interface StoredResource {
  _id: string;
  kinds: ResourceKind[];
  count: number;
  levelCounts: Record<string, number>;
  maxLevel: number;
  errorCount: number;
  firstSeen: Date;
  lastSeen: Date;
  services: string[];
  hosts: string[];
  requestCount: number;
}

/**
 * `ingest_batches`: a batch of logs being written by a channel without a checkpoint of its own (HTTP, forward,
 * demo), so that derived data a failure left half done is recomputed (store/ingest-batches.ts).
 */
export interface StoredIngestBatch {
  _id: string;
  /** The `ingestedAt` of every log of the batch. */
  ingestedAt: Date;
  ids: string[];
  /** `<host>:<pid>` of the writing process. */
  holder: string;
  /** After this, another process may take the batch for failed and recompute its derived data. */
  expiresAt: Date;
}

/** `dead_letters`: a record file ingestion could not store, kept with the reason (docs/cli.md, "Dead letters"). */
export interface StoredDeadLetter {
  /** The record's stable id: reading the same file again adds no second dead letter. */
  _id: string;
  /** When it was refused. */
  at: Date;
  reason: string;
  source: Record<string, unknown>;
  host: string | null;
  service: string | null;
  /** The record's time as read, when it is a representable date. */
  ts: Date | null;
  /** The record's source text, cut at `DEAD_LETTER_TEXT` characters. */
  text: string;
  /** Length of the whole source text, in characters. */
  length: number;
}
