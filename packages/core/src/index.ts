/** @logcas/core — the one public entry (named exports only). */
export * from './errors';
export * from './config';
export * from './model/levels';
export * from './model/record';
export * from './model/summary';
export * from './model/redact';
export type * from './contract';
export { API_PREFIX } from './contract';
export { openStore, storeOver, type Store, type OpenStoreOptions } from './store/connection';
export { COLLECTIONS, type DataSet } from './store/collections';
export { INDEXES, ensureIndexes, type IndexDeclaration } from './store/indexes';
export type { Capabilities } from './store/capabilities';
export { buildApp, DEFAULT_BODY_LIMIT, type AppDependencies } from './api/app';
export { startServer, type ServerOptions, type RunningServer } from './api/server';
export type { ApiApp } from './api/types';
export { queryLogs, getLog } from './query/logs';
export { queryRequests, getRequestDetail, type RequestDetailParams } from './query/requests';
export { queryVolume } from './query/volume';
export type { VolumeParams } from './query/volume-query';
export { queryValues, type ValuesParams } from './query/values';
export { normalizeRequestId, TOTAL_CAP, MAX_LIMIT } from './query/inputs';
export { runArchive, ARCHIVE_WATERMARK, type ArchiveOptions, type ArchiveProgress } from './archive/run';
export { ARCHIVE_LEASE } from './archive/lease';
export { prune, parseDuration, type PruneOptions, type PruneResult } from './archive/prune';
export type { PruneCounts } from './store/prune';
export {
  startForwardListener,
  type ForwardListener,
  type ForwardListenerOptions,
  type ForwardEvent,
  type ForwardStats,
} from './ingest/forward/listener';
export { EventTime } from './ingest/forward/protocol';
export { generateDemoLines, type DemoLine, type DemoOptions } from './demo/generator';
export { loadDemo, type LoadDemoOptions, type LoadDemoResult } from './demo/load';
export { runContinuousDemo, type ContinuousDemoOptions } from './demo/continuous';
export { runLiveDemo, type LiveDemoOptions } from './demo/live';
export type { TextParseOptions, TextLogParser, StructuredParseOptions } from './parse/types';
export { createTextParser } from './parse/oslo-text';
export { parseStructuredRecord, detectStructuredKind, type StructuredKind } from './parse/structured';
export { serviceFromFileName, normaliseServiceName } from './parse/service-name';
export { canonicalJson } from './parse/canonical-json';
export { ingest, storeLogs, type IngestOptions } from './ingest/ingest';
export type { IngestResult } from './ingest/types';
export { ingestFile, type IngestFileOptions, type IngestFileResult, type FileProgress } from './ingest/file';
export { stableId, recordKey, OccurrenceCounter, type OccurrenceState } from './ingest/stable-id';
export { rebuild, type RebuildOptions, type RebuildProgress, type RebuildResult } from './store/rebuild';
export { forwardServeExtension, type ForwardServeContext } from './ingest/forward/serve-extension';
export { listLogFiles, hostFromDirectory } from './ingest/log-files';
