/**
 * The one place benchmarks import LogCAS from: the public barrel of `@logcas/core` (its source, so no build is
 * needed), plus the few internals a benchmark must reach to split or repeat one step of ingestion. When core's
 * layout changes, only this file changes.
 */
export * from '../../packages/core/src/index';
/** Ingestion's pure first step (ids, redaction), to insert the very same documents without rollups. */
export { prepareLogs } from '../../packages/core/src/ingest/prepare';
/** Ingestion's steps after the logs insert, to time them apart and to roll up logs inserted bare. */
export { applyRollups, applyViewRollups } from '../../packages/core/src/store/derived';
export { batchJournal } from '../../packages/core/src/ingest/journal';
/** Classification (what prepareLogs runs per record), to time its CPU apart from the writes. */
export { errorSignature } from '../../packages/core/src/classify/fingerprint';
export { extractResources } from '../../packages/core/src/classify/resources';
export { insertLogs } from '../../packages/core/src/store/logs';
export { maxRequestDuration, updateSummaries } from '../../packages/core/src/store/requests';
export { nearestLogMinute, updateVolume } from '../../packages/core/src/store/volume';
/** How core reads a list in time slices, so the bare-driver twin does the same work. */
export type { SliceAxis } from '../../packages/core/src/query/slice-walk';
export { axisSliceFilter, canWalk, firstSliceWidth, walkSlices } from '../../packages/core/src/query/slice-walk';
/** How core's executor hands a filter to the engine (the same documents, planned without index bait). */
export { plannedFilter } from '../../packages/core/src/store/find';
/** How core walks a request list (its axis, in-flight margins and implied bounds), for the twin to walk the same. */
export { requestWalk } from '../../packages/core/src/query/request-query';
/** Core's TTL indexes, to remove them after a retention benchmark. */
export { TTL_INDEXES } from '../../packages/core/src/store/ttl';
/** The indexes core declares, to time each one's cost and to create them on a bare database. */
export { INDEXES, ensureIndexes, type IndexDeclaration } from '../../packages/core/src/store/indexes';
/** The demo cloud's pieces, to grow it to many hosts and add long requests. */
export { generateDemoLines, type DemoLine } from '../../packages/core/src/demo/generator';
export { linesByFile, parseDemoFile } from '../../packages/core/src/demo/load';
export { formatLog } from '../../packages/core/src/demo/format';
export { buildTopology } from '../../packages/core/src/demo/topology';
export { DemoRandom } from '../../packages/core/src/demo/random';
export type {
  StoredError,
  StoredErrorBucket,
  StoredPair,
  StoredRequest,
  StoredResource,
  StoredVolume,
} from '../../packages/core/src/store/collections';
