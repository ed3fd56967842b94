/**
 * Records in, each stored once, derived data updated for what was new:
 *
 *   ParsedLog[] ─prepare (id, redact)→ StoredLog[] ─insertMany (unordered)→ inserted | duplicate (11000)
 *                                                        └─ inserted only → request summaries + volume (one bulkWrite each)
 */
import type { ParsedLog, StoredLog } from '../model/record';
import { applyRollups } from '../store/derived';
import type { Store } from '../store/connection';
import { insertLogs } from '../store/logs';
import { prepareLogs } from './prepare';
import { OccurrenceCounter } from './stable-id';
import type { IngestResult } from './types';

export interface IngestOptions {
  /**
   * Numbers identical texts across calls that belong to one stream (a file read in batches). Without it
   * each call is its own stream: two identical records in one call are both kept, a call repeated is not.
   */
  occurrences?: OccurrenceCounter;
  /** The time stored as `ingestedAt` (default now). */
  now?: Date;
}

/** Stores parsed records once each (stable ids) and folds the new ones into summaries and volume. */
export async function ingest(
  store: Store,
  records: readonly ParsedLog[],
  options: IngestOptions = {},
): Promise<IngestResult> {
  const docs = prepareLogs(records, options.occurrences ?? new OccurrenceCounter(), options.now ?? new Date());
  return storeLogs(store, docs);
}

/** Inserts prepared documents and rolls up the ones that were new (duplicates never touch derived data). */
export async function storeLogs(store: Store, docs: StoredLog[]): Promise<IngestResult> {
  const { inserted, duplicates } = await insertLogs(store, docs);
  await applyRollups(store, inserted);
  return { inserted: inserted.length, duplicates };
}
