/**
 * Records in, each stored once, derived data updated for what was new. Every way in (files, the forward
 * listener, `POST /ingest`, the demo) stores through `IngestBatcher`:
 *
 *   ParsedLog[] ─batches of batchSize→ prepare (admit, stable id, redact) → StoredLog[] | rejected
 *     ─journal (checkpoint or ingest_batches)→ insertMany (unordered)→ inserted | duplicate | refused
 *        └─ inserted only → request summaries + volume (store/derived.ts applyRollups)
 *
 * A record refused (by admission or by the database) is reported through `onRejected`, never thrown: the
 * records around it are stored and their derived data updated.
 */
import type { ParsedLog, StoredLog } from '../model/record';
import type { Store } from '../store/connection';
import { applyRollups } from '../store/derived';
import { insertLogs } from '../store/logs';
import { batchJournal, type BatchJournal } from './journal';
import { prepareLogs, type Rejection } from './prepare';
import { OccurrenceCounter } from './stable-id';

export type { Rejection };

/** What a store call did. */
export interface IngestResult {
  /** Records newly stored. */
  inserted: number;
  /** Records already stored before (same stable id): skipped, derived data untouched. */
  duplicates: number;
  /** Records refused (a time outside the window, too large, refused by the database): see `onRejected`. */
  rejected: number;
}

/** Records per batch unless told otherwise: bounds memory and the size of one insertMany. */
export const DEFAULT_BATCH_SIZE = 1000;

export interface BatcherOptions {
  /** Records per stored batch (default 1000). */
  batchSize?: number;
  /**
   * Numbers identical texts across batches of one stream (a file read in batches). Default: a counter of
   * this batcher's own, so its records are one stream.
   */
  occurrences?: OccurrenceCounter;
  /** The time stored as `ingestedAt` of a batch (default now). */
  now?: () => Date;
  /** Says which batch is being written before writing it (default: the store's `ingest_batches` journal). */
  journal?: BatchJournal;
  /** Called with each batch's refused records (and why) before the batch counts as stored. */
  onRejected?: (rejections: Rejection[], ingestedAt: Date) => void | Promise<void>;
  /** Called after each stored batch with its record count and what was stored (progress). */
  afterStore?: (records: number, stored: IngestResult) => void;
}

/** Collects parsed records and stores them in batches, summing what was stored. */
export class IngestBatcher {
  private pending: ParsedLog[] = [];
  private readonly batchSize: number;
  private readonly occurrences: OccurrenceCounter;
  private readonly journal: BatchJournal;

  constructor(
    private readonly store: Store,
    private readonly options: BatcherOptions = {},
  ) {
    this.batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
    this.occurrences = options.occurrences ?? new OccurrenceCounter();
    this.journal = options.journal ?? batchJournal(store);
  }

  /** Records waiting to be stored. */
  get size(): number {
    return this.pending.length;
  }

  /** True once a whole batch is waiting. */
  get full(): boolean {
    return this.pending.length >= this.batchSize;
  }

  /** The last record waiting, if any. */
  get last(): ParsedLog | undefined {
    return this.pending[this.pending.length - 1];
  }

  add(records: readonly ParsedLog[]): void {
    for (const record of records) this.pending.push(record);
  }

  /** Stores the whole batches waiting and keeps the rest. */
  async storeFull(): Promise<IngestResult> {
    return this.storeWhile(() => this.full);
  }

  /** Stores every record waiting. */
  async flush(): Promise<IngestResult> {
    return this.storeWhile(() => this.pending.length > 0);
  }

  private async storeWhile(more: () => boolean): Promise<IngestResult> {
    const result: IngestResult = { inserted: 0, duplicates: 0, rejected: 0 };
    while (more()) {
      const records = this.pending.splice(0, this.batchSize);
      const ingestedAt = this.options.now?.() ?? new Date();
      const batch = prepareLogs(records, this.occurrences, ingestedAt);
      const stored = await this.journal.around({ ingestedAt, ids: batch.docs.map((doc) => doc._id) }, () =>
        storeLogs(this.store, batch.docs),
      );
      for (const { index, reason } of stored.refused) {
        const doc = batch.docs[index];
        batch.rejected.push({ record: batch.records[index] as ParsedLog, id: doc?._id ?? '', reason });
      }
      if (batch.rejected.length > 0) await this.options.onRejected?.(batch.rejected, ingestedAt);
      const counts = { inserted: stored.inserted, duplicates: stored.duplicates, rejected: batch.rejected.length };
      result.inserted += counts.inserted;
      result.duplicates += counts.duplicates;
      result.rejected += counts.rejected;
      this.options.afterStore?.(records.length, counts);
    }
    return result;
  }
}

export interface IngestOptions {
  /**
   * Numbers identical texts across calls that belong to one stream. Without it each call is its own stream:
   * two identical records in one call are both kept, a call repeated is not.
   */
  occurrences?: OccurrenceCounter;
  /** The time stored as `ingestedAt` (default now). */
  now?: Date;
}

/** What `ingest` did, with the refused records and their reasons. */
export interface IngestOutcome extends IngestResult {
  rejections: Rejection[];
}

/** Stores parsed records once each (stable ids), as one batch, and folds the new ones into derived data. */
export async function ingest(
  store: Store,
  records: readonly ParsedLog[],
  options: IngestOptions = {},
): Promise<IngestOutcome> {
  const now = options.now;
  const rejections: Rejection[] = [];
  const batcher = new IngestBatcher(store, {
    batchSize: records.length,
    occurrences: options.occurrences,
    onRejected: (batch) => void rejections.push(...batch),
    ...(now ? { now: () => now } : {}),
  });
  batcher.add(records);
  return { ...(await batcher.flush()), rejections };
}

/** What one batch's write did: new logs, duplicates, and the documents the database refused (by index). */
export interface StoredBatch {
  inserted: number;
  duplicates: number;
  refused: Array<{ index: number; reason: string }>;
}

/** Inserts prepared documents and rolls up the ones that were new (duplicates never touch derived data). */
export async function storeLogs(store: Store, docs: StoredLog[]): Promise<StoredBatch> {
  if (docs.length === 0) return { inserted: 0, duplicates: 0, refused: [] };
  const { inserted, duplicates, refused } = await insertLogs(store, docs);
  await applyRollups(store, inserted);
  return { inserted: inserted.length, duplicates, refused };
}
