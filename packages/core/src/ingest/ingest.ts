/**
 * Records in, each stored once, derived data updated for what was new. Every way in (files, the forward
 * listener, `POST /ingest`, the demo) stores through `IngestBatcher`:
 *
 *   ParsedLog[] ─batches of batchSize→ prepare (stable id, redact) → StoredLog[]
 *     ─insertMany (unordered)→ inserted | duplicate (11000)
 *        └─ inserted only → request summaries + volume (store/derived.ts applyRollups)
 */
import type { ParsedLog, StoredLog } from '../model/record';
import type { Store } from '../store/connection';
import { applyRollups } from '../store/derived';
import { insertLogs } from '../store/logs';
import { prepareLogs } from './prepare';
import { OccurrenceCounter } from './stable-id';

/** What a store call did. */
export interface IngestResult {
  /** Records newly stored. */
  inserted: number;
  /** Records already stored before (same stable id): skipped, derived data untouched. */
  duplicates: number;
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
  /** Called with each batch's documents before they are written (file ingestion checkpoints them first). */
  beforeStore?: (docs: StoredLog[], ingestedAt: Date) => Promise<void>;
  /** Called after each stored batch with its record count and what was stored (progress). */
  afterStore?: (records: number, stored: IngestResult) => void;
}

/** Collects parsed records and stores them in batches, summing what was stored. */
export class IngestBatcher {
  private pending: ParsedLog[] = [];
  private readonly batchSize: number;
  private readonly occurrences: OccurrenceCounter;

  constructor(
    private readonly store: Store,
    private readonly options: BatcherOptions = {},
  ) {
    this.batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
    this.occurrences = options.occurrences ?? new OccurrenceCounter();
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
    const result: IngestResult = { inserted: 0, duplicates: 0 };
    while (more()) {
      const records = this.pending.splice(0, this.batchSize);
      const ingestedAt = this.options.now?.() ?? new Date();
      const docs = prepareLogs(records, this.occurrences, ingestedAt);
      await this.options.beforeStore?.(docs, ingestedAt);
      const stored = await storeLogs(this.store, docs);
      result.inserted += stored.inserted;
      result.duplicates += stored.duplicates;
      this.options.afterStore?.(records.length, stored);
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

/** Stores parsed records once each (stable ids), as one batch, and folds the new ones into derived data. */
export async function ingest(
  store: Store,
  records: readonly ParsedLog[],
  options: IngestOptions = {},
): Promise<IngestResult> {
  const now = options.now;
  const batcher = new IngestBatcher(store, {
    batchSize: records.length,
    occurrences: options.occurrences,
    ...(now ? { now: () => now } : {}),
  });
  batcher.add(records);
  return batcher.flush();
}

/** Inserts prepared documents and rolls up the ones that were new (duplicates never touch derived data). */
export async function storeLogs(store: Store, docs: StoredLog[]): Promise<IngestResult> {
  const { inserted, duplicates } = await insertLogs(store, docs);
  await applyRollups(store, inserted);
  return { inserted: inserted.length, duplicates };
}
