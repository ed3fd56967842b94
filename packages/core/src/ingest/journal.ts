/**
 * Saying which batch is being written before writing it, so a failure between a batch's logs and its derived
 * data can be repaired (docs/design.md, "Derived data"). File ingestion says it in the file's checkpoint
 * (ingest/file.ts); every other channel in `ingest_batches` through `batchJournal`.
 */
import type { Store } from '../store/connection';
import type { InFlightBatch } from '../store/derived';
import { enterBatch, leaveBatch, repairBatches } from '../store/ingest-batches';

export interface BatchJournal {
  /** Runs `write` (the batch's logs, then its derived data) so that a failure inside it can be repaired. */
  around<T>(batch: InFlightBatch, write: () => Promise<T>): Promise<T>;
}

/** How often a process looks for batches other processes left unfinished. */
const FOREIGN_REPAIR_INTERVAL_MS = 60_000;

interface JournalState {
  /** This process's batches that failed: nothing of them is being written any more. */
  failed: Set<string>;
  lastForeignCheck: number;
}

// Per store, not per batcher: an HTTP request that failed leaves its batch to the next request to repair.
const states = new WeakMap<Store, JournalState>();

/** The `ingest_batches` journal of a store; the next batch repairs the ones that failed before it. */
export function batchJournal(store: Store): BatchJournal {
  let state = states.get(store);
  if (!state) {
    state = { failed: new Set(), lastForeignCheck: 0 };
    states.set(store, state);
  }
  const own = state;
  return {
    async around<T>(batch: InFlightBatch, write: () => Promise<T>): Promise<T> {
      await repairDue(store, own);
      const id = await enterBatch(store, batch);
      try {
        const result = await write();
        await leaveBatch(store, id);
        return result;
      } catch (error) {
        own.failed.add(id);
        throw error;
      }
    },
  };
}

async function repairDue(store: Store, state: JournalState): Promise<void> {
  const now = Date.now();
  const foreign = now - state.lastForeignCheck >= FOREIGN_REPAIR_INTERVAL_MS;
  if (state.failed.size === 0 && !foreign) return;
  const failed = [...state.failed];
  await repairBatches(store, failed, foreign ? new Date(now) : null);
  for (const id of failed) state.failed.delete(id);
  if (foreign) state.lastForeignCheck = now;
}
