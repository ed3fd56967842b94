/** The one path by which derived data grows: ingestion and `rebuild` both call it for logs just stored. */
import type { Store } from './connection';
import type { StoredLog } from './documents';
import { updateSummaries } from './update-summaries';
import { updateVolume } from './update-volume';

/** Folds logs into request summaries and volume buckets: one bulkWrite each (plus the duration fix). */
export async function applyRollups(store: Store, logs: StoredLog[]): Promise<void> {
  if (logs.length === 0) return;
  await updateSummaries(store, logs);
  await updateVolume(store, logs);
}
