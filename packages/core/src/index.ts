/**
 * @logcas/core — the public API for other Node tools, as named exports. What is not exported here is
 * internal and may change at any time. test/public-api.test.ts pins this list (names and kinds), so adding
 * or removing an export is a visible decision: update its snapshot in the same change.
 */

// ── The HTTP contract: route schemas and their types, limits, the level table, the context fields ──
export * from '@logcas/contract';

// ── Errors and configuration ──
export {
  ERROR_CODES,
  ConflictError,
  IoError,
  LogcasError,
  NotFoundError,
  ParseError,
  UnauthorizedError,
  UnavailableError,
  ValidationError,
  type ErrorCode,
} from './errors';
export { DEFAULT_DATABASE, DEFAULT_MONGODB_URI, loadConfig, type Config } from './config';

// ── Records ──
export type { ParsedLog, StoredLog } from './model/record';
export { REDACTED, redactSecrets, redactText } from './model/redact';

// ── Parsers: text or objects in, records out; pure ──
export type { StructuredParseOptions, TextLogParser, TextParseOptions } from './parse/types';
export { createTextParser } from './parse/oslo-text';
export { detectStructuredKind, parseStructuredRecord, type StructuredKind } from './parse/structured';
export { normaliseServiceName, serviceFromFileName } from './parse/service-name';

// ── Classification: a record's error fingerprint and the resources it names; pure ──
export { errorSignature, type ErrorSignature, type FingerprintInput } from './classify/fingerprint';
export { extractResources, type ResourceInput } from './classify/resources';

// ── Ingestion: records stored once each, derived data updated ──
export { IngestBatcher, ingest, type BatcherOptions, type IngestOptions, type IngestResult } from './ingest/ingest';
export { OccurrenceCounter, stableId, type OccurrenceState } from './ingest/stable-id';
export { ingestFile, type FileProgress, type IngestFileOptions, type IngestFileResult } from './ingest/file';
export { hostFromDirectory, listLogFiles } from './ingest/log-files';
export {
  startForwardListener,
  type ForwardEvent,
  type ForwardListener,
  type ForwardListenerOptions,
  type ForwardStats,
} from './ingest/forward/listener';
export { EventTime } from './ingest/forward/protocol';
export { DEFAULT_FORWARD_LIMITS, type ForwardLimits } from './ingest/forward/limits';
export type { ForwardSecurity, ForwardUser } from './ingest/forward/handshake';

// ── The store: connection and derived-data maintenance ──
export { openStore, storeOver, type Capabilities, type OpenStoreOptions, type Store } from './store/connection';
export { rebuild, type RebuildOptions, type RebuildProgress, type RebuildResult } from './store/derived';

// ── Queries: what the API's read routes answer ──
export { getLog, queryLogs } from './query/logs';
export { tailLogs, type TailOptions } from './query/tail';
export { getRequestDetail, queryRequests } from './query/requests';
export { queryVolume } from './query/volume';
export { queryValues } from './query/values';
export { getErrorDetail, queryErrors } from './query/errors';
export { getResourceDetail, queryResources } from './query/resources';
export { normalizeRequestId } from './query/inputs';

// ── Archive and retention ──
export { runArchive, type ArchiveOptions, type ArchiveProgress } from './archive/run';
export { parseDuration, prune, retain, type PruneOptions, type PruneResult, type RetainResult } from './archive/prune';
export type { PruneCounts } from './store/prune';

// ── The HTTP API: an app to embed or test, and a server that listens ──
export { buildApp, DEFAULT_BODY_LIMIT, type AppDependencies } from './api/app';
export { startServer, type RunningServer, type ServerOptions } from './api/server';
export type { ApiApp } from './api/types';
