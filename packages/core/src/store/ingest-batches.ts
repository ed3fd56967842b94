/**
 * `ingest_batches`: the batches being written by channels that keep no checkpoint (HTTP, forward, demo).
 * A batch is entered before its logs are written and removed once its request summaries and volume are
 * updated; an entry left behind means a failure (an outage, a crash) may have cut the derived data short,
 * so it is recomputed from the logs themselves (`recoverInFlight`), exactly as file ingestion does with the
 * batch its checkpoint names. A retried request then finds its logs as duplicates and its derived data whole.
 */
import { randomUUID } from 'node:crypto';
import type { Filter } from 'mongodb';
import { hostname } from 'node:os';
import { COLLECTIONS, type StoredIngestBatch } from './collections';
import type { Store } from './connection';
import { recoverInFlight, type InFlightBatch } from './derived';

/** How long a batch may take before another process treats it as failed. */
export const BATCH_EXPIRY_MS = 10 * 60_000;

const HOLDER = `${hostname()}:${process.pid}`;

function batches(store: Store) {
  return store.collection<StoredIngestBatch>(COLLECTIONS.ingestBatches);
}

/** Enters a batch before its logs are written; returns its entry's id. */
export async function enterBatch(store: Store, batch: InFlightBatch, now = new Date()): Promise<string> {
  const _id = randomUUID();
  await batches(store).insertOne({
    _id,
    ingestedAt: batch.ingestedAt,
    ids: batch.ids,
    holder: HOLDER,
    expiresAt: new Date(now.getTime() + BATCH_EXPIRY_MS),
  });
  return _id;
}

/** Removes a batch whose logs and derived data are all written. */
export async function leaveBatch(store: Store, id: string): Promise<void> {
  await batches(store).deleteOne({ _id: id });
}

/**
 * Recomputes the derived data of the given entries (this process's own failed batches) and, with
 * `expiredBy`, of every entry past its expiry then (another process's), and removes them. Returns how many
 * batches were repaired.
 */
export async function repairBatches(
  store: Store,
  ownFailed: readonly string[],
  expiredBy: Date | null,
): Promise<number> {
  const branches: Array<Filter<StoredIngestBatch>> = [];
  if (ownFailed.length > 0) branches.push({ _id: { $in: [...ownFailed] } });
  if (expiredBy) branches.push({ expiresAt: { $lte: expiredBy } });
  if (branches.length === 0) return 0;
  const entries = await batches(store)
    .find(branches.length === 1 ? (branches[0] as Filter<StoredIngestBatch>) : { $or: branches })
    .toArray();
  for (const entry of entries) {
    await recoverInFlight(store, { ingestedAt: entry.ingestedAt, ids: entry.ids });
    await leaveBatch(store, entry._id);
  }
  return entries.length;
}
