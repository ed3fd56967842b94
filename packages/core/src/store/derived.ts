/**
 * Recomputes the derived data (`requests`, `volume`) from `logs`, the truth (SPEC §3). The logs are streamed
 * in batches through the same rollup path ingestion uses. Run it while nothing ingests: logs stored during a
 * rebuild may be counted twice or not at all.
 */
import type { Store } from './connection';
import type { StoredLog } from './documents';
import { applyRollups } from './apply-rollups';
import { ROLLUP_PROJECTION } from './rollups';

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
