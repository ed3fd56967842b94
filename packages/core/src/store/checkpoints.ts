/**
 * `checkpoints`: how far file ingestion has read each file, and what to resume with; `meta`: small named
 * values such as the archive's watermark. Both are read and written whole.
 */
import type { StoredCheckpoint } from './collections';
import type { Store } from './connection';
import { isDuplicateKey } from './insert-new';

export async function loadCheckpoint(store: Store, id: string): Promise<StoredCheckpoint | null> {
  return store.checkpoints().findOne({ _id: id });
}

/** Replaces the checkpoint as a whole (upsert), so a reader never sees half of an old and half of a new one. */
export async function saveCheckpoint(store: Store, checkpoint: Omit<StoredCheckpoint, 'updatedAt'>): Promise<void> {
  await store
    .checkpoints()
    .replaceOne({ _id: checkpoint._id }, { ...checkpoint, updatedAt: new Date() }, { upsert: true });
}

export async function readMetaValue<T>(store: Store, name: string): Promise<T | undefined> {
  const doc = await store.meta().findOne({ _id: name });
  return doc ? (doc.value as T) : undefined;
}

export async function writeMetaValue(store: Store, name: string, value: unknown): Promise<void> {
  await store.meta().updateOne({ _id: name }, { $set: { value, updatedAt: new Date() } }, { upsert: true });
}

/**
 * The value named `name`, made by `create` and stored when there is none yet. Processes racing to create it
 * all end with the one stored first.
 */
export async function readOrCreateMetaValue<T>(store: Store, name: string, create: () => T): Promise<T> {
  const found = await readMetaValue<T>(store, name);
  if (found !== undefined) return found;
  await store
    .meta()
    .insertOne({ _id: name, value: create(), updatedAt: new Date() })
    .catch((error: unknown) => {
      if (!isDuplicateKey(error)) throw error;
    });
  return (await readMetaValue<T>(store, name)) as T;
}
