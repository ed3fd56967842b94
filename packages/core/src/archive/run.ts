/**
 * One archive run (docs/archive.md). Data flow:
 *   logs ingested since (watermark − skew margin)            ← the only logs a run reads in full scan order
 *     ├─ at/above minLevel ("triggers")  → copied; every request whose start–end contains a trigger's time
 *     └─ with a request id               → that request, when it is archived already (late logs) or its
 *                                           lifetime contains an archived trigger's time (late requests)
 *   selected requests → all their live logs (insert, duplicates ignored) + their summaries (written if changed)
 * The watermark (`meta/archive.watermark`) is the run's start time. The margin re-reads a little of the
 * previous window so a log stamped by an ingesting process whose clock lags ours is still seen; re-reading
 * is harmless because every write is insert-if-missing or write-if-changed.
 */
import { LEVELS, type ArchiveRunResponse } from '@logcas/contract';
import { ValidationError } from '../errors';
import {
  findArchivedRequestIds,
  findArchivedTriggerTimes,
  findLiveLogsOfRequests,
  findLiveRequestsOverlapping,
  findLiveSummaries,
  insertMissingArchiveLogs,
  scanIngestedSince,
  upsertArchiveSummaries,
} from '../store/archive';
import type { StoredLog } from '../store/collections';
import type { Store } from '../store/connection';
import { readMetaValue, writeMetaValue } from '../store/checkpoints';
import { applyViewRollups } from '../store/derived';
import { maxRequestDuration } from '../store/requests';
import { clusterRanges, containsAnyTime } from './intervals';
import { holdArchiveLease, type HeldLease } from './lease';

export const ARCHIVE_WATERMARK = 'archive.watermark';

export interface ArchiveOptions {
  /** Lowest level that triggers archiving (default WARNING, 30). */
  minLevel?: number;
  /** How far before the watermark a run starts reading, for clock skew between ingesting processes (default 5 min). */
  skewMarginMs?: number;
  /** Logs read per batch (default 1000). */
  batchSize?: number;
  /** Lease time to live; renewed every third of it (default 60 s). */
  leaseTtlMs?: number;
  /** Lease holder id (default host:pid:random). */
  holder?: string;
  /** Called after every batch with the running totals. */
  onProgress?: (progress: ArchiveProgress) => void;
}

export interface ArchiveProgress {
  scanned: number;
  triggers: number;
  logsCopied: number;
  requestsCopied: number;
}

// Times closer than this are read with one range query (requests) rather than one each.
const CLUSTER_GAP_MS = 10 * 60 * 1000;
const REQUEST_CHUNK = 200;

/**
 * Copies what is new since the last run into `archive_logs` / `archive_requests`. Throws ConflictError
 * when another run holds the archive lease.
 */
export async function runArchive(store: Store, options: ArchiveOptions = {}): Promise<ArchiveRunResponse> {
  const startedAt = Date.now();
  const minLevel = options.minLevel ?? LEVELS.WARNING;
  const batchSize = options.batchSize ?? 1000;
  if (!Number.isInteger(minLevel) || minLevel < 0 || minLevel > 100) {
    throw new ValidationError(`archive minLevel must be a level number 0-100, got ${minLevel}`, 'minLevel');
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ValidationError(`archive batchSize must be a positive integer, got ${batchSize}`, 'batchSize');
  }
  if (options.skewMarginMs !== undefined && !(options.skewMarginMs >= 0)) {
    throw new ValidationError(`archive skewMarginMs must be zero or more, got ${options.skewMarginMs}`, 'skewMarginMs');
  }
  const lease = await holdArchiveLease(store, options.leaseTtlMs ?? 60000, options.holder);
  try {
    const runStart = new Date();
    const watermark = await readMetaValue<Date>(store, ARCHIVE_WATERMARK);
    const since = watermark ? new Date(new Date(watermark).getTime() - (options.skewMarginMs ?? 300000)) : new Date(0);
    const progress: ArchiveProgress = { scanned: 0, triggers: 0, logsCopied: 0, requestsCopied: 0 };
    const context: RunContext = {
      store,
      lease,
      minLevel,
      batchSize,
      progress,
      longestMs: await maxRequestDuration(store, 'live'),
      copiedRequests: new Set(),
    };
    for await (const batch of scanIngestedSince(store, since, batchSize)) {
      lease.check();
      await archiveBatch(context, batch);
      progress.scanned += batch.length;
      options.onProgress?.({ ...progress });
    }
    lease.check();
    await writeMetaValue(store, ARCHIVE_WATERMARK, runStart);
    return {
      logsCopied: progress.logsCopied,
      requestsCopied: progress.requestsCopied,
      triggers: progress.triggers,
      durationMs: Date.now() - startedAt,
    };
  } finally {
    await lease.release();
  }
}

interface RunContext {
  store: Store;
  lease: HeldLease;
  minLevel: number;
  batchSize: number;
  progress: ArchiveProgress;
  longestMs: number;
  /** Requests whose logs this run copied already; a later batch need not copy them again. */
  copiedRequests: Set<string>;
}

async function archiveBatch(context: RunContext, batch: StoredLog[]): Promise<void> {
  const { store, minLevel, progress } = context;
  const triggers = batch.filter((log) => log.level >= minLevel);
  await copied(context, await insertMissingArchiveLogs(store, triggers));

  const selected = new Set<string>();
  // Every trigger of the batch, not only new ones: a run that died after copying triggers but before their
  // requests is completed by the next run, which re-reads the same window.
  const triggerTimes = triggers.map((log) => log.ts.getTime()).sort((a, b) => a - b);
  for (const cluster of clusterRanges(
    triggerTimes.map((t) => ({ from: t, to: t })),
    CLUSTER_GAP_MS,
  )) {
    const requests = await findLiveRequestsOverlapping(
      store,
      new Date(cluster.from),
      new Date(cluster.to),
      context.longestMs,
    );
    for (const request of requests) {
      if (containsAnyTime(triggerTimes, request.start.getTime(), request.end.getTime())) selected.add(request._id);
    }
  }

  const touched = [...new Set(batch.map((log) => log.requestId).filter((id): id is string => id !== null))].filter(
    (id) => !selected.has(id),
  );
  for (const id of await findArchivedRequestIds(store, touched)) selected.add(id);
  const undecided = await findLiveSummaries(
    store,
    touched.filter((id) => !selected.has(id)),
  );
  const spans = undecided.map((request) => ({ from: request.start.getTime(), to: request.end.getTime() }));
  for (const cluster of clusterRanges(spans, CLUSTER_GAP_MS)) {
    const archivedTriggers = await findArchivedTriggerTimes(
      store,
      new Date(cluster.from),
      new Date(cluster.to),
      minLevel,
    );
    if (archivedTriggers.length === 0) continue;
    for (const request of undecided) {
      if (containsAnyTime(archivedTriggers, request.start.getTime(), request.end.getTime())) selected.add(request._id);
    }
  }

  const toCopy = [...selected].filter((id) => !context.copiedRequests.has(id));
  for (let i = 0; i < toCopy.length; i += REQUEST_CHUNK) {
    context.lease.check();
    const chunk = toCopy.slice(i, i + REQUEST_CHUNK);
    for await (const logs of findLiveLogsOfRequests(store, chunk, context.batchSize)) {
      await copied(context, await insertMissingArchiveLogs(store, logs));
    }
    progress.requestsCopied += await upsertArchiveSummaries(store, await findLiveSummaries(store, chunk));
    for (const id of chunk) context.copiedRequests.add(id);
  }
}

/**
 * Folds the logs this run just copied into the archive's error and resource views (only the copies: a log
 * archived before is never folded twice) and counts them; `triggers` counts the copied ones at/above the
 * threshold, however they were reached.
 */
async function copied(context: RunContext, logs: StoredLog[]): Promise<void> {
  await applyViewRollups(context.store, 'archive', logs);
  context.progress.logsCopied += logs.length;
  for (const log of logs) if (log.level >= context.minLevel) context.progress.triggers += 1;
}
