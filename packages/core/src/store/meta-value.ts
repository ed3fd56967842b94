/** Small named values in `meta` (e.g. the archive watermark), read and written whole. */
import type { Store } from './connection';

export async function readMetaValue<T>(store: Store, name: string): Promise<T | undefined> {
  const doc = await store.meta().findOne({ _id: name });
  return doc ? (doc.value as T) : undefined;
}

export async function writeMetaValue(store: Store, name: string, value: unknown): Promise<void> {
  await store.meta().updateOne({ _id: name }, { $set: { value, updatedAt: new Date() } }, { upsert: true });
}
