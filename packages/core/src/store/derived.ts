/**
 * Derived data (`requests`, `volume`) grows one way only: `applyRollups` folds logs just stored into their
 * summaries and buckets, for ingestion and for `rebuild`, which recomputes all of it from `logs`, the truth.
 * `recoverInFlight` finishes a batch a crashed ingester left half done. docs/design.md, "Derived data".
 */
import type { StoredLog } from './collections';
import type { Store } from './connection';
import { recomputeSummaries, updateSummaries } from './requests';
import { ROLLUP_PROJECTION } from './rollups';
import { recomputeVolume, updateVolume } from './volume';

/** Folds logs into request summaries and volume buckets: one bulk write each (plus the duration fix). */
export async function applyRollups(store: Store, logs: StoredLog[]): Promise<void> {
  if (logs.length === 0) return;
  await updateSummaries(store, logs);
  await updateVolume(store, logs);
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
}

/**
 * Recomputes `requests` and `volume` from `logs`, streamed in batches through `applyRollups`. Run it while
 * nothing ingests: logs stored during a rebuild may be counted twice or not at all.
 */
export async function rebuild(store: Store, options: RebuildOptions = {}): Promise<RebuildResult> {
  const batchSize = options.batchSize ?? 5000;
  const total = await store.logs().countDocuments();
  await store.requests().deleteMany({});
  await store.volume().deleteMany({});
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
  return {
    logs: processed,
    requests: await store.requests().countDocuments(),
    volumeBuckets: await store.volume().countDocuments(),
  };
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
  return inserted.length;
}
