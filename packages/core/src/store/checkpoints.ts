/** Checkpoints of file ingestion (`checkpoints`): how far one file has been read, and what to resume with. */
import type { Store } from './connection';
import type { StoredCheckpoint } from './documents';

export async function loadCheckpoint(store: Store, id: string): Promise<StoredCheckpoint | null> {
  return store.checkpoints().findOne({ _id: id });
}

/** Replaces the checkpoint as a whole (upsert), so a reader never sees half of an old and half of a new one. */
export async function saveCheckpoint(store: Store, checkpoint: Omit<StoredCheckpoint, 'updatedAt'>): Promise<void> {
  await store
    .checkpoints()
    .replaceOne({ _id: checkpoint._id }, { ...checkpoint, updatedAt: new Date() }, { upsert: true });
}

export async function deleteCheckpoint(store: Store, id: string): Promise<void> {
  await store.checkpoints().deleteOne({ _id: id });
}

/** A batch written to `logs` whose derived data may not have been applied yet (see store/recover.ts). */
export interface InFlightBatch {
  /** The `ingestedAt` every document of the batch carries: it tells this batch's inserts from older copies. */
  ingestedAt: Date;
  ids: string[];
}
