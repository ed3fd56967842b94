/**
 * Derived data (`requests`, `volume`, the error and resource views) grows one way only: `applyRollups`
 * folds logs just stored into their summaries and buckets, for ingestion and for `rebuild`, which recomputes
 * all of it from `logs`, the truth. `recoverInFlight` finishes a batch a crashed ingester left half done.
 * docs/design.md, "Derived data".
 */
import { viewCollection, type DataSet, type StoredLog } from './collections';
import type { Store } from './connection';
import { recomputeErrors, updateErrors } from './errors';
import { recomputeSummaries, updateSummaries } from './requests';
import { recomputeResources, updateResources } from './resources';
import { ROLLUP_PROJECTION } from './rollups';
import { recomputeVolume, updateVolume } from './volume';

/** Folds logs into request summaries and volume buckets, then the error and resource views. */
export async function applyRollups(store: Store, logs: StoredLog[]): Promise<void> {
  if (logs.length === 0) return;
  await updateSummaries(store, logs);
  await updateVolume(store, logs);
  await applyViewRollups(store, 'live', logs);
}

/**
 * Folds logs newly stored in `set` into its error and resource views. The archive's views are folded from
 * the logs an archive run copied, so they describe exactly the archived records.
 */
export async function applyViewRollups(store: Store, set: DataSet, logs: StoredLog[]): Promise<void> {
  if (logs.length === 0) return;
  await updateErrors(store, set, logs);
  await updateResources(store, set, logs);
}

const VIEW_COLLECTIONS = ['errors', 'errorBuckets', 'errorRequests', 'resources', 'resourceRequests'] as const;

async function clearViews(store: Store, set: DataSet): Promise<void> {
  for (const view of VIEW_COLLECTIONS) await store.collection(viewCollection(set, view)).deleteMany({});
}

export interface RebuildProgress {
  /** Logs folded in so far. */
  processed: number;
  /** Logs in the collection when the rebuild started (an estimate if logs arrive meanwhile). */
  total: number;
}

export interface RebuildOptions {
  /** Logs per batch (default 5000). */
  batchSize?: number;
  /** Called after every batch. */
  onProgress?: (progress: RebuildProgress) => void;
}

export interface RebuildResult {
  logs: number;
  requests: number;
  volumeBuckets: number;
  errors: number;
  resources: number;
  /** Archived logs the archive's error and resource views were folded from again. */
  archivedLogs: number;
}

/**
 * Recomputes `requests`, `volume` and the views from `logs`, streamed in batches through `applyRollups`, then
 * the archive's views from `archive_logs` (archived request summaries are copies, not derived). Run it while
 * nothing ingests or archives: logs stored during a rebuild may be counted twice or not at all.
 */
export async function rebuild(store: Store, options: RebuildOptions = {}): Promise<RebuildResult> {
  const batchSize = options.batchSize ?? 5000;
  const total = await store.logs().countDocuments();
  await store.requests().deleteMany({});
  await store.volume().deleteMany({});
  await clearViews(store, 'live');
  let processed = 0;
  let batch: StoredLog[] = [];
  const cursor = store.logs().find({}, { projection: ROLLUP_PROJECTION }).batchSize(batchSize);
  for await (const log of cursor) {
    batch.push(log);
    if (batch.length < batchSize) continue;
    await applyRollups(store, batch);
    processed += batch.length;
    batch = [];
    options.onProgress?.({ processed, total });
  }
  await applyRollups(store, batch);
  processed += batch.length;
  options.onProgress?.({ processed, total: Math.max(total, processed) });
  const archivedLogs = await rebuildArchiveViews(store, batchSize);
  return {
    logs: processed,
    requests: await store.requests().countDocuments(),
    volumeBuckets: await store.volume().countDocuments(),
    errors: await store.collection(viewCollection('live', 'errors')).countDocuments(),
    resources: await store.collection(viewCollection('live', 'resources')).countDocuments(),
    archivedLogs,
  };
}

async function rebuildArchiveViews(store: Store, batchSize: number): Promise<number> {
  await clearViews(store, 'archive');
  let folded = 0;
  let batch: StoredLog[] = [];
  const cursor = store.logs('archive').find({}, { projection: ROLLUP_PROJECTION }).batchSize(batchSize);
  for await (const log of cursor) {
    batch.push(log);
    if (batch.length < batchSize) continue;
    await applyViewRollups(store, 'archive', batch);
    folded += batch.length;
    batch = [];
  }
  await applyViewRollups(store, 'archive', batch);
  return folded + batch.length;
}

/** A batch written to `logs` whose derived data may not have been applied yet. */
export interface InFlightBatch {
  /** The `ingestedAt` every document of the batch carries: it tells this batch's inserts from older copies. */
  ingestedAt: Date;
  ids: string[];
}

/**
 * Finishes a batch a crashed ingester left half done. The crash may have come anywhere between the insert
 * and the end of the rollups, so some summaries and buckets may hold the batch and others not; adding it
 * again would count it twice. Instead every summary and bucket the batch touches is recomputed from the logs
 * themselves (idempotent: a crash during recovery is repaired by the next one).
 */
export async function recoverInFlight(store: Store, batch: InFlightBatch): Promise<number> {
  if (batch.ids.length === 0) return 0;
  const inserted = await store
    .logs()
    .find({ _id: { $in: batch.ids }, ingestedAt: batch.ingestedAt }, { projection: ROLLUP_PROJECTION })
    .toArray();
  if (inserted.length === 0) return 0;
  await recomputeSummaries(store, [...new Set(inserted.flatMap((log) => (log.requestId ? [log.requestId] : [])))]);
  await recomputeVolume(store, inserted);
  await recomputeErrors(store, 'live', [
    ...new Set(inserted.flatMap((log) => (log.fingerprint ? [log.fingerprint] : []))),
  ]);
  await recomputeResources(store, 'live', [
    ...new Set(inserted.flatMap((log) => (log.resources ?? []).map((r) => r.id))),
  ]);
  return inserted.length;
}
