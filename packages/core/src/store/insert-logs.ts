/** Inserts a batch of logs once each: an id already stored is a duplicate, not an error. */
import type { Store } from './connection';
import type { StoredLog } from './documents';
import { insertNew } from './insert-new';

export interface InsertLogsResult {
  /** The documents this call stored (the others were already there). */
  inserted: StoredLog[];
  duplicates: number;
}

/** One unordered insertMany, so one duplicate does not stop the rest; duplicate-key errors mark duplicates. */
export async function insertLogs(store: Store, docs: StoredLog[]): Promise<InsertLogsResult> {
  const existing = await insertNew(store.logs(), docs);
  if (existing.size === 0) return { inserted: docs, duplicates: 0 };
  return { inserted: docs.filter((_doc, index) => !existing.has(index)), duplicates: existing.size };
}
